"""Binding the accounts to the app: Flask-Login, the pages, the CLI and the access choke point."""

from __future__ import annotations

from flask import Flask
from flask_login import LoginManager

from wizard import audit
from wizard.extensions import db

from . import admin, cli, policy, views
from .forms import role_labels
from .models import User

login_manager = LoginManager()
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """The active user whose id *and* session version match the session (else signed out)."""
    user_id, _, version = identity.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def init_app(app: Flask) -> None:
    """Bind Flask-Login, register the accounts and admin pages, the CLI and the access choke point.

    Call it after CSRFProtect is bound, so that a forged POST is refused (400) before access is judged.
    """
    login_manager.init_app(app)
    # anonymous visitors of protected pages are redirected by the choke point, not by Flask-Login
    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.cli.add_command(cli.users)
    app.before_request(policy.check_request)
    app.add_template_global(role_label, "role_label")
    app.add_template_global(audit.action_label, "audit_action_label")
    # the header shows links to the workspaces that exist in this app (review, editor...)
    app.context_processor(lambda: {"view_names": app.view_functions})


def role_label(role: str | None) -> str:
    """A role's name as people read it (in the interface language)."""
    return role_labels().get(role or "", role or "")
