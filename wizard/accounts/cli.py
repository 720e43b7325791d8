"""``flask --app wizard users create|list|set-role|deactivate|reactivate|set-password``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from wizard.extensions import db

from . import operations
from .models import ROLES, User

users = AppGroup("users", help="Manage the accounts of advisors, editors and admins.")


def _read_password(confirm: bool = True) -> str:
    """The password from standard input when it is not a terminal (one line), else prompted twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=confirm))


def _get(email: str) -> User:
    user = operations.find(email)
    if user is None:
        raise click.ClickException(f"no account with the e-mail address {email}")
    return user


def _run(action: object) -> None:
    try:
        action()  # type: ignore[operator]
    except operations.AccountError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the account may do.")
@click.option("--name", default="", help="The person's name, shown to colleagues.")
def create(email: str, role: str, name: str) -> None:
    """Create an account; the password is read from standard input (or prompted on a terminal)."""
    password = _read_password()
    _run(lambda: operations.create_user(email, role, password, name=name))
    click.echo(f"Created {operations.normalise_email(email)} ({role}).")


@users.command("list")
def list_users() -> None:
    """Every account: e-mail address, role, active or not, last sign-in."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        last = user.last_sign_in_at.strftime("%Y-%m-%d %H:%M") if user.last_sign_in_at else "never"
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.role}\t{state}\tlast sign-in: {last}")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def set_role(email: str, role: str) -> None:
    """Change an account's role (its sessions end)."""
    user = _get(email)
    _run(lambda: operations.set_role(user, role))
    click.echo(f"{user.email} is now {role}.")


@users.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Deactivate an account: no more sign-in, open sessions end."""
    user = _get(email)
    _run(lambda: operations.deactivate(user))
    click.echo(f"{user.email} is deactivated.")


@users.command("reactivate")
@click.argument("email")
def reactivate(email: str) -> None:
    """Let a deactivated account sign in again."""
    user = _get(email)
    _run(lambda: operations.reactivate(user))
    click.echo(f"{user.email} can sign in again.")


@users.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set a new password (standard input or prompt); the account's sessions end."""
    user = _get(email)
    password = _read_password()
    _run(lambda: operations.change_password(user, password))
    click.echo(f"The password of {user.email} was changed.")
