"""Rate-limit storage: Redis when configured (shared by every worker), memory otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from wizard.accounts import policy
from wizard.extensions import limiter


def limited_app(make_app: Any, tmp_path: Path, **overrides: object) -> Flask:
    """An app with one extra route limited to two requests a minute."""
    app = make_app(f"sqlite:///{tmp_path / 'limits.sqlite3'}", **overrides)

    @app.route("/_limited")
    @policy.public_view
    @limiter.limit("2/minute")
    def limited() -> str:
        return "ok"

    return app


def test_memory_storage_by_default(app_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python run.py` needs no Redis: without configuration, counts live in memory."""
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    app = limited_app(app_factory, tmp_path)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_redis_url_from_the_environment(app_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """REDIS_URL (or RATELIMIT_STORAGE_URI, which wins) selects the shared storage."""
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    assert app_factory(f"sqlite:///{tmp_path / 'a.sqlite3'}").config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/4")
    assert app_factory(f"sqlite:///{tmp_path / 'b.sqlite3'}").config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/4"


@pytest.mark.parametrize("lang, title", [("en", "Too many requests"), ("fr", "Trop de requêtes")])
def test_limit_answers_429_page_in_both_languages(app_factory: Any, tmp_path: Path, lang: str, title: str) -> None:
    """Past the limit: 429, the error page in the visitor's language, and a Retry-After header."""
    client = limited_app(app_factory, tmp_path).test_client()
    headers = {"Accept-Language": lang}
    assert client.get("/_limited", headers=headers).status_code == 200
    assert client.get("/_limited", headers=headers).status_code == 200
    response = client.get("/_limited", headers=headers)
    assert response.status_code == 429
    assert title in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.redis
def test_two_workers_share_one_count_in_redis(app_factory: Any, redis_storage: str, tmp_path: Path) -> None:
    """With Redis, two app processes count together: the third request, to either, is refused."""
    overrides = {"RATELIMIT_STORAGE_URI": redis_storage}
    first, second = (limited_app(app_factory, tmp_path, **overrides), limited_app(app_factory, tmp_path, **overrides))
    assert first.test_client().get("/_limited").status_code == 200
    assert second.test_client().get("/_limited").status_code == 200
    assert first.test_client().get("/_limited").status_code == 429
    assert second.test_client().get("/_limited").status_code == 429
