"""Database connection settings that make deletion mean what the privacy notice says.

SQLite keeps deleted rows' bytes in free pages unless ``secure_delete`` is on; many builds compile it
off. The pragma is set on every connection, so a deleted assessment is overwritten with zeros in the
file at once. PostgreSQL has no equivalent: see docs/deploy.md, "What deletion means".
"""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Flask
from sqlalchemy import event

from wizard.extensions import db


def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
    """Every SQLite connection overwrites deleted content (``PRAGMA secure_delete = ON``)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()


def init_app(app: Flask) -> None:
    """Apply the connection settings to the app's database engine (call after ``db.init_app``)."""
    with app.app_context():
        event.listen(db.engine, "connect", _secure_delete)
