"""Deadline reminders for the daily run (`flask challenges remind`)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.challenges import notices
from app.challenges.models import Challenge, ChallengeInvitation, ChallengeResponse
from app.core.db import utcnow
from app.extensions import db
from app.notifications.services import org_user_ids


def send_deadline_reminders(days: int = 3, now=None) -> dict:
    """Remind the poster, invited and responding organisations of open challenges whose
    deadline falls within `days`; once per challenge and deadline however often it runs."""
    now = now or utcnow()
    due = list(
        db.session.execute(
            select(Challenge).where(
                Challenge.status == "open",
                Challenge.deadline > now,
                Challenge.deadline <= now + timedelta(days=days),
            )
        ).scalars()
    )
    sent = 0
    for challenge in due:
        org_ids = {challenge.org_id}
        org_ids |= set(
            db.session.execute(
                select(ChallengeInvitation.org_id).where(
                    ChallengeInvitation.challenge_id == challenge.id
                )
            ).scalars()
        )
        org_ids |= set(
            db.session.execute(
                select(ChallengeResponse.org_id).where(
                    ChallengeResponse.challenge_id == challenge.id
                )
            ).scalars()
        )
        users = [uid for oid in sorted(org_ids) for uid in org_user_ids(oid)]
        sent += notices.deadline_approaching(challenge, users)
    return {"challenges": len(due), "notifications": sent}
