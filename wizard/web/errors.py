"""Error pages (translated, same look), and the expired-form handler that keeps what was typed."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from wizard import api
from wizard.extensions import db


def _page(code: int) -> tuple[str, int]:
    """The error page for ``code``."""
    titles = {
        400: (gettext("Sorry, there is a problem with this request"),
              gettext("Go back, check what you entered and try again.")),
        404: (gettext("Page not found"),
              gettext("If you typed or pasted a link, check that it is complete. An assessment link works "
                      "only as long as the assessment exists.")),
        405: (gettext("Sorry, there is a problem with this request"),
              gettext("Go back, check what you entered and try again.")),
        413: (gettext("What you sent is too large"),
              gettext("Shorten your answers and try again. Nothing was saved from this page.")),
        429: (gettext("Too many requests"),
              gettext("You have made too many requests in a short time. Wait a minute, then try again. "
                      "Your answers saved so far are kept.")),
        503: (gettext("Sorry, the service is unavailable"), gettext("Try again later.")),
    }
    title, text = titles.get(code, (gettext("Sorry, there is a problem with the service"),
                                    gettext("Try again later. Your answers saved so far are kept.")))
    return render_template("errors/error.html", code=code, title=title, text=text), code


def handle_http(error: HTTPException) -> tuple[str, int] | Response:
    """Any HTTP error (404 for unknown pages and unknown or wrong links alike); JSON under /api/."""
    if api.is_api_request():
        return api.http_problem(error)
    return _page(error.code or 500)


def handle_csrf(error: CSRFError) -> tuple[str, int]:
    """An invalid or expired form token: re-show the form with what was typed, saving nothing."""
    from .home import _start_form, render_home
    from .steps import csrf_failed

    shown = csrf_failed(error.description or "")
    if shown is not None:
        return shown
    if request.endpoint == "home.start":
        return render_home(_start_form(request.form), 400,
                           message=gettext("For your security this page had expired. Check what you "
                                           "entered and start again."))
    return _page(400)


def handle_500(error: InternalServerError) -> tuple[str, int] | Response:
    """An unexpected failure: roll back, so that nothing half-saved remains."""
    db.session.rollback()
    if api.is_api_request():
        return api.http_problem(error)
    return _page(500)


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_500)
