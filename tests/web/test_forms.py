"""[4 of the house style] The question-type registry covers the whole format."""

from __future__ import annotations

from wizard.forms import REGISTRY
from wizard.forms.clean import clean_text
from wizard.questionnaire import QUESTION_TYPES


def test_every_question_type_has_a_form_type() -> None:
    """A type added to the questionnaire format without a form type fails here."""
    assert set(QUESTION_TYPES) <= set(REGISTRY)


def test_clean_text() -> None:
    """Controls and lone surrogates go; line breaks stay only where multi-line."""
    assert clean_text("a\x00b\x1fc\x7fd\u0085e\ud800f", multiline=False) == "abcdef"
    assert clean_text("a\r\nb\rc\td", multiline=True) == "a\nb\nc\td"
    assert clean_text("a\nb\tc", multiline=False) == "a b c"
