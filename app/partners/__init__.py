"""Partners feature package."""
