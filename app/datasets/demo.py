"""Demo content of the datasets feature for `flask seed` (fictional, marked is_demo)."""


def seed_demo() -> dict:
    """Create the demo datasets once (idempotent); return counts of what was created."""
    return {}
