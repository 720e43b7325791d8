"""Re-evaluation on a newer version: carried answers, what changes in the result, accept, history kept."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from wizard import catalog as catalog_module
from wizard.catalog import catalog
from wizard.engine.carry_over import carry_over
from wizard.extensions import db
from wizard.models import Assessment, PastVersion
from wizard.questionnaire import load_questionnaire

from .conftest import (
    AI_ACT,
    CURRENT_VERSION,
    NEW_DATE,
    NEW_VERSION,
    OLD_DATE,
    VERSION_LINE,
    copy_bundled,
    edit,
    scenario_answers,
    store,
)
from .test_coverage import MINI

HIGH_RISK = "ai-act-d1-talentsort-cv-ranking"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def live_folder(tmp_path: Path) -> Path:
    """A questionnaires folder the running app reads (an editor will change it)."""
    return copy_bundled(tmp_path / "questionnaires")


@pytest.fixture
def editable_app(db_url: str, app_factory: Any, live_folder: Path) -> Any:
    app = app_factory(db_url, QUESTIONNAIRES_PATH=str(live_folder), DEFAULT_QUESTIONNAIRE="ai-compliance")
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def release_moved_date(app: Flask, folder: Path) -> None:
    """The editor moves the Annex III date and bumps the version; the running app picks it up."""
    edit(folder, AI_ACT, OLD_DATE, NEW_DATE)
    edit(folder, "ai-compliance.yaml", VERSION_LINE, f'version: "{NEW_VERSION}"')
    with app.app_context():
        assert catalog().reload_if_changed(force=True)
        assert catalog().current["ai-compliance"].version == NEW_VERSION


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return unescape(response.get_data(as_text=True))


def test_the_respondent_sees_the_moved_deadline_accepts_it_and_keeps_the_old_result(
        editable_app: Flask, live_folder: Path) -> None:
    reference, token = store(editable_app, "CV ranking", scenario_answers(HIGH_RISK))
    client = editable_app.test_client()
    assert client.get(f"/a/{token}").status_code in (302, 303)
    base = f"/assessments/{reference}"
    assert "A newer version of the questionnaire" not in page(client, f"{base}/")

    before = client.get(f"{base}/report.json").get_json()
    release_moved_date(editable_app, live_folder)
    # a new version never reinterprets a stored assessment: same result, same questionnaire, until accepted
    assert client.get(f"{base}/report.json").get_json() == before
    assert before["questionnaire"]["version"] == CURRENT_VERSION
    overview = page(client, f"{base}/")
    assert (f"A newer version of the questionnaire is available ({NEW_VERSION}; your assessment uses "
            f"{CURRENT_VERSION})") in overview
    review = page(client, f"{base}/version")
    assert "Risk-management system: the deadline moves from December 2, 2027 to June 2, 2028" in review
    assert "New questions to answer" not in review  # a date moved: nothing new to ask
    # still on the old version until accepted: its result is unchanged
    assert "December 2, 2027" in page(client, f"{base}/result")

    accepted = client.post(f"{base}/version", data={"csrf_token": TOKEN.search(review).group(1)})  # type: ignore[union-attr]
    assert accepted.status_code == 303 and accepted.headers["Location"].endswith(f"{base}/result")
    result = page(client, f"{base}/result")
    assert f"Your assessment now uses version {NEW_VERSION}." in result
    assert "June 2, 2028" in result and "A newer version" not in result
    with editable_app.app_context():
        assessment = db.session.query(Assessment).one()
        assert (assessment.questionnaire_version, assessment.content_hash) == (
            NEW_VERSION, catalog().current["ai-compliance"].content_hash)
        past = db.session.query(PastVersion).one()
        assert past.questionnaire_version == CURRENT_VERSION and past.moved_by == "respondent"
    history = page(client, f"{base}/history/{past.id}")
    assert f"Result on version {CURRENT_VERSION}" in history and "December 2, 2027" in history
    assert client.get(f"{base}/history/{past.id + 1}").status_code == 404
    # another browser, without the secret link, reaches none of it
    stranger = editable_app.test_client()
    for url in (f"{base}/version", f"{base}/history/{past.id}"):
        assert stranger.get(url).status_code == 404


def test_answers_are_carried_over_flagged_or_asked_again(tmp_path: Path) -> None:
    """Same id and an accepted value: carried; question gone: kept apart; option gone: asked again."""
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    edit(tmp_path, "mini.yaml", "      - id: details\n        type: long_text\n        required: false\n"
         "        label: {en: \"Anything else?\", fr: \"Autre chose ?\"}\n", "")
    edit(tmp_path, "mini.yaml", "          - value: retail\n", "          - value: shops\n")
    new = load_questionnaire(path)
    carried = carry_over({"is_ai": True, "details": "More", "sector": "retail", "users": 12}, new)
    assert carried.answers == {"is_ai": True, "users": 12}
    assert carried.removed == {"details": "More"}
    assert carried.invalid == {"sector": "retail"}


def test_reload_in_development_picks_up_a_saved_file(editable_app: Flask, live_folder: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a restart: the next request after a save serves the new version; a broken save is ignored."""
    monkeypatch.setattr(catalog_module, "RELOAD_INTERVAL", 0.0)
    client = editable_app.test_client()
    edit(live_folder, "ai-compliance.yaml", VERSION_LINE, f'version: "{NEW_VERSION}"')
    client.get("/")
    with editable_app.app_context():
        assert catalog().current["ai-compliance"].version == NEW_VERSION
    edit(live_folder, "ai-compliance.yaml", "languages: [en, fr]", "languages: [en, fr, xx yy]")
    assert client.get("/").status_code == 200
    with editable_app.app_context():
        assert catalog().current["ai-compliance"].version == NEW_VERSION
        assert catalog().reload_problems and "ai-compliance.yaml:" in str(catalog().reload_problems[0])


def submitted_high_risk(app: Flask) -> tuple[FlaskClient, str]:
    """A respondent's browser and the reference of a high-risk assessment it confirmed and submitted."""
    reference, token = store(app, "CV ranking", scenario_answers(HIGH_RISK))
    client = app.test_client()
    assert client.get(f"/a/{token}").status_code in (302, 303)
    base = f"/assessments/{reference}"
    summary = page(client, f"{base}/summary")
    confirmed = client.post(f"{base}/complete", data={"csrf_token": TOKEN.search(summary).group(1)})  # type: ignore[union-attr]
    assert confirmed.status_code == 303
    result = page(client, f"{base}/result")
    sent = client.post(f"{base}/submit", data={"csrf_token": TOKEN.search(result).group(1),  # type: ignore[union-attr]
                                               "message": "please check"})
    assert sent.status_code == 303, sent.get_data(as_text=True)
    return client, reference


def test_an_advisor_sees_the_newer_version_and_what_it_would_change_but_cannot_move_it(
        editable_app: Flask, live_folder: Path, login_as: Any) -> None:
    respondent, reference = submitted_high_risk(editable_app)
    advisor = editable_app.test_client()
    login_as(advisor, "advisor")
    assert "A newer version of the questionnaire" not in page(advisor, f"/review/{reference}/")
    # no newer version: the changes page sends the advisor back to the review
    assert advisor.get(f"/review/{reference}/version").status_code == 303

    release_moved_date(editable_app, live_folder)
    review = page(advisor, f"/review/{reference}/")
    assert (f"A newer version of the questionnaire is available ({NEW_VERSION}; this assessment uses "
            f"{CURRENT_VERSION}).") in review
    assert f'href="/review/{reference}/version"' in review
    changes = page(advisor, f"/review/{reference}/version")
    assert "Risk-management system: the deadline moves from December 2, 2027 to June 2, 2028" in changes
    assert "Only the respondent can move it." in changes
    assert f'action="/assessments/{reference}/version"' not in changes
    # read-only: no move form, the GET changed nothing, and a POST is not a route for advisors
    assert advisor.post(f"/review/{reference}/version").status_code in (400, 405)
    with editable_app.app_context():
        found = db.session.scalar(select(Assessment).where(Assessment.reference == reference))
        assert found is not None and found.questionnaire_version == CURRENT_VERSION
        assert db.session.scalars(select(PastVersion)).all() == []

    # the respondent's secret link does not open the advisors' page; neither does another role
    refused = respondent.get(f"/review/{reference}/version", follow_redirects=True)
    assert refused.request.path == "/login" and "Risk-management system" not in refused.get_data(as_text=True)
    for role in ("editor", None):
        other = editable_app.test_client()
        login_as(other, role)
        response = other.get(f"/review/{reference}/version")
        assert response.status_code == (403 if role else 303)
        assert "Risk-management system" not in response.get_data(as_text=True)
