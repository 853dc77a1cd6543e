"""Domain signals: features react to each other's changes without importing each other."""

from blinker import Namespace

_signals = Namespace()

# sender: the Organisation that was created or whose profile changed (inside the transaction).
org_saved = _signals.signal("org-saved")
# sender: the Organisation about to be deleted.
org_deleted = _signals.signal("org-deleted")
