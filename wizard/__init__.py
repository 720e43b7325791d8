"""The compliance self-assessment wizard: AI Act and GDPR questionnaires, evaluated and reported."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import api, catalog, commands, config, i18n, logs, storage, verify
from .accounts import setup as accounts
from .editor import views as editor
from .extensions import babel, csrf, db, limiter, migrate
from .review import setup as review
from .web import BLUEPRINTS, errors, proxy, security, sessions, templating


class App(Flask):
    """The wizard's Flask application (its templates share the environment's globals: see
    ``templating.Environment``)."""

    jinja_environment = templating.Environment


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, questionnaires, blueprints, commands."""
    app = App(__name__, instance_relative_config=True, template_folder=str(config.ROOT / "templates"),
                static_folder=str(config.ROOT / "static"))
    config.load(app, test_config)
    logs.init_app(app)
    proxy.init_app(app)
    sessions.init_app(app)

    db.init_app(app)
    storage.init_app(app)  # SQLite: deleted content is overwritten (secure_delete)
    migrate.init_app(app, db, directory=str(config.ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)

    catalog.init_app(app)
    for blueprint in (*BLUEPRINTS, api.bp, verify.bp):  # api, verify: JSON API, report verification
        app.register_blueprint(blueprint)
    for blueprint in (editor.bp, editor.published):  # the editors' pages; the logic document when published
        app.register_blueprint(blueprint)
    accounts.init_app(app)   # the access choke point: after CSRF, before any view
    review.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    commands.init_app(app)
    # the editors' commands (questionnaires check/test/schema, assess); imported here so that
    # `python -m wizard.cli` does not import its own module twice
    from .cli import register_cli

    register_cli(app)
    return app
