"""Password hashing (argon2id, rehashed when the parameters change) and the password policy."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_request_context
from flask_babel import gettext

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


def hasher() -> PasswordHasher:
    """The argon2id hasher with this app's cost (``ARGON2_TIME_COST``, ``ARGON2_MEMORY_COST`` in KiB)."""
    config = current_app.config
    return _hasher(int(config.get("ARGON2_TIME_COST", 3)), int(config.get("ARGON2_MEMORY_COST", 65536)))


@cache
def _hasher(time_cost: int, memory_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; never the password itself)."""
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash`` (False on any malformed hash)."""
    try:
        return hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (then rehash on sign-in)."""
    try:
        return hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@cache
def _dummy_hash(time_cost: int, memory_cost: int) -> str:
    return _hasher(time_cost, memory_cost).hash("not-a-password-of-anyone")


def burn_time(password: str) -> None:
    """Spend the time of a real check, so that an unknown account answers as slowly as a known one."""
    config = current_app.config
    dummy = _dummy_hash(int(config.get("ARGON2_TIME_COST", 3)), int(config.get("ARGON2_MEMORY_COST", 65536)))
    verify_password(dummy, password)


@cache
def common_passwords() -> frozenset[str]:
    """A small list of the most common passwords (lower-cased), refused by the policy."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _(message: str, **values: object) -> str:
    """Translated in a request; plain English on the command line (no locale there)."""
    return gettext(message, **values) if has_request_context() else message % values


def policy_problems(password: str, email: str = "") -> list[str]:
    """What is wrong with ``password`` (translated messages; empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("Use at least %(num)d characters.", num=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        problems.append(_("Use at most %(num)d characters.", num=MAX_LENGTH))
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if lowered in common_passwords() or lowered.rstrip("0123456789!") in common_passwords():
        problems.append(_("This password is too common: choose another one."))
    elif local and len(local) >= 4 and local in lowered:
        problems.append(_("Do not use your e-mail address in your password."))
    if password and len(set(password)) < 4:
        problems.append(_("Use more different characters."))
    return problems
