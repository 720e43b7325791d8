"""The preview in the app, for editors and admins: upload or paste, every problem with its line, walk it."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .test_coverage import MINI
from .test_preview import zipped

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token(client: FlaskClient, url: str = "/editor/preview") -> str:
    found = TOKEN.search(client.get(url).get_data(as_text=True))
    assert found
    return found.group(1)


@pytest.fixture
def editor(app: Flask, client: FlaskClient, login_as: Any, tmp_path: Path) -> FlaskClient:
    app.config["PREVIEW_FOLDER"] = str(tmp_path / "previews")
    login_as(client, "editor")
    return client


@pytest.mark.parametrize("role", [None, "advisor"])
def test_only_editors_and_admins_reach_the_preview(app: Flask, client: FlaskClient, login_as: Any,
                                                   role: str | None) -> None:
    login_as(client, role)
    response = client.get("/editor/preview")
    assert response.status_code in ((303, 302) if role is None else (403, 404))


def test_admins_reach_the_editor_pages(app: Flask, client: FlaskClient, login_as: Any) -> None:
    login_as(client, "admin")
    assert client.get("/editor/").status_code == 200
    assert client.get("/editor/logic").status_code == 200


def test_pasted_yaml_with_problems_lists_each_with_its_line(editor: FlaskClient) -> None:
    text = MINI.read_text(encoding="utf-8").replace("show_if: is_ai\n", "show_if: is_aii\n")
    response = editor.post("/editor/preview", data={"csrf_token": token(editor), "yaml": text})
    assert response.status_code == 303
    page = editor.get(response.headers["Location"])
    assert page.status_code == 422
    html = unescape(page.get_data(as_text=True))
    line = text.splitlines().index("    show_if: is_aii") + 1
    assert f"questionnaire.yaml:{line}:" in html and "unknown name 'is_aii'" in html
    assert f"{line:4d} |     show_if: is_aii" in html


def test_walk_a_zip_upload_with_the_side_panel_then_end_it(editor: FlaskClient, tmp_path: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "mini.yaml").write_bytes(MINI.read_bytes())
    response = editor.post("/editor/preview", data={"csrf_token": token(editor),
                                                    "file": (io.BytesIO(zipped(folder)), "mini.zip")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    step = editor.get(response.headers["Location"], follow_redirects=True)
    html = unescape(step.get_data(as_text=True))
    assert "What these answers produce" in html and "Is it an AI system?" in html
    url = step.request.path
    preview_id = url.split("/")[3]
    posted = editor.post(url, data={"csrf_token": TOKEN.search(html).group(1),  # type: ignore[union-attr]
                                    "is_ai": "yes", "purpose": "Ranks CVs", "details": ""})
    assert posted.status_code == 303 and posted.headers["Location"].endswith("/steps/usage")
    usage = unescape(editor.get(posted.headers["Location"]).get_data(as_text=True))
    assert "AI literacy" in usage  # the obligation the answer "yes" triggers, in the side panel
    assert "tier_minimal" not in usage or "Rules fired:" in usage
    ended = editor.post(f"/editor/preview/{preview_id}/end", data={"csrf_token": TOKEN.search(usage).group(1)})  # type: ignore[union-attr]
    assert ended.status_code == 303
    assert editor.get(f"/editor/preview/{preview_id}").status_code == 404
    assert not (tmp_path / "previews" / preview_id).exists()


def test_another_editor_cannot_open_my_preview(app: Flask, editor: FlaskClient, login_as: Any) -> None:
    response = editor.post("/editor/preview", data={"csrf_token": token(editor),
                                                    "yaml": MINI.read_text(encoding="utf-8")})
    location = response.headers["Location"]
    other = app.test_client()
    login_as(other, "editor")
    assert other.get(location).status_code == 404


def test_an_empty_upload_is_refused_with_a_message(editor: FlaskClient) -> None:
    response = editor.post("/editor/preview", data={"csrf_token": token(editor), "yaml": "  "})
    assert response.status_code == 400
    assert "Choose a questionnaire file" in response.get_data(as_text=True)
