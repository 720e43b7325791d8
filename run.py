"""Run the wizard locally: ``python run.py [--host 127.0.0.1] [--port 5000]``.

Creates ``instance/`` (the SQLite database with its migrations applied, and a random secret key) on
first run. For production use gunicorn with DATABASE_URL and SECRET_KEY (see docs/deploy.md).
"""

from __future__ import annotations

import argparse

from flask import Flask
from flask_migrate import upgrade

from wizard import create_app
from wizard.config import is_production
from wizard.logs import RedactingRequestHandler


def prepare(app: Flask) -> None:
    """Migrate the embedded SQLite database; other databases are migrated with `flask db upgrade`."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            upgrade()
    else:
        print("Using DATABASE_URL: run `flask --app wizard db upgrade` after each update.")


def main(argv: list[str] | None = None) -> None:
    """Parse the options, prepare the embedded database and serve the app."""
    parser = argparse.ArgumentParser(description="Run the AI Act and GDPR self-assessment wizard.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")
    parser.add_argument("--debug", action="store_true", help="reload on code changes (never in production)")
    args = parser.parse_args(argv)

    app = create_app()
    if args.debug and is_production(app):
        # the debugger runs code typed into the browser: never where real assessments live
        parser.error("--debug is refused in production (WIZARD_ENV=production)")
    prepare(app)
    print(f"Open http://{args.host}:{args.port}/ in your browser.")
    # the access log of the development server never shows a secret link (/a/<token>)
    app.run(host=args.host, port=args.port, debug=args.debug, request_handler=RedactingRequestHandler)


if __name__ == "__main__":
    main()
