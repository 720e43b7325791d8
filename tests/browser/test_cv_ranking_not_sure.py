"""The issue's walk in Chromium: a CV-ranking start-up, "not sure" of a significant change after the
high-risk rules apply. The high-risk duties stay, marked "may apply", on the result page, in the PDF
and in the CSV; every submit moves on to the next step (follow-ups come without a second submit)."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import loaded
import pytest
from cv_ranking_walk import cv_ranking_answers, walk
from pypdf import PdfReader
from werkzeug.serving import make_server

from wizard import create_app
from wizard.config import ROOT
from wizard.extensions import db

pytestmark = pytest.mark.browser

HIGH_RISK_DUTIES = ("Risk-management system", "Quality-management system")


@pytest.fixture
def bundled_server(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """The wizard on the bundled questionnaire, served on 127.0.0.1 and a random port."""
    app = create_app({"SECRET_KEY": "browser-test-secret-key-0123456789abcdef",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'walk.sqlite3'}",
                      "QUESTIONNAIRES_PATH": str(ROOT / "questionnaires")})
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def test_not_sure_keeps_the_high_risk_duties_everywhere(bundled_server: tuple[str, Any], browser_page: Any,
                                                        tmp_path: Path) -> None:
    base, app = bundled_server
    page = browser_page
    submits = walk(page, base, cv_ranking_answers())
    # no step is shown twice: with the script, follow-ups appear as the answers are given
    assert len(submits) == len(set(submits)), submits

    page.get_by_role("button", name="Confirm and see the result").click()
    assert "Your result" in loaded.title(page)
    plan = page.locator("#action-plan + p + table")
    rows = plan.locator("tbody tr")
    may = [r.inner_text() for r in rows.all() if "May apply" in r.inner_text()]
    assert len(may) >= 13
    for duty in HIGH_RISK_DUTIES:
        assert any(duty.lower() in row.lower() for row in may), duty
    assert "This result is provisional." in page.locator("main").inner_text()

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    pdf = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).split())
    assert "Provisional result" in text
    plan_text = text[text.rindex("Action plan"):]
    assert plan_text.count("May apply") >= 13

    with page.expect_download() as csv_download:
        page.locator("#downloads").locator("..").get_by_role("link", name="Action plan (CSV)").click()
    target = tmp_path / "plan.csv"
    csv_download.value.save_as(target)
    rows_csv = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    maybe = [r for r in rows_csv if r["Applies"] == "May apply"]
    assert len(maybe) >= 13
    assert all("profil" in r["Questions that would settle it"].lower()
               for r in maybe if r["Obligation"] in HIGH_RISK_DUTIES)
    for duty in HIGH_RISK_DUTIES:
        assert any(duty.lower() in r["Obligation"].lower() for r in maybe), duty
