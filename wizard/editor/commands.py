"""The editors' commands added to ``questionnaires``: diff, impact, coverage (in ``test``) and docs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..questionnaire import Questionnaire, QuestionnaireError
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


EDITOR_COMMANDS = [diff_command]
