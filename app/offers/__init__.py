"""Collaboration offers and requests (technology offer / request / partner search)."""
