"""Parts of pages rendered once and reused: the pages are the same, to the byte, as without the caches.

A step's questions are remembered by their value, the step list by the statuses, and a result page's
conclusions by the digest of everything the evaluation read (``state_key``). These tests walk the
bundled questionnaire and compare every page served from the caches with the same page rendered
with no cache at all, and check the keys that must change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask

from tests.conftest import drop_schema, make_app, reset_schema
from wizard.config import ROOT
from wizard.engine import Visibility
from wizard.extensions import db
from wizard.models import Answer
from wizard.web import evaluations
from wizard.web.fragments import FragmentStore

from .helpers import BASICS, USAGE, Respondent
from .test_real_questionnaire import generic_answer

TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


@pytest.fixture
def real_app(db_url: str) -> Iterator[Flask]:
    """The app with the bundled questionnaire on a fresh schema."""
    app = make_app(db_url, QUESTIONNAIRES_PATH=str(ROOT / "questionnaires"), DEFAULT_QUESTIONNAIRE="ai-compliance")
    reset_schema(app)
    yield app
    drop_schema(app)


def without_caches(app: Flask, respondent: Respondent, url: str) -> str:
    """``url`` rendered with every fragment cache off (as the first request of a new process would)."""
    env: Any = app.jinja_env
    env.fragment_enabled = False
    try:
        return TOKEN.sub("", respondent.client.get(url).get_data(as_text=True))
    finally:
        env.fragment_enabled = True


def cached(respondent: Respondent, url: str) -> str:
    """``url`` requested twice: the second answer comes from the caches the first one filled."""
    respondent.client.get(url)
    return TOKEN.sub("", respondent.client.get(url).get_data(as_text=True))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_of_a_walk_is_the_same_with_and_without_the_caches(real_app: Flask, lang: str) -> None:
    catalog = real_app.extensions["catalog"]
    questionnaire = catalog.for_new_assessment("ai-compliance")
    respondent = Respondent(real_app.test_client())
    reference = respondent.start(lang=lang)
    answers: dict[str, Any] = {}
    location = respondent.client.get(f"/assessments/{reference}/resume").headers["Location"]
    compared = 0
    while "/steps/" in location and compared < len(questionnaire.sections) + 3:
        assert cached(respondent, location) == without_caches(real_app, respondent, location), location
        compared += 1
        respondent.get(location)
        section_id = location.rsplit("/", 1)[-1].split("?")[0]
        data = {q.id: generic_answer(q) for q in Visibility(questionnaire, answers).questions(section_id)}
        response = respondent.post(location, data)
        assert response.status_code == 303
        with real_app.app_context():
            answers = {a.question_id: a.value for a in db.session.query(Answer) if a.value is not None}
        # the same step again: its questions now hold their answers, and the step list says "done"
        assert cached(respondent, location) == without_caches(real_app, respondent, location), location
        location = response.headers["Location"]
        # the summary and the result after every step, as the state changes
        for page in (f"/assessments/{reference}/summary", f"/assessments/{reference}/result"):
            assert cached(respondent, page) == without_caches(real_app, respondent, page), page
    assert compared > 5


def test_a_changed_answer_is_shown_at_once(app: Flask) -> None:
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    step = f"/assessments/{reference}/steps/basics"
    respondent.answer(reference, "basics", BASICS)
    assert re.search(r'id="is_ai" name="is_ai" value="yes" checked', respondent.get(step).get_data(as_text=True))
    respondent.answer(reference, "basics", {**BASICS, "is_ai": "no"})
    page = respondent.get(step).get_data(as_text=True)
    assert not re.search(r'value="yes" checked', page)
    assert re.search(r'name="is_ai" value="no" checked', page)


def test_an_error_is_never_kept_for_the_next_page(app: Flask) -> None:
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    step = f"/assessments/{reference}/steps/basics"
    respondent.get(step)
    refused = respondent.post(step, {"is_ai": "", "purpose": "Ranks CVs"})
    assert refused.status_code == 400 and "field-error" in refused.get_data(as_text=True)
    assert "field-error" not in respondent.get(step).get_data(as_text=True)


def test_a_new_status_changes_the_result_page(app: Flask) -> None:
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    respondent.answer(reference, "basics", BASICS)
    respondent.answer(reference, "usage", USAGE)
    before = respondent.get(f"/assessments/{reference}/result").get_data(as_text=True)
    statuses = respondent.get(f"/assessments/{reference}/obligations").get_data(as_text=True)
    choices = dict(re.findall(r'name="(status__[^"]+)" value="(done)"', statuses))
    assert choices, "the fixture questionnaire tracks at least one obligation"
    assert respondent.post(f"/assessments/{reference}/obligations", choices).status_code == 303
    after = respondent.get(f"/assessments/{reference}/result").get_data(as_text=True)
    assert after != before
    assert "tag-status-done" in after and "tag-status-done" not in before
    # a note alone changes the obligation's section too
    first = next(iter(choices)).removeprefix("status__")
    respondent.get(f"/assessments/{reference}/obligations")
    noted = {**choices, f"note__{first}": "Signed off by the board"}
    assert respondent.post(f"/assessments/{reference}/obligations", noted).status_code == 303
    assert "Signed off by the board" in respondent.get(f"/assessments/{reference}/result").get_data(as_text=True)


def test_two_assessments_with_the_same_answers_link_to_their_own_steps(app: Flask) -> None:
    first, second = Respondent(app.test_client()), Respondent(app.test_client())
    references = []
    for respondent in (first, second):
        reference = respondent.start()
        respondent.answer(reference, "basics", BASICS)
        references.append(reference)
    one = first.get(f"/assessments/{references[0]}/steps/usage").get_data(as_text=True)
    two = second.get(f"/assessments/{references[1]}/steps/usage").get_data(as_text=True)
    assert f"/assessments/{references[0]}/" in one and references[1] not in one
    assert f"/assessments/{references[1]}/" in two and references[0] not in two


def test_the_state_key_covers_every_input_of_an_evaluation(app: Flask) -> None:
    questionnaire = next(iter(app.extensions["catalog"].current.values()))
    answers, statuses, day = {"is_ai": True}, {"literacy": {"status": "done", "note": ""}}, date(2026, 12, 2)
    key = evaluations.state_key(questionnaire, answers, statuses, day)
    assert evaluations.state_key(questionnaire, dict(answers), dict(statuses), day) == key
    assert evaluations.state_key(questionnaire, {"is_ai": False}, statuses, day) != key
    assert evaluations.state_key(questionnaire, answers, {}, day) != key
    assert evaluations.state_key(questionnaire, answers, {"literacy": {"status": "done", "note": "x"}}, day) != key
    assert evaluations.state_key(questionnaire, answers, statuses, date(2026, 12, 3)) != key


def test_the_fragment_store_is_bounded_by_size_least_recently_used_first() -> None:
    store = FragmentStore(limit=100, max_chars=10)
    store.get_or_render(("a",), lambda: "aaaa")
    store.get_or_render(("b",), lambda: "bbbb")
    store.get_or_render(("a",), lambda: "never rendered again")   # "a" is now the most recent
    store.get_or_render(("c",), lambda: "cccc")                    # 12 characters: "b" goes
    assert len(store) == 2 and store.chars == 8
    assert store.get_or_render(("b",), lambda: "rendered again") == "rendered again"
    assert store.get_or_render(("x",), lambda: "x" * 11) == "x" * 11   # too large to keep: served only
    assert store.chars <= 10
