"""What the respondent sees: headings, the result page's layout, the report downloads."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from .helpers import BASICS, Respondent


def h1_of(page: str) -> str:
    """The text of the page's single h1 (tags stripped)."""
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert len(found) == 1, found
    return re.sub(r"<[^>]+>|\s+", " ", found[0]).strip()


def test_a_step_with_one_question_uses_it_as_the_heading(client: FlaskClient) -> None:
    """GOV.UK pattern: the question is the h1 (inside its legend), the section title a caption."""
    r = Respondent(client)
    ref = r.start()
    r.answer(ref, "basics", BASICS)
    r.get(f"/assessments/{ref}/steps/closing")
    assert h1_of(r.page) == "Has a lawyer reviewed it?"
    assert re.search(r"<legend[^>]*>\s*<h1>Has a lawyer reviewed it\?</h1>\s*</legend>", r.page)
    assert "<title>Has a lawyer reviewed it? –" in r.page
    assert re.search(r'class="caption">Step 3 of 4 · <span class="caption-section">Closing</span>', r.page)


def test_a_step_with_several_questions_keeps_the_section_heading(client: FlaskClient) -> None:
    """Several questions: the section title is the h1, each question a legend or label."""
    r = Respondent(client)
    ref = r.start()
    r.get(f"/assessments/{ref}/steps/basics")
    assert h1_of(r.page) == "The basics"
