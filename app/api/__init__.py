"""flask-smorest API blueprints; each calls the same services as the pages."""

from __future__ import annotations

from flask_smorest import Api


def register_api(api: Api) -> None:
    """Register every API blueprint on the Api object."""
    from app.api.account import blp as account_blp
    from app.api.orgs import blp as orgs_blp

    for blp in (orgs_blp, account_blp):
        api.register_blueprint(blp)
