"""The sample deployment files in deploy/ agree with the app they serve."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from flask import Flask

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_gunicorn_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIZARD_BIND", "127.0.0.1:8001")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("WIZARD_THREADS", "4")
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert (settings["bind"], settings["workers"], settings["threads"]) == ("127.0.0.1:8001", 3, 4)
    assert settings["worker_class"] == "gthread" and settings["preload_app"] is True
    assert settings["logger_class"] == "wizard.gunicorn_logging.GunicornLogger"


def test_gunicorn_defaults_to_sync_workers_on_localhost(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WIZARD_BIND", "WEB_CONCURRENCY", "WIZARD_THREADS"):
        monkeypatch.delenv(name, raising=False)
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["bind"] == "127.0.0.1:8000" and settings["worker_class"] == "sync"


def test_nginx_sends_exactly_the_report_downloads_to_the_report_pool(app: Flask) -> None:
    """The report location's pattern matches every report route of the app (pages and API), nothing else."""
    conf = (DEPLOY / "nginx-wizard.conf").read_text()
    pattern = re.search(r"location ~ (\S+) \{\s*proxy_pass http://wizard_reports;", conf)
    assert pattern, "no report location in the nginx site"
    reports = re.compile(pattern.group(1))
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<[^>]+>", "X", rule.rule)
        is_report = rule.endpoint in ("result.report", "api.get_report")
        assert bool(reports.search(path)) == is_report, (rule.rule, rule.endpoint)


def test_nginx_and_the_units_agree_on_ports_and_proxy_headers() -> None:
    conf = (DEPLOY / "nginx-wizard.conf").read_text()
    pages, reports = (DEPLOY / "wizard.service").read_text(), (DEPLOY / "wizard-reports.service").read_text()
    assert "server 127.0.0.1:8000" in conf and "WIZARD_BIND=127.0.0.1:8000" in pages
    assert "server 127.0.0.1:8001" in conf and "WIZARD_BIND=127.0.0.1:8001" in reports
    # one proxy hop: nginx appends the client's address and says which scheme it received
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in conf and "X-Forwarded-Proto $scheme" in conf
    assert "ExecStartPre=/opt/wizard/.venv/bin/flask --app wizard db upgrade" in pages
    assert "Nice=10" in reports


def test_every_template_compiles_before_the_workers_fork(app: Flask) -> None:
    """deploy/gunicorn.conf.py compiles every template in the parent process (a syntax error in any
    template, even one no test renders, stops the server there)."""
    from wizard.web.templating import compile_templates

    compiled = compile_templates(app)
    assert compiled == len([n for n in app.jinja_env.list_templates() if n.endswith(".html")]) > 30
    cached = {key[1] for key, _template in app.jinja_env.cache.items()}   # keys: (loader, name)
    assert {"step.html", "result.html", "base.html"} <= cached
