"""A real server in a thread and the system Chromium (never downloaded) for end-to-end tests."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from wizard import create_app
from wizard.extensions import db

FIXTURES = Path(__file__).resolve().parents[1] / "web" / "fixtures" / "questionnaires"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def chromium_path() -> str:
    """The system Chromium, or skip (fail when CI=true)."""
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    found = (candidate if Path(candidate).exists()
             else shutil.which("chromium") or shutil.which("chromium-browser"))
    if not found:
        reason = f"Chromium not found at {candidate} (set CHROMIUM_PATH)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI=true: browser tests must run)")
        pytest.skip(reason)
    return found


@contextmanager
def _served(db_url: str) -> Iterator[tuple[Any, str]]:
    """The wizard served on 127.0.0.1 and a random port, on a fresh database at ``db_url``."""
    app = create_app({"SECRET_KEY": "browser-test-secret-key-0123456789abcdef",
                      "SQLALCHEMY_DATABASE_URI": db_url,
                      "QUESTIONNAIRES_PATH": str(FIXTURES), "DEFAULT_QUESTIONNAIRE": "mini"})
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.drop_all()
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """The wizard's URL, served on a fresh SQLite database."""
    with _served(f"sqlite:///{tmp_path / 'browser.sqlite3'}") as (_, url):
        yield url


@pytest.fixture
def live_server_each_db(db_url: str) -> Iterator[str]:
    """The wizard's URL on SQLite and on PostgreSQL (the end-to-end test runs on both)."""
    with _served(db_url) as (_, url):
        yield url


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    """The served app and its URL on SQLite (for tests that also act on the app, e.g. create accounts)."""
    with _served(f"sqlite:///{tmp_path / 'browser.sqlite3'}") as served:
        yield served


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A Chromium page (sync Playwright API) that accepts downloads."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, locale="en-GB")
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def chromium() -> Iterator[Any]:
    """The system Chromium itself (sync Playwright API), for tests that open several contexts."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
