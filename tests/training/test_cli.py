"""The cron commands of the three services, through Flask's CLI runner."""

from __future__ import annotations

from datetime import timedelta

from app.core.db import utcnow
from app.training import registrations as regs
from tests.builders import commit, published_course, user, verified_provider


def test_reminders_and_demo_commands(app):
    owner, org = verified_provider()
    soon = utcnow() + timedelta(hours=10)
    course = published_course(
        owner,
        org,
        starts_at=soon.isoformat(),
        ends_at=(soon + timedelta(hours=1)).isoformat(),
        registration_deadline=(soon - timedelta(hours=1)).isoformat(),
    )
    regs.register_course(user("a@example.org"), course)
    commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["training", "reminders"])
    assert first.exit_code == 0 and "1 sent" in first.output
    assert "0 sent" in runner.invoke(args=["training", "reminders"]).output
    out = runner.invoke(args=["training", "demo"]).output
    assert "demo_courses=" in out
    assert "expired" in runner.invoke(args=["compute", "expire"]).output
    assert "demo_guidelines=" in runner.invoke(args=["compliance", "demo"]).output
    assert "demo_resources=3" in runner.invoke(args=["compute", "demo"]).output
