"""Two tabs, two workers: different questions both persist; the same question conflicts visibly."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from flask.testing import FlaskClient

from wizard.extensions import db
from wizard.models import Answer

from .helpers import BASICS, USAGE, Respondent


def stored(app: Flask) -> dict[str, object]:
    """Stored answers by question id."""
    with app.app_context():
        return {a.question_id: a.value for a in db.session.query(Answer)}


def versions_of(page: str) -> str:
    """The versions hidden field of a page."""
    found = re.search(r'name="__versions" value="([^"]*)"', page)
    assert found
    return unescape(found.group(1))


def test_two_tabs_saving_different_steps_both_persist(app: Flask, client: FlaskClient) -> None:
    """Tab A shows basics, tab B shows usage; both save; both answers are kept."""
    r = Respondent(client)
    ref = r.start()
    r.answer(ref, "basics", BASICS)
    tab_a = r.get(f"/assessments/{ref}/steps/basics").get_data(as_text=True)
    tab_b = r.get(f"/assessments/{ref}/steps/usage").get_data(as_text=True)
    token = r.token()
    response_b = client.post(f"/assessments/{ref}/steps/usage",
                             data={**USAGE, "csrf_token": token, "__versions": versions_of(tab_b)})
    response_a = client.post(f"/assessments/{ref}/steps/basics",
                             data={**BASICS, "purpose": "Changed in tab A", "csrf_token": token,
                                   "__versions": versions_of(tab_a)})
    assert response_a.status_code == response_b.status_code == 303
    values = stored(app)
    assert values["purpose"] == "Changed in tab A" and values["sector"] == "health"


def test_same_question_from_two_tabs_conflicts_visibly(app: Flask, client: FlaskClient) -> None:
    """The second save of the same question shows both values and saves nothing; re-posting keeps it."""
    r = Respondent(client)
    ref = r.start()
    r.answer(ref, "basics", BASICS)
    page = r.get(f"/assessments/{ref}/steps/basics").get_data(as_text=True)
    seen = versions_of(page)
    token = r.token()
    first = client.post(f"/assessments/{ref}/steps/basics",
                        data={**BASICS, "purpose": "First tab wins", "csrf_token": token, "__versions": seen})
    assert first.status_code == 303
    second = client.post(f"/assessments/{ref}/steps/basics",
                         data={**BASICS, "purpose": "Second tab", "details": "also here", "csrf_token": token,
                               "__versions": seen})
    assert second.status_code == 409
    text = second.get_data(as_text=True)
    assert "First tab wins" in text and "Second tab" in text
    assert "Someone else saved a different answer" in text
    assert stored(app)["purpose"] == "First tab wins"
    assert stored(app)["details"] is None  # nothing of the conflicting step was saved
    # Continuing from the conflict page keeps the respondent's answer deliberately.
    again = client.post(f"/assessments/{ref}/steps/basics",
                        data={**BASICS, "purpose": "Second tab", "details": "also here", "csrf_token": token,
                              "__versions": versions_of(text)})
    assert again.status_code == 303
    assert stored(app)["purpose"] == "Second tab"


def test_same_value_from_two_tabs_is_not_a_conflict(app: Flask, client: FlaskClient) -> None:
    """Saving the value that is already stored never conflicts."""
    r = Respondent(client)
    ref = r.start()
    page = r.get(f"/assessments/{ref}/steps/basics").get_data(as_text=True)
    seen = versions_of(page)
    token = r.token()
    for _ in range(2):
        response = client.post(f"/assessments/{ref}/steps/basics",
                               data={**BASICS, "csrf_token": token, "__versions": seen})
        assert response.status_code == 303


def test_two_app_processes_share_the_database(app: Flask, second_app: Flask) -> None:
    """Two app instances (two workers) on one database: different steps persist, same question conflicts."""
    other = second_app
    owner = Respondent(app.test_client())
    ref = owner.start()
    link = owner.secret_link().replace("http://wizard.test", "")
    worker2 = Respondent(other.test_client())
    assert worker2.get(link).status_code == 303

    page1 = owner.get(f"/assessments/{ref}/steps/basics").get_data(as_text=True)
    page2 = worker2.get(f"/assessments/{ref}/steps/basics").get_data(as_text=True)
    assert owner.post(f"/assessments/{ref}/steps/basics", {**BASICS, "__versions": versions_of(page1)}
                      ).status_code == 303
    response = worker2.post(f"/assessments/{ref}/steps/basics",
                            {**BASICS, "purpose": "Other worker", "__versions": versions_of(page2)})
    assert response.status_code == 409
    assert worker2.answer(ref, "usage", USAGE).status_code == 303
    values = stored(app)
    assert values["purpose"] == "Ranks CVs" and values["sector"] == "health"
