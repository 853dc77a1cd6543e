"""Users and their global roles."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Timestamps, utcnow
from app.extensions import db

ROLES = ("member", "staff", "admin")


class User(UserMixin, Timestamps, db.Model):
    """A person with an account. `role` is global; organisation roles live in Membership."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="member")
    locale: Mapped[str] = mapped_column(String(5), default="it")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on password change / logout-everywhere: sessions carrying an old value are void.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the owner of the address opened the confirmation link (or an account made by a
    # service / an administrator); a self-registered account logs in only once it is set.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Flask-Login: disabled accounts cannot log in."""
        return self.active

    def get_id(self) -> str:
        """Session id includes the version so that a password change logs out other sessions."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_staff(self) -> bool:
        """Region staff or admin."""
        return self.role in ("staff", "admin")

    @property
    def is_admin(self) -> bool:
        """Portal administrator."""
        return self.role == "admin"


class UserSession(db.Model):
    """A login session: the browser holds a random token, the server its hash. Logging out
    revokes it, so a copied session cookie is useless afterwards."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginThrottle(db.Model):
    """Failed logins of one account (keyed by a hash of the e-mail, whether or not an account
    exists), shared by every worker and host because it lives in the database."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
