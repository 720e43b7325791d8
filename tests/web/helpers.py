"""A small "respondent" driving the wizard through the test client, CSRF tokens included."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSIONS = re.compile(r'name="__versions" value="([^"]*)"')

#: Answers that complete the fixture questionnaire (tests/web/fixtures/questionnaires/mini.yaml).
BASICS = {"is_ai": "yes", "purpose": "Ranks CVs", "details": ""}
USAGE = {"sector": "health", "data_kinds": ["personal", "biometric"], "users": "1200", "launch": "2025-06-01"}
CLOSING = {"reviewed": "unsure"}


class Respondent:
    """One browser: keeps the CSRF token and the versions of the last page shown."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.page = ""

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        """GET a page and remember it."""
        response = self.client.get(url, **kwargs)
        self.page = response.get_data(as_text=True)
        return response

    def token(self) -> str:
        """A CSRF token of this session (fetches the home page if no page was shown yet)."""
        found = TOKEN.search(self.page)
        if not found:
            self.get("/")
            found = TOKEN.search(self.page)
        assert found, "no CSRF token in the page"
        return found.group(1)

    def post(self, url: str, data: dict[str, Any] | None = None, *, versions: bool = True,
             **kwargs: Any) -> TestResponse:
        """POST a form with this session's CSRF token (and the versions of the page last shown)."""
        form = dict(data or {})
        form.setdefault("csrf_token", self.token())
        found = VERSIONS.search(self.page)
        if versions and found and "__versions" not in form:
            form["__versions"] = unescape(found.group(1))
        response = self.client.post(url, data=form, **kwargs)
        self.page = response.get_data(as_text=True)
        return response

    def start(self, lang: str = "en", name: str = "CV ranker", organisation: str = "Acme") -> str:
        """Start an assessment; return its reference."""
        response = self.post("/start", {"system_name": name, "organisation": organisation,
                                        "contact": "dpo@acme.test", "lang": lang})
        assert response.status_code == 303, response.get_data(as_text=True)
        match = re.search(r"/assessments/([A-Z0-9-]+)/link", response.headers["Location"])
        assert match
        self.get(response.headers["Location"])
        return match.group(1)

    def secret_link(self) -> str:
        """The secret link shown on the page last displayed (the link page)."""
        match = re.search(r'id="secret-link"[^>]*value="([^"]+)"', self.page)
        assert match, "no secret link on the page"
        return unescape(match.group(1))

    def answer(self, reference: str, section: str, data: dict[str, Any], **query: str) -> TestResponse:
        """Open a step, then post answers to it."""
        url = f"/assessments/{reference}/steps/{section}"
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        self.get(url)
        return self.post(url, data)

    def complete(self, reference: str) -> None:
        """Answer every step of the fixture questionnaire and the statuses."""
        for section, data in (("basics", BASICS), ("usage", USAGE), ("closing", CLOSING)):
            assert self.answer(reference, section, data).status_code == 303
        self.get(f"/assessments/{reference}/obligations")
        response = self.post(f"/assessments/{reference}/obligations",
                             {"status__literacy": "done", "note__literacy": "Trained in March",
                              "status__risk_management": "in_progress"})
        assert response.status_code == 303, self.page
