"""[25] Rate limits per client address on link opening, creation (web and API), verification and report
downloads; 429 pages in both languages; with Redis, every worker counts together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from wizard.extensions import db

from .helpers import Respondent


def with_schema(app: Flask) -> Flask:
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def limited(app_factory: Any, tmp_path: Path) -> Flask:
    """An app on SQLite with small limits (memory storage, fresh per app)."""
    return with_schema(app_factory(f"sqlite:///{tmp_path / 'limits.sqlite3'}", RATELIMIT_LINK="3 per minute",
                                   RATELIMIT_CREATE="2 per hour", RATELIMIT_DOWNLOAD="2 per minute"))


def test_guessing_links_is_stopped(limited: Flask) -> None:
    client = limited.test_client()
    codes = [client.get(f"/a/guess-{i}").status_code for i in range(4)]
    assert codes == [404, 404, 404, 429]
    response = client.get("/a/guess-5", headers={"Accept-Language": "fr"})
    assert response.status_code == 429 and "Trop de requêtes" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


def test_creating_assessments_is_limited_on_the_web(limited: Flask) -> None:
    r = Respondent(limited.test_client())
    r.start()
    r.start()
    response = r.post("/start", {"system_name": "Third", "organisation": "Acme", "lang": "en"})
    assert response.status_code == 429 and "Too many requests" in r.page


def test_creating_assessments_is_limited_in_the_api(limited: Flask) -> None:
    client = limited.test_client()
    body = {"system_name": "S", "organisation": "O", "lang": "en"}
    codes = [client.post("/api/v1/assessments", json=body).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    refused = client.post("/api/v1/assessments", json=body)
    assert refused.is_json and refused.json is not None and "too many requests" in refused.json["error"]


def test_report_downloads_are_limited(limited: Flask) -> None:
    r = Respondent(limited.test_client())
    reference = r.start()
    r.complete(reference)
    codes = [r.client.get(f"/assessments/{reference}/report.{ext}").status_code for ext in ("md", "csv", "pdf")]
    assert codes == [200, 200, 429]
    assert r.client.get(f"/assessments/{reference}/result").status_code == 200   # pages are not limited


def test_api_report_downloads_are_limited(limited: Flask) -> None:
    client = limited.test_client()
    created = client.post("/api/v1/assessments", json={"system_name": "S", "organisation": "O", "lang": "en"}).json
    assert created is not None
    headers = {"Authorization": f"Bearer {created['secret']}"}
    base = f"/api/v1/assessments/{created['reference']}"
    codes = [client.get(f"{base}/report.md", headers=headers).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_each_address_has_its_own_count(limited: Flask) -> None:
    client = limited.test_client()
    for i in range(3):
        client.get(f"/a/guess-{i}")
    assert client.get("/a/x").status_code == 429
    assert client.get("/a/x", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 404


@pytest.mark.redis
def test_with_redis_two_workers_share_the_link_count(app_factory: Any, redis_storage: str, tmp_path: Path) -> None:
    apps = [app_factory(f"sqlite:///{tmp_path / 'shared.sqlite3'}", RATELIMIT_STORAGE_URI=redis_storage,
                        RATELIMIT_LINK="3 per minute") for _ in range(2)]
    with_schema(apps[0])
    codes = [apps[i % 2].test_client().get(f"/a/guess-{i}").status_code for i in range(4)]
    assert codes == [404, 404, 404, 429]
    assert apps[1].test_client().get("/a/again").status_code == 429
