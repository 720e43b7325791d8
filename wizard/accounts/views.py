"""Sign-in, sign-out and password change for advisors, editors and admins."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from wizard import audit, i18n
from wizard.extensions import db, limiter
from wizard.web.home import safe_next

from . import operations, passwords, policy
from .forms import LoginForm, PasswordForm
from .models import ROLES, User

bp = Blueprint("accounts", __name__)
policy.admit(bp, *ROLES)   # sign-out and password change: any signed-in user; sign-in is public


def _failed(response: Response) -> bool:
    """Only failed attempts count towards the sign-in limits (a 303 is a success)."""
    return response.status_code != 303


def _account_key() -> str:
    """The throttle key of the account being tried (whether it exists or not)."""
    return "account:" + operations.normalise_email(str(request.form.get("email", "")))[:254]


def _limit(name: str) -> str:
    return str(current_app.config[name])


def home_for(user: User) -> str:
    """Where a user lands after signing in: their workspace (the first of them that exists)."""
    workspaces = {"advisor": ("review.queue",), "editor": ("editor.index", "review.disputed"),
                  "admin": ("admin.users",)}
    for endpoint in workspaces.get(user.role, ()):
        if endpoint in current_app.view_functions:
            return url_for(endpoint)
    return url_for("accounts.account")


@bp.route("/login", methods=["GET", "POST"])
@policy.public_view
@limiter.limit(lambda: _limit("LOGIN_LIMIT_ADDRESS"), methods=["POST"], deduct_when=_failed,
               scope="login-address")
@limiter.limit(lambda: _limit("LOGIN_LIMIT_ACCOUNT"), methods=["POST"], deduct_when=_failed,
               key_func=_account_key, scope="login-account")
def login() -> Response | tuple[str, int]:
    """Sign in. Unknown account, wrong password and deactivated account get the very same answer."""
    form = LoginForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        user = operations.authenticate(form.email.data or "", form.password.data or "", request.remote_addr)
        if user is not None:
            # a fresh session (no fixation, no respondent grants carried over); keep the language
            language = session.get(i18n.SESSION_KEY)
            session.clear()
            if language:
                session[i18n.SESSION_KEY] = language
            login_user(user, remember=bool(form.remember.data))
            target = safe_next(request.args.get("next"))
            # a refused or missing target (safe_next answers the home page) lands in the workspace
            return redirect(home_for(user) if target == url_for("home.index") else target, 303)
        form.form_errors.append(gettext("The e-mail address or the password is not right."))
        form.password.data = ""
    status = 200 if request.method == "GET" else (401 if form.form_errors else 400)
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    """Sign out (a POST: it changes state), forgetting the whole session."""
    audit.record("sign_out")
    db.session.commit()
    logout_user()
    language = session.get(i18n.SESSION_KEY)
    session.clear()
    if language:
        session[i18n.SESSION_KEY] = language
    flash(gettext("You are signed out."), "success")
    return redirect(url_for("accounts.login"), 303)


@bp.route("/account", methods=["GET", "POST"])
def account() -> Response | tuple[str, int]:
    """One's own account: role, and the password change (which signs out every other session)."""
    form = PasswordForm(formdata=request.form if request.method == "POST" else None)
    user: User = current_user._get_current_object()  # noqa: SLF001 - the model, not the proxy
    problems: list[str] = []
    if request.method == "POST" and form.validate():
        if not passwords.verify_password(user.password_hash, form.current.data or ""):
            form.current.errors = [gettext("The current password is not right.")]
        else:
            try:
                operations.change_password(user, form.new.data or "")
            except operations.AccountError as error:
                problems = [error.message]
            else:
                login_user(user)   # this session carries the new session version; others end
                flash(gettext("Your password was changed. Your other sessions were signed out."), "success")
                return redirect(url_for("accounts.account"), 303)
    if problems:
        form.new.errors = problems
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/account.html", form=form, user=user), status
