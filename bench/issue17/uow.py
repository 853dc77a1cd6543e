"""Issue 17 item 7, measured from the outside of the code: a rolled-back contact request
(rows, e-mails) and a rolled-back profile save (the worker's matcher, the version stamp).

Run: .venv/bin/python bench/issue17/uow.py   (SQLite in a temporary folder; prints figures)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.extensions import db  # noqa: E402

PASSWORD = "Lombardia-salute-2026!"


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp / 'b.db'}",
        MAIL_OUTBOX_DIR=str(tmp / "outbox"),
        UPLOAD_DIR=str(tmp / "up"),
        SQLALCHEMY_ENGINE_OPTIONS={},
        SERVER_NAME="portal.example",
        PORTAL_BASE_URL="https://portal.example",
    )
    app = create_app(cfg)
    from app.auth import services as auth
    from app.mail import outbox_messages
    from app.orgs import services as orgs
    from app.partners import embeddings, engine
    from app.partners import services as partners
    from app.partners.models import ContactRequest

    with app.app_context():
        db.create_all()
        owner = auth.register_user({"email": "a@x.example", "name": "A", "password": PASSWORD})
        other = auth.register_user({"email": "b@x.example", "name": "B", "password": PASSWORD})
        s = orgs.create_org(
            owner,
            {"name": "SepsiSense", "kind": "startup", "description": "Wearable sepsis sensors."},
        )
        h = orgs.create_org(
            other,
            {
                "name": "Ospedale",
                "kind": "research_hospital",
                "description": "Intensive care studies.",
            },
        )
        db.session.commit()
        embeddings.rebuild_org_embeddings()
        db.session.commit()
        with app.test_request_context():
            partners.act_on_suggestion(owner, s, h, "contact", "Shall we talk?")
            db.session.rollback()
        rows = db.session.scalar(select(func.count(ContactRequest.id)))
        print(f"rolled-back contact request: {rows} rows, {len(outbox_messages())} e-mails")

        matcher = engine.get_matcher()
        orgs.update_org(owner, s, {"description": "Robotic pharmacy logistics."})
        db.session.rollback()
        held = engine._state[engine._key()]["matcher"].orgs_[s.id].text
        # Another organisation's save commits (one more version): does this worker rebuild?
        orgs.update_org(other, h, {"description": "Intensive care and sepsis studies."})
        db.session.commit()
        later = engine.get_matcher().orgs_[s.id].text
        print(
            f"rolled-back profile save: matcher holds {held!r} right after the rollback, "
            f"{later!r} after another org's committed save (database: {s.description!r}); "
            f"rebuilt={engine.get_matcher() is not matcher}"
        )
        v0 = embeddings.current_version()
        db.session.refresh(s)
        orgs.update_org(owner, s, {"description": s.description})
        db.session.commit()
        print(f"unchanged profile save: version stamp {v0} -> {embeddings.current_version()}")


if __name__ == "__main__":
    main()
