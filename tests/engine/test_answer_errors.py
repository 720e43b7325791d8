"""Every refusal of an answer, exactly: its stable code, its English message and the parameters that
the translated messages use. And the limits themselves, at their boundaries."""

from __future__ import annotations

from typing import Any

import pytest

from wizard.engine import AnswerError, coerce_answer
from wizard.questionnaire.model import Question

LABEL = {"en": "Question", "fr": "Question"}
ABC = [{"value": v, "label": LABEL} for v in "abc"]


def question(**kw: Any) -> Question:
    return Question(id="q", label=LABEL, **kw)


@pytest.mark.parametrize(("q", "raw", "code", "message", "params"), [
    (question(type="multiple", options=ABC, max_choices=2), ["a", "b", "c"], "too_many_choices",
     "choose at most 2", {"max": 2}),
    (question(type="multiple", options=ABC[:2], allow_unsure=True), ["unsure", "a"], "not_an_option",
     "'unsure' is not one of the options (a, b)", {"value": "unsure", "options": ("a", "b")}),
    (question(type="single", options=ABC[:1]), "z", "not_an_option", "'z' is not one of the options (a)",
     {"value": "z", "options": ("a",)}),
    (question(type="number", min=1, max=10), "0", "below_min", "the minimum is 1", {"min": 1.0}),
    (question(type="number", min=1, max=10), "11", "above_max", "the maximum is 10", {"max": 10.0}),
    (question(type="date", min_date="2020-01-01", max_date="2030-01-01"), "2031-01-01", "date_after",
     "the date must be on or before 2030-01-01", {"max": "2030-01-01"}),
    (question(type="date", min_date="2020-01-01", max_date="2030-01-01"), "2019-12-31", "date_before",
     "the date must be on or after 2020-01-01", {"min": "2020-01-01"}),
    (question(type="date"), "31/12/2020", "not_a_date", "'31/12/2020' is not a date (YYYY-MM-DD)", {}),
    (question(type="text", max_length=5), "abcdef", "too_long", "the text is 6 characters long; the limit is 5",
     {"length": 6, "limit": 5}),
    (question(type="yes_no"), "unsure", "unsure_not_allowed",
     "'not sure' is not an allowed answer to this question", {}),
])
def test_a_refusal_says_exactly_why(q: Question, raw: Any, code: str, message: str, params: dict[str, Any]) -> None:
    with pytest.raises(AnswerError) as caught:
        coerce_answer(q, raw)
    assert (caught.value.code, caught.value.message, caught.value.params) == (code, message, params)
    assert str(caught.value) == message


def test_limits_are_inclusive() -> None:
    assert coerce_answer(question(type="multiple", options=ABC, max_choices=2), ["c", "a"]) == ["a", "c"]
    assert coerce_answer(question(type="number", min=1, max=10), "1") == 1
    assert coerce_answer(question(type="number", min=1, max=10), "10") == 10
    assert coerce_answer(question(type="date", min_date="2020-01-01", max_date="2030-01-01"),
                         "2030-01-01") == "2030-01-01"
    assert coerce_answer(question(type="text", max_length=5), "abcde") == "abcde"


def test_a_french_decimal_comma_is_a_decimal_point() -> None:
    assert coerce_answer(question(type="number", min=0, max=10, step=0.5), "2,5") == 2.5
