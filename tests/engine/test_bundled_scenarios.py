"""Every scenario stored beside the bundled questionnaires gives the outcomes it expects.

These are the questionnaires' golden tests: the same ones `flask --app wizard questionnaires test`
runs for editors. One pytest case per file, so a failure names its scenario.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from wizard.engine.scenarios import find_scenarios, run_scenario
from wizard.questionnaire import Questionnaire, load_directory
from wizard.questionnaire.loader import DEFAULT_DIR

SCENARIOS = find_scenarios([str(DEFAULT_DIR / "scenarios")])


@cache
def bundled() -> dict[str, Questionnaire]:
    return load_directory(DEFAULT_DIR)


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 10


@pytest.mark.parametrize("path", SCENARIOS, ids=[Path(p).stem for p in SCENARIOS])
def test_scenario(path: str) -> None:
    run = run_scenario(path, bundled())
    problems = [str(p) for p in run.problems]
    assert not problems, "\n".join(problems)
    assert not run.differences, "\n".join(run.differences)
    raw_rationale = Path(path).read_text(encoding="utf-8")
    assert "rationale:" in raw_rationale, "each scenario states its rationale with the article"
