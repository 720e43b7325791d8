"""[26] Secret links: never in the session cookie, rotated by the respondent, dropped from a browser, and
never silently switching a visitor to someone else's assessment."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from wizard.extensions import db
from wizard.models import Assessment
from wizard.web.access import GRANTS_KEY

from .helpers import BASICS, Respondent


def session_of(app: Flask, client: FlaskClient) -> tuple[str, dict[str, Any]]:
    """The raw session cookie and what it decodes to (signed, not encrypted: anyone can read it)."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain="wizard.test")
    assert cookie is not None
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return cookie.value, dict(serializer.loads(cookie.value))


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[-1]


def test_the_cookie_never_holds_the_secret_link(app: Flask) -> None:
    owner = Respondent(app.test_client())
    reference = owner.start()
    token = token_of(owner.secret_link())
    raw, decoded = session_of(app, owner.client)
    assert token not in raw and token not in repr(decoded)
    assert reference in decoded[GRANTS_KEY]
    other = Respondent(app.test_client())
    assert other.get("/a/" + token).status_code == 303
    raw, decoded = session_of(app, other.client)
    assert token not in raw and token not in repr(decoded)
    assert other.get(f"/assessments/{reference}/steps/basics").status_code == 200


def test_the_link_page_shows_the_link_again_in_a_granted_browser(app: Flask) -> None:
    owner = Respondent(app.test_client())
    reference = owner.start()
    first = owner.secret_link()
    owner.get(f"/assessments/{reference}/link")
    assert owner.secret_link() == first
    assert app.test_client().get(f"/assessments/{reference}/link").status_code == 404


def test_rotating_the_link_ends_the_old_link_and_its_grants(app: Flask) -> None:
    owner, leaked_to = Respondent(app.test_client()), Respondent(app.test_client())
    reference = owner.start()
    old = owner.secret_link().replace("http://wizard.test", "")
    assert leaked_to.get(old).status_code == 303
    owner.answer(reference, "basics", BASICS)

    owner.get(f"/assessments/{reference}/link")
    response = owner.post(f"/assessments/{reference}/link")
    assert response.status_code == 303
    owner.get(response.headers["Location"])
    assert "A new link was made" in owner.page
    new = owner.secret_link().replace("http://wizard.test", "")
    assert new != old

    assert app.test_client().get(old).status_code == 404
    assert leaked_to.get(f"/assessments/{reference}/steps/basics").status_code == 404
    assert owner.get(f"/assessments/{reference}/steps/basics").status_code == 200
    assert 'value="Ranks CVs"' in owner.page                      # answers kept
    assert app.test_client().get(new).status_code == 303


def test_rotation_needs_the_grant_and_a_csrf_token(app: Flask) -> None:
    owner, stranger = Respondent(app.test_client()), Respondent(app.test_client())
    reference = owner.start()
    link = owner.secret_link()
    stranger.get("/")
    assert stranger.post(f"/assessments/{reference}/link").status_code == 404
    assert owner.client.post(f"/assessments/{reference}/link").status_code == 400   # no CSRF token
    owner.get(f"/assessments/{reference}/link")
    assert owner.secret_link() == link


def test_dropping_an_assessment_from_the_browser_keeps_it_on_the_server(app: Flask) -> None:
    owner = Respondent(app.test_client())
    reference = owner.start(name="Chatbot")
    link = owner.secret_link().replace("http://wizard.test", "")
    owner.get("/")
    assert "Chatbot" in owner.page and "Remove from this browser" in owner.page
    response = owner.post(f"/assessments/{reference}/forget")
    assert response.status_code == 303
    owner.get("/")
    assert "removed from this browser" in owner.page and "Continue an assessment" not in owner.page
    assert owner.get(f"/assessments/{reference}/steps/basics").status_code == 404
    with app.app_context():
        assert db.session.query(Assessment).filter_by(reference=reference).count() == 1
    assert owner.get(link).status_code == 303                     # the link still works


def test_a_link_never_silently_switches_a_browser_to_another_assessment(app: Flask) -> None:
    """An attacker's link asks the victim first, naming the assessment; nothing is granted by looking."""
    attacker, victim = Respondent(app.test_client()), Respondent(app.test_client())
    theirs = attacker.start(name="Attacker system", organisation="Evil Ltd")
    bait = attacker.secret_link().replace("http://wizard.test", "")
    mine = victim.start(name="My system")

    response = victim.get(bait)
    assert response.status_code == 200
    assert "Open another assessment?" in victim.page
    assert "You are opening the assessment of “Attacker system” (Evil Ltd)" in victim.page
    assert "My system" in victim.page
    assert victim.client.get(f"/assessments/{theirs}/steps/basics").status_code == 404   # not yet
    assert victim.client.post(bait).status_code == 400                                     # CSRF

    response = victim.post(bait)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/assessments/{theirs}/resume")
    assert victim.get(f"/assessments/{theirs}/steps/basics").status_code == 200
    assert victim.get(f"/assessments/{mine}/steps/basics").status_code == 200              # both kept


def test_a_fresh_browser_and_a_known_assessment_open_directly(app: Flask) -> None:
    owner = Respondent(app.test_client())
    reference = owner.start()
    link = owner.secret_link().replace("http://wizard.test", "")
    assert owner.get(link).status_code == 303                      # already this browser's
    assert app.test_client().get(link).status_code == 303          # nothing to switch from
    assert owner.get(f"/assessments/{reference}/resume").status_code == 303


def test_a_grant_written_by_the_previous_version_still_opens(app: Flask) -> None:
    """Sessions from before this change held the token itself: they keep working (read as its hash)."""
    owner = Respondent(app.test_client())
    reference = owner.start()
    token = token_of(owner.secret_link())
    legacy = app.test_client()
    with legacy.session_transaction() as session:
        session[GRANTS_KEY] = {reference: token}
    assert legacy.get(f"/assessments/{reference}/steps/basics").status_code == 200
