"""[16] Faults, injected on SQLite and PostgreSQL: a database error during a save keeps the earlier
answers (and what was typed); the database going away gives a clear page and the app recovers when it
returns; a report failure never changes the assessment."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from wizard.extensions import db
from wizard.models import Answer, Assessment

from .helpers import BASICS, USAGE, Respondent


def stored(app: Flask) -> dict[str, Any]:
    with app.app_context():
        return {a.question_id: a.value for a in db.session.query(Answer)}


@contextmanager
def failing_commit(app: Flask) -> Iterator[None]:
    """A transaction that wrote answers fails at commit, after its writes were sent (a dying database)."""
    wrote = {"answers": False}

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT INTO ANSWER", "UPDATE ANSWER")):
            wrote["answers"] = True

    def fail(_conn: Any) -> None:
        if wrote["answers"]:
            raise OperationalError("COMMIT", {}, RuntimeError("injected: server closed the connection"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    event.listen(engine, "commit", fail)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", note)
        event.remove(engine, "commit", fail)


def test_a_failed_save_keeps_earlier_answers_and_what_was_typed(app: Flask, client: Any) -> None:
    r = Respondent(client)
    reference = r.start()
    r.answer(reference, "basics", BASICS)
    before = stored(app)
    r.get(f"/assessments/{reference}/steps/usage")
    with failing_commit(app):                    # the step's answers are written, then the commit fails
        response = r.post(f"/assessments/{reference}/steps/usage", USAGE)
    assert response.status_code == 503
    assert "could not be saved just now" in r.page
    assert 'value="1200"' in r.page and 'value="2025-06-01"' in r.page   # what was typed is still there
    assert stored(app) == before                  # nothing half-saved, nothing earlier lost
    response = r.post(f"/assessments/{reference}/steps/usage", USAGE)  # the same form, again
    assert response.status_code == 303
    assert stored(app)["users"] == 1200 and stored(app)["is_ai"] is True


def test_the_database_going_away_gives_a_clear_page_then_recovers(app: Flask, client: Any) -> None:
    r = Respondent(client)
    reference = r.start()
    r.answer(reference, "basics", BASICS)
    away = {"on": True}

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        if away["on"]:
            raise OperationalError("connect", {}, ConnectionRefusedError("injected: connection refused"))

    with app.app_context():
        engine = db.engine
        engine.dispose()                         # every pooled connection is gone with the server
    event.listen(engine, "do_connect", refuse)
    try:
        for path in ("/", f"/assessments/{reference}/steps/usage", f"/assessments/{reference}/summary"):
            response = client.get(path)
            assert response.status_code == 503, path
            page = response.get_data(as_text=True)
            assert "the service is unavailable" in page and "saved so far are kept" in page
            assert "Traceback" not in page and "OperationalError" not in page
        away["on"] = False
        assert client.get(f"/assessments/{reference}/steps/basics").status_code == 200
        assert 'value="Ranks CVs"' in client.get(f"/assessments/{reference}/steps/basics").get_data(as_text=True)
    finally:
        event.remove(engine, "do_connect", refuse)


@pytest.mark.postgres
def test_postgresql_restarting_under_the_app_is_invisible(app_factory: Any, postgres_database: str) -> None:
    """Every server connection killed between two requests: the pool's ping reconnects, no error."""
    postgresql_app = app_factory(postgres_database)
    with postgresql_app.app_context():
        db.drop_all()
        db.create_all()
    r = Respondent(postgresql_app.test_client())
    reference = r.start()
    r.answer(reference, "basics", BASICS)
    with postgresql_app.app_context():
        url = db.engine.url
    from sqlalchemy import create_engine

    killer = create_engine(url)
    try:
        with killer.begin() as conn:
            killed = conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    finally:
        killer.dispose()
    assert killed and killed >= 1
    assert r.get(f"/assessments/{reference}/steps/basics").status_code == 200
    assert 'value="Ranks CVs"' in r.page
    with postgresql_app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def kill_connections(app: Flask) -> int:
    """Terminate every server connection of ``app``'s database but the killer's own (a restart, as the
    pool sees it)."""
    from sqlalchemy import create_engine

    with app.app_context():
        url = db.engine.url
    killer = create_engine(url)
    try:
        with killer.begin() as conn:
            return int(conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar() or 0)
    finally:
        killer.dispose()


@pytest.mark.postgres
def test_a_connection_idle_past_the_interval_is_checked_before_use(app_factory: Any, postgres_database: str) -> None:
    """Pages that are not an assessment's (here /healthz) rely on the check of idle connections."""
    postgresql_app = app_factory(postgres_database, DB_PING_IDLE_SECONDS=0.05)
    client = postgresql_app.test_client()
    assert client.get("/healthz").status_code == 200
    assert kill_connections(postgresql_app) >= 1
    time.sleep(0.1)
    assert client.get("/healthz").status_code == 200
    with postgresql_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.postgres
def test_a_connection_used_just_before_a_restart_costs_one_503_then_none(app_factory: Any,
                                                                        postgres_database: str) -> None:
    """Not checked (used less than the interval ago), a dead connection fails its first query: that
    one request gets the 503 page, SQLAlchemy replaces the pool, and the next request is served."""
    postgresql_app = app_factory(postgres_database, DB_PING_IDLE_SECONDS=3600)
    client = postgresql_app.test_client()
    assert client.get("/healthz").status_code == 200
    assert kill_connections(postgresql_app) >= 1
    assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200
    with postgresql_app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_report_failure_never_changes_the_assessment(app: Flask, client: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    r = Respondent(client)
    reference = r.start()
    r.complete(reference)
    with app.app_context():
        found = db.session.query(Assessment).filter_by(reference=reference).one()
        before = (found.updated_at, found.completed_at, found.token_hash)
    answers = stored(app)

    def broken(*_args: Any, **_kwargs: Any) -> bytes:
        raise RuntimeError("injected: the renderer failed")

    monkeypatch.setattr("wizard.web.result.render", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False   # as in production: the 500 page, not the traceback
    response = client.get(f"/assessments/{reference}/report.pdf")
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert "saved so far are kept" in response.get_data(as_text=True)
    monkeypatch.undo()
    with app.app_context():
        found = db.session.query(Assessment).filter_by(reference=reference).one()
        assert (found.updated_at, found.completed_at, found.token_hash) == before
    assert stored(app) == answers
    fine = client.get(f"/assessments/{reference}/report.pdf")
    assert fine.status_code == 200 and fine.data.startswith(b"%PDF-")
