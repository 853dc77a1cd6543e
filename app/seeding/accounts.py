"""Create the demo accounts (idempotent)."""

from __future__ import annotations

from app.auth import services as auth
from app.seeding.demo_accounts import DEMO_ACCOUNTS


def seed_accounts() -> dict:
    """Create missing demo accounts; return how many were created."""
    created = 0
    for email, role, password, what in DEMO_ACCOUNTS:
        if auth.get_user_by_email(email) is None:
            name = what.split(" of ")[-1].replace("owner", "").strip().title() or role.title()
            auth.register_user(
                {"email": email, "name": f"Demo {name}", "password": password},
                role=role,
                is_demo=True,
            )
            created += 1
    return {"accounts_created": created}
