"""Organisations, memberships, directory, profiles."""
