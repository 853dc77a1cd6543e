"""Progress reports (submit, resubmit, review) and project outputs."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record_event
from app.core import validate
from app.core.db import utcnow
from app.core.errors import NotFound, PermissionDenied, ValidationError, check_transition
from app.core.inputs import as_id
from app.datasets.models import Dataset
from app.extensions import db
from app.notifications.services import notify_in_locale, org_user_ids, staff_user_ids
from app.projects.models import OUTPUT_KINDS, FundedProject, ProgressReport, ProjectOutput
from app.projects.permissions import can_report, can_review_reports, can_see_restricted
from app.projects.validation import MONEY_LIMIT

# Report state machine; "returned" reports are corrected and submitted again.
REPORT_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"submitted"},
    "submitted": {"accepted", "returned"},
    "returned": {"submitted"},
    "accepted": set(),
}
COUNTED = ("submitted", "accepted")  # reports that count for spending and the at-risk rules
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def get_report(report_id) -> ProgressReport:
    """A report by id, or NotFound."""
    ident = as_id(report_id)
    report = db.session.get(ProgressReport, ident) if ident else None
    if report is None:
        raise NotFound(_("Report not found."))
    return report


def view_report(actor, report: ProgressReport) -> ProgressReport:
    """A report, for the project's members and staff only (404 for others)."""
    if not can_see_restricted(actor, report.project):
        raise NotFound(_("Report not found."))
    return report


def list_reports(actor, project: FundedProject) -> list[ProgressReport]:
    """The project's reports (members and staff)."""
    if not can_see_restricted(actor, project):
        raise PermissionDenied(_("Reports are visible to the project's members and staff."))
    return list(project.reports)


def _clean_spending(project: FundedProject, raw) -> dict[str, str]:
    if raw in (None, ""):
        raw = {}
    if not isinstance(raw, dict):
        raise ValidationError(_("spending: must map each partner to an amount."), "spending")
    partners = {p.org_id: p.organisation.name for p in project.partners}
    out = {}
    for key, value in raw.items():
        if as_id(key) not in partners:
            raise ValidationError(
                _("spending: organisation %(key)s is not a partner.", key=key), "spending"
            )
        amt = validate.parse_money(value, "spending", limit=MONEY_LIMIT)
        if amt is not None:
            out[str(int(key))] = str(amt)
    return out


def _clean_milestones(project: FundedProject, raw, period_end: date) -> list[dict]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise ValidationError(_("milestones_reached: must be a list."), "milestones_reached")
    own = {m.id: m for m in project.milestones}
    out = []
    for item in raw:
        mid = item.get("id") if isinstance(item, dict) else None
        if as_id(mid) not in own:
            raise ValidationError(
                _("milestones_reached: milestone %(mid)s is not in this project.", mid=mid),
                "milestones_reached",
            )
        done = (
            validate.a_date({"milestones_reached": item.get("completed_on")}, "milestones_reached")
            or period_end
        )
        if done > period_end or (project.start_date and done < project.start_date):
            raise ValidationError(
                _(
                    "milestones_reached: '%(title)s' must be completed within the project and "
                    "no later than the end of the period.",
                    title=own[int(mid)].title,
                ),
                "milestones_reached",
            )
        evidence = validate.text(
            {"milestones_reached": item.get("evidence")}, "milestones_reached", max_len=2000
        )
        if not evidence:
            raise ValidationError(
                _(
                    "milestones_reached: give the evidence for '%(title)s'.",
                    title=own[int(mid)].title,
                ),
                "milestones_reached",
            )
        out.append({"id": int(mid), "completed_on": done.isoformat(), "evidence": evidence})
    return out


def _clean_kpis(raw) -> dict:
    if raw in (None, ""):
        return {}
    if isinstance(raw, str):
        pairs = {}
        for line in raw.splitlines():
            if line.strip():
                if ":" not in line:
                    raise ValidationError(_("kpis: write one 'name: value' per line."), "kpis")
                k, v = line.split(":", 1)
                pairs[k.strip()] = v.strip()
        raw = pairs
    if not isinstance(raw, dict) or len(raw) > 50:
        raise ValidationError(_("kpis: at most 50 'name: value' pairs."), "kpis")
    out = {}
    for k, v in raw.items():
        if not str(k).strip() or len(str(k)) > 120 or len(str(v)) > 255:
            raise ValidationError(
                _("kpis: names up to 120 and values up to 255 characters."), "kpis"
            )
        out[str(k).strip()] = v if isinstance(v, int | float) else str(v).strip()
    return out


def _clean_report(project: FundedProject, data: dict, report: ProgressReport | None) -> dict:
    start = validate.a_date(data, "period_start", required=True)
    end = validate.a_date(data, "period_end", required=True)
    if end < start:
        raise ValidationError(
            _("period_end: the period cannot end before it starts."), "period_end"
        )
    if (project.start_date and start < project.start_date) or (
        project.end_date and end > project.end_date
    ):
        raise ValidationError(
            _(
                "period_start: the period %(start)s – %(end)s is outside the project "
                "(%(project_start)s – %(project_end)s).",
                start=start,
                end=end,
                project_start=project.start_date,
                project_end=project.end_date,
            ),
            "period_start",
        )
    if end > date.today():
        raise ValidationError(
            _("period_end: a report cannot cover a period in the future."), "period_end"
        )
    for other in project.reports:
        if other is report or other.status == "returned":
            continue
        if other.period_start <= end and start <= other.period_end:
            raise ValidationError(
                _(
                    "period_start: overlaps the report for %(start)s – %(end)s.",
                    start=other.period_start,
                    end=other.period_end,
                ),
                "period_start",
            )
    return {
        "period_start": start,
        "period_end": end,
        "spending": _clean_spending(project, data.get("spending")),
        "milestones_reached": _clean_milestones(project, data.get("milestones_reached"), end),
        "narrative": validate.text(data, "narrative", max_len=20000),
        "problems": validate.text(data, "problems", max_len=10000),
        "kpis": _clean_kpis(data.get("kpis")),
    }


def _apply_milestones(actor, project: FundedProject, reached: list[dict]) -> None:
    """Mark milestones reached; late ones (after the due date) are flagged in the audit."""
    own = {m.id: m for m in project.milestones}
    for item in reached:
        m = own[item["id"]]
        m.completed_on = date.fromisoformat(item["completed_on"])
        m.evidence = item["evidence"]
        record_event(
            actor,
            "milestone.completed",
            "milestone",
            m.id,
            late=m.is_late,
            completed_on=item["completed_on"],
        )


def submit_report(
    actor,
    project: FundedProject,
    data: dict,
    *,
    draft: bool = False,
    report: ProgressReport | None = None,
) -> ProgressReport:
    """The lead's members submit a report (new, or a returned one corrected), or keep a draft."""
    if not can_report(actor, project):
        raise PermissionDenied(_("Only members of the lead organisation submit reports."))
    if report is not None and report.status not in ("draft", "returned"):
        check_transition(REPORT_TRANSITIONS, report.status, "submitted", "Report")
    values = _clean_report(project, data, report)
    if report is None:
        report = ProgressReport(project_id=project.id, status="draft")
        project.reports.append(report)
    for k, v in values.items():
        setattr(report, k, v)
    if not draft:
        check_transition(REPORT_TRANSITIONS, report.status, "submitted", "Report")
        report.status = "submitted"
        report.submitted_by_id = actor.id
        report.submitted_at = utcnow()
        _apply_milestones(actor, project, values["milestones_reached"])
    db.session.flush()
    record_event(
        actor,
        "report.draft" if draft else "report.submitted",
        "progress_report",
        report.id,
        project=project.id,
        spent=str(report.total_spent),
    )
    if not draft:
        notify_in_locale(
            staff_user_ids(),
            "report",
            lambda: _("%(acronym)s: progress report submitted", acronym=project.acronym),
            f"/projects/reports/{report.id}",
            event_key=f"report-submitted:{report.id}:{report.submitted_at.isoformat()}",
        )
    return report


def review_report(
    actor, report: ProgressReport, decision: str, comment: str = ""
) -> ProgressReport:
    """Staff accept a submitted report or return it with comments (comment required)."""
    if not can_review_reports(actor):
        raise PermissionDenied(_("Only region staff review reports."))
    decision = validate.choice(
        {"decision": decision}, "decision", ("accept", "return"), required=True
    )
    comment = validate.text({"comment": comment}, "comment", max_len=5000)
    target = "accepted" if decision == "accept" else "returned"
    check_transition(REPORT_TRANSITIONS, report.status, target, "Report")
    if target == "returned" and not comment:
        raise ValidationError(_("comment: say what must be corrected."), "comment")
    report.status, report.review_comment = target, comment
    report.reviewed_by_id, report.reviewed_at = actor.id, utcnow()
    db.session.flush()
    record_event(actor, f"report.{target}", "progress_report", report.id, project=report.project_id)
    project = report.project
    if project.lead_org_id:
        message = {
            "accepted": lambda: _("%(acronym)s: progress report accepted", acronym=project.acronym),
            "returned": lambda: _(
                "%(acronym)s: progress report returned for corrections", acronym=project.acronym
            ),
        }[target]
        notify_in_locale(
            org_user_ids(project.lead_org_id),
            "report",
            message,
            f"/projects/reports/{report.id}",
            event_key=f"report-{target}:{report.id}:{report.reviewed_at.isoformat()}",
        )
    return report


def record_output(actor, project: FundedProject, data: dict) -> ProjectOutput:
    """The lead's members record a result: publication (DOI), patent, dataset, product."""
    if not can_report(actor, project):
        raise PermissionDenied(_("Only members of the lead organisation record outputs."))
    kind = validate.choice(data, "kind", OUTPUT_KINDS, required=True)
    title = validate.text(data, "title", required=True, max_len=255)
    doi = validate.text(data, "doi", max_len=255) or None
    if doi:
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)
        if not DOI_RE.match(doi):
            raise ValidationError(_("doi: not a DOI (expected 10.xxxx/…)."), "doi")
    if kind == "publication" and not doi:
        raise ValidationError(_("doi: a publication needs its DOI."), "doi")
    dataset_id = validate.integer(data, "dataset_id", lo=1)
    if dataset_id is not None:
        if db.session.get(Dataset, dataset_id) is None:
            raise ValidationError(
                _("dataset_id: no dataset %(id)s in the catalogue.", id=dataset_id), "dataset_id"
            )
    output = ProjectOutput(
        project_id=project.id,
        kind=kind,
        title=title,
        doi=doi,
        url=validate.url(data, "url"),
        dataset_id=dataset_id,
        trl_reached=validate.integer(data, "trl_reached", lo=1, hi=9),
        description=validate.text(data, "description", max_len=5000),
        created_by_id=actor.id,
    )
    project.outputs.append(output)
    db.session.flush()
    record_event(
        actor, "output.recorded", "project_output", output.id, project=project.id, kind=kind
    )
    return output


def pending_reviews(actor) -> list[ProgressReport]:
    """Submitted reports waiting for staff review, oldest first."""
    if not can_review_reports(actor):
        raise PermissionDenied(_("Only region staff review reports."))
    return list(
        db.session.execute(
            select(ProgressReport)
            .where(ProgressReport.status == "submitted")
            .order_by(ProgressReport.submitted_at)
        ).scalars()
    )
