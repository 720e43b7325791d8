"""The one access choke point: every request is checked here before any view runs.

Deny by default. A request reaches its view only when

- its view is public: the blueprint was declared with :func:`public` (the respondent's wizard, whose
  assessment pages keep their own secret-link check in ``wizard/web/access.py``, and the JSON API,
  which checks the assessment's secret) or the view function carries :func:`public_view`; or
- the signed-in, active user has one of the roles admitted for the view (:func:`roles_required` on the
  function) or else for its blueprint (:func:`admit`).

A route nobody declared is refused to everyone (404), so a new blueprint cannot slip through: declare it
next to its definition, for example::

    bp = Blueprint("editor", __name__, url_prefix="/editor")
    policy.admit(bp, "editor", "admin")

Anonymous visitors of a role-protected page are sent to the sign-in page (``?next=`` keeps where they
were going); signed-in users without the role get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from .models import ROLES

View = TypeVar("View", bound=Callable[..., Any])

#: Blueprint name -> why anyone may reach it (the reason is documentation for the reader and tests).
_PUBLIC_BLUEPRINTS: dict[str, str] = {}
#: Blueprint name -> roles admitted.
_ADMITTED: dict[str, frozenset[str]] = {}
#: Endpoints without a blueprint that anyone may reach.
_PUBLIC_ENDPOINTS = {"static"}
PUBLIC_ATTR = "_access_public"
ROLES_ATTR = "_access_roles"


def _check_roles(roles: tuple[str, ...]) -> frozenset[str]:
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"roles must be some of {ROLES}, got {roles}")
    return frozenset(roles)


def admit(bp: Blueprint, *roles: str) -> Blueprint:
    """Let users with one of ``roles`` (and only them) reach every view of ``bp``."""
    _ADMITTED[bp.name] = _check_roles(roles)
    return bp


def public(bp: Blueprint, why: str) -> Blueprint:
    """Let anyone reach ``bp``'s views (which then do their own checks, if any); say ``why``."""
    _PUBLIC_BLUEPRINTS[bp.name] = why
    return bp


def public_view(view: View) -> View:
    """Mark one view public (the sign-in page); put it right under the route decorator."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def roles_required(*roles: str) -> Callable[[View], View]:
    """Admit only ``roles`` to this view, whatever its blueprint admits; put it under the route decorator."""
    admitted = _check_roles(roles)

    def mark(view: View) -> View:
        setattr(view, ROLES_ATTR, admitted)
        return view

    return mark


def rule_of(endpoint: str) -> tuple[bool, frozenset[str]]:
    """(public, roles admitted) of ``endpoint``; (False, empty) is "nobody": the default."""
    view = current_app.view_functions.get(endpoint)
    if endpoint in _PUBLIC_ENDPOINTS or getattr(view, PUBLIC_ATTR, False):
        return True, frozenset()
    roles = getattr(view, ROLES_ATTR, None)
    if roles is not None:
        return False, roles
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else None
    if blueprint in _PUBLIC_BLUEPRINTS:
        return True, frozenset()
    return False, _ADMITTED.get(blueprint or "", frozenset())


def public_blueprints() -> dict[str, str]:
    """The blueprints anyone may reach, with the reason (for the route sweep and the docs)."""
    return dict(_PUBLIC_BLUEPRINTS)


def check_request() -> Response | None:
    """The before-request hook: let the request through, or redirect to sign-in, 403 or 404."""
    endpoint = request.endpoint
    if endpoint is None:        # no route matched: Flask answers 404 or 405 itself
        return None
    is_public, roles = rule_of(endpoint)
    if is_public:
        return None
    if not roles:
        current_app.logger.warning("access: endpoint %s has no access rule; refused", endpoint)
        abort(404)
    if not current_user.is_authenticated:
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("accounts.login", next=target), 303)
    if current_user.role not in roles:
        abort(403)
    return None


def current_role() -> str | None:
    """The role of the signed-in user, or None for a respondent or an anonymous visitor."""
    return str(current_user.role) if current_user.is_authenticated else None
