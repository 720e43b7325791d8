"""The production set-up: /healthz, ProxyFix with an explicit hop count, JSON logs without secrets,
and the access logs of gunicorn (deploy/gunicorn.conf.py) and of ``python run.py``."""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask, request
from flask_migrate import upgrade
from gunicorn.config import Config

from tests.conftest import FIXTURE_QUESTIONNAIRES, make_app
from wizard.accounts import policy
from wizard.gunicorn_logging import GunicornLogger
from wizard.logs import JsonFormatter, RedactingRequestHandler, access_fields, redact

from .helpers import Respondent

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Zq3" + "x" * 40


def test_healthz_answers_ok_when_the_database_answers(app: Flask) -> None:
    """The load balancer's probe: 200 with every check "ok", JSON, never cached."""
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "questionnaires": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_answers_503_without_a_database(tmp_path: Path) -> None:
    """A database that cannot be opened makes the probe fail (503), saying which part, not why."""
    app = make_app(f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite3'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unavailable", "questionnaires": "ok"}
    assert "missing-dir" not in response.get_data(as_text=True)


def _probe_app(db_url: str, hops: int) -> Flask:
    app = make_app(db_url, PROXY_HOPS=hops)

    @app.get("/_probe")
    @policy.public_view
    def probe() -> dict[str, str]:
        return {"remote": str(request.remote_addr), "scheme": request.scheme}

    return app


@pytest.mark.parametrize("hops", [0, 1])
def test_proxy_headers_are_trusted_only_for_the_configured_hops(tmp_path: Path, hops: int) -> None:
    """With PROXY_HOPS=1 the client address and scheme come from nginx's headers; with 0 they are ignored."""
    app = _probe_app(f"sqlite:///{tmp_path / 'db.sqlite3'}", hops)
    response = app.test_client().get("/_probe", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={
        "X-Forwarded-For": "198.51.100.7, 203.0.113.9", "X-Forwarded-Proto": "https"})
    seen = response.get_json()
    if hops:  # the last address is the one nginx added: an earlier one could be forged by the client
        assert seen == {"remote": "203.0.113.9", "scheme": "https"}
    else:
        assert seen == {"remote": "127.0.0.1", "scheme": "http"}


def test_a_negative_hop_count_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PROXY_HOPS"):
        make_app(f"sqlite:///{tmp_path / 'db.sqlite3'}", PROXY_HOPS=-1)


@pytest.mark.parametrize("text, expected", [
    ("GET /a/abcDEF-123_x HTTP/1.1", "GET /a/[redacted] HTTP/1.1"),
    ("/a/tok?x=1", "/a/[redacted]?x=1"),
    ("Authorization: Bearer s3cr3t-value", "Authorization: Bearer [redacted]"),
    ("authorization: bearer s3cr3t", "authorization: Bearer [redacted]"),
    ("/assessments/AIC-7KQ2-M9XD/steps/basics", "/assessments/AIC-7KQ2-M9XD/steps/basics"),
])
def test_redact_removes_secret_links_and_bearer_secrets(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_json_formatter_writes_one_object_per_line_without_secrets() -> None:
    """Message, extra fields and tracebacks are redacted; the line is valid JSON."""
    try:
        raise RuntimeError(f"failed on /a/{SECRET}")
    except RuntimeError:
        record = logging.getLogger("wizard.test").makeRecord(
            "wizard.test", logging.ERROR, __file__, 1, "opening %s", (f"/a/{SECRET}",), sys.exc_info(),
            extra={"path": f"/a/{SECRET}", "status": 500})
    line = JsonFormatter().format(record)
    assert "\n" not in line and SECRET not in line
    entry = json.loads(line)
    assert entry["message"] == "opening /a/[redacted]" and entry["path"] == "/a/[redacted]"
    assert entry["status"] == 500 and entry["level"] == "error" and "RuntimeError" in entry["exception"]


def test_access_fields_keep_no_query_string_and_no_secret() -> None:
    fields = access_fields("GET", f"/a/{SECRET}", "303 SEE OTHER", 120, 3.456, "127.0.0.1")
    assert fields == {"method": "GET", "path": "/a/[redacted]", "status": 303, "bytes": 120,
                      "duration_ms": 3.5, "remote": "127.0.0.1"}


def test_the_app_logs_json_in_production_and_redacts_secrets(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """In production the app's own log lines are JSON, and a secret in a message never comes out."""
    app = make_app(f"sqlite:///{tmp_path / 'db.sqlite3'}", ENV="production")
    app.logger.warning("could not open /a/%s", SECRET)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert json.loads(line)["message"] == "could not open /a/[redacted]"


def test_the_development_server_access_log_hides_secret_links(caplog: pytest.LogCaptureFixture) -> None:
    """python run.py serves with RedactingRequestHandler: its access line has no token, no query string."""
    handler = RedactingRequestHandler.__new__(RedactingRequestHandler)
    handler.command, handler.path, handler.request_version = "GET", f"/a/{SECRET}?lang=fr", "HTTP/1.1"
    handler.client_address = ("127.0.0.1", 50000)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        handler.log_request(303, 120)
    assert SECRET not in caplog.text and "lang=fr" not in caplog.text
    assert '"GET /a/[redacted] HTTP/1.1" 303 120' in caplog.text


def test_gunicorn_logger_access_line_is_json_without_secret(capsys: pytest.CaptureFixture[str]) -> None:
    """GunicornLogger (deploy/gunicorn.conf.py's logger_class) writes the access log as redacted JSON."""
    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)

    class Response:
        status, sent, headers = "303 See Other", 0, []

    logger.access(Response(), None, {"REQUEST_METHOD": "GET", "PATH_INFO": f"/a/{SECRET}",
                                     "QUERY_STRING": "x=1", "REMOTE_ADDR": "127.0.0.1",
                                     "SERVER_PROTOCOL": "HTTP/1.1", "RAW_URI": f"/a/{SECRET}?x=1"},
                  timedelta(milliseconds=4))
    out = capsys.readouterr().out.strip().splitlines()[-1]
    entry = json.loads(out)
    assert entry["path"] == "/a/[redacted]" and entry["status"] == 303 and SECRET not in out


def _free_port() -> int:
    """A port on 127.0.0.1 that a server can bind now, below Linux's range of ports for outgoing
    connections (32768-60999): a port in it can be held by any client socket, even one waiting to
    close, and the server would then fail to bind it."""
    for port in range(28350, 28400):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 28350-28399")


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail("the server did not start")


def _fetch(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.mark.parametrize("server", ["gunicorn", "run.py"])
def test_real_access_logs_never_contain_the_secret_link(tmp_path: Path, server: str) -> None:
    """Open a real secret link through gunicorn (deploy/gunicorn.conf.py) and through ``python run.py``:
    the request is logged, the secret is not."""
    database = tmp_path / "wizard.sqlite3"
    app = make_app(f"sqlite:///{database}")
    with app.app_context():   # migrated, as run.py expects its database
        upgrade(directory=str(ROOT / "migrations"))
    respondent = Respondent(app.test_client())
    respondent.start()
    token = respondent.secret_link().rsplit("/", 1)[-1]
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "k" * 40,
           "WIZARD_QUESTIONNAIRES_PATH": str(FIXTURE_QUESTIONNAIRES), "WIZARD_DEFAULT_QUESTIONNAIRE": "mini",
           "WIZARD_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "PYTHONPATH": str(ROOT)}
    if server == "gunicorn":
        command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                   "wizard:create_app()"]
    else:
        command = [sys.executable, str(ROOT / "run.py"), "--port", str(port)]
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path)  # noqa: S603
    try:
        _wait_for(port, process)
        assert _fetch(port, f"/a/{token}") == 303
        assert _fetch(port, "/healthz") == 200
        time.sleep(0.5)   # let the server write its access lines
    finally:
        process.terminate()
        process.wait(20)
    text = log.read_text()
    assert token not in text
    assert "/a/[redacted]" in text and "/healthz" in text
    if server == "gunicorn":
        lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        assert {"method": "GET", "path": "/a/[redacted]", "status": 303}.items() <= next(
            entry for entry in lines if entry.get("path") == "/a/[redacted]").items()
        # the templates were compiled once, before the worker was forked (deploy/gunicorn.conf.py)
        assert any(re.fullmatch(r"compiled \d+ templates before forking the workers", entry.get("message", ""))
                   for entry in lines), text
