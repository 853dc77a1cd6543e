"""Shared compute: catalogue of computing resources and access requests to them."""
