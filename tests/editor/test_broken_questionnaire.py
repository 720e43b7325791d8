"""The editors' commands work on a broken questionnaire; the app still refuses to serve one."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

from wizard import create_app
from wizard.questionnaire import QuestionnaireError, load_directory

from .conftest import copy_bundled, edit

FR_LABEL = '          fr: "Votre organisation est-elle établie dans l’Union européenne\u202f?"\n'
CONDITION = "show_if: annex_iii_candidate\n"
TYPO = "show_if: anex_iii_candidate\n"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The bundled questionnaire with a French label missing (common.yaml) and a typo in a condition."""
    folder = copy_bundled(tmp_path / "broken")
    edit(folder, "modules/common.yaml", FR_LABEL, "")
    text = (folder / "modules/ai-act.yaml").read_text(encoding="utf-8")
    (folder / "modules/ai-act.yaml").write_text(text.replace(CONDITION, TYPO, 1), encoding="utf-8")
    return folder


def test_every_problem_is_reported_once_as_path_line_col(broken: Path) -> None:
    """A missing translation does not hide a typo in a condition of another file."""
    with pytest.raises(QuestionnaireError) as caught:
        load_directory(broken)
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{broken}/modules/ai-act.yaml:")
    assert "unknown name 'anex_iii_candidate'" in lines[0] and "did you mean 'annex_iii_candidate'" in lines[0]
    assert lines[1].startswith(f"{broken}/modules/common.yaml:13:11: missing translation for 'fr'")


def test_flask_check_on_a_broken_questionnaire_prints_no_traceback(
        broken: Path, flask_command: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    """`flask --app wizard questionnaires check`: every problem once, exit status 1, no traceback."""
    done = flask_command("questionnaires", "check", env={"WIZARD_QUESTIONNAIRES_PATH": str(broken)})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert lines[-1] == "2 problem(s) found"
    assert len(lines) == 3 and all(line.startswith(str(broken)) for line in lines[:2]), lines
    assert ":13:11: missing translation for 'fr'" in lines[1]


def test_the_app_refuses_to_start_outside_the_command_line(broken: Path, tmp_path: Path) -> None:
    """gunicorn, run.py and tests build the app with create_app(): it raises on a broken questionnaire."""
    with pytest.raises(QuestionnaireError, match="anex_iii_candidate"):
        create_app({"QUESTIONNAIRES_PATH": str(broken), "SECRET_KEY": "x" * 40,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}"})


def test_an_app_built_by_the_flask_command_line_answers_503(broken: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Built for an editor's command, the app still serves nothing: every page is a 503."""
    # FlaskGroup sets FLASK_RUN_FROM_CLI in os.environ (app.run then does nothing): undo it afterwards,
    # or every server a later test starts with run.py would exit at once
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")
    seen: list[tuple[int, str]] = []

    def factory() -> object:
        app = create_app({"QUESTIONNAIRES_PATH": str(broken), "SECRET_KEY": "x" * 40,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
        response = app.test_client().get("/")
        seen.append((response.status_code, response.get_data(as_text=True)))
        return app

    result = CliRunner().invoke(FlaskGroup(create_app=factory), ["questionnaires", "check"])
    assert result.exit_code == 1
    assert seen and seen[0][0] == 503
    assert "2 problem(s)" in seen[0][1] and "questionnaires check" in seen[0][1]
