"""Database connection settings: deletion that means what the privacy notice says, and connections
checked before use only when they may have gone stale.

SQLite keeps deleted rows' bytes in free pages unless ``secure_delete`` is on; many builds compile it
off. The pragma is set on every connection, so a deleted assessment is overwritten with zeros in the
file at once. PostgreSQL has no equivalent: see docs/deploy.md, "What deletion means".

A pooled connection can die while it waits (the database restarted, a proxy dropped it). SQLAlchemy's
``pool_pre_ping`` checks every connection at every checkout: a round trip per request, a tenth of a
step page's time under load. Here a connection idle for ``DB_PING_IDLE_SECONDS`` (1 s by default) is
checked before use, as ``pool_pre_ping`` would; one used more recently is trusted. If it died in
that second anyway, the first query fails, SQLAlchemy replaces every connection of the pool, and the
access check of assessment pages runs its query once more (``web/access.py``): the restart is still
invisible there; any other page answers that one request with the 503 page.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError

from wizard.extensions import db


def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
    """Every SQLite connection overwrites deleted content (``PRAGMA secure_delete = ON``)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()


def _idle_ping(engine: Any, idle_seconds: float) -> None:
    """Check connections idle ``idle_seconds`` or more at checkout; a dead one is replaced."""

    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is not None and time.monotonic() - idle_since < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # the pool discards this connection and checks out another (a fresh one if need be)
            raise DisconnectionError("a pooled connection was dead") from error

    event.listen(engine.pool, "checkin", checked_in)
    event.listen(engine.pool, "checkout", checked_out)


def init_app(app: Flask) -> None:
    """Apply the connection settings to the app's database engine (call after ``db.init_app``)."""
    with app.app_context():
        event.listen(db.engine, "connect", _secure_delete)
        if not db.engine.pool._pre_ping:  # noqa: SLF001 - an explicit pool_pre_ping wins
            _idle_ping(db.engine, float(app.config["DB_PING_IDLE_SECONDS"]))
