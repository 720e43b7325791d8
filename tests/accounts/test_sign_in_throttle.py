"""[9][25] Sign-in is throttled per account and per address (429), not globally; failures count."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from wizard.accounts import operations
from wizard.extensions import db

PASSWORD = "correct horse battery staple 42"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def attempt(client: Any, email: str, password: str, address: str) -> int:
    """One sign-in attempt from ``address``; its status code."""
    env = {"REMOTE_ADDR": address}
    found = TOKEN.search(client.get("/login", environ_base=env).get_data(as_text=True))
    assert found
    response = client.post("/login", data={"csrf_token": found.group(1), "email": email, "password": password},
                           environ_base=env)
    return int(response.status_code)


def throttled_app(app_factory: Any, url: str, **overrides: Any) -> Flask:
    application: Flask = app_factory(url, LOGIN_LIMIT_ACCOUNT="3 per minute", LOGIN_LIMIT_ADDRESS="5 per minute",
                                     **overrides)
    with application.app_context():
        db.create_all()
    return application


def check_limits(application: Flask) -> None:
    with application.app_context():
        operations.create_user("ada@authority.test", "advisor", PASSWORD)
        operations.create_user("bob@authority.test", "advisor", PASSWORD)
    client = application.test_client()
    # per account: three failures from three addresses, then even the right password is refused
    assert [attempt(client, "ada@authority.test", "wrong password!!", f"10.0.0.{i}") for i in (1, 2, 3)] == [401] * 3
    assert attempt(client, "ada@authority.test", PASSWORD, "10.0.0.4") == 429
    # ...which does not lock anybody else out
    assert attempt(application.test_client(), "bob@authority.test", PASSWORD, "10.0.0.4") == 303
    # per address: five failures on five accounts from one address, then that address waits
    other = application.test_client()
    codes = [attempt(other, f"user{i}@authority.test", "wrong password!!", "10.9.9.9") for i in range(5)]
    assert codes == [401] * 5
    response_code = attempt(other, "bob@authority.test", PASSWORD, "10.9.9.9")
    assert response_code == 429
    assert attempt(other, "bob@authority.test", PASSWORD, "10.9.9.8") == 303


def test_limits_in_memory(app_factory: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Redis (python run.py), the limits hold per process."""
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    check_limits(throttled_app(app_factory, f"sqlite:///{tmp_path / 'memory.sqlite3'}"))


@pytest.mark.redis
def test_limits_in_redis(app_factory: Any, tmp_path: Any, redis_storage: str) -> None:
    """With Redis, the same limits, shared by every worker."""
    check_limits(throttled_app(app_factory, f"sqlite:///{tmp_path / 'redis.sqlite3'}",
                               RATELIMIT_STORAGE_URI=redis_storage))


def test_successful_sign_ins_do_not_count(app_factory: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """An advisor who signs in many times a day is never throttled."""
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    application = throttled_app(app_factory, f"sqlite:///{tmp_path / 'ok.sqlite3'}")
    with application.app_context():
        operations.create_user("ada@authority.test", "advisor", PASSWORD)
    for _ in range(6):
        assert attempt(application.test_client(), "ada@authority.test", PASSWORD, "10.0.0.1") == 303
