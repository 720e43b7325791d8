"""The "status of your obligations" step: done / in progress / not started / not applicable, and a note."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import Form, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

from .clean import clean_text

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

STATUSES = ("done", "in_progress", "not_started", "not_applicable")
STATUS_LABELS = {
    "done": _l("Done"),
    "in_progress": _l("In progress"),
    "not_started": _l("Not started"),
    "not_applicable": _l("Not applicable"),
}
NOTE_MAX = 2000


def status_field(oid: str) -> str:
    """Form field name of an obligation's status."""
    return f"status__{oid}"


def note_field(oid: str) -> str:
    """Form field name of an obligation's note."""
    return f"note__{oid}"


def build_status_form(obligation_ids: list[str], *, formdata: MultiDict[str, Any] | None = None,
                      statuses: dict[str, dict[str, str]] | None = None) -> Form:
    """A form with one status and one note per obligation id."""
    attrs: dict[str, Any] = {}
    for oid in obligation_ids:
        attrs[status_field(oid)] = RadioField(
            validate_choice=False,
            choices=[SelectChoice(value=s, label=str(STATUS_LABELS[s])) for s in STATUSES])
        attrs[note_field(oid)] = TextAreaField()
    form_class = type("StatusForm", (Form,), attrs)
    if formdata is not None:
        return form_class(formdata=formdata)
    data: dict[str, Any] = {}
    for oid, stored in (statuses or {}).items():
        data[status_field(oid)] = stored.get("status")
        data[note_field(oid)] = stored.get("note", "")
    return form_class(data=data)


def read_statuses(obligation_ids: list[str], form: Form) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Statuses (``{"status", "note"}`` by obligation id) and errors by field name."""
    values: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for oid in obligation_ids:
        status = form[status_field(oid)].data or None
        note = clean_text(form[note_field(oid)].data or "", multiline=True).strip()
        if status is not None and status not in STATUSES:
            errors[status_field(oid)] = gettext("Choose one of the answers offered")
            continue
        if len(note) > NOTE_MAX:
            errors[note_field(oid)] = gettext("Enter at most %(max)s characters", max=NOTE_MAX)
            continue
        values[oid] = {"status": status, "note": note}
    return values, errors
