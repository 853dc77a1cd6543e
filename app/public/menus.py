"""What each role sees in the main menu and the footer: a link is shown only if it can be used."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.auth.permissions import is_authenticated, is_staff

# (endpoint, label, who): who is "all", "user" (logged in) or "staff".
NAV = (
    ("orgs.directory", _l("Organisations"), "all"),
    ("challenges.index", _l("Challenges"), "all"),
    ("projects.index", _l("Funded projects"), "all"),
    ("datasets.index", _l("Datasets"), "all"),
    ("offers.index", _l("Offers"), "all"),
    ("projects.dashboard", _l("Monitoring"), "staff"),
    ("ecosystem.index", _l("Ecosystem"), "staff"),
)
FOOTER = (
    ("public.accessibility", _l("Accessibility statement")),
    ("public.privacy", _l("Privacy notice")),
    ("public.legal", _l("Legal notes")),
    ("public.cookies", _l("Cookies")),
    ("public.contacts", _l("Contacts")),
    ("main.about_data", _l("Data sources")),
    ("main.api_docs", _l("API")),
)


def _allowed(user, who: str) -> bool:
    if who == "staff":
        return is_staff(user)
    if who == "user":
        return is_authenticated(user)
    return True


def nav_items(user, endpoints) -> list[tuple[str, str]]:
    """Main-menu entries the user may open (never a link that answers 403)."""
    return [(ep, label) for ep, label, who in NAV if ep in endpoints and _allowed(user, who)]


def footer_items(endpoints) -> list[tuple[str, str]]:
    """Footer links to the public-sector pages that exist in this app."""
    return [(ep, label) for ep, label in FOOTER if ep in endpoints]
