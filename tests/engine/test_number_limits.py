"""Numbers: whatever the questionnaire's range, the engine refuses magnitudes no answer can have."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.engine import AnswerError, coerce_answer
from wizard.engine.answers import NUMBER_LIMIT
from wizard.questionnaire import load_questionnaire

# a number question with neither min nor max (the report tests' questionnaire)
UNBOUNDED = load_questionnaire(Path(__file__).parent.parent / "report" / "fixtures" / "questionnaires"
                               / "mini.yaml").question("people_count")


@pytest.mark.parametrize(("raw", "code"), [
    (10**29, "above_max"), (-10**29, "below_min"), (int("9" * 400), "above_max"), ("9" * 400, "above_max"),
    (1e308, "above_max"), (float("inf"), "above_max"), ("1e999", "above_max"), ("-1e999", "below_min"),
    (float("nan"), "not_a_number"), ("nan", "not_a_number"), (NUMBER_LIMIT + 1, "above_max"),
])
def test_magnitudes_beyond_the_limit_are_refused(raw: object, code: str) -> None:
    assert UNBOUNDED.min is None and UNBOUNDED.max is None
    with pytest.raises(AnswerError) as refused:
        coerce_answer(UNBOUNDED, raw)
    assert refused.value.code == code


@pytest.mark.parametrize("raw", [NUMBER_LIMIT, -NUMBER_LIMIT, "1000000000000000", 0, "12"])
def test_the_limit_itself_is_accepted(raw: object) -> None:
    assert abs(coerce_answer(UNBOUNDED, raw)) <= NUMBER_LIMIT
