"""The form that starts an assessment: which system, whose, who to contact, in which language."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .clean import clean_text


def _clean(value: Any) -> Any:
    """One line of text without control characters, trimmed."""
    return clean_text(value, multiline=False).strip() if isinstance(value, str) else value


class StartForm(FlaskForm):
    """Describe the AI system to assess."""

    system_name = StringField(
        _l("Name of the AI system"), filters=[_clean],
        validators=[DataRequired(_l("Enter the name of the AI system")),
                    Length(max=200, message=_l("Enter at most %(max)d characters"))],
    )
    organisation = StringField(
        _l("Organisation"), filters=[_clean],
        validators=[DataRequired(_l("Enter the name of your organisation")),
                    Length(max=200, message=_l("Enter at most %(max)d characters"))],
    )
    contact = StringField(
        _l("Contact (optional)"), filters=[_clean],
        validators=[Optional(), Length(max=200, message=_l("Enter at most %(max)d characters"))],
    )
    lang = RadioField(
        _l("Language of the assessment"),
        choices=[SelectChoice(value="en", label="English"), SelectChoice(value="fr", label="Français")],
        validators=[DataRequired(_l("Select a language"))],
    )

    class Meta:
        # CSRFProtect checks every POST before any view runs; the template renders csrf_token().
        csrf = False
