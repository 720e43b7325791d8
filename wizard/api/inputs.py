"""Checks of the API's inputs, field by field: exactly what docs/openapi.yaml (and the document served at
/api/v1/openapi.json) says is accepted. Each function fills ``errors`` (field -> what is wrong) and
returns only valid values, so a view stores all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.api.schemas import NOTE_LIMIT, STATUSES, answer_problem
from wizard.catalog import Catalog
from wizard.engine import AnswerError, coerce_answer
from wizard.questionnaire import Questionnaire

TEXT_LIMIT = 200
NEW_ASSESSMENT_KEYS = ("system_name", "organisation", "contact", "lang", "questionnaire")
UPDATE_KEYS = ("answers", "statuses")
STATUS_KEYS = ("status", "note")


def unknown_keys(data: dict[str, Any], known: tuple[str, ...], errors: dict[str, str], prefix: str = "") -> None:
    """Refuse keys the document does not list, so that a misspelt one is not silently ignored."""
    for key in data:
        if key not in known:
            errors[f"{prefix}{key}"] = "unknown field"


@dataclass(frozen=True)
class NewAssessment:
    """The valid fields of a new assessment."""

    questionnaire: Questionnaire
    system_name: str
    organisation: str
    contact: str | None
    lang: str


def _text(data: dict[str, Any], name: str, required: bool, errors: dict[str, str]) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = "required"
        return None
    if not isinstance(value, str) or len(value) > TEXT_LIMIT:
        errors[name] = f"a text of at most {TEXT_LIMIT} characters"
        return None
    return value.strip()


def new_assessment(data: dict[str, Any], offered: Catalog, errors: dict[str, str]) -> NewAssessment | None:
    """The new assessment ``data`` describes, or None with ``errors`` filled."""
    unknown_keys(data, NEW_ASSESSMENT_KEYS, errors)
    system_name = _text(data, "system_name", True, errors)
    organisation = _text(data, "organisation", True, errors)
    contact = _text(data, "contact", False, errors)
    wanted = data.get("questionnaire")
    q = offered.for_new_assessment(wanted if isinstance(wanted, str) else None)
    if q is None or (wanted is not None and q.id != wanted):
        q = None
        errors["questionnaire"] = f"one of: {', '.join(sorted(offered.current))}"
    lang = data.get("lang")
    if q is not None and lang is None:
        lang = q.languages[0]
    elif q is not None and lang not in q.languages:
        errors["lang"] = f"one of: {', '.join(q.languages)}"
    if errors or q is None or system_name is None or organisation is None:
        return None
    return NewAssessment(q, system_name, organisation, contact, str(lang))


def answers(questionnaire: Questionnaire, raw: Any, errors: dict[str, str]) -> dict[str, Any]:
    """Canonical answers by question id from the ``answers`` object (null clears an answer)."""
    values: dict[str, Any] = {}
    if not isinstance(raw, dict):
        errors["answers"] = "an object: question id -> value"
        return values
    for qid, value in raw.items():
        key = f"answers.{qid}"
        question = questionnaire.question(str(qid))
        if question is None:
            errors[key] = "unknown question"
        elif (problem := answer_problem(questionnaire, question, value)) is not None:
            errors[key] = problem
        else:
            try:
                values[question.id] = coerce_answer(question, value)
            except AnswerError as error:  # what a schema cannot say (a date range)
                errors[key] = error.message
    return values


def statuses(questionnaire: Questionnaire, raw: Any, errors: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Statuses ``{"status", "note"}`` by obligation id; a missing note is stored as an empty one."""
    values: dict[str, dict[str, Any]] = {}
    if not isinstance(raw, dict):
        errors["statuses"] = "an object: obligation id -> {status, note}"
        return values
    for oid, entry in raw.items():
        key = f"statuses.{oid}"
        if questionnaire.obligation(str(oid)) is None:
            errors[key] = "unknown obligation"
        elif entry is None:
            values[str(oid)] = {"status": None, "note": ""}
        elif not isinstance(entry, dict) or entry.get("status") not in STATUSES or set(entry) - set(STATUS_KEYS):
            errors[key] = f"an object with status one of {', '.join(STATUSES)} and an optional note, nothing else"
        elif entry.get("note") is not None and (not isinstance(entry["note"], str) or len(entry["note"]) > NOTE_LIMIT):
            errors[key] = f"note: a text of at most {NOTE_LIMIT} characters"
        else:
            values[str(oid)] = {"status": entry["status"], "note": entry.get("note") or ""}
    return values
