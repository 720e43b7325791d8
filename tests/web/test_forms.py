"""[4 of the house style] The question-type registry covers the whole format."""

from __future__ import annotations

from typing import Any

import pytest

from wizard import create_app
from wizard.forms import REGISTRY, build_step_form
from wizard.forms.clean import clean_text
from wizard.forms.step import shown_fields
from wizard.questionnaire import QUESTION_TYPES, Question


def test_every_question_type_has_a_form_type() -> None:
    """A type added to the questionnaire format without a form type fails here."""
    assert set(QUESTION_TYPES) <= set(REGISTRY)


def test_clean_text() -> None:
    """Controls and lone surrogates go; line breaks stay only where multi-line."""
    assert clean_text("a\x00b\x1fc\x7fd\u0085e\ud800f", multiline=False) == "abcdef"
    assert clean_text("a\r\nb\rc\td", multiline=True) == "a\nb\nc\td"
    assert clean_text("a\nb\tc", multiline=False) == "a b c"


def sample_answers(question: Question) -> list[Any]:
    """Stored answers of every shape a question of this type can hold."""
    if question.type in ("yes_no", "yes_no_unsure"):
        return [True, False, "unsure"]
    if question.type == "single":
        return [o.value for o in question.options] + ["unsure"]
    if question.type == "multiple":
        values = [o.value for o in question.options]
        return [values[:1], values[:3], "unsure"]
    if question.type == "number":
        return [0, 7, 1200.5, -3, 10**12]
    if question.type == "date":
        return ["2025-06-01"]
    return ["Ranks CVs", "", "ligne\nsuivante"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_shown_step_holds_the_data_the_form_would(lang: str) -> None:
    """``shown_fields`` (GET, no form built) and the form built from the same answers agree, for every
    question of the bundled questionnaire and every shape of answer."""
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    questionnaire = app.extensions["catalog"].for_new_assessment(app.config["DEFAULT_QUESTIONNAIRE"])
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        for section in questionnaire.sections:
            questions = list(section.questions)
            shapes = {q.id: sample_answers(q) for q in questions}
            checked = 0
            # round n gives each question its n-th shape of answer, or none once it has no more
            for round_ in range(max(len(v) for v in shapes.values()) + 1):
                answers = {qid: values[round_] for qid, values in shapes.items() if round_ < len(values)}
                checked += len(answers)
                form = build_step_form(questions, lang, answers=answers)
                shown = shown_fields(questions, answers)
                assert {q.id: form[q.id].data for q in questions} == {q.id: shown[q.id].data for q in questions}
            assert checked >= len(questions)
