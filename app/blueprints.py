"""Register one blueprint per feature, and the API blueprints."""

from __future__ import annotations

from flask import Flask

from app.account import views as _account_views  # noqa: F401  (routes on the bp)
from app.account import views_privacy as _account_privacy  # noqa: F401
from app.account.blueprint import bp as account_bp
from app.api import register_api
from app.auth.views import bp as auth_bp
from app.challenges import views as _challenges_views  # noqa: F401  (routes on the bp)
from app.challenges import views_responses as _challenges_responses  # noqa: F401
from app.challenges.blueprint import bp as challenges_bp
from app.compliance.blueprint import bp as compliance_bp
from app.compute.blueprint import bp as compute_bp
from app.datasets import views as _datasets_views  # noqa: F401  (routes on the bp)
from app.datasets import views_access as _datasets_access  # noqa: F401
from app.datasets import views_rdf as _datasets_rdf  # noqa: F401
from app.datasets.blueprint import bp as datasets_bp
from app.ecosystem.views import bp as ecosystem_bp
from app.extensions import api
from app.main_views import bp as main_bp
from app.messaging import views as _messaging_views  # noqa: F401  (routes on the bp)
from app.messaging import views_staff as _messaging_staff  # noqa: F401
from app.messaging.blueprint import bp as messaging_bp
from app.notifications.views import bp as notifications_bp
from app.offers.views import bp as offers_bp
from app.opendata import catalog as _opendata_catalog  # noqa: F401  (adds it to /catalog)
from app.opendata.views import bp as opendata_bp
from app.orgs.views import bp as orgs_bp
from app.partners.views import bp as partners_bp
from app.projects.views import bp as projects_bp
from app.public.views import bp as public_bp
from app.training.blueprint import bp as training_bp


def register_blueprints(app: Flask) -> None:
    """Attach the HTML blueprints and the flask-smorest API blueprints."""
    for bp in (
        main_bp,
        auth_bp,
        orgs_bp,
        partners_bp,
        challenges_bp,
        projects_bp,
        datasets_bp,
        ecosystem_bp,
        notifications_bp,
        opendata_bp,
        training_bp,
        compliance_bp,
        compute_bp,
        messaging_bp,
        offers_bp,
        account_bp,
        public_bp,
    ):
        app.register_blueprint(bp)
    register_api(api)
