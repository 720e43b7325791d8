"""Schemathesis against the app itself (WSGI, no server), on SQLite and PostgreSQL, with all its checks:
requests generated from the OpenAPI document the server serves, valid and invalid ones, must get the answers
that document promises.

Two runs of every operation:
- as a stranger: references and secrets are generated, so the secret-guarded operations must answer the
  documented 404 (by design the same for an unknown reference and a wrong or missing secret);
- as the holder of an assessment's secret: the same operations called on a real assessment, so that bodies,
  answers, results and reports are checked in depth.

In the second run ``ignored_auth`` is left out: it resends each request without the secret and expects
401/403 where the document promises 404; what it guards (no success without the secret) is what the first
run and tests/api/test_api.py::test_every_api_route_is_public_or_needs_the_secret check.

A third run is schemathesis's stateful phase: sequences that create an assessment and follow the
document's links (which carry the returned secret) to the other operations.

The number of examples is bounded (EXAMPLES per operation and run) so that the file takes seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_helpers import auth
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth
from schemathesis.config import SchemathesisConfig

EXAMPLES = 10
#: 412 (If-Match names another version, docs/openapi.yaml) added to schemathesis's defaults: a well-formed
#: request may meet the assessment's state (as 409 already does), and RFC 9110 (13.2.2) evaluates the
#: precondition before the request's content, so a malformed body sent with a stale If-Match gets 412.
CONFIG = SchemathesisConfig.from_dict({"checks": {
    "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", 401, 403, 404, 409, 412, 429, "5xx"]},
    "negative_data_rejection": {"expected-statuses": [400, 401, 403, 404, 405, 406, 409, 412, 415, 422, 428,
                                                      429, "5xx"]}}})
HYPOTHESIS = settings(max_examples=EXAMPLES, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                             HealthCheck.filter_too_much])


@pytest.fixture
def api_schema(db_api_app: Flask) -> Iterator[Any]:
    """The served document, loaded by schemathesis over WSGI (no server), with a real assessment."""
    client = db_api_app.test_client()
    response = client.post("/api/v1/assessments", json={"system_name": "Schemathesis", "organisation": "Fuzz"})
    assert response.status_code == 201
    db_api_app.config["SCHEMATHESIS_ASSESSMENT"] = response.json
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", db_api_app, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    """schemathesis 4.32 renames the test node through ``_nodeid``, which pytest 9.2 no longer has:
    give it one (used only to name the operation in reports)."""
    request.node._nodeid = request.node.nodeid


@schema.parametrize()
@HYPOTHESIS
def test_a_stranger_gets_what_the_document_promises(case: Any) -> None:
    case.call_and_validate()


@schema.parametrize()
@HYPOTHESIS
def test_the_secret_holder_gets_what_the_document_promises(case: Any, db_api_app: Flask) -> None:
    assessment = db_api_app.config["SCHEMATHESIS_ASSESSMENT"]
    # A case made without the Authorization header (schemathesis probing a missing secret) is a stranger's
    # request and stays one: its generated reference gets the documented 404 (schemathesis's own rule,
    # 404 for a drawn resource). Every other case is sent on the real assessment with its real secret.
    carries_secret = any(name.lower() == "authorization" for name in case.headers or {})
    if "reference" in (case.path_parameters or {}) and carries_secret:
        case.path_parameters["reference"] = assessment["reference"]
        headers = {k: v for k, v in case.headers.items() if k.lower() != "authorization"}
        case.headers = {**headers, **auth(assessment["secret"])}
    case.call_and_validate(excluded_checks=[ignored_auth])


def test_sequences_of_calls_keep_the_promises(db_api_app: Flask) -> None:
    """Schemathesis's stateful phase: create an assessment, then follow the document's links (with the
    secret the creation returned) to read it, answer, evaluate and download, in generated sequences."""
    machine = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", db_api_app, config=CONFIG).as_state_machine()

    class Sequences(machine):
        def validate_response(self, response: Any, case: Any, additional_checks: Any = None,
                              **kwargs: Any) -> None:
            # every check but ignored_auth, as for the secret holder above (the links carry the secret)
            case.validate_response(response, additional_checks=additional_checks, excluded_checks=[ignored_auth],
                                   transport_kwargs=kwargs or None, recorder=getattr(self, "recorder", None))

    Sequences.run(settings=settings(max_examples=EXAMPLES, stateful_step_count=4, deadline=None,
                                    suppress_health_check=list(HealthCheck)))
