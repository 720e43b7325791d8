"""Security properties of the wizard (docs: /work/shared/SECURITY.md numbers in brackets)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner

from wizard.accounts import policy
from wizard.models import Answer, Assessment

from .helpers import BASICS, Respondent

#: Routes anyone may open without a grant [1]; everything else is assessment-scoped.
PUBLIC = {"home.index", "home.start", "home.open_link", "home.confirm_link", "home.privacy", "home.language",
          "static", "verify.form", "verify.check", "api.create_assessment", "accounts.login", "health.healthz",
          "logic.published_logic"}  # 404 unless the operator publishes it (tests/editor/test_editor_pages.py)
#: The JSON API authenticates by the assessment's secret, not the session grant: its own sweep is
#: tests/api/test_api.py::test_every_api_route_is_public_or_needs_the_secret.
SWEPT_ELSEWHERE = ("api.",)


def url_for_rule(rule: object, reference: str) -> str:
    """A concrete URL for ``rule`` on assessment ``reference``."""
    path = str(rule)
    return re.sub(r"<int:[a-z_]+>", "1", path.replace("<reference>", reference).replace("<section_id>", "basics")
                  .replace("<token>", "x" * 43))


def needs_a_role(app: Flask, endpoint: str) -> bool:
    """Whether the access policy asks for a signed-in role (swept in tests/accounts/test_access_policy.py)."""
    with app.test_request_context():
        is_public, roles = policy.rule_of(endpoint)
    return not is_public and bool(roles)


def assessment_rules(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, rule, method) of every route outside the public allow-list."""
    found = []
    for rule in app.url_map.iter_rules():
        if (rule.endpoint in PUBLIC or rule.endpoint.startswith(("cli", *SWEPT_ELSEWHERE))
                or needs_a_role(app, rule.endpoint)):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, str(rule), method))
    return found


def test_every_route_is_public_or_needs_the_grant(app: Flask) -> None:
    """[1][2] Every non-public route answers 404 without the secret, and for another assessment's grant."""
    owner = Respondent(app.test_client())
    ref = owner.start()
    owner.answer(ref, "basics", BASICS)
    stranger = Respondent(app.test_client())
    other_ref = stranger.start(name="Other")
    rules = assessment_rules(app)
    assert rules, "no assessment routes found"
    for endpoint, rule, method in rules:
        assert "<reference>" in rule, f"{endpoint} is neither public nor assessment-scoped"
        for target in (ref, "AIC-XXXX-XXXX"):
            url = url_for_rule(rule, target)
            response = (stranger.client.get(url) if method == "GET"
                        else stranger.post(url, {"is_ai": "no"}))
            assert response.status_code == 404, (endpoint, method, target, response.status_code)
        # the same route opens the stranger's own assessment: the 404s above come from the grant, not the URL
        if method == "GET" and "<int:" not in rule:  # an id (a past version) names a record not made here
            own = stranger.client.get(url_for_rule(rule, other_ref))
            assert own.status_code in (200, 302, 303), (endpoint, own.status_code)
    # nothing changed for the owner
    with app.app_context():
        from wizard.extensions import db
        assert db.session.query(Assessment).count() == 2
        answer = db.session.query(Answer).filter_by(question_id="is_ai").one()
        assert answer.value is True


def test_wrong_and_unknown_links_give_the_same_404(app: Flask, client: FlaskClient) -> None:
    """[2][4] A wrong secret and an unknown one answer the same page; the token has ≥128 bits."""
    owner = Respondent(app.test_client())
    owner.start()
    link = owner.secret_link()
    token = link.rsplit("/", 1)[-1]
    assert len(token) >= 43  # 32 random bytes in URL-safe base64
    wrong = client.get("/a/" + token[:-1] + ("A" if token[-1] != "A" else "B"))
    unknown = client.get("/a/nonsense")
    assert wrong.status_code == unknown.status_code == 404
    strip = re.compile(r'name="csrf_token" value="[^"]*"')
    assert strip.sub("", wrong.get_data(as_text=True)) == strip.sub("", unknown.get_data(as_text=True))
    assert token[:-1] not in wrong.get_data(as_text=True)
    with app.app_context():
        from wizard.extensions import db
        stored = db.session.query(Assessment).one()
        assert token not in (stored.token_hash, stored.reference)


def test_every_post_needs_a_csrf_token(app: Flask) -> None:
    """[5] CSRF is enforced on every POST (here with CSRF on, as in production)."""
    r = Respondent(app.test_client())
    ref = r.start()
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or set()) or rule.endpoint in ("api.submit_assessment",):
            continue   # the API uses no cookies, so no CSRF token: its secret guards it (404 here)
        url = url_for_rule(rule, ref)
        response = r.client.post(url, data={"is_ai": "no", "lang": "fr", "system_name": "x",
                                            "organisation": "y"})
        assert response.status_code in (400,), (rule.endpoint, response.status_code)
    with app.app_context():
        from wizard.extensions import db
        assert db.session.query(Answer).count() == 0
        assert db.session.query(Assessment).count() == 1


def test_no_get_changes_state(app: Flask) -> None:
    """[5] GET on every route leaves the database as it was."""
    r = Respondent(app.test_client())
    ref = r.start()
    with app.app_context():
        from wizard.extensions import db
        before = db.session.query(Assessment).one().updated_at
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or set()) and rule.endpoint != "static":
            r.client.get(url_for_rule(rule, ref))
    with app.app_context():
        assessment = db.session.query(Assessment).one()
        assert assessment.updated_at == before and assessment.completed_at is None
        assert db.session.query(Answer).count() == 0


def test_expired_csrf_keeps_what_was_typed(app: Flask) -> None:
    """[6] A step posted with an invalid token comes back filled in, with a message, and saves nothing."""
    r = Respondent(app.test_client())
    ref = r.start()
    r.get(f"/assessments/{ref}/steps/basics")
    response = r.post(f"/assessments/{ref}/steps/basics",
                      {"csrf_token": "expired", "is_ai": "yes", "purpose": "Typed before lunch"})
    assert response.status_code == 400
    assert 'value="Typed before lunch"' in r.page and 'value="yes" checked' in r.page
    assert "had expired" in r.page
    with app.app_context():
        from wizard.extensions import db
        assert db.session.query(Answer).count() == 0
    response = r.post(f"/assessments/{ref}/steps/basics", {"is_ai": "yes", "purpose": "Typed before lunch"})
    assert response.status_code == 303


def test_expired_csrf_on_start_keeps_the_form(client: FlaskClient) -> None:
    """[6] The start form also comes back filled in."""
    response = client.post("/start", data={"system_name": "Robo", "organisation": "Org", "lang": "en"})
    assert response.status_code == 400
    assert 'value="Robo"' in response.get_data(as_text=True)


def test_session_cookie_flags(client: FlaskClient) -> None:
    """[7] HttpOnly and SameSite on the session cookie (Secure in production, see test_config)."""
    Respondent(client).start()
    cookie = client.get_cookie("wizard_session", domain="wizard.test")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]


@pytest.mark.parametrize("payload", XSS)
def test_stored_text_is_escaped_everywhere(client: FlaskClient, payload: str) -> None:
    """[11] Names and answers with markup come back escaped on every page."""
    r = Respondent(client)
    ref = r.start(name=payload, organisation=payload)
    r.answer(ref, "basics", {**BASICS, "purpose": payload[:80], "details": payload})
    for url in (f"/assessments/{ref}/", f"/assessments/{ref}/steps/basics", f"/assessments/{ref}/summary",
                f"/assessments/{ref}/result", f"/assessments/{ref}/delete", f"/assessments/{ref}/link", "/"):
        page = r.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert 'href="javascript:' not in page, url


def test_security_headers_everywhere(app: Flask, client: FlaskClient) -> None:
    """[13] CSP, nosniff, framing, referrer policy on pages, errors, static files and the PDF."""
    r = Respondent(client)
    ref = r.start()
    responses = {
        "page": client.get("/"), "404": client.get("/nowhere"), "static": client.get("/static/css/main.css"),
        "step": client.get(f"/assessments/{ref}/steps/basics"),
        "pdf": client.get(f"/assessments/{ref}/report.pdf"),
        "405": client.get("/start"),
    }
    for name, response in responses.items():
        headers = response.headers
        csp = headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, name
        assert "unsafe-inline" not in csp, name
        assert headers.get("X-Content-Type-Options") == "nosniff", name
        assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", name
        if name != "static":
            assert headers.get("Cache-Control") == "no-store", name
    assert responses["pdf"].status_code == 200
    for response in responses.values():
        response.close()


def test_pages_use_no_inline_script_nor_third_party_assets(client: FlaskClient) -> None:
    """[4][13][23] No inline script or style, nothing loaded from another site."""
    r = Respondent(client)
    ref = r.start()
    for url in ("/", f"/assessments/{ref}/steps/basics", f"/assessments/{ref}/link", "/privacy"):
        page = r.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert " style=" not in page and "<style" not in page, url
        assert not re.search(r'(src|href)="(https?:)?//(?!wizard\.test)[^"]*\.(js|css|woff2?)', page), url


def test_request_body_limit(app: Flask, client: FlaskClient) -> None:
    """[14] A request body over MAX_CONTENT_LENGTH gets a translated 413 page."""
    r = Respondent(client)
    ref = r.start()
    too_long = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = r.post(f"/assessments/{ref}/steps/basics", {"purpose": too_long})
    assert response.status_code == 413
    assert "too large" in r.page


def test_control_characters_are_stripped(app: Flask, client: FlaskClient) -> None:
    """[14] Control characters and lone surrogates never reach the database."""
    r = Respondent(client)
    ref = r.start(name="Robo\x00\x07t")
    response = r.answer(ref, "basics", {**BASICS, "purpose": "Ranks\x1b[31m CVs\u202e",
                                        "details": "a\r\nb\x0bc"})
    assert response.status_code == 303
    with app.app_context():
        from wizard.extensions import db
        assert db.session.query(Assessment).one().system_name == "Robot"
        values = {a.question_id: a.value for a in db.session.query(Answer)}
    assert values["purpose"] == "Ranks[31m CVs\u202e"
    assert values["details"] == "a\nbc"


@pytest.mark.parametrize("time_limit", [None, 3600])
def test_a_csrf_token_signed_once_stays_valid_and_belongs_to_its_session(app: Flask, time_limit: int | None,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages sign a session's token once (templating.csrf_token): the token of an earlier page still
    posts, another browser's token does not, and with a time limit every page signs anew."""
    app.config["WTF_CSRF_TIME_LIMIT"] = time_limit
    clock = iter(range(1_900_000_000, 1_900_100_000, 7))   # every signature a few seconds later
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: next(clock))
    r, other = Respondent(app.test_client()), Respondent(app.test_client())
    ref = r.start()
    other.start(name="Another")
    r.get(f"/assessments/{ref}/steps/basics")
    first = r.token()
    r.get(f"/assessments/{ref}/")
    assert (r.token() == first) is (time_limit is None)
    assert other.token() != first
    stolen = r.post(f"/assessments/{ref}/steps/basics", {**BASICS, "csrf_token": other.token()})
    assert stolen.status_code == 400
    r.get(f"/assessments/{ref}/steps/basics")
    assert r.post(f"/assessments/{ref}/steps/basics", {**BASICS, "csrf_token": first}).status_code == 303
