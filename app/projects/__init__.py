"""Projects feature package."""
