"""The editors' pages in the app: hidden from everyone else; the logic document published on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import BUNDLED


@pytest.fixture
def make(tmp_path: Path, app_factory: Any) -> Any:
    def build(**overrides: Any) -> Any:
        return app_factory(f"sqlite:///{tmp_path / 'editor.sqlite3'}", QUESTIONNAIRES_PATH=str(BUNDLED),
                           DEFAULT_QUESTIONNAIRE="ai-compliance", **overrides)
    return build


def test_anonymous_visitors_do_not_reach_the_editor_pages(make: Any) -> None:
    """Every route of the editor blueprint, every method: sent to sign in, never served."""
    app = make()
    app.config["WTF_CSRF_ENABLED"] = False  # a POST must be refused for who sends it, not for its token
    client = app.test_client()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("editor.")]
    assert {r.endpoint for r in rules} >= {"editor.index", "editor.logic", "editor.preview_start",
                                           "editor.preview_show", "editor.preview_step", "editor.preview_end"}
    for rule in rules:
        url = str(rule).replace("<preview_id>", "abc").replace("<section_id>", "organisation")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"yaml": "id: x"})
            assert response.status_code == 303, (rule.endpoint, method, response.status_code)
            assert "/login" in response.headers["Location"], rule.endpoint


def test_the_operator_can_publish_the_logic_document(make: Any) -> None:
    assert make().test_client().get("/logic").status_code == 404  # not published by default
    client = make(PUBLISH_LOGIC=True).test_client()
    response = client.get("/logic", headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="fr">' in html and "La logique juridique du questionnaire" in html
    assert '<link rel="stylesheet" href="/static/css/logic.css">' in html
    assert html.count("<svg ") > 10 and "<script" not in html
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert client.get("/editor/logic").status_code == 303  # the editors' pages still need signing in
