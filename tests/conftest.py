"""Shared fixtures: the app on SQLite and (when available) PostgreSQL, a fresh schema per test.

PostgreSQL runs when TEST_DATABASE_URL is set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test);
without it those parameters skip, except when CI=true, where a missing database is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from wizard import create_app
from wizard.config import database_url_from_env
from wizard.extensions import db

FIXTURE_QUESTIONNAIRES = Path(__file__).parent / "web" / "fixtures" / "questionnaires"
IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """Skip with ``reason`` locally; fail in CI, where every backend must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: PostgreSQL, Redis and browser tests must run)")
    pytest.skip(reason)


def postgres_url() -> str:
    """The PostgreSQL URL for tests, checked reachable (skip/fail otherwise)."""
    raw = os.environ.get("TEST_DATABASE_URL", "")
    if not raw:
        unavailable("TEST_DATABASE_URL is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    url = database_url_from_env(raw)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as error:  # noqa: BLE001 - any connection failure means "not available"
        unavailable(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error.__class__.__name__}")
    finally:
        engine.dispose()
    return url


def redis_url() -> str:
    """The Redis URL for rate-limit tests (TEST_REDIS_URL), checked reachable (skip/fail otherwise)."""
    raw = os.environ.get("TEST_REDIS_URL", "")
    if not raw:
        unavailable("TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/15)")
    import redis  # only the Redis tests need the client

    client = redis.Redis.from_url(raw, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001 - any connection failure means "not available"
        unavailable(f"Redis at TEST_REDIS_URL is unreachable: {error.__class__.__name__}")
    finally:
        client.close()
    return raw


@pytest.fixture
def redis_storage() -> Iterator[str]:
    """A Redis URL for rate-limit storage, its database emptied before and after the test."""
    import redis  # only the Redis tests need the client

    url = redis_url()
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def postgres_database() -> str:
    """The PostgreSQL test URL, for tests that only mean something there (skip locally, fail in CI)."""
    return postgres_url()


@pytest.fixture
def app_factory() -> Any:
    """``make_app`` for tests that build apps of their own (conftest modules cannot be imported by name)."""
    return make_app


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for one backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'wizard-test.sqlite3'}"
    return postgres_url()


def make_app(db_url: str, **overrides: Any) -> Flask:
    """An app on ``db_url`` with the fixture questionnaire and CSRF enabled (as in production)."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-1234",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "QUESTIONNAIRES_PATH": str(FIXTURE_QUESTIONNAIRES),
        "DEFAULT_QUESTIONNAIRE": "mini",
        "SERVER_NAME": "wizard.test",
        # many tests create dozens of assessments or downloads from one address: the production
        # limits would stop them; tests of the limits pass their own (tests/web/test_trust_limits.py)
        "RATELIMIT_LINK": "10000 per minute",
        "RATELIMIT_CREATE": "10000 per minute",
        "RATELIMIT_DOWNLOAD": "10000 per minute",
        "RATELIMIT_VERIFY": "10000 per minute",
        # argon2id at a test-friendly cost (production keeps the defaults of wizard/config.py)
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
    }
    config.update(overrides)
    return create_app(config)


def reset_schema(app: Flask) -> None:
    """Drop everything (including Alembic's table) and create the models' schema."""
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.drop_all()
        db.create_all()


def drop_schema(app: Flask) -> None:
    """Drop the models' tables and close the connections (PostgreSQL keeps tables between tests)."""
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    """The app with a fresh schema."""
    application = make_app(db_url)
    reset_schema(application)
    yield application
    drop_schema(application)


@pytest.fixture
def second_app(db_url: str) -> Iterator[Flask]:
    """Another app instance on the same database (a second worker process)."""
    application = make_app(db_url)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client (one browser)."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    """A CLI runner."""
    return app.test_cli_runner()


#: The password of every account the fixtures below create (it passes the password policy).
USER_PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def make_user(app: Flask) -> Any:
    """``make_user(role, email=None, password=USER_PASSWORD, name="")`` creates an active account
    (role: "advisor", "editor" or "admin") through the same operation as the CLI; returns its e-mail."""
    from wizard.accounts import operations

    counter = iter(range(1, 10_000))

    def create(role: str, email: str | None = None, password: str = USER_PASSWORD, name: str = "") -> str:
        address = email or f"{role}{next(counter)}@authority.test"
        with app.app_context():
            operations.create_user(address, role, password, name=name)
        return address

    return create


@pytest.fixture
def login_as(app: Flask, make_user: Any) -> Any:
    """``login_as(client, role)`` signs ``client`` in through ``/login`` as a new user with ``role``
    ("advisor", "editor" or "admin"; None leaves it anonymous) and returns the user's e-mail.
    ``login_as(client, role, email=..., password=...)`` signs in an account made with ``make_user``.

    Example::

        def test_advisors_see_the_queue(client, login_as):
            login_as(client, "advisor")
            assert client.get("/review/").status_code == 200
    """
    import re

    def sign_in(client: FlaskClient, role: str | None, *, email: str | None = None,
                password: str = USER_PASSWORD, remember: bool = False) -> str | None:
        if role is None and email is None:
            return None
        address = email or make_user(str(role), password=password)
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, "no CSRF token on the sign-in page"
        form = {"csrf_token": token.group(1), "email": address, "password": password}
        if remember:
            form["remember"] = "y"
        response = client.post("/login", data=form)
        assert response.status_code == 303, response.get_data(as_text=True)
        return address

    return sign_in
