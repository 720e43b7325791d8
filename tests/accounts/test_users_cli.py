"""``flask --app wizard users ...``: create, list, set-role, deactivate, reactivate, set-password."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from wizard.accounts import operations
from wizard.accounts.models import User
from wizard.audit import AuditEvent
from wizard.extensions import db

PASSWORD = "correct horse battery staple 42"


def test_create_reads_the_password_from_stdin(app: Flask, runner: Any) -> None:
    """Not a terminal: the password is the first line of standard input, never an argument."""
    result = runner.invoke(args=["users", "create", "First.Admin@Authority.test", "--role", "admin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created first.admin@authority.test (admin)" in result.output
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert user.role == "admin" and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        event = db.session.scalars(select(AuditEvent)).one()
        assert event.action == "user_created" and event.actor_label == "cli"
        assert PASSWORD not in str(event.details)


def test_create_refuses_weak_passwords_unknown_roles_and_duplicates(runner: Any) -> None:
    """Each refusal says why and exits non-zero."""
    result = runner.invoke(args=["users", "create", "a@authority.test", "--role", "advisor"], input="short\n")
    assert result.exit_code == 1 and "at least 12 characters" in result.output
    result = runner.invoke(args=["users", "create", "a@authority.test", "--role", "advisor"],
                           input="qwertyuiop123\n")
    assert result.exit_code == 1 and "too common" in result.output
    result = runner.invoke(args=["users", "create", "a@authority.test", "--role", "root"], input=PASSWORD)
    assert result.exit_code == 2 and "root" in result.output
    result = runner.invoke(args=["users", "create", "not-an-address", "--role", "advisor"], input=PASSWORD)
    assert result.exit_code == 1 and "invalid e-mail address" in result.output
    assert runner.invoke(args=["users", "create", "a@authority.test", "--role", "advisor"],
                         input=PASSWORD).exit_code == 0
    result = runner.invoke(args=["users", "create", "A@authority.test", "--role", "editor"], input=PASSWORD)
    assert result.exit_code == 1 and "already exists" in result.output


def test_list_set_role_deactivate_reactivate(app: Flask, runner: Any, make_user: Any) -> None:
    """The whole life of an account from the command line, each change in the audit trail."""
    make_user("admin", "boss@authority.test")
    make_user("advisor", "ada@authority.test")
    assert runner.invoke(args=["users", "set-role", "ada@authority.test", "editor"]).exit_code == 0
    assert runner.invoke(args=["users", "deactivate", "ada@authority.test"]).exit_code == 0
    listing = runner.invoke(args=["users", "list"]).output
    assert "ada@authority.test\teditor\tdeactivated\tlast sign-in: never" in listing
    assert "boss@authority.test\tadmin\tactive" in listing
    assert runner.invoke(args=["users", "reactivate", "ada@authority.test"]).exit_code == 0
    result = runner.invoke(args=["users", "set-password", "ada@authority.test"], input="brand new passphrase\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = operations.find("ada@authority.test")
        assert user is not None and user.active and user.role == "editor" and user.session_version == 4
        actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["user_created", "user_created", "role_changed", "user_deactivated",
                       "user_reactivated", "password_changed"]
    result = runner.invoke(args=["users", "deactivate", "nobody@authority.test"])
    assert result.exit_code == 1 and "no account" in result.output


def test_the_last_admin_stays(runner: Any, make_user: Any) -> None:
    """The last active admin can be neither demoted nor deactivated (nobody could manage accounts)."""
    make_user("admin", "boss@authority.test")
    for args in (["users", "set-role", "boss@authority.test", "advisor"],
                 ["users", "deactivate", "boss@authority.test"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1 and "last active admin" in result.output
