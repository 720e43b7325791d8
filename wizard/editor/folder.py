"""Which questionnaires folder an editor's command works on."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, has_app_context
from flask.cli import ScriptInfo

from ..questionnaire.loader import DEFAULT_DIR


def questionnaires_dir() -> Path:
    """The app's configured folder when there is an app, else the bundled one."""
    app = current_app if has_app_context() else None
    if app is None:
        ctx = click.get_current_context(silent=True)
        info = ctx.find_object(ScriptInfo) if ctx else None
        app = info.load_app() if info else None
    configured = app.config.get("QUESTIONNAIRES_PATH") if app is not None else None
    return Path(configured) if configured else DEFAULT_DIR
