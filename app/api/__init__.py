"""flask-smorest API blueprints; each calls the same services as the pages."""

from __future__ import annotations

from flask_smorest import Api

from app.api.account import blp as account_blp
from app.api.area import blp as area_blp
from app.api.challenges import blp as challenges_blp
from app.api.compliance import blp as compliance_blp
from app.api.compute import blp as compute_blp
from app.api.contract import complete_spec
from app.api.datasets import blp as datasets_blp
from app.api.ecosystem import blp as ecosystem_blp
from app.api.messaging import blp as messaging_blp
from app.api.offers import blp as offers_blp
from app.api.opendata import blp as opendata_blp
from app.api.orgs import blp as orgs_blp
from app.api.partners import blp as partners_blp
from app.api.projects import blp as projects_blp
from app.api.training import blp as training_blp


def register_api(api: Api) -> None:
    """Register every API blueprint on the Api object."""
    for blp in (
        orgs_blp,
        account_blp,
        partners_blp,
        challenges_blp,
        projects_blp,
        datasets_blp,
        ecosystem_blp,
        opendata_blp,
        training_blp,
        compliance_blp,
        compute_blp,
        messaging_blp,
        offers_blp,
        area_blp,
    ):
        api.register_blueprint(blp)
    complete_spec(api)
