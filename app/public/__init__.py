"""Public-sector pages (accessibility, privacy, legal notes, cookies, contacts) and the menus."""
