"""Gunicorn settings for the wizard in production: ``gunicorn -c deploy/gunicorn.conf.py 'wizard:create_app()'``.

Every value can be changed from the environment (the systemd unit in deploy/ sets them):

- ``WIZARD_BIND`` (default ``127.0.0.1:8000``: behind nginx, never exposed directly);
- ``WEB_CONCURRENCY`` worker processes (default: one per CPU core);
- ``WIZARD_THREADS`` threads per worker (default 1: sync workers, see docs/performance.md for why);
- ``WIZARD_TIMEOUT`` seconds before a stuck worker is replaced (default 30).
"""

from __future__ import annotations

import os

#: Where to listen. The reverse proxy (deploy/nginx-wizard.conf) forwards here.
bind = os.environ.get("WIZARD_BIND", "127.0.0.1:8000")
#: One worker per core: the pages are CPU-bound Python, so more processes than cores only queue.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
#: Threads per worker: 1 means gunicorn's sync worker (docs/performance.md explains the choice).
threads = int(os.environ.get("WIZARD_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("WIZARD_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
#: Load the app (questionnaires, compiled conditions, caches warmed at start-up) once in the master,
#: then fork: workers share those pages copy-on-write, and a broken questionnaire stops the master.
preload_app = True
#: Recycle workers now and then, so that a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
#: Request line and header limits: nothing in this app needs long URLs or headers.
limit_request_line = 4094
limit_request_fields = 50
#: No control socket: one shared path per user would clash when several instances run (the report pool).
control_socket_disable = True

#: Logs as one JSON object per line on stderr (journald collects them), secret links redacted.
accesslog = "-"
errorlog = "-"
logger_class = "wizard.gunicorn_logging.GunicornLogger"
#: nginx is the only peer allowed to say which scheme and client address a request came from; the app
#: itself reads X-Forwarded-* through ProxyFix with an explicit hop count (WIZARD_PROXY_HOPS).
forwarded_allow_ips = os.environ.get("WIZARD_FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):  # noqa: ANN001, ANN201 - gunicorn's hook signature
    """Before the workers are forked: compile the templates and freeze what start-up allocated.

    Both are then shared, copy-on-write, by every worker, including the ones started later to
    replace others (max_requests): none compiles a template, and the garbage collector never walks
    (and so never copies) the loaded questionnaires again.
    """
    import gc

    from wizard.web.templating import compile_templates

    app = server.app.wsgi() if server.cfg.preload_app else None
    if app is not None and hasattr(app, "jinja_env"):
        compiled = compile_templates(app)
        server.log.info("compiled %d templates before forking the workers", compiled)
    gc.collect()
    gc.freeze()


def post_fork(server, worker):  # noqa: ANN001, ANN201 - gunicorn's hook signature
    """Give each worker its own database connections (none may be shared across a fork)."""
    from wizard.extensions import db

    app = worker.app.wsgi()
    if "sqlalchemy" in getattr(app, "extensions", {}):
        with app.app_context():
            db.engine.dispose(close=False)
