"""The suggested partners of one organisation on the running portal's database, with how many
are real (issue 11's "demo start-up's top-10, how many are real").

Usage (after `make run` or `make db`, from the repository root):

    python bench/demo_suggestions.py                         # the demo start-up's account
    python bench/demo_suggestions.py politecnico-di-milano   # any organisation by slug
    python bench/demo_suggestions.py startup@demo.portale.example -v   # with every signal
    python bench/demo_suggestions.py --kind=company          # one tab of the page (a kind)

For each scope (the regional ecosystem, as the page shows by default, and "all") it prints the
top 10: score, demo or real, kind, name, the three largest contributions, the shared key terms
and the partner's project closest to the query.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.extensions import db  # noqa: E402
from app.orgs.models import Membership, Organisation  # noqa: E402
from app.partners import engine  # noqa: E402


def _org(who: str) -> Organisation:
    if "@" not in who:
        return db.session.execute(select(Organisation).where(Organisation.slug == who)).scalar_one()
    user = db.session.execute(select(User).where(User.email == who)).scalar_one()
    member = (
        db.session.execute(select(Membership).where(Membership.user_id == user.id))
        .scalars()
        .first()
    )
    return db.session.get(Organisation, member.org_id)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    kind = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--kind=")), None)
    app = create_app()
    with app.app_context():
        org = _org(args[0] if args else "startup@demo.portale.example")
        print(f"{org.name} ({org.kind}, {'demo' if org.is_demo else 'real'})")
        matcher = engine.get_matcher()
        for scope in ("region", "all"):
            hidden = set(engine.outside_region()) if scope == "region" else set()
            found = matcher.suggest_partners(
                org.id, k=10, exclude=hidden, kinds={kind} if kind else None
            )
            real = 0
            print(f"--- scope {scope}")
            for s in found:
                o = db.session.get(Organisation, s.org_id)
                real += not o.is_demo
                top = sorted(s.contributions.items(), key=lambda kv: -kv[1])[:3]
                reasons = ", ".join(f"{k} {v:+.2f}" for k, v in top)
                print(
                    f"{s.score:.3f} {'demo' if o.is_demo else 'real'} {o.kind:18} "
                    f"{o.name[:48]:48} [{reasons}] {s.shared_terms[:4]} {s.best_document}"
                )
                if verbose:
                    print("      ", {k: round(v, 3) for k, v in s.signals.items() if v})
            print(f"real organisations in the top 10: {real}")


if __name__ == "__main__":
    main()
