"""Answer values: coercion of raw input (forms, YAML files, API) into canonical stored values.

Canonical values by question type: ``yes_no`` -> bool; ``single`` -> option value; ``multiple`` ->
list of option values in the questionnaire's order; ``text``/``long_text`` -> str; ``number`` -> int
or float; ``date`` -> ISO string. ``"unsure"`` is "not sure" where the question allows it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ..questionnaire.model import UNSURE, Question

_TRUE = {"yes", "true", "y", "1", "oui"}
_FALSE = {"no", "false", "n", "0", "non"}
# C0 and C1 controls other than tab and newline; lone surrogates cannot be stored or rendered.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: The largest magnitude any number answer may take, whatever the questionnaire says: beyond it a
#: float no longer holds every whole number, and no count, amount or duration makes sense.
NUMBER_LIMIT = 10**15


@dataclass
class AnswerError(ValueError):
    """A value a question cannot take. ``code`` is stable (for translations); ``message`` is English."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, list | tuple) and not raw)


def clean_text(raw: str, multiline: bool) -> str:
    """Text with control characters removed, line ends normalised, NFC; lone surrogates are refused."""
    if _SURROGATE.search(raw):
        raise AnswerError("invalid_text", "the text contains invalid characters")
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split("\n"))
        text = text.replace("\t", " ")
    return unicodedata.normalize("NFC", text).strip()


def coerce_answer(question: Question, raw: Any) -> Any:
    """The canonical value of ``raw`` for ``question``; None when it is empty (no answer).

    Raises AnswerError when the value is not one the question accepts.
    """
    if isinstance(raw, str) and raw.strip().lower() in (UNSURE, "not_sure", "not sure") and question.type not in (
        "text", "long_text"
    ):
        if question.accepts_unsure:
            return UNSURE
        raise AnswerError("unsure_not_allowed", "'not sure' is not an allowed answer to this question")
    if is_empty(raw):
        return None
    kind = question.type
    if kind in ("yes_no", "yes_no_unsure"):
        return _boolean(raw)
    if kind == "single":
        value = _option(question, raw)
        return value
    if kind == "multiple":
        return _multiple(question, raw)
    if kind in ("text", "long_text"):
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise AnswerError("invalid_text", "expected a text")
        text = clean_text(str(raw), kind == "long_text")
        limit = question.text_limit
        if len(text) > limit:
            raise AnswerError("too_long", f"the text is {len(text)} characters long; the limit is {limit}",
                              {"length": len(text), "limit": limit})
        return text or None
    if kind == "number":
        return _number(question, raw)
    if kind == "date":
        return _date(question, raw)
    raise AnswerError("unknown_type", f"unknown question type {kind!r}")  # pragma: no cover


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise AnswerError("not_boolean", f"expected yes or no, not {str(raw)[:40]!r}")


def _option(question: Question, raw: Any) -> str:
    if not isinstance(raw, str) or question.option(raw) is None:
        shown = str(raw)[:40]
        raise AnswerError("not_an_option", f"{shown!r} is not one of the options ({', '.join(question.option_values)})",
                          {"value": shown, "options": question.option_values})
    return raw


def _multiple(question: Question, raw: Any) -> list[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple):
        raise AnswerError("not_a_list", "expected a list of options")
    chosen = {_option(question, item) for item in items}
    if UNSURE in chosen:  # pragma: no cover - _option refuses it
        raise AnswerError("not_an_option", "'unsure' cannot be combined with options")
    exclusive = [o.value for o in question.options if o.exclusive and o.value in chosen]
    if exclusive and len(chosen) > 1:
        raise AnswerError("exclusive_option", f"'{exclusive[0]}' cannot be combined with other options",
                          {"option": exclusive[0]})
    if question.min_choices is not None and len(chosen) < question.min_choices:
        raise AnswerError("too_few_choices", f"choose at least {question.min_choices}", {"min": question.min_choices})
    if question.max_choices is not None and len(chosen) > question.max_choices:
        raise AnswerError("too_many_choices", f"choose at most {question.max_choices}", {"max": question.max_choices})
    return [v for v in question.option_values if v in chosen]


def _number(question: Question, raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise AnswerError("not_a_number", "expected a number")
    low, high = _number_bounds(question)
    if isinstance(raw, int) and not low <= raw <= high:
        # checked before any float conversion: a 400-digit integer overflows a float
        _out_of_range(question, -1 if raw < low else 1)
    if isinstance(raw, int | float):
        value: float = raw
    elif isinstance(raw, str):
        text = raw.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # French decimal comma
        try:
            value = float(text)
        except ValueError:
            raise AnswerError("not_a_number", f"{raw[:40]!r} is not a number") from None
    else:
        raise AnswerError("not_a_number", "expected a number")
    if math.isnan(value):
        raise AnswerError("not_a_number", "expected a finite number")
    if not low <= value <= high:  # infinities included: "1e999" is simply too large
        _out_of_range(question, -1 if value < low else 1)
    step = question.step if question.step is not None else 1
    integral = float(step).is_integer()
    if integral and not float(value).is_integer():
        raise AnswerError("not_integer", "expected a whole number")
    return int(value) if integral else float(value)


def _number_bounds(question: Question) -> tuple[float, float]:
    """The question's own range, within the engine's absolute limit."""
    low = max(question.min, -NUMBER_LIMIT) if question.min is not None else -NUMBER_LIMIT
    high = min(question.max, NUMBER_LIMIT) if question.max is not None else NUMBER_LIMIT
    return low, high


def _out_of_range(question: Question, side: int) -> NoReturn:
    low, high = _number_bounds(question)
    if side < 0:
        raise AnswerError("below_min", f"the minimum is {low:g}", {"min": _plain(low)})
    raise AnswerError("above_max", f"the maximum is {high:g}", {"max": _plain(high)})


def _plain(bound: float) -> int | float:
    return int(bound) if float(bound).is_integer() else bound


def _date(question: Question, raw: Any) -> str:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, str):
        try:
            value = dt.date.fromisoformat(raw.strip())
        except ValueError:
            raise AnswerError("not_a_date", f"{raw[:40]!r} is not a date (YYYY-MM-DD)") from None
    else:
        raise AnswerError("not_a_date", "expected a date (YYYY-MM-DD)")
    if question.min_date and value < dt.date.fromisoformat(question.min_date):
        raise AnswerError("date_before", f"the date must be on or after {question.min_date}",
                          {"min": question.min_date})
    if question.max_date and value > dt.date.fromisoformat(question.max_date):
        raise AnswerError("date_after", f"the date must be on or before {question.max_date}",
                          {"max": question.max_date})
    return value.isoformat()
