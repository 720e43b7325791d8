"""Gunicorn's logs as JSON lines with secret links redacted (``logger_class`` of deploy/gunicorn.conf.py).

Apart from wizard.logs because gunicorn only runs on Unix: importing it there would stop
``python run.py`` on Windows.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger as _GunicornBaseLogger

from .logs import REDACT, JsonFormatter, access_fields


class GunicornLogger(_GunicornBaseLogger):
    """Gunicorn's error and access logs as JSON lines, secret links redacted (deploy/gunicorn.conf.py)."""

    def setup(self, cfg: Any) -> None:
        """Gunicorn's own set-up, then JSON formatting and redaction on its handlers."""
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())
                handler.addFilter(REDACT)

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        """One JSON line per request: method, redacted path, status, bytes, duration."""
        if not self.cfg.accesslog:
            return
        duration = request_time.total_seconds() * 1000
        self.access_log.info("request", extra=access_fields(
            environ.get("REQUEST_METHOD", "-"), environ.get("PATH_INFO", ""), resp.status,
            getattr(resp, "sent", None), duration, environ.get("REMOTE_ADDR")))
