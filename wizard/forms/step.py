"""The form of one step (one section): built from the questionnaire, read back into canonical answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import format_decimal, gettext
from wtforms import Form

from .types import UNSURE, NotANumber, type_of

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from wizard.questionnaire import Question

#: Name of the hidden input carrying the answer versions the step was shown with (outside WTForms,
#: so that no question id can collide with it).
VERSIONS_FIELD = "__versions"


class StepForm(Form):
    """Base class of the per-section forms (CSRF is checked for every POST by CSRFProtect)."""


#: Form classes by (questionnaire content hash, question ids, language): a class depends on nothing
#: else, so each step's class is built once per process (labels and choices are in the language).
_FORM_CLASSES: dict[tuple[str, tuple[str, ...], str], type[StepForm]] = {}
_FORM_CLASSES_LIMIT = 2000


def build_step_form(questions: list[Question], lang: str, *, formdata: MultiDict[str, Any] | None = None,
                    answers: dict[str, Any] | None = None, content_hash: str | None = None) -> StepForm:
    """A form asking ``questions``: filled from ``formdata`` when posted, else from stored ``answers``.

    With ``content_hash`` (the questionnaire's), the form class is built once and reused.
    """
    key = (content_hash, tuple(q.id for q in questions), lang) if content_hash else None
    form_class = _FORM_CLASSES.get(key) if key else None
    if form_class is None:
        attrs = {question.id: type_of(question).field(question, lang) for question in questions}
        form_class = type("SectionForm", (StepForm,), attrs)
        if key:
            if len(_FORM_CLASSES) >= _FORM_CLASSES_LIMIT:
                _FORM_CLASSES.clear()
            _FORM_CLASSES[key] = form_class
    if formdata is not None:
        return form_class(formdata=formdata)
    data = {q.id: type_of(q).to_form(q, answers[q.id]) for q in questions if answers and q.id in answers}
    return form_class(data=data)


@dataclass(frozen=True)
class Shown:
    """A field as a step shown from stored answers needs it: its data, as the form would hold it."""

    data: Any


def shown_fields(questions: list[Question], answers: dict[str, Any]) -> dict[str, Shown]:
    """The data each field of ``build_step_form(questions, answers=answers)`` would hold, without
    building the form: a step that is only shown needs no validation, and no form (a tenth of a
    step page's time). Choices are strings, as the form's ``coerce=str`` makes them.
    """
    shown = {}
    for question in questions:
        kind = type_of(question)
        data = kind.to_form(question, answers[question.id]) if question.id in answers else None
        if data is not None and kind.macro == "radios":
            data = str(data)
        elif data is not None and kind.macro == "checkboxes":
            data = [str(v) for v in data]
        shown[question.id] = Shown(data)
    return shown


def dump_versions(versions: dict[str, int], keys: list[str]) -> str:
    """The hidden versions value for a step asking ``keys``."""
    return json.dumps({key: versions.get(key, 0) for key in keys}, sort_keys=True)


def load_versions(raw: str | None) -> dict[str, int]:
    """Versions posted back with a step; anything malformed counts as "seen nothing"."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)}


def required_message(question: Question) -> str:
    """What to say when a required question is left unanswered (GOV.UK style: say what to do)."""
    if question.type in ("yes_no", "yes_no_unsure", "single"):
        return gettext("Select an answer")
    if question.type == "multiple":
        return gettext("Select at least one option")
    if question.type == "number":
        return gettext("Enter a number")
    if question.type == "date":
        return gettext("Enter a date")
    return gettext("Enter an answer")


def _number(value: Any) -> Any:
    """A bound as the reader writes numbers (1,000,000 / 1 000 000), or as is when not a number."""
    return format_decimal(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def answer_error_message(question: Question, code: str, params: dict[str, Any]) -> str:
    """A translated message for an ``AnswerError`` code of the engine."""
    p = {k: v for k, v in (params or {}).items() if isinstance(v, str | int | float)}
    messages = {
        "too_long": lambda: gettext("Enter at most %(max)s characters",
                                    max=p.get("limit", getattr(question, "text_limit", ""))),
        "below_min": lambda: gettext("Enter a number of at least %(min)s",
                                     min=_number(p.get("min", question.min))),
        "above_max": lambda: gettext("Enter a number of at most %(max)s",
                                     max=_number(p.get("max", question.max))),
        "not_a_number": lambda: gettext("Enter a number, like 12 or 3.5"),
        "not_integer": lambda: gettext("Enter a whole number"),
        "not_a_date": lambda: gettext("Enter a real date, like 2026-03-31"),
        "date_before": lambda: gettext("Enter a date on or after %(min)s",
                                       min=p.get("min", question.min_date)),
        "date_after": lambda: gettext("Enter a date on or before %(max)s",
                                      max=p.get("max", question.max_date)),
        "too_few_choices": lambda: gettext("Select at least %(min)s options",
                                           min=p.get("min", question.min_choices)),
        "too_many_choices": lambda: gettext("Select at most %(max)s options",
                                            max=p.get("max", question.max_choices)),
        "exclusive_option": lambda: gettext("This option cannot be combined with another one"),
        "invalid_text": lambda: gettext("Remove the invalid characters from your answer"),
    }
    build = messages.get(code)
    return build() if build else gettext("Choose one of the answers offered")


def read_answers(questions: list[Question], form: StepForm) -> tuple[dict[str, Any], dict[str, str]]:
    """Canonical answers and error messages (by question id) from a posted step form."""
    from wizard.engine import AnswerError, coerce_answer

    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        kind = type_of(question)
        try:
            raw = kind.from_form(question, form[question.id].data)
        except NotANumber:
            errors[question.id] = gettext("Enter a number, like 12 or 3.5")
            continue
        if raw is None:
            if question.required:
                errors[question.id] = required_message(question)
            else:
                values[question.id] = None
            continue
        if isinstance(raw, list) and UNSURE in raw:
            errors[question.id] = gettext("“Not sure” cannot be combined with another option")
            continue
        try:
            values[question.id] = coerce_answer(question, raw)
        except AnswerError as error:
            errors[question.id] = answer_error_message(question, getattr(error, "code", ""),
                                                       getattr(error, "params", {}) or {})
    return values, errors
