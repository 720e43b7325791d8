"""Fixtures for the editors' tools: copies of the bundled questionnaire, changed as an editor would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.config import ROOT

BUNDLED = ROOT / "questionnaires"
AI_ACT = Path("modules") / "ai-act.yaml"
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
    edit(folder, "ai-compliance.yaml", 'version: "2026.11.4"', 'version: "2026.12.0"')
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
