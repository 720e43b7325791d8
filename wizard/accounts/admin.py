"""The admin's page for accounts: list, create, change role, deactivate and reactivate."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from wizard.audit import AuditEvent, csv_response, every_event, record
from wizard.extensions import db

from . import operations, policy
from .forms import UserForm, role_labels
from .models import ROLES, User

bp = Blueprint("admin", __name__, url_prefix="/admin")
policy.admit(bp, "admin")

#: Audit events per page.
AUDIT_PAGE = 100


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _page(form: UserForm, status: int = 200, problem: str | None = None) -> tuple[str, int]:
    users = db.session.scalars(select(User).order_by(User.active.desc(), User.email)).all()
    return render_template("admin/users.html", users=users, form=form, roles=ROLES,
                           role_labels=role_labels(), problem=problem), status


@bp.get("/users")
def users() -> tuple[str, int]:
    """Every account, with its role and state, and the form to create one."""
    return _page(UserForm(formdata=None, role="advisor"))


@bp.post("/users")
def create() -> Response | tuple[str, int]:
    """Create an account; a refused one comes back with what was typed (but not the password)."""
    form = UserForm(formdata=request.form)
    if not form.validate():
        return _page(form, 400)
    try:
        user = operations.create_user(form.email.data or "", form.role.data or "", form.password.data or "",
                                      name=form.name.data or "")
    except operations.AccountError as error:
        db.session.rollback()
        if error.field in ("email", "password"):
            form[error.field].errors = [_explain(error)]
            return _page(form, 400)
        return _page(form, 400, _explain(error))
    flash(gettext("The account %(email)s was created. Give its password to its owner in person.",
                  email=user.email), "success")
    return redirect(url_for("admin.users"), 303)


def _explain(error: operations.AccountError) -> str:
    """The operation's message in the interface language (operations also serve the English CLI)."""
    known = {
        "an account with this e-mail address already exists":
            gettext("An account with this e-mail address already exists."),
        "invalid e-mail address": gettext("Enter a valid e-mail address."),
        "this is the last active admin: make another admin first":
            gettext("This is the last active administrator: make another administrator first."),
    }
    return known.get(error.message, error.message)


@bp.post("/users/<int:user_id>/role")
def set_role(user_id: int) -> Response:
    """Change an account's role (its sessions end, so the new role applies at once)."""
    user = _user(user_id)
    role = request.form.get("role", "")
    if role not in ROLES:
        flash(gettext("Select a role."), "error")
        return redirect(url_for("admin.users"), 303)
    try:
        operations.set_role(user, role)
    except operations.AccountError as error:
        db.session.rollback()
        flash(_explain(error), "error")
    else:
        flash(gettext("%(email)s is now: %(role)s.", email=user.email, role=role_labels()[role]), "success")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/deactivate")
def deactivate(user_id: int) -> Response:
    """Deactivate an account: no more sign-in, and its open sessions end."""
    user = _user(user_id)
    try:
        operations.deactivate(user)
    except operations.AccountError as error:
        db.session.rollback()
        flash(_explain(error), "error")
    else:
        flash(gettext("The account %(email)s was deactivated.", email=user.email), "success")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/reactivate")
def reactivate(user_id: int) -> Response:
    """Let a deactivated account sign in again."""
    user = _user(user_id)
    operations.reactivate(user)
    flash(gettext("The account %(email)s can sign in again.", email=user.email), "success")
    return redirect(url_for("admin.users"), 303)


@bp.get("/audit", endpoint="audit")
def audit_trail() -> str:
    """The latest events of the whole audit trail (sign-ins, account changes, reviews)."""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())
                                .offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE + 1)).all()
    return render_template("admin/audit.html", events=events[:AUDIT_PAGE], page=page,
                           more=len(events) > AUDIT_PAGE)


@bp.get("/audit.csv")
def audit_csv() -> Response:
    """The whole audit trail as CSV (the export itself is recorded)."""
    record("audit_exported", scope="all")
    db.session.commit()
    return csv_response(every_event(), "audit-trail.csv")
