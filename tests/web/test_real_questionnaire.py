"""Smoke test: the bundled questionnaire can be walked to the end in both languages."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from wizard import create_app
from wizard.config import ROOT
from wizard.engine import Visibility, evaluate
from wizard.extensions import db
from wizard.questionnaire import Question
from wizard.questionnaire.text import tr

from .helpers import Respondent


def generic_answer(question: Question) -> Any:
    """A plausible answer for any question (form-encoded)."""
    if question.type in ("yes_no", "yes_no_unsure"):
        return "unsure" if question.accepts_unsure else "no"
    if question.type == "single":
        return question.options[0].value
    if question.type == "multiple":
        plain = [o.value for o in question.options if not o.exclusive]
        return plain[: max(1, question.min_choices or 1)] or [question.options[0].value]
    if question.type == "number":
        return str(int(question.min) if question.min is not None else 1)
    if question.type == "date":
        return question.min_date or "2025-01-01"
    return "Smoke test"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_walk_the_bundled_questionnaire(tmp_path: Path, lang: str) -> None:
    """Start, answer every visible step, statuses, summary, result and PDF on the real content."""
    # the bundled questionnaire must load: a broken one fails this test, it never skips it
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SERVER_NAME": "wizard.test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'real.sqlite3'}",
                      "QUESTIONNAIRES_PATH": str(ROOT / "questionnaires")})
    catalog = app.extensions["catalog"]
    questionnaire = catalog.for_new_assessment(app.config["DEFAULT_QUESTIONNAIRE"])
    assert questionnaire is not None, "the default questionnaire is not among the bundled ones"
    with app.app_context():
        db.create_all()
    r = Respondent(app.test_client())
    ref = r.start(lang=lang)
    answers: dict[str, Any] = {}
    location = r.client.get(f"/assessments/{ref}/resume").headers["Location"]
    for _ in range(len(questionnaire.sections) + 3):
        if "/steps/" not in location:
            break
        section_id = location.rsplit("/", 1)[-1].split("?")[0]
        page = r.get(location)
        assert page.status_code == 200, location
        visibility = Visibility(questionnaire, answers)
        data = {q.id: generic_answer(q) for q in visibility.questions(section_id)}
        response = r.post(location, data)
        assert response.status_code == 303, (section_id, r.page[:3000])
        with app.app_context():
            from wizard.models import Answer
            answers = {a.question_id: a.value for a in db.session.query(Answer) if a.value is not None}
        location = response.headers["Location"]
    if "/obligations" in location:
        r.get(location)
        assert r.post(location, {}).status_code == 303
    page = r.get(f"/assessments/{ref}/summary")
    assert page.status_code == 200
    assert r.post(f"/assessments/{ref}/complete").status_code == 303
    assert r.get(f"/assessments/{ref}/result").status_code == 200
    # the pages say what the engine concludes from the stored answers, in the respondent's language
    result = evaluate(questionnaire, answers)
    assert result.unanswered == (), "every visible step was answered"
    shown = html.unescape(r.page)
    for outcome in result.outcomes.values():
        for value in outcome.values:
            assert tr(value.label, lang) in shown, (outcome.id, value.value)
    for obligation in result.obligations:
        assert tr(obligation.obligation.title, lang) in shown, obligation.id
    pdf = r.client.get(f"/assessments/{ref}/report.pdf")
    assert pdf.status_code == 200
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert ref in text
    tier = result.outcomes[questionnaire.outcomes[0].id]
    assert tier.values and " ".join(tr(tier.values[0].label, lang).split()) in text
    with app.app_context():
        db.engine.dispose()
