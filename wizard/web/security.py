"""Security headers on every response (pages, errors, static files, reports)."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.wrappers import Response

#: No inline script or style, nothing from elsewhere, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def add_headers(response: Response) -> Response:
    """Set the headers listed in docs/deploy.md; assessment pages and reports are never cached."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    if not request.path.startswith("/static/"):
        # Pages can show confidential answers: no copy in any cache, shared or local.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def add_hsts(response: Response) -> Response:
    """HSTS (production only: it would break plain-HTTP development)."""
    response.headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    """Register the header hooks."""
    app.after_request(add_headers)
    if app.config.get("HSTS"):
        app.after_request(add_hsts)
