"""Error pages (translated, same look), and the expired-form handler that keeps what was typed."""

from __future__ import annotations

from contextlib import suppress

from flask import Flask, Response, current_app, render_template, request
from flask.globals import request_ctx
from flask_babel import get_locale, gettext
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from wizard import api, verify
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
        503: (gettext("Sorry, the service is unavailable"),
              gettext("Your answers saved so far are kept. Try again in a few minutes.")),
    }
    title, text = titles.get(code, (gettext("Sorry, there is a problem with the service"),
                                    gettext("Try again later. Your answers saved so far are kept.")))
    if request_ctx.url_adapter is None:
        # refused before routing (a Host header not in TRUSTED_HOSTS): no URL can be built, so the
        # page cannot use the layout; a bare page, with no link to a host nobody vouched for
        return (f'<!doctype html><html lang="{escape(str(get_locale() or "en"))}"><title>{escape(title)}</title>'
                f"<h1>{escape(title)}</h1><p>{escape(text)}</p></html>"), code
    return render_template("errors/error.html", code=code, title=title, text=text), code


def handle_http(error: HTTPException) -> tuple[str, int] | Response:
    """Any HTTP error (404 for unknown pages and unknown or wrong links alike); JSON under /api/."""
    if api.is_api_request():
        return api.http_problem(error)
    if error.code == 413 and request.blueprint == "verify":
        return verify.too_large()
    return _page(error.code or 500)


def handle_csrf(error: CSRFError) -> tuple[str, int]:
    """An invalid or expired form token: re-show the form with what was typed, saving nothing."""
    from .home import _start_form, render_home
    from .steps import csrf_failed

    try:
        shown = csrf_failed(error.description or "")
    except HTTPException as refused:
        # the form belongs to an assessment this browser cannot open (no session, wrong link):
        # answer that error, as the view would have, rather than fail inside the handler
        return _page(refused.code or 404)
    if shown is not None:
        return shown
    if request.endpoint == "home.start":
        return render_home(_start_form(request.form), 400,
                           message=gettext("For your security this page had expired. Check what you "
                                           "entered and start again."))
    return _page(400)


def handle_database(error: DBAPIError) -> tuple[str, int] | Response:
    """The database failed or is away: roll back, log one line, and say so plainly (503).

    The pool pings connections before use, so the app recovers by itself when the database is back.
    """
    with suppress(SQLAlchemyError):  # the connection may be gone: the session is discarded anyway
        db.session.rollback()
    db.session.remove()
    current_app.logger.warning("database unavailable: %s", type(error.orig).__name__)
    if api.is_api_request():
        return api.http_problem(ServiceUnavailable())
    return _page(503)


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
    app.register_error_handler(DBAPIError, handle_database)
