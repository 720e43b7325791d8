"""`questionnaires test --coverage`: what no scenario exercises, what can never be true, a threshold."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from wizard.cli import main
from wizard.config import ROOT
from wizard.editor.coverage import coverage, dead_conditions
from wizard.engine import evaluate
from wizard.questionnaire import load_questionnaire

from .conftest import BUNDLED, CURRENT_VERSION, copy_bundled, edit

MINI = ROOT / "tests" / "web" / "fixtures" / "questionnaires" / "mini.yaml"


def mini_copy(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    return path


def test_scenarios_exercise_rules_values_obligations_and_options(tmp_path: Path) -> None:
    q = load_questionnaire(MINI)
    result = evaluate(q, {"is_ai": True, "purpose": "x", "sector": "health", "data_kinds": ["personal"],
                          "users": 3, "launch": "2024-01-01", "reviewed": False})
    cov = coverage(q, [result])
    assert cov.scenarios == 1
    assert "tier.tier_health" in cov.exercised["rules"] and "tier.tier_not_ai" in cov.missing("rules")
    assert "tier=high" in cov.exercised["values"] and "tier=out_of_scope" in cov.missing("values")
    assert cov.missing("obligations") == []
    assert cov.missing("options") == ["sector=retail", "data_kinds=biometric", "data_kinds=none"]
    assert round(cov.percent("options"), 1) == 40.0


def test_dead_sections_and_unreachable_rules_are_found(tmp_path: Path) -> None:
    path = mini_copy(tmp_path)
    edit(tmp_path, path.name, "    show_if: is_ai\n", "    show_if: is_ai and false\n")
    edit(tmp_path, path.name, "      - id: tier_reviewed_exempt\n        if: reviewed and",
         "      - id: tier_reviewed_exempt\n        if: true or reviewed and")
    dead = dead_conditions(load_questionnaire(path))
    assert "section 'usage' is never shown: `is_ai and false` is never true" in dead
    assert "rule 'tier.tier_health' is never reached: rule 'tier_reviewed_exempt' before it always matches" in dead
    assert "value 'tier=high' is given by no rule" not in dead  # a rule gives it, though it is never reached
    assert "obligation 'risk_management' never applies: `tier == \"high\"` is never true" in dead
    assert dead_conditions(load_questionnaire(MINI)) == []


def test_conditions_that_tell_not_sure_apart_are_never_called_dead(tmp_path: Path) -> None:
    """`not unsure(q)` is false when every answer is "not sure", yet true for a real answer: not dead."""
    path = mini_copy(tmp_path)
    edit(tmp_path, path.name, "    applies_if: is_ai\n", "    applies_if: is_ai and not unsure(is_ai)\n")
    assert dead_conditions(load_questionnaire(path)) == []


def test_the_command_reports_coverage_and_fails_below_the_threshold(tmp_path: Path) -> None:
    """On the bundled questionnaire and its scenarios, as an editor runs it."""
    folder = copy_bundled(tmp_path / "q", scenarios=True)
    runner = CliRunner()
    ok = runner.invoke(main, ["questionnaires", "test", "--questionnaires", str(folder), "--coverage",
                              "--min-coverage", "50"])
    assert ok.exit_code == 0, ok.output
    scenarios = len(list((BUNDLED / "scenarios").glob("*.yaml")))
    assert f"coverage of ai-compliance {CURRENT_VERSION} by {scenarios} scenario(s): " in ok.output
    assert "no scenario exercises (" in ok.output  # some kind of item is never exercised
    low = runner.invoke(main, ["questionnaires", "test", "--questionnaires", str(folder), "--min-coverage", "99.5"])
    assert low.exit_code == 1
    assert "below the 99.5% required" in low.output
    # a dead section in the bundled questionnaire is named
    edit(folder, "modules/gdpr.yaml", "show_if: '\"none\" in gdpr_pd_stages'",
         "show_if: '\"none\" in gdpr_pd_stages and false'")
    dead = runner.invoke(main, ["questionnaires", "test", "--questionnaires", str(folder), "--coverage"])
    assert "conditions that can never be true" in dead.output
    assert "is never asked: `\"none\" in gdpr_pd_stages and false` is never true" in dead.output
    # each item where it is written, as path:line:col
    assert f"{folder}/modules/gdpr.yaml:" in dead.output.split("conditions that can never be true")[1]
    assert any(re.match(rf"  {re.escape(str(folder))}/modules/[a-z-]+\.yaml:\d+:\d+: [a-z0-9_]+[.=][a-z0-9_]+$", line)
               for line in dead.output.splitlines())  # an item no scenario exercises, where it is written
