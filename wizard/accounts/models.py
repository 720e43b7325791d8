"""Accounts of the people who log in: advisors, editors and admins (respondents have none)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from wizard.extensions import db
from wizard.models import utcnow

#: The roles, from the least to the most powerful. Respondents have no account and no role.
ROLES = ("advisor", "editor", "admin")


class User(db.Model):  # type: ignore[name-defined]
    """One person who logs in, with one role; ``session_version`` invalidates every session at once."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('advisor', 'editor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-cased, so that sign-in does not depend on case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    #: Part of the id kept in session and remember cookies: bumping it signs the user out everywhere.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column()

    # Flask-Login's user protocol, written out (no mixin: its get_id would not carry the version).
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The session identity: id and session version (an old version no longer loads)."""
        return f"{self.id}.{self.session_version}"

    @property
    def display_name(self) -> str:
        """The name if given, else the e-mail address."""
        return self.name or self.email

    def has_role(self, *roles: str) -> bool:
        """Whether this active account has one of ``roles``."""
        return self.is_active and self.role in roles
