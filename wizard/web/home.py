"""Public pages: home and start, opening a secret link, the privacy notice, the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext
from werkzeug.wrappers import Response

from wizard import assessments, i18n
from wizard.accounts import policy
from wizard.catalog import catalog
from wizard.extensions import limit_from_config, limiter
from wizard.forms import StartForm
from wizard.models import Assessment

from . import access

bp = Blueprint("home", __name__)
policy.public(bp, "the respondent's entry: home, start, opening a secret link, privacy, language")


def _start_form(formdata: object | None = None) -> StartForm:
    """The start form, its language defaulting to the interface's."""
    form = StartForm(formdata=formdata) if formdata is not None else StartForm(lang=str(get_locale()))
    return form


def render_home(form: StartForm, status: int = 200, message: str | None = None) -> tuple[str, int]:
    """The home page with the start form (and the assessments this browser can reopen)."""
    questionnaire = catalog().for_new_assessment(current_app.config["DEFAULT_QUESTIONNAIRE"])
    recent = [a for a in (access.find_granted(r) for r in access.granted_references()) if a is not None]
    return render_template("home.html", form=form, questionnaire=questionnaire, recent=recent,
                           form_message=message), status


@bp.get("/")
def index() -> tuple[str, int]:
    """Home: what the tool does, and the form to start an assessment."""
    return render_home(_start_form())


@bp.post("/start")
@limiter.limit(limit_from_config("RATELIMIT_CREATE"))
def start() -> Response | tuple[str, int]:
    """Create an assessment, give this browser its grant, and show the secret link."""
    form = _start_form(request.form)
    questionnaire = catalog().for_new_assessment(current_app.config["DEFAULT_QUESTIONNAIRE"])
    if questionnaire is None:
        abort(503)
    if not form.validate():
        return render_home(form, 400)
    lang = form.lang.data or "en"
    assessment, _token = assessments.start(
        questionnaire, system_name=form.system_name.data or "", organisation=form.organisation.data or "",
        contact=form.contact.data or None, lang=lang, link_key=access.link_key())
    access.grant(assessment)
    i18n.choose(lang)
    return redirect(url_for("steps.link", reference=assessment.reference, new=1), 303)


def _enter(found: Assessment) -> Response:
    """Grant this browser ``found`` and resume it at the first unanswered step."""
    access.grant(found)
    if i18n.SESSION_KEY not in session:
        i18n.choose(found.lang)
    return redirect(url_for("steps.resume", reference=found.reference), 303)


@bp.get("/a/<token>")
@limiter.limit(limit_from_config("RATELIMIT_LINK"))
def open_link(token: str) -> Response | tuple[str, int]:
    """Exchange a secret link for a session grant, then resume at the first unanswered step.

    A browser already working on other assessments is asked first: a link someone else sent must
    not silently switch it to an assessment that person can read.
    """
    found = assessments.find_by_token(token)
    if found is None:
        abort(404)
    if access.find_granted(found.reference) is None:
        others = [a for a in (access.find_granted(r) for r in access.granted_references()) if a is not None]
        if others:
            return render_template("open_link.html", assessment=found, token=token, others=others), 200
    return _enter(found)


@bp.post("/a/<token>")
@limiter.limit(limit_from_config("RATELIMIT_LINK"))
def confirm_link(token: str) -> Response:
    """The visitor confirmed opening this assessment."""
    found = assessments.find_by_token(token)
    if found is None:
        abort(404)
    return _enter(found)


@bp.post("/assessments/<reference>/forget")
def forget(reference: str) -> Response:
    """Remove an assessment from this browser only (it stays on the server, its link still works)."""
    if reference not in access.granted_references():
        abort(404)
    access.revoke(reference)
    flash(gettext("The assessment was removed from this browser. It is kept: open its link to come back."),
          "success")
    return redirect(url_for("home.index"), 303)


@bp.get("/privacy")
def privacy() -> str:
    """The privacy notice: what is stored, for how long, and how to delete it."""
    return render_template("privacy.html", retention_days=current_app.config["DRAFT_RETENTION_DAYS"],
                           completed_days=current_app.config["COMPLETED_RETENTION_DAYS"])


def safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else the home page (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return url_for("home.index")
    return target


@bp.post("/language")
def language() -> Response:
    """Switch the interface language (a POST: it changes state), then go back to the same page."""
    if not i18n.choose(request.form.get("lang", "")):
        flash(gettext("This language is not available."), "error")
    return redirect(safe_next(request.form.get("next")), 303)
