"""The JSON API under /api/v1: create an assessment, put answers and statuses, get the outcome and any
report format. Each assessment is reached with its secret (``Authorization: Bearer <secret>``), the same
secret as its private link; a wrong or missing secret answers 404, like the web pages.

Documented in docs/openapi.yaml (tested against this module by tests/api/test_openapi.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from wizard import assessments
from wizard.accounts import policy
from wizard.catalog import catalog
from wizard.extensions import csrf, limit_from_config, limiter
from wizard.models import Assessment
from wizard.report_cache import render_cached
from wizard.reporting import report_meta, seal_key
from wizard.web.access import Opened, link_key, opened

bp = Blueprint("api", __name__, url_prefix="/api/v1")
policy.public(bp, "the JSON API: every assessment route checks the assessment's secret")
csrf.exempt(bp)   # no cookies here: the secret travels in a header, so there is nothing to forge

TEXT_LIMIT = 200
STATUSES = ("done", "in_progress", "not_started", "not_applicable")
REPORT_FORMATS = {"pdf": "pdf", "md": "markdown", "csv": "csv", "json": "json", "pia.json": "pia"}


def problem(status: int, message: str, errors: dict[str, str] | None = None) -> Response:
    """A JSON error body ``{"error", "errors"?}`` with ``status``."""
    body: dict[str, Any] = {"error": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    return response


@bp.errorhandler(404)
def not_found(_: Exception) -> Response:
    return problem(404, "not found")


@bp.errorhandler(405)
def not_allowed(_: Exception) -> Response:
    return problem(405, "method not allowed")


@bp.errorhandler(413)
def too_large(_: Exception) -> Response:
    return problem(413, "request body too large")


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
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(problem(400, "expected a JSON object body (Content-Type: application/json)"))
    return data


def _lang(o: Opened) -> str:
    wanted = request.args.get("lang") or o.assessment.lang
    return wanted if wanted in o.questionnaire.languages else o.questionnaire.languages[0]


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
        "created_at": a.created_at.isoformat(), "updated_at": a.updated_at.isoformat(),
        "completed_at": a.completed_at.isoformat() if a.completed_at else None,
        "answers": o.answers, "statuses": o.statuses, "links": _links(a.reference),
    }


@bp.post("/assessments")
@limiter.limit(limit_from_config("RATELIMIT_CREATE"))
def create_assessment() -> tuple[Response, int]:
    """Start an assessment; the response carries its secret, shown only this once."""
    data = _json_body()
    errors: dict[str, str] = {}
    fields: dict[str, str | None] = {}
    for name, required in (("system_name", True), ("organisation", True), ("contact", False)):
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                errors[name] = "required"
            fields[name] = None
        elif not isinstance(value, str) or len(value) > TEXT_LIMIT:
            errors[name] = f"a text of at most {TEXT_LIMIT} characters"
        else:
            fields[name] = value.strip()
    wanted = data.get("questionnaire")
    q = catalog().for_new_assessment(wanted if isinstance(wanted, str) else None)
    if q is None or (wanted is not None and q.id != wanted):
        q = None
        errors["questionnaire"] = f"one of: {', '.join(sorted(catalog().current))}"
    lang = data.get("lang") or (q.languages[0] if q else "en")
    if q is not None and lang not in q.languages:
        errors["lang"] = f"one of: {', '.join(q.languages)}"
    if errors or q is None:
        return problem(422, "invalid assessment", errors), 422
    assessment, secret = assessments.start(q, system_name=str(fields["system_name"]),
                                           organisation=str(fields["organisation"]),
                                           contact=fields["contact"], lang=str(lang), link_key=link_key())
    current_app.logger.info("api: assessment created")   # no reference, no secret in logs
    body = _assessment_json(opened(assessment))
    body["secret"] = secret
    response = jsonify(body)
    response.headers["Location"] = body["links"]["self"]
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


def _validate_answers(o: Opened, raw: Any, errors: dict[str, str]) -> dict[str, Any]:
    from wizard.engine import AnswerError, coerce_answer

    values: dict[str, Any] = {}
    if not isinstance(raw, dict):
        errors["answers"] = "an object: question id -> value"
        return values
    for qid, value in raw.items():
        question = o.questionnaire.question(str(qid))
        if question is None:
            errors[f"answers.{qid}"] = "unknown question"
            continue
        try:
            values[question.id] = coerce_answer(question, value)
        except AnswerError as error:
            errors[f"answers.{qid}"] = error.message
    return values


def _validate_statuses(o: Opened, raw: Any, errors: dict[str, str]) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {}
    if not isinstance(raw, dict):
        errors["statuses"] = "an object: obligation id -> {status, note}"
        return values
    for oid, entry in raw.items():
        key = f"statuses.{oid}"
        if o.questionnaire.obligation(str(oid)) is None:
            errors[key] = "unknown obligation"
        elif entry is None:
            values[str(oid)] = {"status": None, "note": None}
        elif not isinstance(entry, dict) or entry.get("status") not in STATUSES:
            errors[key] = f"an object with status one of {', '.join(STATUSES)} and an optional note"
        elif entry.get("note") is not None and (not isinstance(entry["note"], str) or len(entry["note"]) > 2000):
            errors[key] = "note: a text of at most 2000 characters"
        else:
            values[str(oid)] = {"status": entry["status"], "note": entry.get("note") or None}
    return values


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
    answers = _validate_answers(o, data.get("answers", {}), errors)
    statuses = _validate_statuses(o, data.get("statuses", {}), errors)
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
    return Response(data, mimetype=FORMATS[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
