"""Behind a reverse proxy: trust exactly ``PROXY_HOPS`` proxies for the client address and scheme.

With ``PROXY_HOPS=1`` (nginx in front, deploy/nginx-wizard.conf), the client address that rate limits
count comes from the last ``X-Forwarded-For`` entry nginx added, and links are built with the scheme
nginx received (``X-Forwarded-Proto``). With 0 (the default: ``python run.py``, or gunicorn exposed
directly), the headers are ignored, so a client cannot forge its address or scheme.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in ProxyFix when ``PROXY_HOPS`` is at least 1."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops < 0:
        raise ValueError("PROXY_HOPS must be 0 or more")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
