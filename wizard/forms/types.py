"""The registry of question types: how each builds its WTForms field, reads it back and shows a value.

Adding a question type to the questionnaire format means adding one class here (and its macro in
``templates/macros/fields.html``); views and templates never branch on a type name.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import format_date, format_decimal, gettext
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from wizard.questionnaire import tr

from .clean import clean_text

if TYPE_CHECKING:
    from wtforms.fields.core import UnboundField

    from wizard.questionnaire import Question

UNSURE = "unsure"


class NotANumber(ValueError):
    """A number field held something that is not a number."""


class QuestionType:
    """Base: one single-line text input."""

    #: Name of the Jinja macro (templates/macros/fields.html) that renders the field.
    macro: ClassVar[str] = "input"

    def field(self, question: Question, lang: str) -> UnboundField[Any]:
        """The unbound WTForms field asking ``question``."""
        return StringField(tr(question.label, lang))

    def to_form(self, question: Question, value: Any) -> Any:
        """A stored value as the field's data (to fill the field in)."""
        return "" if value is None else str(value)

    def from_form(self, question: Question, data: Any) -> Any:
        """The field's data as a raw answer for ``coerce_answer``; None when left empty."""
        text = clean_text(data if isinstance(data, str) else "", multiline=False).strip()
        return text or None

    def display(self, question: Question, value: Any, lang: str) -> str:
        """A stored value as a person reads it in a summary."""
        if value == UNSURE:
            return gettext("Not sure")
        return str(value)


class TextType(QuestionType):
    """``text``: one line."""


class LongTextType(QuestionType):
    """``long_text``: a text area, line breaks kept."""

    macro = "textarea"

    def field(self, question: Question, lang: str) -> UnboundField[Any]:
        return TextAreaField(tr(question.label, lang))

    def from_form(self, question: Question, data: Any) -> Any:
        text = clean_text(data if isinstance(data, str) else "", multiline=True).strip()
        return text or None


class YesNoType(QuestionType):
    """``yes_no`` and ``yes_no_unsure``: radios Yes / No (/ Not sure)."""

    macro = "radios"

    def choices(self, question: Question, lang: str) -> list[tuple[str, str, str]]:
        """(value, label, hint) of each radio."""
        items = [("yes", gettext("Yes"), ""), ("no", gettext("No"), "")]
        if question.accepts_unsure:
            items.append((UNSURE, gettext("Not sure"), ""))
        return items

    def field(self, question: Question, lang: str) -> UnboundField[Any]:
        return RadioField(tr(question.label, lang), validate_choice=False,
                          choices=[SelectChoice(value=v, label=label) for v, label, _ in
                                   self.choices(question, lang)])

    def to_form(self, question: Question, value: Any) -> Any:
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value

    def from_form(self, question: Question, data: Any) -> Any:
        return {"yes": True, "no": False}.get(data, data) if data else None

    def display(self, question: Question, value: Any, lang: str) -> str:
        if value is True:
            return gettext("Yes")
        if value is False:
            return gettext("No")
        return super().display(question, value, lang)


class SingleType(YesNoType):
    """``single``: one option among radios."""

    def choices(self, question: Question, lang: str) -> list[tuple[str, str, str]]:
        items = [(o.value, tr(o.label, lang), tr(o.help, lang)) for o in question.options]
        if question.accepts_unsure:
            items.append((UNSURE, gettext("Not sure"), ""))
        return items

    def to_form(self, question: Question, value: Any) -> Any:
        return value

    def from_form(self, question: Question, data: Any) -> Any:
        return data or None

    def display(self, question: Question, value: Any, lang: str) -> str:
        labels = {o.value: tr(o.label, lang) for o in question.options}
        return labels.get(value, QuestionType.display(self, question, value, lang))


class MultipleType(SingleType):
    """``multiple``: check boxes; "Not sure" is one more box that cannot be combined."""

    macro = "checkboxes"

    def field(self, question: Question, lang: str) -> UnboundField[Any]:
        return SelectMultipleField(tr(question.label, lang), validate_choice=False,
                                   choices=[SelectChoice(value=v, label=label) for v, label, _ in
                                            self.choices(question, lang)])

    def to_form(self, question: Question, value: Any) -> Any:
        if value == UNSURE:
            return [UNSURE]
        return list(value or [])

    def from_form(self, question: Question, data: Any) -> Any:
        picked = [str(v) for v in (data or []) if v]
        if not picked:
            return None
        if picked == [UNSURE]:
            return UNSURE
        return picked

    def display(self, question: Question, value: Any, lang: str) -> str:
        if value == UNSURE or not isinstance(value, list):
            return QuestionType.display(self, question, value, lang)
        return ", ".join(SingleType.display(self, question, v, lang) for v in value)


class NumberType(QuestionType):
    """``number``: a text input with a numeric keyboard (GOV.UK advice: not type=number)."""

    macro = "number"
    _pattern = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")

    def from_form(self, question: Question, data: Any) -> Any:
        text = clean_text(data if isinstance(data, str) else "", multiline=False).strip()
        text = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        if not text:
            return None
        if not self._pattern.match(text):
            raise NotANumber(text)
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as error:
            raise NotANumber(text) from error
        if number == number.to_integral_value() and "e" not in text.lower() and abs(number) < 10**15:
            return int(number)
        return float(number)

    def display(self, question: Question, value: Any, lang: str) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                shown = format_decimal(value)
            except (ArithmeticError, ValueError):
                # a value stored before today's limits: show it plainly rather than fail the page
                shown = str(value)
            unit = tr(question.unit, lang) if question.unit else ""
            return f"{shown} {unit}".strip()
        return super().display(question, value, lang)


class DateType(QuestionType):
    """``date``: the browser's date input (ISO ``YYYY-MM-DD`` is sent, and accepted typed)."""

    macro = "date"

    def display(self, question: Question, value: Any, lang: str) -> str:
        from datetime import date

        try:
            return str(format_date(date.fromisoformat(str(value)), "long"))
        except ValueError:
            return super().display(question, value, lang)


REGISTRY: dict[str, QuestionType] = {
    "yes_no": YesNoType(),
    "yes_no_unsure": YesNoType(),
    "single": SingleType(),
    "multiple": MultipleType(),
    "text": TextType(),
    "long_text": LongTextType(),
    "number": NumberType(),
    "date": DateType(),
}


def type_of(question: Question) -> QuestionType:
    """The registered type of ``question`` (a KeyError means the format grew without the wizard)."""
    return REGISTRY[question.type]
