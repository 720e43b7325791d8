"""The bench's yardstick: a bare Flask app whose routes render saved pages from static templates.

``bench_pages.py`` saves the HTML our app sends for each measured page into ``BENCH_BARE_DIR``
(``<name>.html``), then serves this app under the same gunicorn settings: ``GET /<name>`` renders
that template (compiled once, as Jinja does) with no variable, so the ratio of throughputs shows
what our own per-request work costs on top of Flask, gunicorn and the network.
"""

from __future__ import annotations

import os

from flask import Flask, render_template


def create() -> Flask:
    """The bare app, its templates in ``BENCH_BARE_DIR``."""
    app = Flask(__name__, template_folder=os.environ["BENCH_BARE_DIR"])

    @app.get("/<name>")
    def page(name: str) -> str:
        return render_template(f"{name}.html")

    return app
