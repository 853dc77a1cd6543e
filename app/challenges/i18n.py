"""Translation helpers of the challenges package.

Outside a request (CLI, reminders) the locale selector in `app.setup` falls back to the
configured default, so plain Flask-Babel functions work everywhere.
"""

from __future__ import annotations

from flask_babel import gettext as _

__all__ = ["_"]
