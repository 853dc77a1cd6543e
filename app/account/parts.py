"""Every feature's part of a person's data, imported so that each registers itself in
:mod:`app.core.personal_data` before the account pages export or erase.

A new feature adds its ``personal_data.py`` (or ``gdpr.py``) here; the erasure test in
``tests/account/test_erasure.py`` walks every table and fails on what a part forgot.
"""

from app.account import gdpr  # noqa: F401
from app.audit import services as _audit  # noqa: F401
from app.challenges import personal_data as _challenges  # noqa: F401
from app.compliance import gdpr as _compliance  # noqa: F401
from app.compute import gdpr as _compute  # noqa: F401
from app.datasets import personal_data as _datasets  # noqa: F401
from app.notifications import services as _notifications  # noqa: F401
from app.orgs import members as _members  # noqa: F401
from app.partners import personal_data as _partners  # noqa: F401
from app.training import gdpr as _training  # noqa: F401
