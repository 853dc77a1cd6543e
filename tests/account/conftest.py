"""The same small ecosystem as the messaging tests."""

from tests.messaging.conftest import _no_reencoding, eco  # noqa: F401  (fixtures)
