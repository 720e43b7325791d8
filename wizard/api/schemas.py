"""JSON Schemas of what the API accepts, built from the questionnaires, and checked with the same schemas.

The served OpenAPI document (wizard/api/openapi.py) embeds these schemas and the input checks of
wizard/api/__init__.py validate against them, so that the document and the server cannot disagree on
which answer values, obligation ids or languages are accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jsonschema_rs

from wizard.engine.answers import UNSURE

if TYPE_CHECKING:
    from wizard.questionnaire import Questionnaire
    from wizard.questionnaire.model import Question

#: A text without the characters wizard/api/body.py refuses (C0 controls but tab and line ends, DEL, C1,
#: BOM, non-characters). Lone surrogates cannot be written in JSON Schema; the body check refuses them.
SAFE_CHARS = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\uFFFE\uFFFF"
SAFE_TEXT = rf"^[^{SAFE_CHARS}]*$"
#: The same, with at least one character that is not white space (what "not blank" means after strip()).
NON_BLANK_TEXT = rf"^[^{SAFE_CHARS}]*[^\s{SAFE_CHARS}][^{SAFE_CHARS}]*$"
#: The body check refuses integers of more than 15 digits (wizard/api/body.py).
NUMBER_LIMIT = 10**15 - 1
NOTE_LIMIT = 2000
STATUSES = ("done", "in_progress", "not_started", "not_applicable")


def _with_unsure(question: Question, alternatives: list[dict[str, Any]]) -> dict[str, Any]:
    if question.accepts_unsure:
        alternatives.append({"const": UNSURE})
    alternatives.append({"type": "null"})
    return {"anyOf": alternatives}


def answer_schema(question: Question) -> dict[str, Any]:
    """What the API accepts as the answer to ``question``; ``null`` clears it."""
    kind = question.type
    if kind in ("yes_no", "yes_no_unsure"):
        return _with_unsure(question, [{"type": "boolean"}])
    if kind == "single":
        return _with_unsure(question, [{"enum": list(question.option_values)}])
    if kind == "multiple":
        listed: dict[str, Any] = {"type": "array", "items": {"enum": list(question.option_values)},
                                  "uniqueItems": True}
        rules: list[dict[str, Any]] = []
        if question.max_choices is not None:
            listed["maxItems"] = question.max_choices
        if question.min_choices:
            rules.append({"anyOf": [{"maxItems": 0}, {"minItems": question.min_choices}]})
        for option in question.options:
            if option.exclusive:  # chosen alone or not at all
                rules.append({"anyOf": [{"not": {"contains": {"const": option.value}}}, {"maxItems": 1}]})
        if rules:
            listed["allOf"] = rules
        return _with_unsure(question, [listed])
    if kind in ("text", "long_text"):
        return {"anyOf": [{"type": "string", "maxLength": question.text_limit, "pattern": SAFE_TEXT},
                          {"type": "null"}]}
    if kind == "number":
        step = question.step if question.step is not None else 1
        number: dict[str, Any] = {"type": "integer" if float(step).is_integer() else "number",
                                  "minimum": question.min if question.min is not None else -NUMBER_LIMIT,
                                  "maximum": question.max if question.max is not None else NUMBER_LIMIT}
        return _with_unsure(question, [number])
    if kind == "date":
        date: dict[str, Any] = {"type": "string", "format": "date"}
        if question.min_date or question.max_date:
            date["description"] = f"from {question.min_date or 'any date'} to {question.max_date or 'any date'}"
        return _with_unsure(question, [date])
    return {}


def answers_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """The ``answers`` object of a PUT: question id -> value, no other key."""
    return {"type": "object", "additionalProperties": False,
            "description": "Question id -> value; null clears the answer.",
            "properties": {q.id: answer_schema(q) for q in questionnaire.questions.values()}}


def status_schema() -> dict[str, Any]:
    """One obligation status as the API accepts it."""
    return {"type": "object", "required": ["status"], "additionalProperties": False,
            "properties": {"status": {"enum": list(STATUSES)},
                           "note": {"type": ["string", "null"], "maxLength": NOTE_LIMIT, "pattern": SAFE_TEXT}}}


def statuses_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """The ``statuses`` object of a PUT: obligation id -> status, or null to clear it."""
    entry = {"anyOf": [status_schema(), {"type": "null"}]}
    return {"type": "object", "additionalProperties": False,
            "description": "Obligation id -> status; null clears it.",
            "properties": {o.id: entry for o in questionnaire.obligations}}


#: Compiled validators by (questionnaire content hash, question id): questionnaires are immutable.
_VALIDATORS: dict[tuple[str, str], Any] = {}


def answer_problem(questionnaire: Questionnaire, question: Question, value: Any) -> str | None:
    """Why ``value`` is not accepted for ``question`` by its schema, or None when it is."""
    key = (questionnaire.content_hash, question.id)
    validator = _VALIDATORS.get(key)
    if validator is None:
        validator = _VALIDATORS[key] = jsonschema_rs.validator_for(answer_schema(question), validate_formats=True)
    if validator.is_valid(value):
        return None
    return _describe(question)


def _describe(question: Question) -> str:
    kind = question.type
    unsure = ", \"unsure\"" if question.accepts_unsure else ""
    if kind in ("yes_no", "yes_no_unsure"):
        return f"true, false{unsure} or null"
    if kind == "single":
        return f"one of {', '.join(question.option_values)}{unsure}, or null"
    if kind == "multiple":
        return f"a list of distinct options among {', '.join(question.option_values)}{unsure}, or null"
    if kind in ("text", "long_text"):
        return f"a text of at most {question.text_limit} characters, or null"
    if kind == "number":
        return f"a number within the question's limits{unsure}, or null"
    return f"a date YYYY-MM-DD{unsure}, or null"
