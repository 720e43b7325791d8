"""Configuration: defaults, then the environment, then a test override; production safety checks."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

#: The repository root (templates/, static/, questionnaires/ and translations/ live here).
ROOT = Path(__file__).resolve().parent.parent

#: Values that must never be used as a production secret.
INSECURE_SECRETS = {None, "", "dev", "change-me", "changeme", "secret", "test"}


class ConfigurationError(RuntimeError):
    """The application refuses to start with this configuration."""


def defaults(instance_path: str) -> dict[str, Any]:
    """Configuration every environment starts from (development-friendly, safe by default)."""
    return {
        "ENV": "development",
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(instance_path, "wizard.sqlite3"),
        # pooled connections idle this long are checked before use (wizard/storage.py)
        "DB_PING_IDLE_SECONDS": 1.0,
        "QUESTIONNAIRES_PATH": str(ROOT / "questionnaires"),
        "DEFAULT_QUESTIONNAIRE": "ai-compliance",
        "LANGUAGES": ["en", "fr"],
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        # A long questionnaire takes longer than Flask-WTF's one-hour default: tokens live as long
        # as the session, and an invalid token never loses what was typed (see web/steps.py).
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": True,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "wizard_session",
        "HSTS": False,
        # Host names this server answers to (Flask rejects any other Host header with 400). Required
        # in production (or SERVER_NAME), where absolute links are built from the Host header.
        "TRUSTED_HOSTS": None,
        # Drafts (assessments never confirmed) untouched for this many days are purged by
        # `flask --app wizard purge-drafts`; the privacy notice states this period.
        "DRAFT_RETENTION_DAYS": 180,
        # Confirmed assessments untouched for this many days are purged by the same command (the
        # privacy notice states it too): a report worth keeping longer is kept as its PDF.
        "COMPLETED_RETENTION_DAYS": 730,
        # Sessions remember at most this many assessments opened in one browser.
        "MAX_GRANTS": 20,
        # Flask-Limiter: memory (per process) unless RATELIMIT_STORAGE_URI or REDIS_URL names Redis.
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": "wizard",
        # The legal logic document (/editor/logic) is for editors; True publishes it to anyone.
        "PUBLISH_LOGIC": False,
        # Reload changed questionnaire files without a restart (None: on outside production).
        "QUESTIONNAIRES_RELOAD": None,
        # Editors' previews (temporary files, deleted on end or after 4 hours): None = instance/previews.
        "PREVIEW_FOLDER": None,
        # Per client address. Opening links: enough for a person, far too few to guess a 128-bit
        # secret. Creation and verification cost a little; a PDF costs up to seconds of CPU.
        "RATELIMIT_LINK": "30 per minute",
        "RATELIMIT_CREATE": "20 per hour",
        "RATELIMIT_VERIFY": "10 per minute",
        "RATELIMIT_DOWNLOAD": "20 per minute",
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none).
        "PROXY_HOPS": 0,
        # "json" (one object per line) or "text"; production logs JSON unless told otherwise.
        "LOG_FORMAT": None,
        # Memory per process for rendered reports served again unchanged (0: off); see report_cache.py.
        "REPORT_CACHE_BYTES": 16 * 1024 * 1024,
        # Accounts (advisors, editors, admins): sign-in throttles, password hashing cost, and the
        # remember-me cookie set explicitly (Flask-Login's defaults are not secure).
        "LOGIN_LIMIT_ACCOUNT": "5 per minute;30 per hour",
        "LOGIN_LIMIT_ADDRESS": "20 per minute;200 per hour",
        "ARGON2_TIME_COST": 3,
        "ARGON2_MEMORY_COST": 65536,
        "REMEMBER_COOKIE_NAME": "wizard_remember",
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_REFRESH_EACH_REQUEST": False,
    }


def database_url_from_env(url: str) -> str:
    """Normalise a DATABASE_URL (Heroku-style ``postgres://``) to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill ``app.config``: defaults, environment (``WIZARD_*``, ``DATABASE_URL``, ``SECRET_KEY``), tests."""
    app.config.from_mapping(defaults(app.instance_path))
    app.config.from_prefixed_env("WIZARD")
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    storage = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL")
    if storage:
        app.config["RATELIMIT_STORAGE_URI"] = storage
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url_from_env(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["TRUSTED_HOSTS"] = host_list(app.config.get("TRUSTED_HOSTS"))
    app.config["DB_PING_IDLE_SECONDS"] = seconds(app.config.get("DB_PING_IDLE_SECONDS"), "DB_PING_IDLE_SECONDS")
    if is_production(app):
        check_production(app)
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["HSTS"] = True
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = persisted_secret(Path(app.instance_path))


def is_production(app: Flask) -> bool:
    """True when ``WIZARD_ENV=production`` (or ``ENV`` set to production in the config)."""
    return str(app.config.get("ENV", "")).lower() == "production"


def check_production(app: Flask) -> None:
    """Refuse to run in production with a default or short secret, with debug on, or on SQLite in /tmp."""
    secret = app.config.get("SECRET_KEY")
    if secret in INSECURE_SECRETS or len(str(secret)) < 32:
        raise ConfigurationError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production "
            '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))")'
        )
    if app.debug or app.config.get("DEBUG"):
        raise ConfigurationError("debug mode must be off in production")
    hosts = app.config.get("TRUSTED_HOSTS")
    if not hosts and app.config.get("SERVER_NAME"):
        hosts = [str(app.config["SERVER_NAME"]).rsplit(":", 1)[0]]
    if not hosts:
        # secret links and the API's links are absolute URLs built from the Host header: without a
        # list of this server's names, `Host: evil.example` would put a link to that site on the page
        raise ConfigurationError(
            "TRUSTED_HOSTS (or SERVER_NAME) must name this server's host names in production, e.g. "
            'WIZARD_TRUSTED_HOSTS=\'["wizard.example.org"]\'')
    app.config["TRUSTED_HOSTS"] = hosts


def seconds(value: Any, name: str) -> float:
    """A duration setting in seconds (0 or more), or a ConfigurationError that says what is wrong."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"{name} must be a number of seconds (0 or more), not {value!r}") from None
    if not number >= 0 or number == float("inf"):
        raise ConfigurationError(f"{name} must be a number of seconds (0 or more), not {value!r}")
    return number


def host_list(value: Any) -> list[str] | None:
    """TRUSTED_HOSTS as a list: a JSON list from the environment, or a comma-separated string."""
    if value is None or value == "":
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(item).strip() for item in items if str(item).strip()] or None


def persisted_secret(instance: Path) -> str:
    """Read the development secret key from ``instance/secret_key``, creating it on first run."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
