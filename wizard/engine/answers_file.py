"""Answers files (``assess``) and scenario files (``questionnaires test``): reading and validation.

Both are YAML mappings with ``answers`` by question id and optional ``status`` by obligation id.
Every problem is reported with its position, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from ..questionnaire.errors import Problem, QuestionnaireError
from ..questionnaire.model import Questionnaire
from ..questionnaire.yamlio import node_pos, read_yaml_file, to_plain, value_pos
from .answers import AnswerError, coerce_answer
from .result import STATUSES
from .visibility import Visibility

SCENARIO_KEYS = ("questionnaire", "as_of", "answers", "status", "title", "description", "rationale", "expect", "tags")
# An answers file may be a scenario file: `assess` ignores what a scenario expects.
ANSWERS_KEYS = (*SCENARIO_KEYS, "organisation")


@dataclass
class AnswersFile:
    """A validated answers file: canonical answers and statuses, plus where each came from."""

    path: str
    raw: Any
    questionnaire_id: str | None
    as_of: dt.date | None
    answers: dict[str, Any] = field(default_factory=dict)
    statuses: dict[str, dict[str, str]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


def read_answers_header(path: str, allowed: tuple[str, ...] = ANSWERS_KEYS) -> tuple[Any, list[Problem]]:
    """The parsed file and problems with its top-level keys."""
    raw = read_yaml_file(path)
    if not isinstance(raw, dict):
        raise QuestionnaireError([Problem(path, 1, 1, "expected a mapping with an 'answers' key")])
    problems = []
    for key in raw:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
            problems.append(node_pos(raw, (key,), path).problem(f"unknown key '{key}'{hint}"))
    return raw, problems


def pick_questionnaire(raw: Any, path: str, questionnaires: dict[str, Questionnaire],
                       wanted: str | None) -> Questionnaire:
    """The questionnaire an answers file is for: the option, its ``questionnaire`` key, or the only one."""
    qid = wanted or (str(raw.get("questionnaire")) if raw.get("questionnaire") else None)
    if qid is None:
        if len(questionnaires) == 1:
            return next(iter(questionnaires.values()))
        raise QuestionnaireError([Problem(path, 1, 1, "say which questionnaire: add 'questionnaire: <id>' "
                                          f"(available: {', '.join(sorted(questionnaires))})")])
    if qid not in questionnaires:
        pos = node_pos(raw, ("questionnaire",), path) if raw.get("questionnaire") else None
        message = f"unknown questionnaire '{qid}' (available: {', '.join(sorted(questionnaires)) or 'none'})"
        raise QuestionnaireError([pos.problem(message) if pos else Problem(path, 0, 0, message)])
    return questionnaires[qid]


def validate_answers(raw: Any, path: str, q: Questionnaire, *, hidden_is_error: bool = True,
                     problems: list[Problem] | None = None) -> AnswersFile:
    """Check and coerce a parsed answers mapping; raise QuestionnaireError listing every problem."""
    problems = problems if problems is not None else []
    warnings: list[Problem] = []
    as_of = None
    if raw.get("as_of") is not None:
        value = raw["as_of"]
        try:
            as_of = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            problems.append(value_pos(raw, ("as_of",), path).problem(f"'{value}' is not a date (YYYY-MM-DD)"))
    answers_raw = raw.get("answers") or {}
    out = AnswersFile(path, raw, str(raw.get("questionnaire")) if raw.get("questionnaire") else None, as_of)
    if not isinstance(answers_raw, dict):
        problems.append(value_pos(raw, ("answers",), path).problem("'answers' must map question ids to answers"))
        answers_raw = {}
    for qid, value in answers_raw.items():
        question = q.questions.get(str(qid))
        if question is None:
            close = difflib.get_close_matches(str(qid), list(q.questions), n=1, cutoff=0.7)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(node_pos(raw, ("answers", qid), path).problem(
                f"unknown question '{qid}' in questionnaire '{q.id}'{hint}"))
            continue
        try:
            coerced = coerce_answer(question, to_plain(value))
        except AnswerError as exc:
            problems.append(value_pos(raw, ("answers", qid), path).problem(f"answer to '{qid}': {exc.message}"))
            continue
        if coerced is not None:
            out.answers[question.id] = coerced
    visibility = Visibility(q, out.answers)
    for qid in visibility.hidden_answers():
        section = q.section_of(qid)
        why = (f"its section '{section.id}' is hidden" if section and not visibility.section_visible(section.id)
               else "its show_if is false")
        message = f"question '{qid}' is not asked with these answers ({why}): remove this answer"
        (problems if hidden_is_error else warnings).append(node_pos(raw, ("answers", qid), path).problem(message))
    status_raw = raw.get("status") or {}
    if not isinstance(status_raw, dict):
        problems.append(value_pos(raw, ("status",), path).problem("'status' must map obligation ids to statuses"))
        status_raw = {}
    for oid, entry in status_raw.items():
        if q.obligation(str(oid)) is None:
            close = difflib.get_close_matches(str(oid), [o.id for o in q.obligations], n=1, cutoff=0.7)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(node_pos(raw, ("status", oid), path).problem(f"unknown obligation '{oid}'{hint}"))
            continue
        entry = {"status": entry} if isinstance(entry, str) else entry
        if not isinstance(entry, dict) or entry.get("status") not in STATUSES or set(entry) - {"status", "note"}:
            problems.append(value_pos(raw, ("status", oid), path).problem(
                f"status of '{oid}' must be one of {', '.join(STATUSES)}, optionally with a note: "
                "{status: done, note: '...'}"))
            continue
        out.statuses[str(oid)] = {"status": str(entry["status"]), "note": str(entry.get("note") or "")}
    if problems:
        raise QuestionnaireError(problems)
    out.data = {"warnings": warnings}
    return out
