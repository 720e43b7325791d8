"""[1][3] Deny by default: every route of the app, swept with every role and with none.

The table below is the specification of who may reach what. A new route fails this test until it is
added here, with its audience; a blueprint without an access rule is refused to everyone.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from web.helpers import Respondent

from wizard.accounts import policy

ROLES = ("advisor", "editor", "admin")
#: Blueprints anyone may reach (their assessment routes check the secret link or the API secret;
#: tests/web/test_security.py and tests/api/test_api.py sweep those).
PUBLIC_BLUEPRINTS = {"home", "steps", "result", "api", "verify", "submission", "health",
                     "upgrade",  # assessment pages (moving to a newer questionnaire version)
                     "logic"}  # the legal logic document: 404 unless PUBLISH_LOGIC (tests/editor)
PUBLIC_ENDPOINTS = {"static", "accounts.login"}
#: Blueprint (or endpoint) -> roles admitted. Endpoint entries win over their blueprint's.
ADMITTED: dict[str, set[str]] = {
    "accounts": {"advisor", "editor", "admin"},
    "admin": {"admin"},
    "review": {"advisor", "admin"},
    "review.disputed": {"editor", "admin"},
    "review.assessment": {"advisor", "editor", "admin"},   # editors read the reviews of disputed rules
    "review.diff": {"advisor", "editor", "admin"},
    "editor": {"editor", "admin"},
}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def expected_roles(endpoint: str) -> set[str] | None:
    """The roles the table admits to ``endpoint``; None when it is public."""
    blueprint = endpoint.rsplit(".", 1)[0] if "." in endpoint else ""
    if endpoint in PUBLIC_ENDPOINTS or blueprint in PUBLIC_BLUEPRINTS:
        return None
    if endpoint in ADMITTED:
        return ADMITTED[endpoint]
    assert blueprint in ADMITTED, f"{endpoint}: add it to the access table of this test"
    return ADMITTED[blueprint]


def concrete(rule: str) -> str:
    """A URL for ``rule`` (unknown ids: the access decision comes before any lookup)."""
    return re.sub(r"<(?:([a-z]+):)?([a-z_]+)>", lambda m: "1" if m.group(1) == "int" else "AIC-XXXX-XXXX", rule)


def protected_routes(app: Flask) -> list[tuple[str, str, str, set[str]]]:
    """(endpoint, url, method, roles) of every route that needs a role."""
    found = []
    for rule in app.url_map.iter_rules():
        roles = expected_roles(rule.endpoint)
        with app.test_request_context():
            is_public, declared = policy.rule_of(rule.endpoint)
        assert (roles is None) == is_public, f"{rule.endpoint}: public in the app but not in the table, or back"
        if roles is None:
            continue
        assert set(declared) == roles, f"{rule.endpoint}: the app admits {sorted(declared)}, the table {sorted(roles)}"
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, concrete(rule.rule), method, roles))
    return found


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_route_is_public_or_admits_exactly_its_roles(app: Flask, login_as: Any, role: str | None) -> None:
    """Anonymous: sent to sign-in; wrong role: 403; right role: reaches the view (never 401/403)."""
    client = app.test_client()
    login_as(client, role)
    token = TOKEN.search(client.get("/login" if role is None else "/account").get_data(as_text=True))
    assert token
    routes = protected_routes(app)
    assert {"admin.users", "accounts.logout"} <= {endpoint for endpoint, *_ in routes}
    for endpoint, url, method, roles in routes:
        if endpoint == "accounts.logout":
            continue   # would end this client's session; tested in test_sign_in.py
        response = client.open(url, method=method, data={"csrf_token": token.group(1)})
        if role is None:
            assert response.status_code == 303, (endpoint, method, response.status_code)
            assert "/login" in response.headers["Location"], endpoint
        elif role in roles:
            assert response.status_code not in (401, 403), (endpoint, method, role, response.status_code)
            assert "/login" not in response.headers.get("Location", ""), (endpoint, role)
        else:
            assert response.status_code == 403, (endpoint, method, role, response.status_code)


def test_a_respondent_holding_a_link_reaches_no_protected_route(app: Flask, client: FlaskClient) -> None:
    """[3] The respondent column of the matrix: a browser granted an assessment by its secret link is
    sent to sign-in by every route that needs a role, like an anonymous one."""
    respondent = Respondent(client)
    respondent.start()
    token = respondent.token()
    for endpoint, url, method, _roles in protected_routes(app):
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 303, (endpoint, method, response.status_code)
        assert "/login" in response.headers["Location"], endpoint


def test_a_route_nobody_declared_is_refused_to_everyone(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """Deny by default: a blueprint registered without an access rule answers 404, even to an admin."""
    undeclared = Blueprint("undeclared", __name__)

    @undeclared.get("/undeclared")
    def page() -> str:
        return "secret"

    app.register_blueprint(undeclared)
    assert client.get("/undeclared").status_code == 404
    login_as(client, "admin")
    assert client.get("/undeclared").status_code == 404


def test_a_view_can_narrow_its_blueprint(app: Flask, client: FlaskClient, login_as: Any) -> None:
    """``roles_required`` on one view wins over the blueprint's roles; ``public_view`` opens one view."""
    bp = policy.admit(Blueprint("narrowed", __name__), "advisor", "admin")

    @bp.get("/narrowed/admins")
    @policy.roles_required("admin")
    def admins_only() -> str:
        return "admins"

    @bp.get("/narrowed/open")
    @policy.public_view
    def open_page() -> str:
        return "open"

    app.register_blueprint(bp)
    assert client.get("/narrowed/open").status_code == 200
    login_as(client, "advisor")
    assert client.get("/narrowed/admins").status_code == 403


def test_roles_must_be_known() -> None:
    """A typo in a role is an error at import time, not a silently open or closed blueprint."""
    with pytest.raises(ValueError, match="roles must be"):
        policy.admit(Blueprint("typo", __name__), "advisr")
    with pytest.raises(ValueError, match="roles must be"):
        policy.admit(Blueprint("nobody", __name__))
