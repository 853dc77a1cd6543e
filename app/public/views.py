"""Public-sector pages required of a public administration's site (AgID guidelines, Law 4/2004).

Long legal texts are written per language (templates/public/<lang>/...), not string by string:
a translator reads and signs off a whole notice, and the two versions must say the same thing.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template, send_from_directory
from flask_babel import get_locale

from app.public.formatting import FILTERS

bp = Blueprint("public", __name__)
STATIC = Path(__file__).resolve().parent.parent / "static"
PAGES = {
    "accessibility": ("/accessibilita", "accessibility.html"),
    "privacy": ("/privacy", "privacy.html"),
    "legal": ("/note-legali", "legal.html"),
    "cookies": ("/cookie", "cookies.html"),
    "contacts": ("/contatti", "contacts.html"),
}


def _contacts() -> dict:
    cfg = current_app.config
    return {
        "controller": cfg.get("CONTROLLER_NAME", "Regione Lombardia"),
        "controller_address": cfg.get(
            "CONTROLLER_ADDRESS", "Piazza Città di Lombardia 1, 20124 Milano"
        ),
        "service_email": cfg.get("CONTACT_EMAIL", "portale@innovazione-salute.example"),
        "dpo_email": cfg.get("DPO_EMAIL", "dpo@innovazione-salute.example"),
        "accessibility_email": cfg.get(
            "ACCESSIBILITY_EMAIL", "accessibilita@innovazione-salute.example"
        ),
    }


def _render(name: str):
    lang = "en" if str(get_locale() or "it").startswith("en") else "it"
    return render_template(f"public/{lang}/{PAGES[name][1]}", c=_contacts(), page=name)


def _make_view(name: str):
    def view():
        return _render(name)

    view.__name__ = name
    view.__doc__ = f"The {name} page, in the user's language."
    return view


for _name, (_rule, _tpl) in PAGES.items():
    bp.add_url_rule(_rule, _name, _make_view(_name))
for _filter, _fn in FILTERS.items():
    bp.add_app_template_filter(_fn, _filter)


@bp.route("/favicon.ico")
def favicon():
    """The portal's icon for browsers that ask for /favicon.ico."""
    return send_from_directory(STATIC, "favicon.ico", mimetype="image/vnd.microsoft.icon")
