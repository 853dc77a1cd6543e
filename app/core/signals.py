"""Domain signals: features react to each other's changes without importing each other."""

from blinker import Namespace

_signals = Namespace()

# sender: the Organisation that was created or whose profile changed (inside the transaction).
org_saved = _signals.signal("org-saved")
# sender: the Organisation about to be deleted.
org_deleted = _signals.signal("org-deleted")
# sender: the User whose personal data is exported; each receiver returns a dict of sections
# that the export adds (features above auth contribute their part without auth importing them).
personal_data_export = _signals.signal("personal-data-export")
