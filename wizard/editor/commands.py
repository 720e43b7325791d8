"""The editors' commands added to ``questionnaires``: diff, impact, coverage (in ``test``) and docs."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..questionnaire import Questionnaire, QuestionnaireError
from . import document, impact
from .diff import diff, to_markdown, to_text
from .folder import questionnaires_dir
from .sources import load_version, pair


def _load(spec: str) -> dict[str, Questionnaire]:
    try:
        return load_version(spec, questionnaires_dir())
    except QuestionnaireError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"cannot load '{spec}'", err=True)
        sys.exit(1)


@click.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--lang", default="en", show_default=True, help="Language of the labels quoted.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to a file.")
def diff_command(old: str, new: str | None, fmt: str, lang: str, output: str | None) -> None:
    """What changed from OLD to NEW (top files, folders or git revisions such as HEAD~3).

    NEW defaults to the configured questionnaires folder. Exit status 0 with or without changes.
    """
    before = _load(old)
    after = _load(new) if new else _load(str(questionnaires_dir()))
    pairs = pair(before, after)
    parts: list[str] = []
    for q_old, q_new in pairs:
        changes = diff(q_old, q_new, lang)
        parts.append((to_markdown if fmt == "markdown" else to_text)(changes, q_old, q_new))
    for qid in sorted(after.keys() - before.keys()):
        parts.append(f"questionnaire '{qid}' added\n")
    for qid in sorted(before.keys() - after.keys()):
        parts.append(f"questionnaire '{qid}' removed\n")
    text = "\n".join(parts)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"diff written to {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command("impact")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True,
              help="Processes evaluating in parallel.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Assessments read from the database at a time.")
@click.option("--as-of", "as_of", default=None, help="Evaluation date YYYY-MM-DD (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--limit", type=click.IntRange(0), default=5, show_default=True,
              help="Assessment references shown per change (text format).")
@with_appcontext
def impact_command(path: str | None, workers: int, batch_size: int, as_of: str | None, fmt: str,
                   limit: int) -> None:
    """Evaluate every stored assessment against the candidate questionnaire at PATH (default: the
    configured folder) and list those whose result would change, grouped by change and counted."""
    candidate = path or str(questionnaires_dir())
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise click.BadParameter(f"'{as_of}' is not a date (YYYY-MM-DD)", param_hint="--as-of") from None
    try:
        impact.load_candidate(candidate)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo("the candidate questionnaire has problems: fix them first (questionnaires check)", err=True)
        sys.exit(1)
    total = impact.count_assessments()
    with click.progressbar(length=total, label=f"evaluating {total} assessment(s)", file=sys.stderr,
                           show_pos=True) as bar:
        found = impact.impact(candidate, workers=workers, batch_size=batch_size, as_of=day, progress=bar.update)
    if fmt == "json":
        click.echo(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(found.to_text(limit), nl=False)


@click.command("docs")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder to write into (one sub-folder per questionnaire and language).")
@click.option("--lang", "langs", multiple=True, help="Language(s) (default: every language of the questionnaire).")
def docs_command(path: str | None, out_dir: str, langs: tuple[str, ...]) -> None:
    """Write the legal logic of the questionnaires at PATH (default: the configured folder) as a document:
    HTML with SVG diagrams (flow of sections, decision path of every outcome) and Markdown."""
    questionnaires = _load(path or str(questionnaires_dir()))
    for q in questionnaires.values():
        for lang in langs or q.languages:
            if lang not in q.languages:
                raise click.BadParameter(f"'{lang}' is not a language of '{q.id}' ({', '.join(q.languages)})",
                                         param_hint="--lang")
            folder = Path(out_dir) / q.id / lang
            written = document.write(q, folder, lang)
            click.echo(f"{q.id} {q.version} ({lang}): {folder / 'index.html'}, {folder / 'logic.md'} and "
                       f"{len(written) - 3} diagram(s)")


EDITOR_COMMANDS = [diff_command, impact_command, docs_command]
