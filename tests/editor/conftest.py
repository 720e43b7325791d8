"""Fixtures for the editors' tools: copies of the bundled questionnaire, changed as an editor would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.conftest import drop_schema, reset_schema
from wizard import assessments
from wizard.catalog import catalog
from wizard.config import ROOT
from wizard.engine.answers_file import SCENARIO_KEYS, pick_questionnaire, read_answers_header, validate_answers
from wizard.questionnaire import load_directory

BUNDLED = ROOT / "questionnaires"
AI_ACT = Path("modules") / "ai-act.yaml"
#: The bundled questionnaire's version line, as written (the tests release "2099.1.0" after it).
VERSION_LINE = next(line for line in (ROOT / "questionnaires" / "ai-compliance.yaml").read_text(
    encoding="utf-8").splitlines() if line.startswith("version: "))
CURRENT_VERSION = VERSION_LINE.split('"')[1]
NEW_VERSION = "2099.1.0"
OLD_DATE = "id: annex_iii_high_risk\n    date: 2027-12-02"
NEW_DATE = "id: annex_iii_high_risk\n    date: 2028-06-02"


def copy_bundled(target: Path, scenarios: bool = False) -> Path:
    """A copy of the bundled questionnaires folder (scenarios only when asked: they are many)."""
    ignore = None if scenarios else shutil.ignore_patterns("scenarios", "exports")
    shutil.copytree(BUNDLED, target, ignore=ignore)
    return target


def edit(folder: Path, relative: Path | str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there, once) by ``new`` in a file of ``folder``."""
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def moved(tmp_path: Path) -> Path:
    """The bundled questionnaire with the Annex III high-risk date moved from 2 Dec 2027 to 2 Jun 2028."""
    folder = copy_bundled(tmp_path / "moved")
    edit(folder, AI_ACT, OLD_DATE, NEW_DATE)
    edit(folder, "ai-compliance.yaml", VERSION_LINE, f'version: "{NEW_VERSION}"')
    return folder


@pytest.fixture
def flask_command() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``flask --app wizard ARGS`` in a new process, as an editor types it, this worktree first."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        full.pop("FLASK_RUN_FROM_CLI", None)
        return subprocess.run([sys.executable, "-m", "flask", "--app", "wizard", *args], capture_output=True,
                              text=True, env=full, cwd=cwd or ROOT, timeout=timeout, check=False)

    return run


def scenario_answers(name: str) -> dict[str, Any]:
    """The canonical answers of a bundled scenario file (``questionnaires/scenarios/NAME.yaml``)."""
    path = str(BUNDLED / "scenarios" / f"{name}.yaml")
    questionnaires = load_directory(BUNDLED)
    raw, problems = read_answers_header(path, SCENARIO_KEYS)
    q = pick_questionnaire(raw, path, questionnaires, None)
    return dict(validate_answers(raw, path, q, hidden_is_error=False, problems=problems).answers)


@pytest.fixture
def bundled_app(db_url: str, app_factory: Any) -> Iterator[Flask]:
    """The app on the bundled questionnaire, with a fresh schema (SQLite, and PostgreSQL when available)."""
    application = app_factory(db_url, QUESTIONNAIRES_PATH=str(BUNDLED), DEFAULT_QUESTIONNAIRE="ai-compliance")
    reset_schema(application)
    yield application
    drop_schema(application)


def store(app: Flask, name: str, answers: dict[str, Any]) -> tuple[str, str]:
    """Store an assessment on the app's current questionnaire with ``answers``: (reference, secret token)."""
    with app.app_context():
        q = catalog().for_new_assessment("ai-compliance")
        assert q is not None
        assessment, token = assessments.start(q, system_name=name, organisation="Org", contact=None, lang="en")
        assessments.save_answers(assessment, answers, {})
        return assessment.reference, token
