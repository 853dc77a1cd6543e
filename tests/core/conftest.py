"""Fixtures of the foundation's behaviour tests: a guard that turns a crash into a failure."""

from tests.auth.helpers import no_proxy_login  # noqa: F401  (autouse fixture)
