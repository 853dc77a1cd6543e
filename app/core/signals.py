"""Domain signals: features react to each other's changes without importing each other."""

from blinker import Namespace

_signals = Namespace()

# sender: the Organisation that was created or whose profile changed (inside the transaction).
org_saved = _signals.signal("org-saved")
# sender: the Organisation about to be deleted.
org_deleted = _signals.signal("org-deleted")
# sender: the kind of item ("challenge", "dataset", "organisation"); ids: the items that left
# what the portal matches (a challenge closed, withdrawn or awarded). Sent inside the
# transaction; the matcher's handlers act on it only if that transaction commits.
item_retired = _signals.signal("item-retired")
