"""`flask match ...` commands: re-encode changed texts, retrain the ranker."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.orgs.models import Organisation
from app.partners.embeddings import bump_version, get_encoder
from app.partners.engine import ranker_path, save_snapshot
from app.partners.rebuild import rebuild_all
from app.projects.models import FundedProject, ProjectPartner
from matching.copart import Participation
from matching.training import train_consortium_ranker, train_default_ranker

match_cli = AppGroup("match", help="Matching engine upkeep: embeddings, ranker.")


@match_cli.command("rebuild")
def rebuild_cmd() -> None:
    """Encode the project, profile, challenge and dataset texts that changed since the last
    run (each distinct text once) and derive the organisations' vectors (progress bars)."""
    start = time.perf_counter()
    stats = rebuild_all(progress=True)
    db.session.commit()
    click.echo(f"match rebuild ({get_encoder().model_name}):")
    for entity, s in stats.items():
        line = (
            f"  {entity}: {s['texts']} texts, {s['distinct']} distinct, encoded {s['encoded']}, "
            f"copied {s['reused']}, {s['unchanged']} unchanged, {s['removed']} removed"
        )
        if "derived" in s:
            line += f"; {s['derived']} organisation vectors derived from their projects"
        click.echo(line)
    snap = save_snapshot()
    if snap is not None:
        click.echo(f"  matcher snapshot {snap} is up to date (workers load it at start)")
    click.echo(f"  done in {time.perf_counter() - start:.1f}s")


KIND_TO_TYPE = {
    "university": "HES",
    "research_hospital": "REC",
    "research_institute": "REC",
    "company": "PRC",
    "startup": "PRC",
    "public_body": "PUB",
    "other": "OTH",
}


@match_cli.command("train")
@click.option(
    "--split-year",
    type=int,
    default=None,
    help="Graph before this year, new partnerships from it on (default: last year - 2).",
)
def train_cmd(split_year: int | None) -> None:
    """Retrain both rankers (partner suggestions and consortium completion) on the portal's
    project co-participations; saved in instance/."""
    rows = [
        Participation(
            str(pid),
            oid,
            role or "",
            KIND_TO_TYPE.get(kind, "OTH"),
            country or "",
            start.isoformat(),
        )
        for pid, oid, role, kind, country, start in db.session.execute(
            select(
                ProjectPartner.project_id,
                ProjectPartner.org_id,
                ProjectPartner.role,
                Organisation.kind,
                Organisation.country,
                FundedProject.start_date,
            )
            .join(FundedProject, FundedProject.id == ProjectPartner.project_id)
            .join(Organisation, Organisation.id == ProjectPartner.org_id)
            .where(FundedProject.start_date.is_not(None))
        )
    ]
    if not rows:
        raise click.ClickException("No project participations with a start date to learn from.")
    years = sorted(int(r.start_date[:4]) for r in rows)
    split = split_year or years[(3 * len(years)) // 4]
    try:
        rankers = {"partners": train_default_ranker(rows, split_year=float(split))}
    except ValueError as exc:
        raise click.ClickException(f"Cannot train: {exc}") from exc
    try:
        rankers["consortium"] = train_consortium_ranker(rows, split_year=float(split))
    except ValueError as exc:  # e.g. no project of 3 or more members after the split
        click.echo(f"consortium weights not retrained ({exc}); the current ones stay in use")
    paths = []
    for task, ranker in rankers.items():
        path = ranker_path(task)
        path.parent.mkdir(parents=True, exist_ok=True)
        ranker.save(path)
        paths.append(str(path))
    bump_version()
    db.session.commit()
    click.echo(
        f"match train: {len(rows)} participations, graph before {split}; "
        f"weights saved to {' and '.join(paths)} (workers reload them)"
    )
