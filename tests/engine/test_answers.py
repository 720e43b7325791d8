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



@given(st.data())
def test_every_valid_answer_is_accepted_as_itself(data) -> None:
    """The other half of the property above: refusing everything would not pass."""
    for question in DEMO.questions.values():
        kind = question.type
        if question.is_boolean:
            raw = data.draw(st.booleans())
            assert coerce_answer(question, raw) is raw
        elif kind == "single":
            raw = data.draw(st.sampled_from(question.option_values))
            assert coerce_answer(question, raw) == raw
        elif kind == "multiple":
            plain = [o.value for o in question.options if not o.exclusive]
            chosen = data.draw(st.lists(st.sampled_from(plain), min_size=1, unique=True))
            assert coerce_answer(question, chosen) == [v for v in question.option_values if v in chosen]
        elif kind == "number":
            raw = data.draw(st.integers(int(question.min or 0), int(question.max or 10**6)))
            assert coerce_answer(question, raw) == raw
        elif kind in ("text", "long_text"):
            raw = data.draw(st.text(alphabet="abc xyz", min_size=1, max_size=50).filter(str.strip))
            assert coerce_answer(question, raw) == raw.strip()
        elif kind == "date":
            day = data.draw(st.dates())
            assert coerce_answer(question, day.isoformat()) == day.isoformat()
