"""Maintenance commands of the web app (``flask --app wizard ...``)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from wizard import assessments


@click.command("purge-drafts")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Delete drafts untouched for this many days (default: DRAFT_RETENTION_DAYS).")
@click.option("--completed-days", type=click.IntRange(min=1), default=None,
              help="Delete confirmed assessments untouched for this many days "
                   "(default: COMPLETED_RETENTION_DAYS).")
@with_appcontext
def purge_drafts_command(days: int | None, completed_days: int | None) -> None:
    """Apply the retention periods: delete abandoned drafts, then confirmed assessments past theirs."""
    limit = days if days is not None else int(current_app.config["DRAFT_RETENTION_DAYS"])
    count = assessments.purge_drafts(limit)
    click.echo(f"Deleted {count} draft assessment(s) untouched for {limit} days or more.")
    kept = completed_days if completed_days is not None else int(current_app.config["COMPLETED_RETENTION_DAYS"])
    done = assessments.purge_completed(kept)
    click.echo(f"Deleted {done} confirmed assessment(s) untouched for {kept} days or more.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(purge_drafts_command)
