"""Accounts, login, roles."""
