"""Logs without secrets: JSON lines for production, and secret links redacted from every log line.

Gunicorn's side is in wizard/gunicorn_logging.py.

An assessment's secret link (``/a/<token>``) and the API's ``Authorization: Bearer <secret>`` open
the assessment to whoever reads them, so no log (the app's, gunicorn's access log, the development
server's) may contain them. Access logs record the method, the path with secrets redacted (never the
query string nor a body), the status, the size and the duration: never an answer.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from werkzeug.serving import WSGIRequestHandler

#: What a secret looks like in a path or a header, and what replaces it.
_SECRET_PATTERNS = (
    (re.compile(r"/a/[^\s/?#\"']+"), "/a/[redacted]"),
    (re.compile(r"(?i)\bbearer\s+[^\s\"']+"), "Bearer [redacted]"),
)
#: Fields of a record that logging itself sets (everything else was passed with ``extra=``).
_STANDARD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact(text: str) -> str:
    """``text`` with every secret link and bearer secret replaced by a placeholder."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """A handler filter that redacts secrets from the message of every record it lets through."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message (arguments included) without secrets; never drop a record."""
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the fields given with ``extra=``."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line, secrets redacted (tracebacks included)."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_FIELDS and not key.startswith("_"):
                entry[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def access_fields(method: str, path: str, status: int | str, size: int | None, duration_ms: float,
                  remote: str | None = None) -> dict[str, Any]:
    """The fields of one access log entry: the path redacted, no query string, no body."""
    return {"method": method, "path": redact(path), "status": int(str(status).split(None, 1)[0] or 0),
            "bytes": size, "duration_ms": round(duration_ms, 1), "remote": remote}


#: One filter instance, so that adding it again (one app per test) never stacks copies on a handler.
REDACT = RedactSecrets()


def json_handler(stream: Any = None) -> logging.Handler:
    """A stream handler writing JSON lines with secrets redacted."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(REDACT)
    return handler


def init_app(app: Flask) -> None:
    """Log the app's records as JSON lines when ``LOG_FORMAT`` is ``json`` (production's default).

    In every mode, the app's handlers redact secrets.
    """
    chosen = app.config.get("LOG_FORMAT") or ("json" if str(app.config.get("ENV")) == "production" else "text")
    if str(chosen).lower() == "json":
        app.logger.handlers[:] = [json_handler()]
        app.logger.propagate = False
        app.logger.setLevel(logging.INFO)
    for handler in app.logger.handlers:
        handler.addFilter(REDACT)


class RedactingRequestHandler(WSGIRequestHandler):
    """The development server's request handler (``python run.py``): its access log hides secret links."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log ``METHOD path`` with secrets redacted and without the query string."""
        path = redact(getattr(self, "path", "").split("?", 1)[0])
        self.log("info", '"%s %s %s" %s %s', getattr(self, "command", "-"), path,
                 getattr(self, "request_version", "-"), code, size)
