"""A consultation message after its author's account is erased: the thread keeps its place,
the text is replaced by a notice in the reader's language (pages and API)."""

from __future__ import annotations

from sqlalchemy import select

from app.compliance import consultations as cs
from app.compliance.models import Consultation, ConsultationMessage
from app.core import personal_data
from app.extensions import db
from app.orgs.models import Membership
from tests.builders import commit, sme, user
from tests.conftest import PASSWORD, login, post_form


def test_erased_author_s_text_is_replaced_and_the_expert_s_reply_stays(app):
    owner, org = sme()
    staff = user("staff@example.org", role="staff")
    staff.locale = "it"
    c = cs.request_consultation(
        owner,
        {
            "org_id": org.id,
            "topic": "gdpr",
            "subject": "DPIA?",
            "body": "Our patient Mario Rossi asked about his CT scans.",
        },
    )
    cs.assign_consultation(staff, c, {})
    cs.post_message(staff, c, {"body": "A DPIA is needed."})
    # A sole owner may not erase their account (issue 17): a co-owner keeps the start-up.
    colleague = user("cto@example.org")
    db.session.add(Membership(user_id=colleague.id, org_id=org.id, role="owner"))
    commit()
    cid = c.id
    assert "compliance" in personal_data.parts()
    s = app.test_client()
    login(s, owner.email)
    assert (
        post_form(s, "/account/delete", {"password": PASSWORD}, token_from="/account").status_code
        == 302
    )
    db.session.expire_all()
    rows = (
        db.session.execute(
            select(ConsultationMessage).where(ConsultationMessage.consultation_id == cid)
        )
        .scalars()
        .all()
    )
    assert [(m.removed, m.body) for m in rows] == [(True, ""), (False, "A DPIA is needed.")]
    assert rows[0].author_id is None
    assert db.session.get(Consultation, cid) is not None  # the organisation's thread stays
    expert = app.test_client()
    login(expert, staff.email)
    page = expert.get(f"/compliance/consultations/{cid}").get_data(as_text=True)
    assert "Mario Rossi" not in page
    assert "[rimosso su richiesta dell" in page
    assert "A DPIA is needed." in page
    api = expert.get(f"/api/v1/compliance/consultations/{cid}?lang=en").get_json()
    bodies = [m["body"] for m in api["messages"]]
    assert bodies == ["[removed at the author's request]", "A DPIA is needed."]
    assert [m["removed"] for m in api["messages"]] == [True, False]
