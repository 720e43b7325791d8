"""The editor commands: check, test, schema and assess, as an editor or a CI pipeline runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from wizard.cli import register_cli

from .conftest import FIXTURES

GOOD = FIXTURES / "good"


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    """A questionnaires folder holding the demo questionnaire and one scenario."""
    folder = tmp_path / "questionnaires"
    shutil.copytree(GOOD, folder)
    return folder


@pytest.fixture
def flask_cli(qdir: Path):
    """Run a `flask --app wizard ...` command on an app configured with the temporary folder."""
    app = Flask("test")
    app.config["QUESTIONNAIRES_PATH"] = str(qdir)
    register_cli(app)
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(args=list(args))

    return invoke


def test_check_passes_a_good_questionnaire(flask_cli) -> None:
    result = flask_cli("questionnaires", "check")
    assert result.exit_code == 0, result.output
    assert "ok: demo 1.0: 3 sections, 9 questions" in result.output


def test_check_prints_every_problem_and_fails(flask_cli) -> None:
    bad = FIXTURES / "bad"
    result = flask_cli("questionnaires", "check", str(bad / "unknown_priority_and_role.yaml"), str(bad / "alias.yaml"))
    assert result.exit_code == 1
    assert "unknown_priority_and_role.yaml:44:13: unknown role 'providers'" in result.output
    assert "unknown_priority_and_role.yaml:46:15: unknown priority 'urgent'" in result.output
    assert "alias.yaml:18:16: YAML aliases" in result.output
    assert "3 problem(s) found" in result.output


def test_test_runs_the_scenarios(flask_cli) -> None:
    result = flask_cli("questionnaires", "test", "-v")
    assert result.exit_code == 0, result.output
    assert "PASS" in result.output and "scenarios: 2 passed, 0 failed" in result.output


def test_test_prints_a_clear_diff_for_a_failing_scenario(flask_cli, qdir: Path) -> None:
    path = qdir / "scenarios" / "provider.yaml"
    text = path.read_text().replace("tier: high_risk", "tier: minimal")
    path.write_text(text.replace("include: [qms,", "include: [nothing, qms,"))
    result = flask_cli("questionnaires", "test")
    assert result.exit_code == 1
    assert f"FAIL {path}" in result.output
    assert "outcome 'tier': expected minimal, got high_risk (rule tier_high)" in result.output
    assert "obligations.include: 'nothing' is not an obligation of 'demo'" in result.output
    assert "scenarios: 1 passed, 1 failed" in result.output


def test_test_reports_bad_scenario_files_with_positions(flask_cli, qdir: Path) -> None:
    path = qdir / "scenarios" / "broken.yaml"
    path.write_text("title: Broken\nanswers:\n  is_ai: perhaps\n  rolle: provider\nexpect:\n  outcome: {}\n")
    result = flask_cli("questionnaires", "test", str(path))
    assert result.exit_code == 1
    assert f"{path}:3:10: answer to 'is_ai': expected yes or no" in result.output
    assert f"{path}:4:3: unknown question 'rolle' in questionnaire 'demo' (did you mean 'role'?)" in result.output
    assert f"{path}:6:3: unknown key 'outcome' in expect" in result.output


def test_schema_describes_the_format(flask_cli, tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = flask_cli("questionnaires", "schema", "-o", str(out))
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text())
    assert schema["$schema"].startswith("https://json-schema.org/")
    question = schema["$defs"]["Question"]
    assert "lable" not in question["properties"] and "label" in question["properties"]
    assert question["additionalProperties"] is False


def test_assess_prints_the_stable_json(flask_cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "questionnaire: demo\nas_of: 2026-11-29\nanswers:\n  is_ai: yes\n  role: provider\n"
        "  areas: [employment]\n  profiling: no\n  personal_data: no\nstatus:\n  literacy: done\n"
    )
    result = flask_cli("assess", str(answers), "--lang", "fr")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lang"] == "fr" and data["as_of"] == "2026-11-29"
    assert next(o for o in data["outcomes"] if o["id"] == "tier")["value"] == "high_risk"
    assert [a["obligation"] for a in data["actions"]] == ["stop", "qms"]


def test_assess_writes_to_a_file(flask_cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  is_ai: no\n  personal_data: no\n")
    out = tmp_path / "out.json"
    result = flask_cli("assess", str(answers), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["complete"] is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("answers:\n  is_ia: yes\n", ":2:3: unknown question 'is_ia' in questionnaire 'demo' (did you mean 'is_ai'?)"),
        ("answers:\n  role: admin\n", ":2:9: answer to 'role': 'admin' is not one of the options (provider, deployer)"),
        ("answers:\n  is_ai: no\n  profiling: yes\n",
         ":3:3: question 'profiling' is not asked with these answers (its section 'details' is hidden)"),
        ("questionnaire: nope\nanswers: {}\n", ":1:1: unknown questionnaire 'nope' (available: demo)"),
        ("answers: {}\nstatus:\n  literacy: finished\n", ":3:13: status of 'literacy' must be one of done"),
        ("answers: [1, 2]\n", ":1:10: 'answers' must map question ids to answers"),
        ("answers: {a: [\n", ":2:1: YAML syntax error"),
        ("anwsers: {}\n", ":1:1: unknown key 'anwsers' (did you mean 'answers'?)"),
    ],
)
def test_assess_reports_bad_answers_precisely_without_a_traceback(flask_cli, tmp_path: Path, text, message) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(text)
    result = flask_cli("assess", str(answers))
    assert result.exit_code == 1
    assert f"{answers}{message}" in result.output
    assert "Traceback" not in result.output


def test_the_commands_also_run_without_the_web_app(qdir: Path) -> None:
    from wizard.cli import main

    result = CliRunner().invoke(main, ["questionnaires", "check", str(qdir)])
    assert result.exit_code == 0, result.output
    assert "ok: demo" in result.output


def test_test_checks_the_dates_obligations_apply_from(flask_cli, qdir: Path) -> None:
    path = qdir / "scenarios" / "provider.yaml"
    path.write_text(path.read_text().replace("qms: 2027-12-02", "qms: 2026-08-02"))
    result = flask_cli("questionnaires", "test", str(path))
    assert result.exit_code == 1
    assert "obligation 'qms' applies from 2027-12-02, expected 2026-08-02" in result.output


def test_assess_accepts_a_scenario_file(flask_cli, qdir: Path) -> None:
    result = flask_cli("assess", str(qdir / "scenarios" / "provider.yaml"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["questionnaire"]["id"] == "demo"


def test_the_published_schema_is_up_to_date(tmp_path: Path) -> None:
    from wizard.cli import main
    from wizard.questionnaire.loader import DEFAULT_DIR

    out = tmp_path / "schema.json"
    CliRunner().invoke(main, ["questionnaires", "schema", "-o", str(out)])
    published = DEFAULT_DIR / "questionnaire.schema.json"
    assert published.read_text() == out.read_text(), (
        "regenerate it: flask --app wizard questionnaires schema -o questionnaires/questionnaire.schema.json")


def test_assess_says_clearly_when_a_format_does_not_apply(flask_cli, qdir: Path) -> None:
    result = flask_cli("assess", str(qdir / "scenarios" / "provider.yaml"), "--format", "pia")
    assert result.exit_code == 1
    assert "no PIA export for this assessment" in result.output
    assert "Traceback" not in result.output
