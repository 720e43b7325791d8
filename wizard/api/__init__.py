"""The JSON API under /api/v1: create an assessment, put answers and statuses, get the outcome and any
report format. Each assessment is reached with its secret (``Authorization: Bearer <secret>``), the same
secret as its private link; a wrong or missing secret answers 404, like the web pages.

Documented in docs/openapi.yaml and served, exact for this server's questionnaires, at /api/v1/openapi.json
(wizard/api/openapi.py); inputs are checked against the same schemas (body.py, inputs.py, schemas.py).
tests/api/test_openapi.py and tests/api/test_schemathesis.py hold the server to that document. Every
answer under /api, errors included, is JSON (wizard/web/errors.py hands them to ``http_problem``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from wizard import assessments
from wizard.accounts import policy
from wizard.api import body, inputs, openapi
from wizard.catalog import catalog
from wizard.extensions import csrf, limit_from_config, limiter
from wizard.models import Assessment
from wizard.report_cache import render_cached
from wizard.reporting import report_meta, seal_key
from wizard.web.access import Opened, link_key, opened

bp = Blueprint("api", __name__, url_prefix="/api/v1")
policy.public(bp, "the JSON API: every assessment route checks the assessment's secret")
csrf.exempt(bp)   # no cookies here: the secret travels in a header, so there is nothing to forge

REPORT_FORMATS = {"pdf": "pdf", "md": "markdown", "csv": "csv", "json": "json", "pia.json": "pia"}


def problem(status: int, message: str, errors: dict[str, str] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """A JSON error body ``{"error", "errors"?}`` with ``status``."""
    payload: dict[str, Any] = {"error": message}
    if errors:
        payload["errors"] = errors
    response = jsonify(payload)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def is_api_request() -> bool:
    """Whether this request is under /api/ (whose every answer, errors included, is JSON)."""
    return request.path == "/api" or request.path.startswith("/api/")


#: The message of each HTTP error answered by the API (routing errors included).
MESSAGES = {400: "bad request", 404: "not found", 405: "method not allowed", 413: "request body too large",
            429: "too many requests", 500: "internal error: nothing was stored",
            503: "service unavailable: nothing was stored, try again later"}


def http_problem(error: HTTPException) -> Response:
    """The JSON answer to an HTTP error raised under /api/ (404/405 of routing, 413, 429...), with its
    headers (``Allow`` on a 405, ``Retry-After`` on a 429)."""
    code = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return problem(code, MESSAGES.get(code, error.name.lower()), headers=headers)


@bp.errorhandler(429)
def too_many(error: Exception) -> Response:
    """Past a rate limit: JSON, with the Retry-After header Flask-Limiter computed."""
    response = problem(429, "too many requests: retry later")
    if isinstance(error, HTTPException) and error.response is not None and "Retry-After" in error.response.headers:
        response.headers["Retry-After"] = error.response.headers["Retry-After"]
    return response


def _secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def open_with_secret(reference: str) -> Opened:
    """The assessment ``reference`` if the request carries its secret; 404 otherwise (never 401/403,
    so that the API does not confirm that a reference exists)."""
    secret = _secret()
    found: Assessment | None = assessments.find_by_token(secret) if secret else None
    if found is None or not hmac.compare_digest(found.reference.encode(), reference.encode()):
        abort(404)
    return opened(found)


def _json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 saying what is wrong with it (wizard/api/body.py)."""
    if not request.is_json:
        abort(problem(400, "expected a JSON object body (Content-Type: application/json)"))
    try:
        data = body.parse(request.get_data(cache=False))
    except body.BadBody as bad:
        abort(problem(400, f"unacceptable JSON body: {bad.message}",
                      {bad.where: bad.message} if bad.where else None))
    if not isinstance(data, dict):
        abort(problem(400, "expected a JSON object body (Content-Type: application/json)"))
    return data


def _lang(o: Opened) -> str:
    """The ``lang`` query parameter (422 when the questionnaire has no such language), else the assessment's."""
    wanted = request.args.get("lang")
    if wanted is None:
        return o.assessment.lang if o.assessment.lang in o.questionnaire.languages else o.questionnaire.languages[0]
    if wanted not in o.questionnaire.languages:
        abort(problem(422, "invalid parameter", {"lang": f"one of: {', '.join(o.questionnaire.languages)}"}))
    return wanted


def utc(moment: datetime | None) -> str | None:
    """An RFC 3339 timestamp with its offset (stored times are naive UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _links(reference: str) -> dict[str, str]:
    return {
        "self": url_for("api.get_assessment", reference=reference),
        "answers": url_for("api.put_answers", reference=reference),
        "result": url_for("api.get_result", reference=reference),
        "report": url_for("api.get_report", reference=reference, fmt="pdf"),
    }


def _assessment_json(o: Opened) -> dict[str, Any]:
    a = o.assessment
    return {
        "reference": a.reference, "system_name": a.system_name, "organisation": a.organisation,
        "contact": a.contact, "lang": a.lang,
        "questionnaire": {"id": a.questionnaire_id, "version": a.questionnaire_version,
                          "content_hash": a.content_hash},
        "created_at": utc(a.created_at), "updated_at": utc(a.updated_at), "completed_at": utc(a.completed_at),
        "answers": o.answers, "statuses": o.statuses, "links": _links(a.reference),
    }


@bp.get("/openapi.json")
def get_openapi() -> Response:
    """This API's OpenAPI document, exact for the questionnaires this server offers."""
    return jsonify(openapi.document(catalog().current.values()))


@bp.post("/assessments")
@limiter.limit(limit_from_config("RATELIMIT_CREATE"))
def create_assessment() -> tuple[Response, int]:
    """Start an assessment; the response carries its secret, shown only this once."""
    errors: dict[str, str] = {}
    new = inputs.new_assessment(_json_body(), catalog(), errors)
    if new is None:
        return problem(422, "invalid assessment", errors), 422
    assessment, secret = assessments.start(new.questionnaire, system_name=new.system_name,
                                           organisation=new.organisation, contact=new.contact, lang=new.lang,
                                           link_key=link_key())
    current_app.logger.info("api: assessment created")   # no reference, no secret in logs
    created = _assessment_json(opened(assessment))
    created["secret"] = secret
    response = jsonify(created)
    response.headers["Location"] = created["links"]["self"]
    return response, 201


def etag_of(o: Opened) -> str:
    """The version of an assessment as the API shows it: changes with every save (answers, statuses,
    completion), so a client that sends it back in ``If-Match`` never overwrites a newer state."""
    a = o.assessment
    state = [a.updated_at.isoformat(), a.completed_at.isoformat() if a.completed_at else None,
             sorted(o.versions.items()), sorted(o.status_versions.items())]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:32]


def with_etag(o: Opened, response: Response) -> Response:
    """``response`` carrying the assessment's current ``ETag``."""
    response.set_etag(etag_of(o))
    return response


def check_if_match(o: Opened) -> Response | None:
    """412 when the request's ``If-Match`` names another version than the stored one (None: go on).

    Without ``If-Match`` the save goes on (older clients); each answer is still version-checked, so two
    saves at the same moment give one 409 rather than a lost update.
    """
    if not request.headers.get("If-Match"):
        return None
    if request.if_match.contains(etag_of(o)) or request.if_match.star_tag:
        return None
    response = problem(412, "changed since your copy: get the assessment again (its ETag), then retry")
    return with_etag(o, response)


@bp.get("/assessments/<reference>")
def get_assessment(reference: str) -> Response:
    """The assessment's identity, answers and statuses, with its version as ``ETag`` (304 when unchanged)."""
    o = open_with_secret(reference)
    if request.if_none_match.contains(etag_of(o)):
        return with_etag(o, Response(status=304))
    return with_etag(o, jsonify(_assessment_json(o)))


@bp.put("/assessments/<reference>/answers")
def put_answers(reference: str) -> Response:
    """Store answers (and obligation statuses) given by id; ``null`` clears an answer. All or nothing:
    one invalid value and nothing is stored (422 lists every problem). With ``If-Match: <ETag>``, a
    client whose copy is stale gets 412 and nothing is stored."""
    o = open_with_secret(reference)
    stale = check_if_match(o)
    if stale is not None:
        return stale
    data = _json_body()
    errors: dict[str, str] = {}
    inputs.unknown_keys(data, inputs.UPDATE_KEYS, errors)
    answers = inputs.answers(o.questionnaire, data.get("answers", {}), errors)
    statuses = inputs.statuses(o.questionnaire, data.get("statuses", {}), errors)
    if errors:
        return problem(422, "invalid answers", errors)
    try:
        if answers:
            assessments.save_answers(o.assessment, answers, o.versions)
        if statuses:
            assessments.save_statuses(o.assessment, statuses, o.status_versions)
    except assessments.ConflictError as conflict:
        return problem(409, "changed meanwhile: get the assessment and try again",
                       {c.key: "changed meanwhile" for c in conflict.conflicts})
    fresh = o.refresh()
    return with_etag(fresh, jsonify(_assessment_json(fresh)))


@bp.get("/assessments/<reference>/result")
def get_result(reference: str) -> Response:
    """The evaluation (docs/json-output.md, format ai-compliance-wizard/result)."""
    o = open_with_secret(reference)
    return jsonify(o.result.to_json(_lang(o)))


@bp.get("/assessments/<reference>/report.<fmt>")
@limiter.limit(limit_from_config("RATELIMIT_DOWNLOAD"))
def get_report(reference: str, fmt: str) -> Response:
    """The report in any format: pdf, md, csv, json, pia.json (the last only when a DPIA is required)."""
    from wizard.report import EXTENSIONS, FORMATS, render
    from wizard.report.pia import PiaNotApplicable

    o = open_with_secret(reference)
    kind = REPORT_FORMATS.get(fmt)
    if kind is None:
        return problem(404, f"unknown format: one of {', '.join(REPORT_FORMATS)}")
    lang = _lang(o)
    try:
        data = render_cached(kind, o, lang, lambda: render(
            kind, o.questionnaire, o.result, o.answers, o.statuses, report_meta(o, lang), seal_key=seal_key()))
    except PiaNotApplicable as reason:
        return problem(409, f"no PIA export: {reason}")
    name = f"{o.assessment.reference}-{lang}.{EXTENSIONS[kind]}"
    return Response(data, content_type=FORMATS[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
