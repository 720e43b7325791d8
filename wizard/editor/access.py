"""Who may use the editors' pages: signed-in editors and admins.

Until the accounts of the advisors' issue are on main this reads Flask-Login's current user when a
login manager is installed, and admits nobody otherwise; with the accounts, the blueprint is declared
to the access choke point instead (``policy.admit(bp, "editor", "admin")``).
"""

from __future__ import annotations

from flask import current_app
from flask_login import current_user

EDITOR_ROLES = ("editor", "admin")


def may_edit() -> bool:
    """Whether the requester is a signed-in editor or admin."""
    if getattr(current_app, "login_manager", None) is None:
        return False
    return bool(current_user.is_authenticated and getattr(current_user, "role", None) in EDITOR_ROLES)
