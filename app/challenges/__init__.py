"""Challenges feature package."""
