"""Application factory."""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import INSTANCE_DIR, Config, check_production


def create_app(config: dict | None = None) -> Flask:
    """Build the portal: extensions, blueprints, error handlers, CLI commands."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.update(Config.load())
    if config:
        app.config.update(config)
    app.config.update(check_production(dict(app.config)))
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        # Only the client address and the scheme come from the proxy: never the host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    from app import blueprints, cli, errors, setup

    setup.register_extensions(app)
    blueprints.register_blueprints(app)
    errors.register_error_handlers(app)
    cli.register_cli(app)
    if app.config["MATCHING_WARMUP"] and app.config["MATCHING_ENABLED"]:
        from app.partners.engine import start_warmup

        start_warmup(app)
    return app
