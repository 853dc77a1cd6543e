"""The demo seed: nothing without demo organisations, idempotent, some projects at risk."""

from app.extensions import db
from app.projects.dashboard import dashboard, parse_filters
from app.projects.demo import seed_demo
from tests.projects import fixtures


def test_seed_demo(app):
    assert seed_demo() == {"demo_calls": 0, "demo_projects": 0}
    w = fixtures.build()
    for org in (w.lead, w.uni, w.hosp):
        org.is_demo = True
    db.session.commit()
    assert seed_demo() == {"demo_calls": 3, "demo_projects": 10}
    assert seed_demo() == {"demo_calls": 0, "demo_projects": 0}
    d = dashboard(w.staff, parse_filters({}))
    demo = [h for h in d["projects"] if h.project.is_demo]
    assert len(demo) == 10
    assert 0 < sum(h.at_risk for h in demo) < 10
