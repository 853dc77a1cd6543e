"""The public "why share your health data" pages."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import get_locale
from sqlalchemy import select

from app.datasets.models import Dataset
from app.datasets.vocab import DUO
from app.extensions import db
from app.training.awareness import DUO_PLAIN, TOPICS
from app.training.views import bp


@bp.route("/why-share")
def aware_index():
    """Overview of the awareness pages."""
    return render_template("training/aware/index.html", topics=TOPICS)


@bp.route("/why-share/<topic>")
def aware_topic(topic: str):
    """One awareness page, written in each language."""
    if topic not in TOPICS:
        abort(404)
    by_code: dict[str, list] = {}
    if topic == "consent-codes":
        # A handful of datasets per code shows the rule in practice (the catalogue is small).
        for ds in db.session.execute(select(Dataset).order_by(Dataset.identifier)).scalars():
            for code in ds.consent_codes or []:
                by_code.setdefault(code, []).append(ds)
    lang = "en" if str(get_locale()) == "en" else "it"
    return render_template(
        "training/aware/topic.html",
        topic=topic,
        topics=TOPICS,
        body=f"training/aware/{topic}.{lang}.html",
        duo=DUO,
        duo_plain=DUO_PLAIN,
        by_code=by_code,
    )
