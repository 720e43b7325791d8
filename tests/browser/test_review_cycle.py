"""End to end in Chromium: a whole review cycle between a respondent and an advisor, two browsers.

Submit → verdicts and comments → changes requested → revise → resubmit → approve, then the approved
PDF shows the review.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import loaded
import pytest
from pypdf import PdfReader
from test_end_to_end import check_page
from werkzeug.serving import make_server

from wizard import create_app
from wizard.accounts import operations
from wizard.extensions import db

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "web" / "fixtures" / "questionnaires"
PASSWORD = "browser advisor pass phrase"


@pytest.fixture
def review_server(tmp_path: Path) -> Iterator[str]:
    """The wizard on a fresh SQLite database with one advisor account, served on 127.0.0.1."""
    app = create_app({"SECRET_KEY": "browser-test-secret-key-0123456789abcdef",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'review.sqlite3'}",
                      "QUESTIONNAIRES_PATH": str(FIXTURES), "DEFAULT_QUESTIONNAIRE": "mini",
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024})
    with app.app_context():
        db.create_all()
        operations.create_user("ada@authority.test", "advisor", PASSWORD, name="Ada")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def answer_everything(page: Any, base: str) -> str:
    """Start and complete an assessment of the fixture questionnaire; its reference."""
    page.goto(base + "/")
    page.get_by_label("Name of the AI system").fill("Triage assistant")
    page.get_by_label("Organisation").fill("Clinique Exemple")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Start").click()
    reference = page.url.split("/assessments/")[1].split("/")[0]
    page.get_by_role("link", name="Continue").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("What is it for?").fill("Sorts patients by urgency")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Health").check()
    page.get_by_label("Personal data").check()
    page.get_by_label("How many people use it?").fill("1200")
    page.get_by_label("When was it launched?").fill("2025-06-01")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Not sure").check()
    page.get_by_role("button", name="Save and continue").click()
    page.locator("#status__literacy").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Confirm and see the result").click()
    return reference


def test_a_whole_review_cycle(review_server: str, browser_page: Any, tmp_path: Path) -> None:
    """Two browser contexts (respondent, advisor) complete one review cycle by clicking."""
    base, respondent = review_server, browser_page
    ref = answer_everything(respondent, base)
    respondent.get_by_label("Message to the advisor (optional)").fill("First version")
    respondent.get_by_role("button", name="Submit for review").click()
    assert "submitted for review" in respondent.content()

    advisor = respondent.context.browser.new_context(locale="en-GB", accept_downloads=True).new_page()
    advisor.goto(base + "/review/")
    assert "/login" in advisor.url
    check_page(advisor)
    advisor.get_by_label("E-mail address").fill("ada@authority.test")
    advisor.get_by_label("Password").fill(PASSWORD)
    advisor.get_by_role("button", name="Sign in").click()
    assert "Review queue" in loaded.title(advisor)
    check_page(advisor)
    advisor.get_by_role("link", name="Triage assistant").click()
    assert "First version" in advisor.content()
    check_page(advisor)
    advisor.get_by_role("button", name="Assign").click()
    tier = advisor.locator("#c-outcome-tier")
    tier.get_by_label("Disagree").check()
    tier.get_by_label("Comment").fill("Triage by urgency needs more detail")
    tier.get_by_role("button", name="Save the verdict").click()
    assert "Verdict saved." in advisor.content()
    basics = advisor.locator("#s-basics")
    basics.get_by_label("Comment on").fill("Explain who acts on the ranking.")
    basics.get_by_role("button", name="Add the comment").click()
    advisor.get_by_label("Overall summary").fill("Please clarify the purpose.")
    advisor.get_by_role("button", name="Request changes").click()
    assert "Changes requested" in advisor.content()

    # the respondent sees the status and the comment next to the section, revises and resubmits
    respondent.goto(f"{base}/assessments/{ref}/")
    assert "Changes requested" in respondent.content()
    respondent.get_by_role("link", name="The basics").first.click()
    assert "Explain who acts on the ranking." in respondent.content()
    check_page(respondent)
    respondent.get_by_label("What is it for?").fill("Sorts patients by urgency for nurses")
    respondent.get_by_role("button", name="Save and continue").click()
    respondent.goto(f"{base}/assessments/{ref}/result")
    respondent.get_by_role("button", name="Submit again for review").click()

    # the advisor sees what changed, agrees, approves
    advisor.goto(f"{base}/review/{ref}/")
    advisor.get_by_role("link", name="What changed since revision 1").click()
    assert "Sorts patients by urgency for nurses" in advisor.content()
    check_page(advisor)
    advisor.get_by_role("link", name="Back to the review").click()
    tier = advisor.locator("#c-outcome-tier")
    tier.get_by_label("Agree", exact=True).check()
    tier.get_by_label("Comment").fill("Clear now")
    tier.get_by_role("button", name="Save the verdict").click()
    advisor.get_by_label("Overall summary").fill("Sound assessment.")
    advisor.get_by_role("button", name="Approve").click()
    assert "Approved" in advisor.content()

    # the approved PDF, downloaded by the respondent, shows the review
    respondent.goto(f"{base}/assessments/{ref}/result")
    assert "Approved" in respondent.content() and "Sound assessment." in respondent.content()
    with respondent.expect_download() as download_info:
        respondent.get_by_role("link", name="Download the report (PDF)").click()
    target = tmp_path / "approved.pdf"
    download_info.value.save_as(target)
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Advisor review" in text and "Sound assessment." in text and "Clear now" in text
    assert "Approved" in text
    advisor.context.close()
