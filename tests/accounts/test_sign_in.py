"""Sign-in, sign-out and sessions of advisors, editors and admins (SECURITY.md numbers in brackets)."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from wizard.accounts import operations
from wizard.accounts.models import User
from wizard.audit import AuditEvent
from wizard.extensions import db

PASSWORD = "correct horse battery staple 42"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: FlaskClient, url: str = "/login") -> str:
    """A CSRF token of this client's session."""
    found = TOKEN.search(client.get(url).get_data(as_text=True))
    assert found
    return found.group(1)


def post_login(client: FlaskClient, email: str, password: str, **extra: str) -> Any:
    """POST the sign-in form."""
    return client.post("/login" + extra.pop("query", ""),
                       data={"csrf_token": csrf(client), "email": email, "password": password, **extra})


def events(app: Flask, action: str) -> list[AuditEvent]:
    """Audit events of one kind."""
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_sign_in_and_out(app: Flask, client: FlaskClient, make_user: Any) -> None:
    """An advisor signs in at /login, sees their e-mail in the header, and signs out with a POST."""
    email = make_user("advisor", "Ada@Authority.test")
    response = post_login(client, "  ada@AUTHORITY.test ", PASSWORD)
    assert response.status_code == 303
    page = client.get("/account").get_data(as_text=True)
    assert "ada@authority.test" in page and "Advisor" in page
    assert client.get("/logout").status_code == 405          # [5] never a GET
    response = client.post("/logout", data={"csrf_token": csrf(client, "/account")})
    assert response.status_code == 303
    assert client.get("/account").status_code == 303           # back to anonymous
    assert [e.actor_label for e in events(app, "sign_in")] == [email.lower()]
    assert len(events(app, "sign_out")) == 1


def test_unknown_account_wrong_password_and_deactivated_answer_alike(app: Flask, client: FlaskClient,
                                                                     make_user: Any) -> None:
    """[9] Same status and same page for an unknown address, a wrong password, a deactivated account."""
    make_user("advisor", "known@authority.test")
    gone = make_user("editor", "gone@authority.test")
    with app.app_context():
        user = operations.find(gone)
        assert user is not None
        operations.deactivate(user)
    pages = []
    for email, password in (("nobody@authority.test", PASSWORD), ("known@authority.test", PASSWORD + "x"),
                            (gone, PASSWORD)):
        response = post_login(client, email, password)
        assert response.status_code == 401
        page = TOKEN.sub("", response.get_data(as_text=True)).replace(email, "EMAIL")
        assert "The e-mail address or the password is not right." in page
        assert PASSWORD not in page
        pages.append(page)
    assert pages[0] == pages[1] == pages[2]
    failures = events(app, "sign_in_failed")
    assert len(failures) == 3
    # the trail never keeps what was typed for an unknown account (it may be a password)
    assert all("nobody" not in str(e.details) for e in failures)


def test_sign_in_form_errors_keep_the_address(client: FlaskClient) -> None:
    """A missing password comes back with a message and the address typed."""
    response = client.post("/login", data={"csrf_token": csrf(client), "email": "ada@authority.test"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter your password" in page and 'value="ada@authority.test"' in page
    assert page.count("<h1") == 1 and "<title>Error:" in page


def test_sign_in_clears_the_session(client: FlaskClient, make_user: Any) -> None:
    """[8] Whatever the session held before (here a respondent's grants) does not survive sign-in."""
    with client.session_transaction() as session:
        session["grants"] = {"AIC-AAAA-BBBB": "x" * 43}
        session["planted"] = "by an attacker"
    make_user("advisor", "ada@authority.test")
    assert post_login(client, "ada@authority.test", PASSWORD).status_code == 303
    with client.session_transaction() as session:
        assert "grants" not in session and "planted" not in session
        assert "_user_id" in session


def test_password_change_ends_other_sessions(app: Flask, make_user: Any) -> None:
    """[8] Changing the password signs out the other browsers, not the one that changed it."""
    email = make_user("advisor")
    first, second = app.test_client(), app.test_client()
    assert post_login(first, email, PASSWORD).status_code == 303
    assert post_login(second, email, PASSWORD).status_code == 303
    new = "another long passphrase 2026"
    response = first.post("/account", data={"csrf_token": csrf(first, "/account"), "current": PASSWORD,
                                             "new": new, "confirm": new})
    assert response.status_code == 303
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 303
    assert post_login(second, email, PASSWORD).status_code == 401
    assert post_login(second, email, new).status_code == 303
    assert len(events(app, "password_changed")) == 1


def test_password_change_refuses_a_weak_or_wrong_one(client: FlaskClient, login_as: Any) -> None:
    """[9] The policy applies on change; a wrong current password changes nothing."""
    login_as(client, "editor")
    token = csrf(client, "/account")
    response = client.post("/account", data={"csrf_token": token, "current": PASSWORD,
                                             "new": "password1234", "confirm": "password1234"})
    assert response.status_code == 400 and "too common" in response.get_data(as_text=True)
    response = client.post("/account", data={"csrf_token": token, "current": "wrong one entirely",
                                             "new": "a fine new passphrase", "confirm": "a fine new passphrase"})
    assert response.status_code == 400 and "current password is not right" in response.get_data(as_text=True)
    response = client.post("/account", data={"csrf_token": token, "current": PASSWORD,
                                             "new": "a fine new passphrase", "confirm": "another one"})
    assert response.status_code == 400 and "not the same" in response.get_data(as_text=True)


def test_deactivation_and_role_change_end_sessions(app: Flask, client: FlaskClient, make_user: Any) -> None:
    """[8] A deactivated user is signed out at their next request; a role change applies at once."""
    make_user("admin", "boss@authority.test")
    email = make_user("admin", "second@authority.test")
    assert post_login(client, email, PASSWORD).status_code == 303
    assert client.get("/admin/users").status_code == 200
    with app.app_context():
        user = operations.find(email)
        assert user is not None
        operations.set_role(user, "advisor")
    assert client.get("/admin/users").status_code == 303      # signed out by the role change
    assert post_login(client, email, PASSWORD).status_code == 303
    assert client.get("/admin/users").status_code == 403       # signed in again, as an advisor
    with app.app_context():
        user = operations.find(email)
        assert user is not None
        operations.deactivate(user)
    assert client.get("/account").status_code == 303


def test_remember_cookie_is_configured(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """[7] The remember-me cookie is HttpOnly, SameSite, and carries the session version."""
    login_as(client, "advisor", remember=True)
    cookie = client.get_cookie("wizard_remember", domain="wizard.test")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    # a browser that lost its session cookie comes back through the remember cookie
    client.delete_cookie("wizard_session", domain="wizard.test")
    assert client.get("/account").status_code == 200
    # ...until the password changes: the remember cookie names the old session version
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        operations.change_password(user, "completely different words")
    client.delete_cookie("wizard_session", domain="wizard.test")
    assert client.get("/account").status_code == 303


def test_production_remember_cookie_is_secure(tmp_path: Any, app_factory: Any, monkeypatch: Any) -> None:
    """[7] In production the remember-me cookie is Secure, like the session cookie."""
    monkeypatch.setenv("WIZARD_ENV", "production")
    application = app_factory(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    assert application.config["REMEMBER_COOKIE_SECURE"] is True
    assert application.config["SESSION_COOKIE_SECURE"] is True


def test_next_accepts_same_site_paths_only(client: FlaskClient, make_user: Any) -> None:
    """[10] ?next= goes to a path on this site; other targets fall back to the workspace."""
    make_user("admin", "boss@authority.test")
    for target, expected in (("/account", "/account"), ("//evil.test/x", "/admin/users"),
                             ("/\\evil.test", "/admin/users"), ("javascript:alert(1)", "/admin/users"),
                             ("https://evil.test/", "/admin/users")):
        response = post_login(client, "boss@authority.test", PASSWORD, query=f"?next={target}")
        assert response.status_code == 303
        location = response.headers["Location"]
        assert location.endswith(expected), target
        assert "evil" not in location and "javascript" not in location
        client.post("/logout", data={"csrf_token": csrf(client, "/account")})


def test_anonymous_visitor_of_a_protected_page_is_sent_to_sign_in(client: FlaskClient, make_user: Any) -> None:
    """The sign-in page remembers where the visitor was going."""
    response = client.get("/admin/users")
    assert response.status_code == 303 and "/login?next=/admin/users" in response.headers["Location"]
    make_user("admin", "boss@authority.test")
    response = post_login(client, "boss@authority.test", PASSWORD, query="?next=/admin/users")
    assert response.headers["Location"].endswith("/admin/users")


def test_an_outdated_hash_is_upgraded_at_sign_in(app: Flask, client: FlaskClient, make_user: Any) -> None:
    """[9] argon2id; a hash made with older parameters is rehashed with today's on sign-in."""
    email = make_user("advisor")
    with app.app_context():
        old = db.session.scalars(select(User)).one().password_hash
    assert old.startswith("$argon2id$") and "m=1024" in old
    app.config["ARGON2_MEMORY_COST"] = 2048
    assert post_login(client, email, PASSWORD).status_code == 303
    with app.app_context():
        new = db.session.scalars(select(User)).one().password_hash
    assert new.startswith("$argon2id$") and "m=2048" in new and new != old
