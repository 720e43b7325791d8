"""The API's versions: ``ETag`` on the assessment, ``If-Match`` on saves, 412 for a stale copy.

Two app instances on one database stand for two servers (or workers); on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from ruamel.yaml import YAML

from wizard.extensions import db
from wizard.models import Answer


def auth(secret: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", **extra}


def create(client: FlaskClient) -> dict[str, Any]:
    response = client.post("/api/v1/assessments", json={"system_name": "S", "organisation": "O", "lang": "en"})
    assert response.status_code == 201, response.json
    body: dict[str, Any] = response.json
    return body


def test_get_and_put_carry_an_etag_that_changes_with_every_save(app: Flask) -> None:
    client = app.test_client()
    created = create(client)
    url = f"/api/v1/assessments/{created['reference']}"
    first = client.get(url, headers=auth(created["secret"]))
    etag = first.headers["ETag"]
    assert etag and client.get(url, headers=auth(created["secret"])).headers["ETag"] == etag
    saved = client.put(f"{url}/answers", headers=auth(created["secret"], **{"If-Match": etag}),
                       json={"answers": {"is_ai": True}})
    assert saved.status_code == 200, saved.json
    assert saved.headers["ETag"] != etag
    assert client.get(url, headers=auth(created["secret"])).headers["ETag"] == saved.headers["ETag"]


def test_if_none_match_answers_304_while_nothing_changed(app: Flask) -> None:
    client = app.test_client()
    created = create(client)
    url = f"/api/v1/assessments/{created['reference']}"
    etag = client.get(url, headers=auth(created["secret"])).headers["ETag"]
    unchanged = client.get(url, headers=auth(created["secret"], **{"If-None-Match": etag}))
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    client.put(f"{url}/answers", headers=auth(created["secret"]), json={"answers": {"is_ai": True}})
    assert client.get(url, headers=auth(created["secret"], **{"If-None-Match": etag})).status_code == 200


def test_a_stale_copy_gets_412_from_another_server_and_nothing_is_stored(app: Flask, second_app: Flask) -> None:
    """Two clients read the same version; the first saves through one server, the second through the
    other: the second gets 412 (with the current ETag) and its answer is not stored."""
    one, two = app.test_client(), second_app.test_client()
    created = create(one)
    url, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    etag = one.get(url, headers=headers).headers["ETag"]
    assert two.get(url, headers=headers).headers["ETag"] == etag

    first = one.put(f"{url}/answers", headers={**headers, "If-Match": etag}, json={"answers": {"is_ai": True}})
    assert first.status_code == 200
    stale = two.put(f"{url}/answers", headers={**headers, "If-Match": etag},
                    json={"answers": {"is_ai": False, "purpose": "Other"}})
    assert stale.status_code == 412
    assert stale.json["error"].startswith("changed since your copy")
    assert stale.headers["ETag"] == first.headers["ETag"]
    with app.app_context():
        stored = {a.question_id: a.value for a in db.session.query(Answer)}
    assert stored == {"is_ai": True}

    retried = two.put(f"{url}/answers", headers={**headers, "If-Match": stale.headers["ETag"]},
                      json={"answers": {"purpose": "Other"}})
    assert retried.status_code == 200
    assert retried.json["answers"] == {"is_ai": True, "purpose": "Other"}


def test_if_match_star_and_no_if_match_still_save(app: Flask) -> None:
    """``If-Match: *`` matches any version; without If-Match older clients keep working."""
    client = app.test_client()
    created = create(client)
    url, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    assert client.put(f"{url}/answers", headers={**headers, "If-Match": "*"},
                      json={"answers": {"is_ai": True}}).status_code == 200
    assert client.put(f"{url}/answers", headers=headers, json={"answers": {"purpose": "x"}}).status_code == 200


def test_a_wrong_secret_with_if_match_still_answers_404(app: Flask) -> None:
    """The version check never runs before the secret check: no 412 tells a stranger the reference exists."""
    client = app.test_client()
    created = create(client)
    response = client.put(f"/api/v1/assessments/{created['reference']}/answers",
                          headers=auth("wrong", **{"If-Match": '"abc"'}), json={"answers": {"is_ai": True}})
    assert response.status_code == 404


def test_openapi_documents_the_versions() -> None:
    """docs/openapi.yaml: ETag on GET and PUT, If-Match on PUT with its 412, If-None-Match with its 304."""
    spec = YAML(typ="safe", pure=True).load((Path(__file__).parents[2] / "docs" / "openapi.yaml").read_text())
    get = spec["paths"]["/assessments/{reference}"]["get"]
    put = spec["paths"]["/assessments/{reference}/answers"]["put"]
    assert {"$ref": "#/components/parameters/ifMatch"} in put["parameters"]
    assert {"$ref": "#/components/parameters/ifNoneMatch"} in get["parameters"]
    assert "412" in put["responses"] and "304" in get["responses"]
    assert "ETag" in get["responses"]["200"]["headers"] and "ETag" in put["responses"]["200"]["headers"]
    assert spec["components"]["parameters"]["ifMatch"]["name"] == "If-Match"
