"""Monitoring: spending against time, overdue milestones and the at-risk rules.

The at-risk rules (documented on the dashboard page too) apply to projects that the Region
monitors on the portal (source "portal") while they are *active*; projects imported from
CORDIS carry no reports or milestones and are not evaluated.

* R1 ``overdue_milestones`` – at least one milestone is past its due date and not completed.
* R2 ``spending_behind`` – once 25 % of the project's time has elapsed, the money spent is less
  than 50 % of the planned spending. Planned spending = total cost × share of time elapsed
  (a linear plan).
* R3 ``spending_ahead`` – once 25 % of the time has elapsed, the money spent is more than 150 %
  of the planned spending.
* R4 ``missing_report`` – more than 210 days (a 180-day reporting period + 30 days of grace)
  have passed since the end of the last submitted or accepted report, or since the start when
  there is none.

Only *submitted* and *accepted* reports count (a returned report must be corrected first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask import has_request_context
from flask_babel import gettext

from app.projects.models import FundedProject, Milestone
from app.public.formatting import format_day, format_eur

MIN_ELAPSED = 0.25
BEHIND_RATIO = 0.5
AHEAD_RATIO = 1.5
REPORT_PERIOD_DAYS = 180
REPORT_GRACE_DAYS = 30
COUNTED = ("submitted", "accepted")
RULES = ("overdue_milestones", "spending_behind", "spending_ahead", "missing_report")


@dataclass
class Health:
    """Monitoring figures of one project on a given day, with the at-risk reasons."""

    project: FundedProject
    today: date
    spent: Decimal = Decimal(0)
    planned: Decimal = Decimal(0)
    time_share: float | None = None
    spent_share: float | None = None
    overdue: list[Milestone] = field(default_factory=list)
    last_report_end: date | None = None
    monitored: bool = False
    reasons: list[dict] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        """True when at least one rule fired."""
        return bool(self.reasons)

    @property
    def label(self) -> str:
        """'at_risk', 'on_track' or 'not_monitored'."""
        if not self.monitored:
            return "not_monitored"
        return "at_risk" if self.reasons else "on_track"

    @property
    def time_pct(self) -> float | None:
        """Share of time elapsed, in percent."""
        return None if self.time_share is None else round(self.time_share * 100, 1)

    @property
    def spent_pct(self) -> float | None:
        """Money spent as a share of the total cost, in percent."""
        return None if self.spent_share is None else round(self.spent_share * 100, 1)


def counted_reports(project: FundedProject) -> list:
    """Reports that count: submitted or accepted."""
    return [r for r in project.reports if r.status in COUNTED]


def time_share(project: FundedProject, today: date) -> float | None:
    """Share of the project's duration elapsed on `today`, clamped to [0, 1]."""
    if not project.start_date or not project.end_date or project.end_date <= project.start_date:
        return None
    days = (project.end_date - project.start_date).days
    return min(1.0, max(0.0, (today - project.start_date).days / days))


def project_health(project: FundedProject, today: date | None = None) -> Health:
    """Spending, time, overdue milestones and the at-risk reasons of one project."""
    today = today or date.today()
    h = Health(project=project, today=today)
    reports = counted_reports(project)
    h.spent = sum((r.total_spent for r in reports), Decimal(0))
    h.last_report_end = max((r.period_end for r in reports), default=None)
    h.time_share = time_share(project, today)
    cost = project.total_cost or Decimal(0)
    if h.time_share is not None and cost:
        h.planned = (cost * Decimal(str(h.time_share))).quantize(Decimal("0.01"))
        h.spent_share = float(h.spent / cost)
    h.overdue = [m for m in project.milestones if m.is_overdue(today)]
    h.monitored = project.source == "portal" and project.status == "active"
    if h.monitored:
        h.reasons = _reasons(h)
    return h


def _reasons(h: Health) -> list[dict]:
    out = []
    if h.overdue:
        out.append(
            {
                "rule": "overdue_milestones",
                "message": _(
                    "%(n)d milestone(s) overdue: %(titles)s",
                    n=len(h.overdue),
                    titles=", ".join(m.title for m in h.overdue[:3]),
                ),
            }
        )
    if h.time_share is not None and h.time_share >= MIN_ELAPSED and h.planned:
        ratio = float(h.spent / h.planned)
        if ratio < BEHIND_RATIO:
            out.append(
                {
                    "rule": "spending_behind",
                    "message": _(
                        "spending far behind plan: %(spent)s spent, "
                        "%(planned)s planned by now (%(pct)d%%)",
                        spent=_money(h.spent),
                        planned=_money(h.planned),
                        pct=round(ratio * 100),
                    ),
                }
            )
        elif ratio > AHEAD_RATIO:
            out.append(
                {
                    "rule": "spending_ahead",
                    "message": _(
                        "spending far ahead of plan: %(spent)s spent, "
                        "%(planned)s planned by now (%(pct)d%%)",
                        spent=_money(h.spent),
                        planned=_money(h.planned),
                        pct=round(ratio * 100),
                    ),
                }
            )
    since = h.last_report_end or h.project.start_date
    limit = timedelta(days=REPORT_PERIOD_DAYS + REPORT_GRACE_DAYS)
    if since and h.today - since > limit:
        if h.last_report_end:
            msg = _("no report since the period ending %(d)s", d=_day(h.last_report_end))
        else:
            msg = _("no report since the start on %(d)s", d=_day(since))
        out.append({"rule": "missing_report", "message": msg})
    return out


def _(message: str, **params) -> str:
    """Translated in a request (locale of the user); plain English in CLI and batch use."""
    if has_request_context():
        return gettext(message, **params)
    return message % params


def _money(value) -> str:
    """Whole euros in the reader's format (it: 101.250 €, en: €101,250); Italian digits
    outside a request (CLI and batch use)."""
    whole = Decimal(value).quantize(Decimal(1))
    if has_request_context():
        return format_eur(whole)
    return f"{whole:,.0f}".replace(",", ".") + "\u00a0€"


def _day(value: date) -> str:
    """A date as the reader writes it (it: 30 giu 2024); ISO outside a request."""
    return format_day(value) if has_request_context() else value.isoformat()


def quarter(d: date) -> str:
    """'2025-Q3' for a date."""
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
