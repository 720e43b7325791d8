"""Command line for editors and pipelines: check and test questionnaires, evaluate an answers file.

Registered on the Flask app (``flask --app wizard questionnaires check``) and also runnable without
one (``python -m wizard.cli questionnaires check``), since none of it needs the web application.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from .editor import coverage
from .editor.commands import EDITOR_COMMANDS
from .editor.folder import questionnaires_dir
from .engine import evaluate
from .engine.answers_file import pick_questionnaire, read_answers_header, validate_answers
from .engine.mutate import MutationReport, mutate
from .engine.scenarios import find_scenarios, run_scenario
from .questionnaire import QuestionnaireError, load_directory, load_questionnaire
from .questionnaire.loader import find_top_files
from .questionnaire.model import TopFile


def _top_files(paths: tuple[str, ...]) -> list[str]:
    if not paths:
        return find_top_files(questionnaires_dir())
    out: list[str] = []
    for p in paths:
        out += find_top_files(p) if Path(p).is_dir() else [p]
    return out


def _echo_problems(problems: Any) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group("questionnaires")
def questionnaires_group() -> None:
    """Check, test and describe questionnaires."""


@questionnaires_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
def check_command(paths: tuple[str, ...]) -> None:
    """Validate questionnaires (top files or folders); print every problem as path:line:col."""
    files = _top_files(paths)
    if not files:
        click.echo("no questionnaire found (top files are *.yaml directly in the folder)", err=True)
        sys.exit(1)
    problems = []
    loaded = []
    for path in files:
        try:
            loaded.append(load_questionnaire(path))
        except QuestionnaireError as exc:
            problems += exc.problems
    _echo_problems(problems)
    for q in loaded:
        click.echo(f"ok: {q.id} {q.version}: {len(q.sections)} sections, {len(q.questions)} questions, "
                   f"{len(q.facts)} facts, {len(q.outcomes)} outcomes, {len(q.obligations)} obligations "
                   f"(sha256 {q.content_hash[:12]})")
    if problems:
        click.echo(f"{len(problems)} problem(s) found", err=True)
        sys.exit(1)


@questionnaires_group.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--questionnaires", "qdir", type=click.Path(), default=None,
              help="Folder of questionnaires (default: the bundled one).")
@click.option("-v", "--verbose", is_flag=True, help="Also list the scenarios that pass.")
@click.option("--coverage", "with_coverage", is_flag=True,
              help="Report the rules, outcome values, obligations and options no scenario exercises, and "
                   "the conditions that can never be true.")
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="With --coverage: fail (exit 1) when the coverage is below PERCENT.")
def test_command(paths: tuple[str, ...], qdir: str | None, verbose: bool, with_coverage: bool,
                 min_coverage: float | None) -> None:
    """Run scenario files (default: questionnaires/scenarios); print a diff for each failure."""
    folder = Path(qdir) if qdir else questionnaires_dir()
    try:
        # positions only for the coverage report (they keep the source trees in memory)
        questionnaires = load_directory(folder, keep_positions=with_coverage or min_coverage is not None)
    except QuestionnaireError as exc:
        _echo_problems(exc.problems)
        click.echo("the questionnaires have problems: fix them first (questionnaires check)", err=True)
        sys.exit(1)
    files = find_scenarios(list(paths) or [str(folder / "scenarios")])
    failed = 0
    results: dict[str, list[Any]] = {qid: [] for qid in questionnaires}
    for path in files:
        run = run_scenario(path, questionnaires)
        if run.result is not None and run.questionnaire_id in results:
            results[run.questionnaire_id].append(run.result)
        if run.passed:
            if verbose:
                click.echo(f"PASS {path}: {run.title}")
        else:
            failed += 1
            click.echo(f"FAIL {path}: {run.title}")
            for problem in run.problems:
                click.echo(f"  {problem}")
            for diff in run.differences:
                click.echo("  " + diff.replace("\n", "\n  "))
        for warning in run.warnings:
            click.echo(f"  warning: {warning}")
    click.echo(f"scenarios: {len(files) - failed} passed, {failed} failed")
    below = False
    if with_coverage or min_coverage is not None:
        for qid, q in questionnaires.items():
            cov = coverage.coverage(q, results[qid])
            click.echo(coverage.to_text(q, cov), nl=False)
            if min_coverage is not None and cov.percent() < min_coverage:
                click.echo(f"coverage of {qid} is {cov.percent():.1f}%, below the {min_coverage:g}% required")
                below = True
    if failed or not files or below:
        sys.exit(1)


@questionnaires_group.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to a file.")
def schema_command(output: str | None) -> None:
    """Print the JSON Schema of questionnaire files (for yaml-language-server and editors)."""
    schema = TopFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Questionnaire file (top file or module) of the compliance self-assessment wizard"
    schema.pop("required", None)  # a module file has none of the top file's identity keys
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"schema written to {output}")
    else:
        click.echo(text, nl=False)


@questionnaires_group.command("mutate")
@click.argument("path", required=False, type=click.Path())
@click.option("--scenarios", "scenario_dir", type=click.Path(), default=None,
              help="Scenario files or folder (default: scenarios/ beside the questionnaire).")
@click.option("--sample", type=click.IntRange(min=1), default=None, help="Run only N mutants, drawn at random.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the --sample draw.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Fail (exit 1) when fewer than this percentage of mutants are killed.")
def mutate_command(path: str | None, scenario_dir: str | None, sample: int | None, seed: int, jobs: int,
                   min_score: float | None) -> None:
    """Mutation-test questionnaires: list every small change to the rules that no scenario notices."""
    files = _top_files((path,) if path else ())
    if not files:
        click.echo("no questionnaire found (top files are *.yaml directly in the folder)", err=True)
        sys.exit(1)
    failed = False
    for top in files:
        scenarios = [scenario_dir] if scenario_dir else [str(Path(top).parent / "scenarios")]
        try:
            report = mutate(top, scenarios, sample=sample, seed=seed, jobs=jobs)
        except QuestionnaireError as exc:
            _echo_problems(exc.problems)
            click.echo("the questionnaire has problems: fix them first (questionnaires check)", err=True)
            sys.exit(1)
        _echo_mutation_report(top, report, sample, seed, jobs)
        if not report.scenarios or (min_score is not None and report.score < min_score):
            failed = True
    if min_score is not None and failed:
        click.echo(f"mutation score below {min_score:g}%", err=True)
    if failed:
        sys.exit(1)


def _relative(where: str) -> str:
    """A path as seen from the current folder, so that an editor opens it straight from the output."""
    return where.removeprefix(os.getcwd() + os.sep)


def _echo_mutation_report(top: str, report: MutationReport, sample: int | None, seed: int, jobs: int) -> None:
    for skipped in report.skipped_scenarios:
        click.echo(f"scenario left out: {skipped}", err=True)
    for mutant in report.survivors:
        click.echo(f"{_relative(mutant.describe())}; no scenario notices")
    if report.rules_never_fired:
        click.echo(f"rules that fire in no scenario ({len(report.rules_never_fired)}): "
                   f"{', '.join(report.rules_never_fired)}")
    if report.obligations_never_applied:
        click.echo(f"obligations that apply in no scenario ({len(report.obligations_never_applied)}): "
                   f"{', '.join(report.obligations_never_applied)}")
    if not report.scenarios:
        click.echo(f"{top}: no passing scenario to run against the mutants", err=True)
    run = len(report.verdicts)
    drawn = f", {run} drawn with seed {seed}" if sample is not None and run < report.total else ""
    click.echo(f"{_relative(top)}: {report.killed}/{run} mutants killed ({report.score:.1f}%), "
               f"{run - report.killed} survived; {report.total} mutants in all{drawn}; "
               f"{report.scenarios} scenarios; {report.seconds:.1f} s with {jobs} job(s)")


@click.command("assess")
@click.argument("answers_file", type=click.Path(dir_okay=False))
@click.option("--questionnaire", "qid", default=None, help="Questionnaire id (default: from the file).")
@click.option("--questionnaires", "qdir", type=click.Path(), default=None, help="Folder of questionnaires.")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "pdf", "csv", "pia"]), default="json",
              show_default=True)
@click.option("--lang", default=None, help="Language of the output (default: the questionnaire's first).")
@click.option("--as-of", "as_of", default=None, help="Assessment date YYYY-MM-DD (default: from the file, or today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to a file.")
def assess_command(answers_file: str, qid: str | None, qdir: str | None, fmt: str, lang: str | None,
                   as_of: str | None, output: str | None) -> None:
    """Evaluate an answers file headlessly and print the result (compliance as code)."""
    folder = Path(qdir) if qdir else questionnaires_dir()
    try:
        questionnaires = load_directory(folder)
        raw, problems = read_answers_header(answers_file)
        q = pick_questionnaire(raw, answers_file, questionnaires, qid)
        answers = validate_answers(raw, answers_file, q, problems=problems)
    except QuestionnaireError as exc:
        _echo_problems(exc.problems)
        sys.exit(1)
    if lang and lang not in q.languages:
        raise click.BadParameter(f"'{lang}' is not a language of '{q.id}' ({', '.join(q.languages)})",
                                 param_hint="--lang")
    try:
        date = dt.date.fromisoformat(as_of) if as_of else answers.as_of
    except ValueError:
        raise click.BadParameter(f"'{as_of}' is not a date (YYYY-MM-DD)", param_hint="--as-of") from None
    result = evaluate(q, answers.answers, answers.statuses, date)
    language = lang or q.languages[0]
    if fmt == "json":
        data: bytes = (json.dumps(result.to_json(language), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    else:
        data = _render_report(fmt, q, result, answers.answers, answers.statuses, language, raw, answers_file)
    if output:
        Path(output).write_bytes(data)
        click.echo(f"{fmt} written to {output}", err=True)
    elif fmt == "pdf":
        raise click.UsageError("a PDF is binary: write it to a file with -o report.pdf")
    else:
        click.echo(data.decode("utf-8"), nl=False)


def _render_report(fmt: str, q: Any, result: Any, answers: dict[str, Any], statuses: dict[str, Any], lang: str,
                   raw: Any, path: str) -> bytes:
    from .report import render
    from .report.meta import ReportMeta
    from .report.pia import PiaNotApplicable

    now = dt.datetime.now(dt.UTC)
    meta = ReportMeta(
        reference=Path(path).stem, system_name=str(raw.get("title") or Path(path).stem),
        organisation=str(raw.get("organisation") or ""), contact=None, lang=lang, created_at=now, updated_at=now,
    )
    try:
        return render(fmt, q, result, answers, statuses, meta)
    except PiaNotApplicable as exc:
        raise click.ClickException(f"no PIA export for this assessment: {exc}") from None


for _command in EDITOR_COMMANDS:
    questionnaires_group.add_command(_command)


def register_cli(app: Any) -> None:
    """Add the editor and pipeline commands to a Flask app's ``flask`` command."""
    app.cli.add_command(questionnaires_group)
    app.cli.add_command(assess_command)


@click.group()
def main() -> None:
    """Compliance wizard command line (the same commands as `flask --app wizard ...`)."""


main.add_command(questionnaires_group)
main.add_command(assess_command)

if __name__ == "__main__":
    main()
