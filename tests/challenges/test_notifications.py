"""Notifications (bell + mail): exactly once per event, to the right people."""

from __future__ import annotations

from sqlalchemy import select

from app.challenges import invitations, questions, workflow
from app.challenges.cli import challenges_cli
from app.challenges.reminders import send_deadline_reminders
from app.extensions import db
from app.mail import outbox_messages
from app.notifications.models import Notification
from tests.challenges.conftest import (
    api_post,
    client_for,
    future,
    make_challenge,
    make_response,
)


def _notes(user, kind=None):
    db.session.commit()
    q = select(Notification).where(Notification.user_id == user.id)
    if kind:
        q = q.where(Notification.kind == kind)
    return list(db.session.execute(q).scalars())


def _mails_to(user):
    return [m for m in outbox_messages() if m["To"] == user.email]


def test_submit_and_approve_notify_once(app, eco):
    ch = make_challenge(eco, "draft")
    workflow.transition_challenge(eco.poster, ch, "submit")
    assert len(_notes(eco.staff, "challenge.submitted")) == 1
    workflow.transition_challenge(eco.staff, ch, "approve")
    db.session.commit()
    for user in (eco.poster, eco.colleague):
        assert len(_notes(user, "challenge.approved")) == 1
        assert (
            len(
                [
                    m
                    for m in _mails_to(user)
                    if "approved" in m["Subject"] or "approvata" in m["Subject"]
                ]
            )
            == 1
        )
    # A repeated approve is refused (409) and notifies nobody again.
    resp = api_post(
        client_for(app, eco.staff), f"/api/v1/challenges/{ch.id}/transitions", {"action": "approve"}
    )
    assert resp.status_code == 409
    assert len(_notes(eco.poster, "challenge.approved")) == 1
    assert _notes(eco.solver) == []


def test_each_return_notifies_once_with_the_comment(eco):
    ch = make_challenge(eco, "submitted")
    workflow.transition_challenge(eco.staff, ch, "return", "Budget missing")
    workflow.transition_challenge(eco.poster, ch, "submit")
    workflow.transition_challenge(eco.staff, ch, "return", "Deadline too short")
    notes = _notes(eco.poster, "challenge.returned")
    assert len(notes) == 2
    assert "Budget missing" in notes[0].message and "Deadline too short" in notes[1].message


def test_question_and_answer_notify_once(eco, challenge):
    q = questions.ask_question(eco.solver, challenge, {"question": "Which markers?"})
    assert len(_notes(eco.poster, "challenge.question")) == 1
    assert len(_notes(eco.colleague, "challenge.question")) == 1
    assert _notes(eco.solver, "challenge.question") == []
    questions.answer_question(eco.colleague, challenge, q.id, {"answer": "PCT"})
    questions.answer_question(eco.colleague, challenge, q.id, {"answer": "PCT and CRP"})
    assert len(_notes(eco.solver, "challenge.answer")) == 1
    assert _notes(eco.rival, "challenge.answer") == []


def test_new_response_and_status_changes_notify_once(eco, challenge):
    response = make_response(eco, challenge)
    assert len(_notes(eco.poster, "challenge.response")) == 1
    workflow.review_response(eco.poster, response, "shortlist")
    workflow.review_response(eco.poster, response, "accept", "Welcome aboard")
    notes = _notes(eco.solver, "challenge.response_status")
    assert len(notes) == 2
    assert _notes(eco.rival) == []


def test_invitation_notifies_the_invited_members_once(app, eco, challenge):
    client = client_for(app, eco.poster)
    url = f"/api/v1/challenges/{challenge.id}/invitations"
    assert api_post(client, url, {"org_id": eco.uni.id}).status_code == 201
    assert api_post(client, url, {"org_id": eco.uni.id}).status_code == 409
    assert len(_notes(eco.rival, "challenge.invitation")) == 1
    assert len(_mails_to(eco.rival)) == 1
    assert _notes(eco.solver, "challenge.invitation") == []


def test_deadline_reminder_runs_daily_but_notifies_once(app, eco):

    soon = make_challenge(eco, "open", deadline=future(2), title="Soon")
    make_challenge(eco, "open", deadline=future(25), title="Later")
    make_response(eco, soon)
    invitations.invite_org(eco.poster, soon, {"org_id": eco.uni.id})
    db.session.commit()
    first = send_deadline_reminders(days=3)
    assert first["challenges"] == 1
    again = send_deadline_reminders(days=3)
    assert again == {"challenges": 1, "notifications": 0}
    for user in (eco.poster, eco.solver, eco.rival):
        assert len(_notes(user, "challenge.deadline")) == 1
    assert _notes(eco.outsider) == []


def test_remind_cli_command(app, eco):

    make_challenge(eco, "open", deadline=future(1))
    runner = app.test_cli_runner()
    result = runner.invoke(challenges_cli, ["remind", "--days", "3"])
    assert result.exit_code == 0, result.output
    assert "1 challenge(s)" in result.output and "2 notification(s)" in result.output
    result = runner.invoke(challenges_cli, ["remind"])
    assert "0 notification(s)" in result.output


def test_notification_in_recipient_language(app, eco):
    eco.poster.locale = "en"
    eco.colleague.locale = "it"
    db.session.commit()
    make_challenge(eco, "open")
    assert "approved" in _notes(eco.poster, "challenge.approved")[0].message
    assert "approvata" in _notes(eco.colleague, "challenge.approved")[0].message
