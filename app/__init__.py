"""Application factory."""

from __future__ import annotations

import os

from flask import Flask

from app.config import INSTANCE_DIR, Config


def create_app(config: dict | None = None) -> Flask:
    """Build the portal: extensions, blueprints, error handlers, CLI commands."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.update(Config.load())
    if config:
        app.config.update(config)
    from app import blueprints, cli, errors, setup

    setup.register_extensions(app)
    blueprints.register_blueprints(app)
    errors.register_error_handlers(app)
    cli.register_cli(app)
    if app.config["MATCHING_WARMUP"] and app.config["MATCHING_ENABLED"]:
        from app.partners.engine import start_warmup

        start_warmup(app)
    return app
