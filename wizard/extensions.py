"""Flask extensions, created unbound here and bound to the app in ``create_app``."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints so that Alembic migrations are deterministic on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
#: Rate limits (sign-in, link opening, creation, verification, downloads). Storage comes from
#: ``RATELIMIT_STORAGE_URI`` (Redis when configured, so that every worker shares one count; memory
#: otherwise, per process, which is enough for ``python run.py``). No default limit: each sensitive
#: route states its own.
limiter = Limiter(key_func=get_remote_address)


def limit_from_config(key: str) -> Callable[[], str]:
    """A Flask-Limiter limit read from ``app.config[key]`` at each request, so that a deployment (or a
    test) tunes it without code: ``@limiter.limit(limit_from_config("RATELIMIT_LINK"))``."""
    return lambda: str(current_app.config[key])
