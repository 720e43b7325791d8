"""Forms of the accounts pages: sign-in, password change, the admin's user forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from wizard.forms.clean import clean_text

from .models import ROLES


def _line(value: Any) -> Any:
    """One line of text without control characters, trimmed."""
    return clean_text(value, multiline=False).strip() if isinstance(value, str) else value


def role_labels() -> dict[str, str]:
    """Each role's name as people read it."""
    return {"advisor": str(_l("Advisor")), "editor": str(_l("Editor")), "admin": str(_l("Administrator"))}


class LoginForm(FlaskForm):
    """E-mail address and password."""

    email = StringField(_l("E-mail address"), filters=[_line],
                        validators=[DataRequired(_l("Enter your e-mail address")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])
    remember = BooleanField(_l("Keep me signed in on this device for 14 days"))

    class Meta:
        csrf = False   # CSRFProtect checks every POST before the view


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password"))])
    new = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password"))])
    confirm = PasswordField(_l("New password again"),
                            validators=[EqualTo("new", _l("The two new passwords are not the same"))])

    class Meta:
        csrf = False


class UserForm(FlaskForm):
    """The admin creates an account."""

    email = StringField(_l("E-mail address"), filters=[_line],
                        validators=[DataRequired(_l("Enter an e-mail address")), Length(max=254)])
    name = StringField(_l("Name (optional)"), filters=[_line], validators=[Length(max=200)])
    role = RadioField(_l("Role"), choices=[SelectChoice(value=r, label=r) for r in ROLES],
                      validators=[DataRequired(_l("Select a role"))])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(_l("Enter an initial password"))])

    class Meta:
        csrf = False
