"""`python run.py`: creates instance/, the migrated SQLite database and a persisted secret, then serves."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "questionnaires"


def load_run_module() -> Any:
    """Import run.py from the repository root."""
    spec = importlib.util.spec_from_file_location("run_script", ROOT / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_run_py_prepares_the_embedded_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SQLite database is migrated and the server is started on the requested address."""
    database = tmp_path / "instance" / "wizard.sqlite3"
    database.parent.mkdir()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("WIZARD_QUESTIONNAIRES_PATH", str(FIXTURES))
    monkeypatch.setenv("WIZARD_DEFAULT_QUESTIONNAIRE", "mini")
    started: dict[str, Any] = {}
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: started.update(kwargs))
    load_run_module().main(["--host", "0.0.0.0", "--port", "8123"])  # noqa: S104 - not bound: run is mocked
    assert started["host"] == "0.0.0.0" and started["port"] == 8123  # noqa: S104
    engine = create_engine(f"sqlite:///{database}")
    try:
        assert {"assessment", "answer", "obligation_status", "alembic_version"} <= set(
            inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_run_py_refuses_debug_in_production(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`WIZARD_ENV=production python run.py --debug` exits before serving (no debugger, no /console)."""
    monkeypatch.setenv("WIZARD_ENV", "production")
    monkeypatch.setenv("WIZARD_TRUSTED_HOSTS", '["localhost"]')
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("WIZARD_QUESTIONNAIRES_PATH", str(FIXTURES))
    monkeypatch.setenv("WIZARD_DEFAULT_QUESTIONNAIRE", "mini")
    started: dict[str, Any] = {}
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: started.update(kwargs))
    with pytest.raises(SystemExit) as stopped:
        load_run_module().main(["--debug"])
    assert stopped.value.code != 0 and not started
    assert "--debug is refused in production" in capsys.readouterr().err
