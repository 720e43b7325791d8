"""docs/openapi.yaml matches the implementation: same routes and methods, and real responses validate
against the documented schemas (a small JSON Schema subset checker: the project ships no validator)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from api_helpers import auth
from flask import Flask
from flask.testing import FlaskClient
from ruamel.yaml import YAML

SPEC = YAML(typ="safe", pure=True).load((Path(__file__).parents[2] / "docs" / "openapi.yaml").read_text())
TYPES = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool, "null": type(None),
         "number": (int, float)}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = SPEC
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def check(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Problems of `value` against `schema` (type, required, properties, enum, const, allOf, oneOf)."""
    schema = resolve(schema)
    problems: list[str] = []
    for sub in schema.get("allOf", []):
        problems += check(value, sub, path)
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not check(value, s, path)]
        if len(matches) != 1:
            problems.append(f"{path}: matches {len(matches)} of oneOf")
    if "type" in schema:
        allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(isinstance(value, TYPES[t]) and not (t in ("integer", "number") and isinstance(value, bool))
                 for t in allowed)
        if not ok:
            return [*problems, f"{path}: {type(value).__name__} is not {allowed}"]
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path}: missing {key}")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems += check(value[key], sub, f"{path}.{key}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key, item in value.items():
                if key not in schema.get("properties", {}):
                    problems += check(item, extra, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += check(item, schema["items"], f"{path}[{i}]")
    return problems


def documented(path: str, method: str, status: int, response: Any) -> None:
    """`status` is documented for the operation and the body validates against its schema."""
    op = SPEC["paths"][path][method]
    assert str(status) in op["responses"], f"{method.upper()} {path} answered undocumented {status}"
    doc = resolve(op["responses"][str(status)])
    content = doc.get("content", {})
    mimetype = response.mimetype
    assert mimetype in content, f"{method.upper()} {path} {status}: {mimetype} not documented"
    if mimetype == "application/json":
        problems = check(response.json, content[mimetype]["schema"])
        assert not problems, problems


def test_every_route_is_documented_and_every_documented_path_exists(api_app: Flask) -> None:
    implemented = set()
    for rule in api_app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            implemented |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    in_spec = {(path, method) for path, item in SPEC["paths"].items() for method in item}
    assert implemented == in_spec


def test_responses_match_the_documented_schemas(api: FlaskClient) -> None:
    r = api.post("/api/v1/assessments", json={"system_name": "S", "organisation": "O", "contact": None})
    documented("/assessments", "post", r.status_code, r)
    created = r.json
    for body in ({"organisation": "O"}, ["not", "an", "object"]):
        r = api.post("/api/v1/assessments", json=body)
        documented("/assessments", "post", r.status_code, r)
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    r = api.get(base, headers=headers)
    documented("/assessments/{reference}", "get", r.status_code, r)
    r = api.get(base)
    documented("/assessments/{reference}", "get", r.status_code, r)
    for body in ({"answers": {"role": "maker", "listed_use": "unsure"},
                  "statuses": {"literacy": {"status": "in_progress", "note": None}}},
                 {"answers": {"role": "robot"}}):
        r = api.put(f"{base}/answers", headers=headers, json=body)
        documented("/assessments/{reference}/answers", "put", r.status_code, r)
    r = api.get(f"{base}/result", headers=headers)
    documented("/assessments/{reference}/result", "get", r.status_code, r)
    for fmt in ("pdf", "md", "csv", "json", "pia.json", "docx"):
        r = api.get(f"{base}/report.{fmt}", headers=headers)
        documented("/assessments/{reference}/report.{fmt}", "get", r.status_code, r)


def test_the_served_document_is_exact_for_this_server(api: FlaskClient, api_app: Flask) -> None:
    """GET /api/v1/openapi.json: the reference document with the questionnaire's ids and languages."""
    from wizard.catalog import catalog

    served = api.get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.mimetype == "application/json"
    doc = served.json
    assert doc["paths"].keys() == SPEC["paths"].keys()
    with api_app.app_context():
        (q,) = catalog().current.values()
    new = doc["components"]["schemas"]["NewAssessment"]["properties"]
    assert new["questionnaire"]["enum"] == [q.id, None] and new["lang"]["enum"] == [*q.languages, None]
    update = doc["components"]["schemas"]["AnswersUpdate"]["properties"]
    assert set(update["answers"]["properties"]) == set(q.questions)
    assert set(update["statuses"]["properties"]) == {o.id for o in q.obligations}
    assert update["answers"]["additionalProperties"] is False
    assert update["answers"]["properties"]["role"]["anyOf"][0] == {"enum": ["maker", "user"]}


def test_the_reference_document_states_the_servers_text_rule() -> None:
    """The patterns written in docs/openapi.yaml are the ones the server applies."""
    from wizard.api.schemas import NON_BLANK_TEXT, SAFE_TEXT

    schemas = SPEC["components"]["schemas"]
    assert schemas["RequiredText"]["pattern"] == NON_BLANK_TEXT
    assert schemas["Status"]["properties"]["note"]["pattern"] == SAFE_TEXT
    assert schemas["NewAssessment"]["properties"]["contact"]["pattern"] == SAFE_TEXT


def test_an_unexpected_failure_under_the_api_is_a_json_500(api_app: Flask) -> None:
    from wizard.accounts.policy import public_view

    def boom() -> str:
        raise RuntimeError("unexpected")

    api_app.add_url_rule("/api/v1/boom", view_func=public_view(boom))
    api_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = api_app.test_client().get("/api/v1/boom")
    assert response.status_code == 500 and response.json == {"error": "internal error: nothing was stored"}
    assert "Set-Cookie" not in response.headers
