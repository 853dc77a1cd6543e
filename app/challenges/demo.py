"""Demo content of the challenges feature for `flask seed` (fictional, marked is_demo)."""


def seed_demo() -> dict:
    """Create the demo challenges once (idempotent); return counts of what was created."""
    return {}
