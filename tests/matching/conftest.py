"""Shared fixtures for the matching tests: the real MiniLM model, loaded once per session."""

import os

import pytest

from matching import Encoder

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def encoder():
    """The bundled all-MiniLM-L6-v2 encoder (real model)."""
    enc = Encoder()
    enc.encode(["warm up"])
    return enc
