"""Words and formats a person reads: numbers and dates through Babel, French elision, no stray ids."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from .helpers import BASICS, USAGE, Respondent


def test_a_number_below_its_minimum_says_the_bound_as_a_person_writes_it(client: FlaskClient) -> None:
    """"at least 0", never "at least 0.0"."""
    r = Respondent(client)
    ref = r.start()
    assert r.answer(ref, "basics", BASICS).status_code == 303
    response = r.answer(ref, "usage", {**USAGE, "users": "-3"})
    assert response.status_code == 400
    assert "at least 0" in r.page and "0.0" not in r.page


def test_the_french_result_names_the_system_without_a_broken_elision(client: FlaskClient) -> None:
    """"de Assistant virtuel Clara" read wrong: the name is quoted, so no elision is needed."""
    r = Respondent(client)
    ref = r.start(lang="fr", name="Assistant virtuel Clara")
    r.complete(ref)
    r.post(f"/assessments/{ref}/complete")
    r.get(f"/assessments/{ref}/result")
    assert "du système «\u00a0Assistant virtuel Clara\u00a0»" in r.page
    assert "de Assistant" not in r.page


def test_dates_on_the_result_page_have_one_format(client: FlaskClient) -> None:
    r = Respondent(client)
    ref = r.start()
    r.complete(ref)
    r.post(f"/assessments/{ref}/complete")
    r.get(f"/assessments/{ref}/result")
    # Babel's long format everywhere ("December 2, 2027"), never an abbreviated month ("Dec 2, 2027")
    assert re.findall(r"\b[A-Z][a-z]+ \d{1,2}, \d{4}\b", r.page)
    assert not re.findall(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}\b", r.page)


def test_a_reference_label_does_not_repeat_itself() -> None:
    """"Latombe (T-553/23, C-703/25 P) (T-553/23 ; C-703/25 P)": the note that repeats is left out."""
    from wizard.questionnaire import load_directory
    from wizard.questionnaire.loader import DEFAULT_DIR

    q = load_directory(DEFAULT_DIR)["ai-compliance"]
    refs = [r for x in q.questions.values() for r in x.references if r.instrument == "gdpr_latombe" and r.note]
    assert refs
    for lang in ("en", "fr"):
        label = q.reference_label(refs[0], lang)
        assert label.count("T-553/23") == 1, label
