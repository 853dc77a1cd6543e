"""Global-role permission checks, used by services and templates alike."""

from __future__ import annotations


def is_authenticated(user) -> bool:
    """A logged-in, active user."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_staff(user) -> bool:
    """Region staff or admin."""
    return is_authenticated(user) and user.role in ("staff", "admin")


def is_admin(user) -> bool:
    """Portal administrator."""
    return is_authenticated(user) and user.role == "admin"


def can_change_roles(user) -> bool:
    """Only admins change global roles."""
    return is_admin(user)
