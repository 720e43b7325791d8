"""Session cookies are verified once per worker (web/sessions.py), and refused exactly as before:
tampered, signed with another key, or too old. The grant to an assessment lives in the session, so
a refused cookie means the assessment's pages answer 404."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from wizard.web import sessions

from .helpers import Respondent


def cookie(app: Flask, client: Any) -> str:
    found = client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain=app.config["SERVER_NAME"])
    assert found is not None, "no session cookie"
    return str(found.value)


def browser_with(app: Flask, value: str) -> Any:
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], value, domain=app.config["SERVER_NAME"])
    return client


@pytest.fixture
def started(app: Flask) -> tuple[Respondent, str, str]:
    """A respondent with an assessment opened: (respondent, its step URL, its session cookie)."""
    sessions.VERIFIED.clear()
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    step = f"/assessments/{reference}/steps/basics"
    assert respondent.get(step).status_code == 200
    return respondent, step, cookie(app, respondent.client)


def test_a_verified_cookie_serves_again_and_never_changes(app: Flask, started: tuple[Respondent, str, str]) -> None:
    respondent, step, old = started
    assert len(sessions.VERIFIED) >= 1
    assert respondent.get(step).status_code == 200          # verified from memory
    respondent.post("/language", {"lang": "fr", "next": step})   # this session changes: a new cookie
    assert 'lang="fr"' in respondent.get(step).get_data(as_text=True)
    again = browser_with(app, old)                            # the old cookie holds what it held
    page = again.get(step)
    assert page.status_code == 200 and '<html lang="en">' in page.get_data(as_text=True)


def test_a_tampered_cookie_is_refused_even_after_the_genuine_one(app: Flask,
                                                                 started: tuple[Respondent, str, str]) -> None:
    _respondent, step, genuine = started
    # a character inside the signature (the last one may carry only padding bits)
    changed = "A" if genuine[-8] != "A" else "B"
    assert browser_with(app, genuine[:-8] + changed + genuine[-7:]).get(step).status_code == 404


def test_a_cookie_signed_with_another_key_is_refused(app: Flask, started: tuple[Respondent, str, str]) -> None:
    respondent, step, _cookie = started
    app.secret_key = "another-secret-key-that-is-long-enough-9876"
    assert respondent.get(step).status_code == 404


def test_a_cookie_too_old_is_refused_from_memory_too(app: Flask, started: tuple[Respondent, str, str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    respondent, step, _cookie = started
    later = sessions.time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    assert respondent.get(step).status_code == 404
