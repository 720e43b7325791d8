"""The admin's page for accounts: the same operations as the CLI, from the browser."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from wizard.accounts import operations
from wizard.accounts.models import User
from wizard.extensions import db

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(client: FlaskClient) -> str:
    found = TOKEN.search(client.get("/admin/users").get_data(as_text=True))
    assert found
    return found.group(1)


def user_id(app: Flask, email: str) -> int:
    with app.app_context():
        user = operations.find(email)
        assert user is not None
        return user.id


def test_admin_creates_changes_and_deactivates_accounts(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """Create an advisor, make them an editor, deactivate and reactivate them; each step redirects."""
    login_as(client, "admin")
    response = client.post("/admin/users", data={"csrf_token": token(client), "email": "ada@authority.test",
                                                 "name": "Ada", "role": "advisor",
                                                 "password": "a long enough passphrase"})
    assert response.status_code == 303
    page = client.get("/admin/users").get_data(as_text=True)
    assert "ada@authority.test" in page and "was created" in page
    uid = user_id(app, "ada@authority.test")
    response = client.post(f"/admin/users/{uid}/role", data={"csrf_token": token(client), "role": "editor"})
    assert response.status_code == 303
    assert client.post(f"/admin/users/{uid}/deactivate", data={"csrf_token": token(client)}).status_code == 303
    with app.app_context():
        user = db.session.get(User, uid)
        assert user is not None and user.role == "editor" and not user.active
    assert client.post(f"/admin/users/{uid}/reactivate", data={"csrf_token": token(client)}).status_code == 303
    assert client.post("/admin/users/999/deactivate", data={"csrf_token": token(client)}).status_code == 404


def test_refused_creation_keeps_what_was_typed(client: FlaskClient, login_as: Any) -> None:
    """A weak password or a taken address: 400, the reason, and the form filled in (not the password)."""
    admin = login_as(client, "admin")
    response = client.post("/admin/users", data={"csrf_token": token(client), "email": "ada@authority.test",
                                                 "name": "Ada", "role": "editor", "password": "letmein"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "at least 12 characters" in page
    assert 'value="ada@authority.test"' in page and 'value="Ada"' in page and "letmein" not in page
    response = client.post("/admin/users", data={"csrf_token": token(client), "email": admin, "role": "editor",
                                                 "password": "a long enough passphrase"})
    assert response.status_code == 400 and "already exists" in response.get_data(as_text=True)


def test_admin_cannot_remove_the_last_admin(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """Demoting or deactivating the only admin is refused with a message."""
    admin = login_as(client, "admin")
    uid = user_id(app, admin)
    client.post(f"/admin/users/{uid}/role", data={"csrf_token": token(client), "role": "advisor"})
    assert "last active administrator" in client.get("/admin/users").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(User)).one().role == "admin"


def test_names_are_escaped(client: FlaskClient, login_as: Any, make_user: Any) -> None:
    """[11] A name with markup comes back escaped."""
    make_user("advisor", "x@authority.test", name='<script>alert(1)</script>')
    login_as(client, "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_audit_page_and_csv(client: FlaskClient, login_as: Any) -> None:
    """The admin reads the trail and downloads it as CSV; the download is itself recorded."""
    admin = login_as(client, "admin")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Signed in" in page and admin in page
    response = client.get("/admin/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "id,at,action,actor,assessment,revision,details"
    assert any(",sign_in," in line for line in lines)
    assert "Audit trail exported" in client.get("/admin/audit").get_data(as_text=True)
