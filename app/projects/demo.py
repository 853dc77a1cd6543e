"""Demo content of the projects feature for `flask seed` (fictional, marked is_demo)."""


def seed_demo() -> dict:
    """Create the demo projects once (idempotent); return counts of what was created."""
    return {}
