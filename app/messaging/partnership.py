"""Partnership requests in a thread: the first contact from a suggested partner (or an offer)
carries one; the addressed organisation accepts it (a collaboration edge, as on the
suggestions page) or declines it."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.core import validate
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, PermissionDenied, check_transition
from app.extensions import db
from app.messaging.models import Conversation
from app.messaging.permissions import can_answer_request, can_see_conversation
from app.messaging.prefs import notify_by_preference
from app.messaging.services import (
    MAX_BODY,
    NobodyHome,
    add_message,
    check_rate,
    has_members,
    start_conversation,
    thread_link,
)
from app.notifications.services import org_user_ids
from app.orgs.models import Organisation
from app.partners import engine
from app.partners.models import PartnershipProposal
from app.partners.permissions import can_act_on_suggestions
from app.partners.services import TRANSITIONS as PROPOSAL_TRANSITIONS
from app.partners.services import act_on_suggestion

REQUEST_TRANSITIONS = {"pending": {"accepted", "declined"}, "accepted": set(), "declined": set()}


def contact_partner(
    actor, org: Organisation, target: Organisation, message
) -> tuple[PartnershipProposal, Conversation]:
    """'Contact' on a suggested partner: the proposal becomes 'contacted' and a conversation
    opens with the proposal's reasons (both are returned). Every check runs before anything is
    written."""
    if not can_act_on_suggestions(actor, org):
        raise PermissionDenied(_("Only the organisation's members act on its suggestions."))
    body = validate.text({"message": message}, "message", required=True, max_len=MAX_BODY)
    if target.id != org.id and not has_members(target):
        raise NobodyHome(
            _(
                "Nobody represents %(org)s on the portal yet: nothing was sent. "
                "You can ask the Region's innovation desk to pass your request on.",
                org=target.name,
            ),
            "to_org",
        )
    check_rate(actor)
    proposal = act_on_suggestion(actor, org, target, "contact", body)
    conv = start_conversation(
        actor,
        target,
        {"from_org": org.id, "origin": "proposal", "origin_id": proposal.id, "body": body},
    )
    return proposal, conv


def _proposal_for(conv: Conversation, actor) -> PartnershipProposal:
    p = db.session.execute(
        select(PartnershipProposal).where(
            PartnershipProposal.from_org_id == conv.from_org_id,
            PartnershipProposal.to_org_id == conv.to_org_id,
        )
    ).scalar_one_or_none()
    if p is None:
        p = PartnershipProposal(
            from_org_id=conv.from_org_id,
            to_org_id=conv.to_org_id,
            status="contacted",
            signals={},
            explanation={},
            decided_by_id=actor.id,
        )
        db.session.add(p)
    elif p.status == "suggested":
        p.status = "contacted"
    return p


def answer_request(actor, conv: Conversation, decision: str, note: str = "") -> Conversation:
    """The addressed organisation accepts or declines the partnership request of the thread;
    accepted becomes a collaboration edge of the graph, as on the suggestions page."""
    if not can_see_conversation(actor, conv):
        raise NotFound(_("Conversation not found."))
    if not can_answer_request(actor, conv):
        raise PermissionDenied(_("Only the addressed organisation answers this request."))
    decision = validate.choice(
        {"decision": decision}, "decision", ("accept", "decline"), required=True
    )
    note = validate.text({"note": note}, "note", max_len=MAX_BODY)
    target = "accepted" if decision == "accept" else "declined"
    if conv.request_status == "none":
        raise Conflict(_("This conversation carries no partnership request."), "status")
    check_transition(REQUEST_TRANSITIONS, conv.request_status, target, _("Partnership request"))
    proposal = _proposal_for(conv, actor)
    db.session.flush()
    check_transition(PROPOSAL_TRANSITIONS, proposal.status, target, _("Partnership proposal"))
    proposal.status, proposal.decided_by_id = target, actor.id
    conv.request_status = target
    to_org = conv.to_org
    # The event is stored as its kind (rendered in each reader's language) plus the note.
    msg = add_message(conv, actor, to_org.id, note, kind=target)
    if target == "accepted":
        engine.add_partnership_edge(conv.from_org_id, conv.to_org_id, utcnow().year)
    record_event(
        actor,
        f"partner.{target}",
        "organisation",
        conv.to_org_id,
        target=conv.from_org_id,
        conversation=conv.id,
    )
    name = to_org.name
    notify_by_preference(
        [uid for uid in org_user_ids(conv.from_org_id) if uid != actor.id],
        f"partner.{target}",
        (lambda: _("%(org)s accepted the partnership.", org=name))
        if target == "accepted"
        else (lambda: _("%(org)s declined the partnership.", org=name)),
        thread_link(conv),
        event_key=f"message:{msg.id}",
    )
    return conv
