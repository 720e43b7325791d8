"""``/healthz``: is this process able to serve? (for the load balancer, systemd and monitoring).

It answers 200 only when the database answers a query and the questionnaires are loaded; 503
otherwise. The body says which part failed, never why in detail (no address, no driver message).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from wizard.accounts import policy
from wizard.catalog import catalog
from wizard.extensions import db

bp = Blueprint("health", __name__)
policy.public(bp, "the load balancer's and monitoring's probe: says ok or unavailable, nothing else")


def database_ok() -> bool:
    """True when the database answers ``SELECT 1`` (the failed transaction is rolled back)."""
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("healthz: the database does not answer")
        return False
    finally:
        db.session.remove()


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """200 ``{"status": "ok", ...}`` when the database and the questionnaires are there, else 503."""
    checks = {"database": "ok" if database_ok() else "unavailable",
              "questionnaires": "ok" if catalog().current else "missing"}
    healthy = all(value == "ok" for value in checks.values())
    return jsonify({"status": "ok" if healthy else "unavailable", **checks}), 200 if healthy else 503
