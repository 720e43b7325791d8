"""[22] Configuration: safe defaults, production refusals, the persisted development secret."""

from __future__ import annotations

import re
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
    app = create_app(base(tmp_path, ENV="production", SECRET_KEY="x" * 40, TRUSTED_HOSTS=["localhost"]))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/privacy")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_production_reads_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SECRET_KEY, DATABASE_URL and WIZARD_* come from the environment."""
    monkeypatch.setenv("WIZARD_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/wizard")
    monkeypatch.setenv("WIZARD_QUESTIONNAIRES_PATH", str(FIXTURE_QUESTIONNAIRES))
    monkeypatch.setenv("WIZARD_TRUSTED_HOSTS", '["wizard.example.org"]')
    app = create_app()
    assert app.config["SECRET_KEY"] == "s" * 48
    assert app.config["TRUSTED_HOSTS"] == ["wizard.example.org"]
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


def test_production_refuses_to_start_without_trusted_hosts(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="TRUSTED_HOSTS"):
        create_app(base(tmp_path, ENV="production", SECRET_KEY="x" * 40))
    named = create_app(base(tmp_path, ENV="production", SECRET_KEY="x" * 40, SERVER_NAME="wizard.example.org:443"))
    assert named.config["TRUSTED_HOSTS"] == ["wizard.example.org"]
    listed = create_app(base(tmp_path, ENV="production", SECRET_KEY="x" * 40, TRUSTED_HOSTS="a.example, b.example"))
    assert listed.config["TRUSTED_HOSTS"] == ["a.example", "b.example"]


def test_a_forged_host_never_reaches_a_secret_link(tmp_path: Path) -> None:
    """`Host: evil.example` is refused (400) in production; the real host builds the link."""
    from wizard.extensions import db

    app = create_app(base(tmp_path, ENV="production", SECRET_KEY="x" * 40, TRUSTED_HOSTS=["wizard.example.org"],
                          SESSION_COOKIE_SECURE=False))
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    home = client.get("/", base_url="https://wizard.example.org").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home)
    assert token
    response = client.post("/start", base_url="https://wizard.example.org",
                           headers={"Referer": "https://wizard.example.org/"},
                           data={"csrf_token": token.group(1), "system_name": "S", "organisation": "O", "lang": "en"})
    assert response.status_code == 303, response.get_data(as_text=True)
    evil = client.get(response.headers["Location"], base_url="https://wizard.example.org",
                      headers={"Host": "evil.example"})
    assert evil.status_code == 400 and "evil.example" not in evil.get_data(as_text=True)
    page = client.get(response.headers["Location"], base_url="https://wizard.example.org").get_data(as_text=True)
    assert "https://wizard.example.org/a/" in page


@pytest.mark.parametrize("value", ["soon", -1, "nan", "inf", None])
def test_a_bad_ping_interval_stops_the_app_with_a_clear_message(tmp_path: Path, value: object) -> None:
    """DB_PING_IDLE_SECONDS (WIZARD_DB_PING_IDLE_SECONDS) must be a number of seconds, 0 or more."""
    with pytest.raises(ConfigurationError, match="DB_PING_IDLE_SECONDS must be a number of seconds"):
        create_app(base(tmp_path, DB_PING_IDLE_SECONDS=value))


def test_the_ping_interval_is_read_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIZARD_DB_PING_IDLE_SECONDS", "0.25")
    assert create_app(base(tmp_path)).config["DB_PING_IDLE_SECONDS"] == 0.25
