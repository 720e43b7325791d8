"""[22] Configuration: safe defaults, production refusals, the persisted development secret."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from wizard import create_app
from wizard.config import ConfigurationError, database_url_from_env

FIXTURE_QUESTIONNAIRES = Path(__file__).parent / "fixtures" / "questionnaires"


def base(tmp_path: Path, **extra: object) -> dict[str, object]:
    """A minimal configuration that needs no database connection."""
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.sqlite3'}",
            "QUESTIONNAIRES_PATH": str(FIXTURE_QUESTIONNAIRES), **extra}


@pytest.mark.parametrize("secret", [None, "", "dev", "change-me", "short-secret"])
def test_production_refuses_a_default_or_short_secret(tmp_path: Path, secret: str | None) -> None:
    """WIZARD_ENV=production without a real SECRET_KEY does not start."""
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(base(tmp_path, ENV="production", SECRET_KEY=secret))


def test_production_refuses_debug(tmp_path: Path) -> None:
    """Debug mode never runs in production."""
    with pytest.raises(ConfigurationError, match="debug"):
        create_app(base(tmp_path, ENV="production", SECRET_KEY="x" * 40, DEBUG=True))


def test_production_hardens_cookies_and_sends_hsts(tmp_path: Path) -> None:
    """[7][13] Secure cookies and HSTS in production."""
    app = create_app(base(tmp_path, ENV="production", SECRET_KEY="x" * 40))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/privacy")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_production_reads_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SECRET_KEY, DATABASE_URL and WIZARD_* come from the environment."""
    monkeypatch.setenv("WIZARD_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/wizard")
    monkeypatch.setenv("WIZARD_QUESTIONNAIRES_PATH", str(FIXTURE_QUESTIONNAIRES))
    app = create_app()
    assert app.config["SECRET_KEY"] == "s" * 48
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/wizard"


def test_development_secret_is_random_and_persisted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SECRET_KEY, development creates instance/secret_key once (owner-only) and reuses it."""
    from wizard import config

    instance = tmp_path / "instance"
    key = config.persisted_secret(instance)
    assert len(key) >= 43
    assert config.persisted_secret(instance) == key
    mode = stat.S_IMODE((instance / "secret_key").stat().st_mode)
    assert mode & 0o077 == 0


def test_database_url_normalisation() -> None:
    """Heroku-style URLs use psycopg 3."""
    assert database_url_from_env("postgres://a@b/c") == "postgresql+psycopg://a@b/c"
    assert database_url_from_env("postgresql://a@b/c") == "postgresql+psycopg://a@b/c"
    assert database_url_from_env("sqlite:///x") == "sqlite:///x"


def test_invalid_questionnaire_stops_the_app(tmp_path: Path) -> None:
    """[21] The app refuses to start on an invalid questionnaire, naming the file and line."""
    from wizard.questionnaire import QuestionnaireError

    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "bad.yaml").write_text('id: bad\nversion: "1"\nlanguages: [en]\ntitle: {en: x}\nsections: 3\n')
    with pytest.raises(QuestionnaireError, match="bad.yaml"):
        create_app({**base(tmp_path), "QUESTIONNAIRES_PATH": str(folder), "SECRET_KEY": "x" * 40})


@pytest.mark.parametrize("variable", ["FLASK_DEBUG", "WIZARD_DEBUG"])
def test_production_refuses_debug_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       variable: str) -> None:
    """Debug asked for by environment (flask --debug sets FLASK_DEBUG) is refused too."""
    monkeypatch.setenv(variable, "1" if variable == "FLASK_DEBUG" else "true")
    with pytest.raises(ConfigurationError, match="debug"):
        create_app(base(tmp_path, ENV="production", SECRET_KEY="x" * 40))


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_missing_or_empty_questionnaires_folder_stops_the_app(tmp_path: Path, make: str) -> None:
    """An app with nothing to ask refuses to start instead of serving an empty catalogue."""
    folder = tmp_path / "questionnaires"
    if make == "empty":
        folder.mkdir()
    with pytest.raises(ConfigurationError, match="QUESTIONNAIRES_PATH"):
        create_app({**base(tmp_path), "QUESTIONNAIRES_PATH": str(folder), "SECRET_KEY": "x" * 40})
