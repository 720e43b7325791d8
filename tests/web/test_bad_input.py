"""Bad input: each case gets a clear, translated message, nothing saved is lost, never a 500."""

from __future__ import annotations

from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from wizard.extensions import db
from wizard.models import Answer

from .helpers import BASICS, USAGE, Respondent


def stored(app: Flask) -> dict[str, object]:
    """Stored answers by question id."""
    with app.app_context():
        return {a.question_id: a.value for a in db.session.query(Answer)}


CASES = [
    # (section, posted data, field in error, English message, French message)
    ("basics", {"purpose": "x"}, "is_ai", "Select an answer", "Choisissez une réponse"),
    ("basics", {"is_ai": "maybe", "purpose": "x"}, "is_ai", "Choose one of the answers offered",
     "Choisissez l'une des réponses proposées"),
    ("basics", {"is_ai": "yes", "purpose": "x" * 81}, "purpose", "Enter at most 80 characters",
     "Saisissez au plus 80 caractères"),
    ("basics", {"is_ai": "yes"}, "purpose", "Enter an answer", "Saisissez une réponse"),
    ("usage", {**USAGE, "sector": "banking"}, "sector", "Choose one of the answers offered",
     "Choisissez l'une des réponses proposées"),
    ("usage", {**USAGE, "data_kinds": ["personal", "none"]}, "data_kinds",
     "This option cannot be combined with another one",
     "Cette option ne peut pas être combinée avec une autre"),
    ("usage", {**USAGE, "data_kinds": ["personal", "unsure"]}, "data_kinds", "cannot be combined",
     "ne peut pas être combiné"),
    ("usage", {**USAGE, "data_kinds": ["personal", "hacked"]}, "data_kinds",
     "Choose one of the answers offered",
     "Choisissez l'une des réponses proposées"),
    ("usage", {**USAGE, "users": "-3"}, "users", "Enter a number of at least 0",
     "Saisissez un nombre supérieur ou égal à 0"),
    ("usage", {**USAGE, "users": "twelve"}, "users", "Enter a number, like 12 or 3.5",
     "Saisissez un nombre, par exemple 12 ou 3,5"),
    ("usage", {**USAGE, "users": "2.5"}, "users", "Enter a whole number", "Saisissez un nombre entier"),
    ("usage", {**USAGE, "launch": "2025-02-30"}, "launch", "Enter a real date", "Saisissez une date valide"),
    ("usage", {**USAGE, "launch": "31/12/2024"}, "launch", "Enter a real date", "Saisissez une date valide"),
    ("usage", {**USAGE, "launch": "1999-12-31"}, "launch", "Enter a date on or after",
     "Saisissez une date égale ou postérieure"),
    ("closing", {"reviewed": "perhaps"}, "reviewed", "Choose one of the answers offered",
     "Choisissez l'une des réponses proposées"),
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("section", "data", "field", "message_en", "message_fr"), CASES)
def test_bad_answer_is_refused_with_a_message(app: Flask, client: FlaskClient, lang: str, section: str,
                                              data: dict[str, object], field: str, message_en: str,
                                              message_fr: str) -> None:
    """The step comes back (400): error summary, message by the field, "Error:" in the title."""
    r = Respondent(client)
    ref = r.start(lang=lang)
    r.answer(ref, "basics", BASICS)
    before = stored(app)
    response = r.answer(ref, section, data)
    assert response.status_code == 400
    message = message_en if lang == "en" else message_fr
    # French typography (’, no-break spaces before : ; ? !) compared as plain text
    plain = unescape(r.page).replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    assert message in plain
    assert f'href="#{field}"' in r.page  # the error summary links to the field
    assert f'id="{field}-error"' in r.page
    assert ("<title>Error:" if lang == "en" else "<title>Erreur :") in plain
    assert stored(app) == before  # nothing saved, nothing lost


def test_valid_number_formats(app: Flask, client: FlaskClient) -> None:
    """A decimal comma and spaces as thousands separators are understood."""
    r = Respondent(client)
    ref = r.start()
    r.answer(ref, "basics", BASICS)
    assert r.answer(ref, "usage", {**USAGE, "users": "12 000"}).status_code == 303
    assert stored(app)["users"] == 12000


def test_posting_a_hidden_step_saves_nothing(app: Flask, client: FlaskClient) -> None:
    """A step hidden by earlier answers is not saved; the respondent is told why."""
    r = Respondent(client)
    ref = r.start()
    r.answer(ref, "basics", {**BASICS, "is_ai": "no"})
    r.get(f"/assessments/{ref}/")
    response = r.post(f"/assessments/{ref}/steps/usage", USAGE)
    assert response.status_code == 303
    page = r.get(response.headers["Location"]).get_data(as_text=True)
    assert "does not apply" in page
    assert "sector" not in stored(app)


def test_unknown_step_is_404(client: FlaskClient) -> None:
    """A section that does not exist is a 404 page."""
    r = Respondent(client)
    ref = r.start()
    assert r.get(f"/assessments/{ref}/steps/nope").status_code == 404
    assert r.post(f"/assessments/{ref}/steps/nope", {"x": "y"}).status_code == 404


def test_start_form_errors(client: FlaskClient) -> None:
    """Missing name and organisation, an unknown language: messages next to the fields and a summary."""
    r = Respondent(client)
    response = r.post("/start", {"system_name": "", "organisation": " ", "lang": "de"})
    assert response.status_code == 400
    assert "Enter the name of the AI system" in r.page
    assert "Enter the name of your organisation" in r.page
    assert "<title>Error:" in r.page
    response = r.post("/start", {"system_name": "x" * 201, "organisation": "o", "lang": "en"})
    assert response.status_code == 400 and "at most 200" in r.page


def test_garbage_versions_field_is_harmless(client: FlaskClient, app: Flask) -> None:
    """A tampered versions field never causes a 500."""
    r = Respondent(client)
    ref = r.start()
    for junk in ("not json", "[1,2]", '{"is_ai": "x"}', '{"is_ai": true}'):
        r.get(f"/assessments/{ref}/steps/basics")
        response = r.post(f"/assessments/{ref}/steps/basics", {**BASICS, "__versions": junk})
        assert response.status_code in (303, 409)


def test_error_pages_are_translated(client: FlaskClient) -> None:
    """The 404 page speaks the browser's language."""
    page = client.get("/nowhere", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Page introuvable" in page and '<html lang="fr">' in page
