"""Fewer clicks, less scrolling: follow-ups decided by the server, grouped statuses, links to what is missing."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from wizard.config import ROOT
from wizard.extensions import db

from .helpers import BASICS, Respondent
from .test_ux import real_app


def _question_ids(fragment: str) -> list[str]:
    return re.findall(r'class="question[^"]*" id="q-([a-z0-9_]+)"', fragment)


def test_the_server_says_which_follow_ups_apply_to_the_answers_on_the_page(tmp_path: Path) -> None:
    """The script's endpoint: the engine decides from the unsaved answers; nothing is stored."""
    app: Flask = real_app(tmp_path)
    r = Respondent(app.test_client())
    ref = r.start()
    url = f"/assessments/{ref}/steps/gdpr_scope"
    r.get(url)
    assert 'data-follow-ups="/assessments/' in r.page
    on_page = ",".join(_question_ids(r.page))
    endpoint = f"{url}/questions"
    none = r.client.post(endpoint, data={"csrf_token": r.token(), "__page": on_page, "gdpr_pd_stages": "none"})
    assert none.status_code == 200
    assert "gdpr_no_pd_basis" in _question_ids(none.get_data(as_text=True))
    inputs = r.client.post(endpoint, data={"csrf_token": r.token(), "__page": on_page, "gdpr_pd_stages": "inputs"})
    assert "gdpr_no_pd_basis" not in _question_ids(inputs.get_data(as_text=True))
    # nothing was saved: the step still starts without the follow-up, and unanswered
    r.get(url)
    assert 'id="q-gdpr_no_pd_basis"' not in r.page and "checked" not in r.page.split('id="q-gdpr_pd_stages"')[1][:3000]
    # a post without the CSRF token is refused like any other
    assert r.client.post(endpoint, data={"__page": on_page}).status_code == 400
    with app.app_context():
        db.engine.dispose()


def test_the_summary_links_each_required_question_not_answered(client: FlaskClient) -> None:
    r = Respondent(client)
    ref = r.start()
    assert r.answer(ref, "basics", BASICS).status_code == 303
    r.get(f"/assessments/{ref}/summary")
    notice = r.page[r.page.index("not answered yet"):]
    notice = notice[:notice.index("</div>")]
    links = re.findall(r'<a href="(/assessments/[^"]+)">', notice)
    assert links and all("return=summary#q-" in link for link in links)


def test_the_progress_list_counts_the_steps_of_the_caption(client: FlaskClient) -> None:
    r = Respondent(client)
    ref = r.start()
    r.get(f"/assessments/{ref}/steps/basics")
    total = int(re.search(r"Step \d+ of (\d+)", r.page).group(1))
    steps = re.search(r'<nav class="step-list".*?<ol>(.*?)</ol>', r.page, re.S).group(1)
    assert steps.count("<li") == total


def test_the_copy_button_needs_javascript_and_stays_hidden_without_it() -> None:
    css = (ROOT / "static" / "css" / "main.css").read_text(encoding="utf-8")
    assert re.search(r"\[hidden\]\s*\{\s*display:\s*none\s*!important", css)


def test_the_statuses_step_is_grouped_by_regulation_and_role_the_first_open(client: FlaskClient) -> None:
    from .helpers import CLOSING, USAGE

    r = Respondent(client)
    ref = r.start()
    for section, data in (("basics", BASICS), ("usage", USAGE), ("closing", CLOSING)):
        assert r.answer(ref, section, data).status_code == 303
    r.get(f"/assessments/{ref}/obligations")
    groups = re.findall(r'<details class="status-group" id="group-[^"]+"( open)?>', r.page)
    assert groups and groups[0] == " open"
    assert [g for g in groups if g] == [" open"], "only the first group to answer starts open"
    # every obligation is still asked, inside its group
    assert r.page.count('class="question obligation') == len(re.findall(r'name="status__', r.page)) // 4
