"""Issue 17 item 10, measured: what the export holds and what an erasure leaves, on any tree.

Run by bench/issue17/gdpr.sh, which copies this file and tests/account/test_erasure.py (for its
world and its walk of every table) into the tree under test and runs it with pytest on SQLite;
the figures go to $GDPR_OUT as JSON. On a tree before the registry of this issue the export and
the erasure are `app.auth.services.export_personal_data / delete_account`.
"""

from __future__ import annotations

import json
import os

from sqlalchemy import func, select

from app.extensions import db
from app.orgs.models import Membership, Organisation
from tests.account.test_erasure import EMAIL, IP, NAME, _walk, _world
from tests.conftest import PASSWORD

try:
    from app.account.privacy import delete_account, export_personal_data
except ImportError:  # the tree before issue 17 item 10
    from app.auth.services import delete_account, export_personal_data

EXPECTED = (
    "access_requests",
    "challenges",
    "challenge_responses",
    "challenge_questions",
    "uploaded_files",
    "contact_messages",
    "invitations",
    "activity",
)


def _ownerless() -> int:
    owned = select(Membership.org_id).where(Membership.role == "owner")
    return db.session.execute(
        select(func.count()).select_from(Organisation).where(Organisation.id.not_in(owned))
    ).scalar_one()


def test_probe(app, make_user, make_org):
    her, _mine = _world(app, make_user, make_org)
    alone = make_org(her, "Alone Lab", "startup")  # she alone owns it, nobody else belongs
    with app.test_request_context("/?lang=en"):
        data = export_personal_data(her)
    present = {k: bool(data.get(k)) for k in EXPECTED}
    present["activity_ips"] = IP in json.dumps(data.get("activity", []))
    her_id, ownerless_before = her.id, _ownerless()
    with app.test_request_context("/?lang=en"):
        try:
            delete_account(her, {"password": PASSWORD})
            db.session.commit()
            erased = "erased"
        except Exception as exc:  # noqa: BLE001 - the answer is the figure
            db.session.rollback()
            erased = f"refused {getattr(exc, 'status', '?')}: {getattr(exc, 'message', exc)}"
    left = _walk(her_id, [NAME, EMAIL, IP]) if erased == "erased" else None
    out = {
        "export_has": present,
        "erasure_with_a_solely_owned_org": erased,
        "ownerless_orgs_after": _ownerless() - ownerless_before,
        "alone_lab_exists": db.session.get(Organisation, alone.id) is not None,
        "tables_left_with_her_identifiers": {k: len(v) for k, v in (left or {}).items()},
    }
    with open(os.environ["GDPR_OUT"], "w") as fh:
        json.dump(out, fh, indent=1)
