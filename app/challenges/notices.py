"""Who is told what, for each challenge event: bell + mail through notify(), once per event.

Each message is rendered in the recipient's own language; the event_key makes a repeated call
for the same event a no-op.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.challenges.labels import RESPONSE_STATUS_LABELS
from app.challenges.models import ChallengeResponse
from app.extensions import db
from app.notifications.services import notify_in_locale, org_user_ids, staff_user_ids


def challenge_link(challenge_id: int) -> str:
    """Portal path of a challenge page."""
    return f"/challenges/{challenge_id}"


def response_link(challenge_id: int, response_id: int) -> str:
    """Portal path of a response page."""
    return f"/challenges/{challenge_id}/responses/{response_id}"


def challenge_transition(challenge, action: str, event_id: int) -> None:
    """Submitted -> staff; approved / returned -> the posting company."""
    title = challenge.title
    link = challenge_link(challenge.id)
    key = f"challenge:{challenge.id}:{action}:{event_id}"
    if action == "submit":
        notify_in_locale(
            staff_user_ids(),
            "challenge.submitted",
            lambda: _("Challenge awaiting approval: %(t)s", t=title),
            link,
            key,
        )
    elif action == "approve":
        notify_in_locale(
            org_user_ids(challenge.org_id),
            "challenge.approved",
            lambda: _("Your challenge was approved and published: %(t)s", t=title),
            link,
            key,
        )
    elif action == "return":
        comment = challenge.review_comment
        notify_in_locale(
            org_user_ids(challenge.org_id),
            "challenge.returned",
            lambda: _(
                "Your challenge was returned by region staff: %(t)s. Comment: %(c)s",
                t=title,
                c=comment,
            ),
            link,
            key,
        )


def question_asked(question, challenge) -> None:
    """A new clarification question -> the posting company."""
    notify_in_locale(
        org_user_ids(challenge.org_id),
        "challenge.question",
        lambda: _("New question on your challenge %(t)s", t=challenge.title),
        challenge_link(challenge.id) + "#questions",
        f"question:{question.id}:asked",
    )


def question_answered(question, challenge) -> None:
    """An answer -> whoever asked, and the organisations that responded."""
    users = [question.asked_by_id] if question.asked_by_id else []
    for org_id in db.session.execute(
        db.select(ChallengeResponse.org_id).where(ChallengeResponse.challenge_id == challenge.id)
    ).scalars():
        users += org_user_ids(org_id)
    notify_in_locale(
        users,
        "challenge.answer",
        lambda: _("A clarification question was answered on %(t)s", t=challenge.title),
        challenge_link(challenge.id) + "#questions",
        f"question:{question.id}:answered",
    )


def response_created(response, challenge, org_name: str) -> None:
    """A new response -> the posting company."""
    notify_in_locale(
        org_user_ids(challenge.org_id),
        "challenge.response",
        lambda: _("%(o)s responded to your challenge %(t)s", o=org_name, t=challenge.title),
        response_link(challenge.id, response.id),
        f"response:{response.id}:created",
    )


def response_status(response, event_id: int) -> None:
    """Status change of a response -> the responding organisation (or the poster, when the
    responder answered a request for information)."""
    challenge = response.challenge
    key = f"response:{response.id}:status:{event_id}"
    if response.status == "submitted":
        notify_in_locale(
            org_user_ids(challenge.org_id),
            "challenge.response_updated",
            lambda: _(
                "A responder added the information you asked for on %(t)s", t=challenge.title
            ),
            response_link(challenge.id, response.id),
            key,
        )
        return
    notify_in_locale(
        org_user_ids(response.org_id),
        "challenge.response_status",
        lambda: _(
            "Your response to %(t)s is now: %(s)s",
            t=challenge.title,
            s=str(RESPONSE_STATUS_LABELS[response.status]),
        ),
        response_link(challenge.id, response.id),
        key,
    )


def invited(invitation, challenge) -> None:
    """An invitation -> every member of the invited organisation."""
    notify_in_locale(
        org_user_ids(invitation.org_id),
        "challenge.invitation",
        lambda: _("Your organisation is invited to answer the challenge %(t)s", t=challenge.title),
        challenge_link(challenge.id),
        f"invitation:{invitation.id}",
    )


def deadline_approaching(challenge, user_ids: list[int]) -> int:
    """Deadline reminder -> interested users, once per challenge and deadline."""
    day = challenge.deadline.strftime("%Y-%m-%d")
    return notify_in_locale(
        user_ids,
        "challenge.deadline",
        lambda: _("The deadline of %(t)s is approaching: %(d)s", t=challenge.title, d=day),
        challenge_link(challenge.id),
        f"challenge:{challenge.id}:deadline:{day}",
    )
