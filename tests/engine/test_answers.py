"""Answer coercion: what each question type accepts, and the clear errors for what it refuses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.engine import UNSURE, AnswerError, coerce_answer
from wizard.questionnaire import load_questionnaire

from .conftest import FIXTURES

DEMO = load_questionnaire(FIXTURES / "good" / "demo.yaml")


def q(demo, qid):
    return demo.question(qid)


@pytest.mark.parametrize(
    ("qid", "raw", "expected"),
    [
        ("is_ai", "yes", True),
        ("is_ai", "no", False),
        ("is_ai", True, True),
        ("is_ai", "unsure", UNSURE),
        ("role", "deployer", "deployer"),
        ("areas", ["credit", "employment"], ["employment", "credit"]),  # questionnaire order
        ("areas", "credit", ["credit"]),
        ("users", "1 200", 1200),
        ("users", "12", 12),
        ("launch", "2026-12-02", "2026-12-02"),
        ("description", "line one\r\nline two\x00", "line one\nline two"),
        ("name", "  tab\there  ", "tab here"),
        ("name", "", None),
        ("areas", [], None),
    ],
)
def test_accepted_values_are_made_canonical(demo, qid, raw, expected) -> None:
    assert coerce_answer(q(demo, qid), raw) == expected


@pytest.mark.parametrize(
    ("qid", "raw", "code"),
    [
        ("is_ai", "maybe", "not_boolean"),
        ("role", "unsure", "unsure_not_allowed"),
        ("role", "admin", "not_an_option"),
        ("areas", ["credit", "none"], "exclusive_option"),
        ("areas", ["hacked"], "not_an_option"),
        ("users", "many", "not_a_number"),
        ("users", "1.5", "not_integer"),
        ("users", "-1", "below_min"),
        ("users", "1e12", "above_max"),
        ("users", "nan", "not_a_number"),
        ("launch", "2026-02-30", "not_a_date"),
        ("description", "x" * 2001, "too_long"),
        ("name", "bad \ud800 surrogate", "invalid_text"),
        ("personal_data", {"a": 1}, "not_boolean"),
    ],
)
def test_refused_values_say_why(demo, qid, raw, code) -> None:
    with pytest.raises(AnswerError) as caught:
        coerce_answer(q(demo, qid), raw)
    assert caught.value.code == code
    assert caught.value.message


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.lists(st.text(max_size=5), max_size=4),
                 st.none()))
def test_any_input_is_either_refused_cleanly_or_valid(raw) -> None:
    for question in DEMO.questions.values():
        try:
            value = coerce_answer(question, raw)
        except AnswerError:
            continue
        if value is None or value == UNSURE:
            continue
        if question.type == "single":
            assert value in question.option_values
        elif question.type == "multiple":
            assert set(value) <= set(question.option_values)
        elif question.type in ("text", "long_text"):
            assert isinstance(value, str) and len(value) <= question.text_limit
            assert not any(ord(c) < 32 and c not in "\n\t" for c in value)

