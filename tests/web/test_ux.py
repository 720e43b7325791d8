"""What the respondent sees: headings, the result page's layout, the report downloads."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from wizard import create_app
from wizard.config import ROOT
from wizard.extensions import db

from .helpers import BASICS, CLOSING, USAGE, Respondent


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


def completed(client: FlaskClient, lang: str = "en") -> tuple[Respondent, str]:
    """A respondent with a completed assessment of the fixture questionnaire, one action left to do."""
    r = Respondent(client)
    ref = r.start(lang=lang)
    for section, data in (("basics", BASICS), ("usage", USAGE), ("closing", CLOSING)):
        r.answer(ref, section, data)
    r.get(f"/assessments/{ref}/obligations")
    r.post(f"/assessments/{ref}/obligations", {"status__literacy": "not_started"})
    r.post(f"/assessments/{ref}/complete")
    return r, ref


def test_the_result_offers_every_format_of_the_report(client: FlaskClient) -> None:
    """PDF, action plan CSV, Markdown and JSON are linked from the result and download as files."""
    r, ref = completed(client)
    r.get(f"/assessments/{ref}/result")
    for ext in ("pdf", "csv", "md", "json"):
        assert f'href="/assessments/{ref}/report.{ext}"' in r.page, ext
    expected = {"pdf": ("application/pdf", b"%PDF"), "csv": ("text/csv", b"rank,priority"),
                "md": ("text/markdown", b"#"), "json": ("application/json", b"{")}
    for ext, (mimetype, start) in expected.items():
        response = client.get(f"/assessments/{ref}/report.{ext}")
        assert response.status_code == 200, ext
        assert response.mimetype == mimetype
        assert response.content_type.count("charset=") <= 1, response.content_type   # said once, not twice
        assert response.data.lstrip(b"\xef\xbb\xbf").startswith(start), ext
        assert response.headers["Content-Disposition"] == f'attachment; filename="{ref}-en.{ext}"'


def test_the_action_plan_csv_lists_the_actions(client: FlaskClient) -> None:
    """The CSV has one row per action of the result page, in the interface language."""
    r, ref = completed(client, "fr")
    r.get(f"/assessments/{ref}/result")
    rows = client.get(f"/assessments/{ref}/report.csv").get_data(as_text=True).strip().splitlines()
    actions = re.findall(r'<th scope="row" data-label="[^"]+"><a href="#obligation-', r.page)
    assert len(rows) == 1 + len(actions) and actions


def test_no_pia_file_when_no_dpia_is_called_for(client: FlaskClient) -> None:
    """The PIA export is not offered, and asking for it anyway says why instead of failing."""
    r, ref = completed(client)
    r.get(f"/assessments/{ref}/result")
    assert "report.pia.json" not in r.page
    response = client.get(f"/assessments/{ref}/report.pia.json")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/assessments/{ref}/result")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "no file for the CNIL PIA tool" in page


def test_the_result_groups_obligations_by_regulation(client: FlaskClient) -> None:
    """Conclusions first, then the action plan, then the obligations under a heading per regulation."""
    r, ref = completed(client)
    r.get(f"/assessments/{ref}/result")
    page = r.page
    assert page.index('id="conclusions"') < page.index('id="action-plan"') < page.index('id="obligations"')
    assert re.search(r'<h3 id="regulation-[\w-]+-title">[^<]+ <span class="count">\(\d+\)</span></h3>', page)
    assert "Suggested owner" in page


def real_app(tmp_path: Path) -> Flask:
    """The app on the bundled questionnaire (which must load: a broken one fails, never skips)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SERVER_NAME": "wizard.test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'real.sqlite3'}",
                      "QUESTIONNAIRES_PATH": str(ROOT / "questionnaires")})
    with app.app_context():
        db.create_all()
    return app


def test_follow_up_questions_wait_for_their_answer(tmp_path: Path) -> None:
    """A follow-up of a question of the same step comes only once that answer is saved, if it applies."""
    app = real_app(tmp_path)
    r = Respondent(app.test_client())
    ref = r.start()
    url = f"/assessments/{ref}/steps/gdpr_scope"
    r.get(url)
    assert 'id="q-gdpr_pd_stages"' in r.page and 'id="q-gdpr_no_pd_basis"' not in r.page
    response = r.post(url, {"gdpr_pd_stages": "none", "gdpr_targets_eu": "yes"})
    assert response.status_code == 303, r.page
    assert response.headers["Location"].endswith(f"{url}#q-gdpr_no_pd_basis")
    r.get(url)
    assert "there are more questions on this page" in r.page
    assert 'id="q-gdpr_no_pd_basis"' in r.page
    # answered "personal data in inputs": the follow-up about no personal data never comes
    r2 = Respondent(app.test_client())
    ref2 = r2.start()
    url2 = f"/assessments/{ref2}/steps/gdpr_scope"
    r2.get(url2)
    response = r2.post(url2, {"gdpr_pd_stages": "inputs", "gdpr_targets_eu": "yes"})
    r2.get(response.headers["Location"])
    assert 'id="q-gdpr_no_pd_basis"' not in r2.page
    with app.app_context():
        db.engine.dispose()


def test_a_client_may_still_post_a_whole_step_at_once(tmp_path: Path) -> None:
    """Posting a question and its follow-up together saves both (the API-like path keeps working)."""
    app = real_app(tmp_path)
    r = Respondent(app.test_client())
    ref = r.start()
    url = f"/assessments/{ref}/steps/gdpr_scope"
    r.get(url)
    response = r.post(url, {"gdpr_pd_stages": "none", "gdpr_no_pd_basis": "never_about_people",
                                "gdpr_targets_eu": "yes"})
    assert response.status_code == 303 and "gdpr_scope" not in response.headers["Location"]
    with app.app_context():
        db.engine.dispose()
