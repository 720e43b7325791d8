"""Whole assessments walked through the HTTP interface, in English and French."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from .helpers import BASICS, CLOSING, USAGE, Respondent


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_whole_assessment(client: FlaskClient, lang: str) -> None:
    """Start, every step, statuses, summary, result and report, in one language."""
    r = Respondent(client)
    ref = r.start(lang=lang)
    assert f'<html lang="{lang}">' in r.page
    assert "/a/" in r.secret_link()

    response = r.get(f"/assessments/{ref}/resume", follow_redirects=False)
    assert response.headers["Location"].endswith(f"/assessments/{ref}/steps/basics")
    r.get(f"/assessments/{ref}/steps/basics")
    assert ("Step 1 of 4" if lang == "en" else "Étape 1 sur 4") in r.page

    response = r.answer(ref, "basics", BASICS)
    assert response.headers["Location"].endswith("/steps/usage")
    response = r.answer(ref, "usage", USAGE)
    assert response.headers["Location"].endswith("/steps/closing")
    response = r.answer(ref, "closing", CLOSING)
    assert response.headers["Location"].endswith("/obligations")

    r.get(f"/assessments/{ref}/obligations")
    assert ("Risk management system" if lang == "en" else "Système de gestion des risques") in r.page
    response = r.post(f"/assessments/{ref}/obligations", {"status__literacy": "done",
                                                          "note__literacy": "Trained in March"})
    assert response.headers["Location"].endswith("/summary")

    r.get(f"/assessments/{ref}/summary")
    assert "Ranks CVs" in r.page
    assert ("Health" if lang == "en" else "Santé") in r.page
    kinds = "Personal data, Biometric data" if lang == "en" else "Données personnelles, Données biométriques"
    assert kinds in r.page
    response = r.post(f"/assessments/{ref}/complete")
    assert response.headers["Location"].endswith("/result")

    r.get(f"/assessments/{ref}/result")
    assert ("High risk" if lang == "en" else "Haut risque") in r.page
    assert ("provisional" if lang == "en" else "provisoire") in r.page  # "reviewed" is "not sure"
    assert "eur-lex.europa.eu" in r.page
    # the legal references open EUR-Lex in the respondent's language
    assert f"https://eur-lex.europa.eu/legal-content/{lang.upper()}/TXT/?uri=CELEX:" in r.page
    other = "FR" if lang == "en" else "EN"
    assert f"https://eur-lex.europa.eu/legal-content/{other}/" not in r.page

    response = client.get(f"/assessments/{ref}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert ("High risk" if lang == "en" else "Haut risque") in text


def test_hidden_section_is_skipped_and_reappears(client: FlaskClient) -> None:
    """Answering "no" hides the usage section; "yes" brings it back (and its answers stay kept)."""
    r = Respondent(client)
    ref = r.start()
    response = r.answer(ref, "basics", {**BASICS, "is_ai": "no"})
    assert response.headers["Location"].endswith("/steps/closing")
    r.get(f"/assessments/{ref}/steps/closing")
    assert "Step 2 of 2" in r.page
    assert "Usage" not in r.page

    response = r.answer(ref, "basics", BASICS)
    assert response.headers["Location"].endswith("/steps/usage")
    r.get(f"/assessments/{ref}/steps/closing")
    assert "Step 3 of 4" in r.page


def test_back_and_forth_keeps_answers(client: FlaskClient) -> None:
    """Going back shows the answers as given; the back link points to the previous step."""
    r = Respondent(client)
    ref = r.start()
    r.answer(ref, "basics", BASICS)
    r.answer(ref, "usage", USAGE)
    r.get(f"/assessments/{ref}/steps/usage")
    assert f'href="/assessments/{ref}/steps/basics"' in r.page  # back link
    assert 'value="health" checked' in r.page
    assert 'value="personal" checked' in r.page and 'value="biometric" checked' in r.page
    assert 'value="1200"' in r.page and 'value="2025-06-01"' in r.page
    r.get(f"/assessments/{ref}/steps/basics")
    assert 'value="yes" checked' in r.page and 'value="Ranks CVs"' in r.page


def test_resume_from_secret_link_in_a_new_browser(app: Flask) -> None:
    """The link opens the assessment in another browser at the first unanswered step, then leaves URLs."""
    first = Respondent(app.test_client())
    ref = first.start(lang="fr")
    link = first.secret_link()
    first.answer(ref, "basics", BASICS)

    other = app.test_client()
    assert other.get(f"/assessments/{ref}/steps/basics").status_code == 404  # no grant yet
    response = other.get(link.replace("http://wizard.test", ""))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/assessments/{ref}/resume")
    response = other.get(response.headers["Location"])
    assert response.headers["Location"].endswith(f"/assessments/{ref}/steps/usage")
    page = other.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="fr">' in page  # the assessment's language, as nothing else was chosen
    assert link.rsplit("/", 1)[-1] not in page.replace(link, "")  # the secret is only in the link box


def test_summary_change_link_returns_to_summary(client: FlaskClient) -> None:
    """Check your answers: Change goes to the step and comes back to the summary."""
    r = Respondent(client)
    ref = r.start()
    r.complete(ref)
    r.get(f"/assessments/{ref}/summary")
    assert f"/assessments/{ref}/steps/usage?return=summary#q-sector" in r.page
    response = r.answer(ref, "usage", {**USAGE, "sector": "retail"}, **{"return": "summary"})
    assert "/summary" in response.headers["Location"]
    r.get(f"/assessments/{ref}/summary")
    assert "Retail" in r.page


def test_delete_with_confirmation(client: FlaskClient) -> None:
    """Delete asks first, then removes everything; the link stops working."""
    r = Respondent(client)
    ref = r.start()
    link = r.secret_link().replace("http://wizard.test", "")
    r.answer(ref, "basics", BASICS)
    r.get(f"/assessments/{ref}/delete")
    assert "Are you sure" in r.page
    response = r.post(f"/assessments/{ref}/delete")
    assert response.status_code == 303
    r.get("/")
    assert "were deleted" in r.page
    assert client.get(f"/assessments/{ref}/summary").status_code == 404
    assert client.get(link).status_code == 404


def test_language_switch_is_a_post_and_returns(client: FlaskClient) -> None:
    """Switching language changes <html lang> and returns to the same page."""
    r = Respondent(client)
    ref = r.start(lang="en")
    r.get(f"/assessments/{ref}/steps/basics")
    response = r.post("/language", {"lang": "fr", "next": f"/assessments/{ref}/steps/basics"})
    assert response.headers["Location"].endswith(f"/assessments/{ref}/steps/basics")
    r.get(f"/assessments/{ref}/steps/basics")
    assert '<html lang="fr">' in r.page and "Les bases" in r.page
    assert client.get("/language?lang=en").status_code == 405
    response = r.post("/language", {"lang": "en", "next": "//evil.example/"})
    assert response.headers["Location"] in ("/", "http://wizard.test/")


def test_accept_language_sets_default(client: FlaskClient) -> None:
    """Without a choice, the browser's language decides."""
    page = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="fr">' in page
    page = client.get("/", headers={"Accept-Language": "de-DE,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_task_list_shows_done_current_to_do_and_blocked(client: FlaskClient) -> None:
    """The task list and the step list show each step's status, updated as answers show sections."""
    r = Respondent(client)
    ref = r.start()
    r.get(f"/assessments/{ref}/")
    # basics, usage (shown only when is_ai: it waits for basics), closing (unconditional), obligations
    assert re.findall(r'class="tag tag-(\w+)"', r.page) == ["todo", "blocked", "todo", "blocked"]
    assert r.page.count("Not started") == 2 and r.page.count("Cannot start yet") == 2
    r.answer(ref, "basics", BASICS)
    r.get(f"/assessments/{ref}/steps/usage")
    assert 'aria-current="step"' in r.page and "Completed" in r.page and "Step 2 of 4" in r.page
    r.get(f"/assessments/{ref}/")
    assert re.findall(r'class="tag tag-(\w+)"', r.page) == ["done", "todo", "todo", "blocked"]
    assert "You have completed 1 of 4 steps." in r.page


def test_hidden_answers_are_kept_and_flagged(app: Flask, client: FlaskClient) -> None:
    """[18] Answers of a section hidden later stay stored, are listed apart and ignored by the result."""
    r = Respondent(client)
    ref = r.start()
    r.complete(ref)
    r.answer(ref, "basics", {**BASICS, "is_ai": "no"})
    r.get(f"/assessments/{ref}/summary")
    assert "Answers kept but not used" in r.page and "Health" in r.page
    r.get(f"/assessments/{ref}/result")
    assert "Out of scope" in r.page and "High risk" not in r.page


def test_status_step_is_skipped_when_no_obligation_applies(client: FlaskClient) -> None:
    """With no applicable obligation, the status step sends the respondent to the summary."""
    r = Respondent(client)
    ref = r.start()
    r.answer(ref, "basics", {**BASICS, "is_ai": "no"})
    response = r.answer(ref, "closing", {"reviewed": "yes"})
    assert response.headers["Location"].endswith("/summary")
    assert client.get(f"/assessments/{ref}/obligations").status_code == 303


def test_the_back_link_goes_one_step_back_and_from_the_first_step_to_the_task_list(client: FlaskClient) -> None:
    """The first step's back link leads to the task list, never round to the last step."""
    r = Respondent(client)
    ref = r.start()
    r.answer(ref, "basics", BASICS)
    r.get(f"/assessments/{ref}/steps/basics")
    assert re.findall(r'class="back-link" href="([^"]+)"', r.page) == [f"/assessments/{ref}/"]
    r.get(f"/assessments/{ref}/steps/usage")
    assert re.findall(r'class="back-link" href="([^"]+)"', r.page) == [f"/assessments/{ref}/steps/basics"]
    r.get(f"/assessments/{ref}/steps/usage?return=summary")
    assert re.findall(r'class="back-link" href="([^"]+)"', r.page) == [f"/assessments/{ref}/summary"]
