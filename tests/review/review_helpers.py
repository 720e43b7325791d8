"""Helpers of the review tests: a submitted assessment, an advisor's browser, forms with CSRF tokens."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from flask.testing import FlaskClient
from web.helpers import Respondent

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def submitted(client: FlaskClient, name: str = "CV ranker", organisation: str = "Acme",
              message: str = "Please look at the biometric part") -> tuple[Respondent, str]:
    """A respondent who completed, confirmed and submitted an assessment; (respondent, reference)."""
    r = Respondent(client)
    ref = r.start(name=name, organisation=organisation)
    r.complete(ref)
    r.get(f"/assessments/{ref}/summary")
    assert r.post(f"/assessments/{ref}/complete").status_code == 303
    r.get(f"/assessments/{ref}/result")
    response = r.post(f"/assessments/{ref}/submit", {"message": message})
    assert response.status_code == 303, r.page
    return r, ref


class Advisor:
    """A signed-in reviewer's browser."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.page = ""

    def get(self, url: str) -> Any:
        response = self.client.get(url)
        self.page = response.get_data(as_text=True)
        return response

    def token(self) -> str:
        found = TOKEN.search(self.page) or TOKEN.search(self.client.get("/account").get_data(as_text=True))
        assert found
        return found.group(1)

    def post(self, url: str, data: dict[str, Any]) -> Any:
        response = self.client.post(url, data={"csrf_token": self.token(), **data})
        self.page = response.get_data(as_text=True)
        return response

    def version(self) -> str:
        """The revision version of the review page last shown (the decision form's)."""
        found = re.search(r'name="summary".*?', self.page)
        versions = re.findall(r'name="version" value="(\d+)"', self.page)
        assert found is not None or versions
        return versions[-1]

    def verdict_version(self, key: str) -> str:
        """The version carried by the verdict form of conclusion ``key``."""
        block = self.page.split(f'name="conclusion" value="{key}"', 1)[1]
        found = re.search(r'name="version" value="(\d+)"', block)
        assert found
        return found.group(1)


def text_of(page: str) -> str:
    """The page's text without tags (for assertions on what a person reads)."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
