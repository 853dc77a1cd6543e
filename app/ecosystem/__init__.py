"""Ecosystem feature package."""
