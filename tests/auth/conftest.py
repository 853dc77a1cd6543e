"""Fixtures of the foundation's behaviour tests (see tests/auth/helpers.py)."""

from tests.auth.helpers import no_proxy_login  # noqa: F401  (autouse fixture)
