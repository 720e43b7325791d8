"""Changes to accounts, each written with its audit event in one transaction."""

from __future__ import annotations

from sqlalchemy import func, select

from wizard import audit
from wizard.extensions import db
from wizard.models import utcnow

from . import passwords
from .models import ROLES, User


class AccountError(ValueError):
    """A change to an account was refused; ``message`` says why (translated when in a request)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: The form field the problem is about, if any ("email", "password", "role").
        self.field = field


def normalise_email(email: str) -> str:
    """The form accounts are stored and looked up in: trimmed, lower-case."""
    return email.strip().lower()


def find(email: str) -> User | None:
    """The account with this e-mail address, if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def admin_count() -> int:
    """How many active admins there are (the last one cannot be removed)."""
    return int(db.session.scalar(select(func.count()).select_from(User)
                                 .where(User.role == "admin", User.active.is_(True))) or 0)


def _check_email(email: str) -> str:
    email = normalise_email(email)
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or len(email) > 254 or any(c.isspace() for c in email):
        raise AccountError("invalid e-mail address", "email")
    return email


def create_user(email: str, role: str, password: str, *, name: str = "") -> User:
    """Create an active account; refuses a taken address, an unknown role, a weak password."""
    email = _check_email(email)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    problems = passwords.policy_problems(password, email)
    if problems:
        raise AccountError(" ".join(problems), "password")
    if find(email) is not None:
        raise AccountError("an account with this e-mail address already exists", "email")
    user = User(email=email, role=role, name=name.strip()[:200],
                password_hash=passwords.hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", target=email, role=role)
    db.session.commit()
    return user


def _keep_an_admin(user: User) -> None:
    if user.role == "admin" and user.active and admin_count() <= 1:
        raise AccountError("this is the last active admin: make another admin first")


def set_role(user: User, role: str) -> None:
    """Change the role (signs the user out everywhere, so the new role applies at once)."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if role == user.role:
        return
    if role != "admin":
        _keep_an_admin(user)
    previous, user.role = user.role, role
    user.session_version += 1
    audit.record("role_changed", target=user.email, previous=previous, role=role)
    db.session.commit()


def deactivate(user: User) -> None:
    """Deactivate the account: it can no longer sign in, and its sessions end now."""
    if not user.active:
        return
    _keep_an_admin(user)
    user.active = False
    user.session_version += 1
    audit.record("user_deactivated", target=user.email)
    db.session.commit()


def reactivate(user: User) -> None:
    """Let a deactivated account sign in again."""
    if user.active:
        return
    user.active = True
    audit.record("user_reactivated", target=user.email)
    db.session.commit()


def change_password(user: User, password: str) -> None:
    """Set a new password (policy checked) and end every other session of this user."""
    problems = passwords.policy_problems(password, user.email)
    if problems:
        raise AccountError(" ".join(problems), "password")
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.session_version += 1
    audit.record("password_changed", target=user.email)
    db.session.commit()


def authenticate(email: str, password: str, address: str | None) -> User | None:
    """The active account for these credentials, or None, taking the same time and leaving the same
    trace whether the address is unknown, the password wrong or the account deactivated.

    Records the sign-in (or its failure) in the audit trail, and rehashes an outdated hash.
    """
    user = find(email) if len(password) <= passwords.MAX_LENGTH else None
    if user is None:
        passwords.burn_time(password[: passwords.MAX_LENGTH])
        ok = False
    else:
        ok = passwords.verify_password(user.password_hash, password) and user.active
    if not ok or user is None:
        # the address typed is not stored (it may be a password typed in the wrong field)
        audit.record("sign_in_failed", actor_id=None, actor_label="unknown", address=address,
                     target=user.email if user is not None else None)
        db.session.commit()
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_sign_in_at = utcnow()
    audit.record("sign_in", actor_id=user.id, actor_label=user.email, address=address)
    db.session.commit()
    return user
