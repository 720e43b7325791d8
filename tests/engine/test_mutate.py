"""Mutation testing of questionnaires: the mutants an editor's mistakes make, and the scenarios that notice them."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from wizard.cli import main
from wizard.conditions import parse
from wizard.conditions.unparse import unparse
from wizard.engine import evaluate
from wizard.engine.mutants import derive_mutants, source_locator
from wizard.engine.mutate import mutate
from wizard.questionnaire import Questionnaire

from .conftest import FIXTURES

DEMO = FIXTURES / "good" / "demo.yaml"
SCENARIOS = FIXTURES / "good" / "scenarios"

# Written after the survivors that the demo's two scenarios leave (see test_survivors_...).
KILLER = """
title: A deployer of a minimal-risk tool with a large user base
questionnaire: demo
as_of: 2026-11-29
rationale: "Not in an Annex III area: minimal risk; profiling and a large user base give both duties."
answers:
  is_ai: yes
  role: deployer
  areas: [none]
  users: 1000
  personal_data: no
expect:
  outcomes:
    tier: minimal
    duties: [big]
  obligations:
    exactly: [literacy]
  roles:
    deployer: [literacy]
    provider: [literacy]
"""


@pytest.fixture(scope="module")
def mutants(demo: Questionnaire):
    return derive_mutants(demo, source_locator(DEMO))


def test_every_kind_of_mistake_is_made(mutants) -> None:
    kinds = Counter(m.operator for m in mutants)
    assert set(kinds) == {"add_not", "drop_not", "and_or", "drop_value", "bound", "rule_value", "drop_rule",
                          "binds", "date"}
    # one rule-value change and one dropped rule per rule of an outcome with several rules and values
    assert kinds["rule_value"] == kinds["drop_rule"] == 5


def test_a_mutant_says_where_and_what_in_the_editors_own_terms(mutants) -> None:
    described = [m.describe() for m in mutants]
    demo = str(DEMO)
    module = str(FIXTURES / "good" / "modules" / "data.yaml")
    assert f"{demo}:167:17: `and` turned into `or` in `tier == \"high_risk\" and role == \"provider\"` " \
           "(obligation 'qms')" in described
    assert f"{demo}:96:27: \"credit\" dropped from `has_any(areas, [\"employment\", \"credit\"])` " \
           "(fact 'annex_iii_use')" in described
    assert f"{demo}:140:13: `>=` turned into `>` in `users >= 1000` (rule 'duty_big' of 'duties')" in described
    assert f"{demo}:114:13: `not` dropped from `not is_ai` (rule 'tier_not_ai' of 'tier')" in described
    assert f"{demo}:166:13: obligation 'qms' binds 'deployer' instead of 'provider'" in described
    assert f"{demo}:115:16: rule 'tier_not_ai' of 'tier' gives 'high_risk' instead of 'out_of_scope'" in described
    assert f"{demo}:144:11: date 'annex_iii' moved from 2027-12-02 to 2027-12-03" in described
    assert f"{module}:14:17: `not` added before `personal_data` (obligation 'records')" in described


def test_the_position_points_at_the_changed_text(mutants) -> None:
    for m in mutants:
        line = Path(m.where.path).read_text(encoding="utf-8").splitlines()[m.where.line - 1]
        if "turned into `or`" in m.what:
            # the changed expression starts exactly where the position points
            snippet = m.what.split(" in `", 1)[1].split(" ", 1)[0]
            assert line[m.where.column - 1:].startswith(snippet), (m.describe(), line)


def test_a_mutant_changes_only_its_copy(demo: Questionnaire, mutants) -> None:
    answers = {"is_ai": True, "role": "provider", "areas": ["employment"], "profiling": False,
               "personal_data": True}
    flip = next(m for m in mutants if m.what.startswith("`not` added before `personal_data`"))
    mutant_q = flip.apply(demo)
    assert [o.id for o in evaluate(mutant_q, answers).obligations] == ["literacy", "qms", "stop"]
    assert [o.id for o in evaluate(demo, answers).obligations] == ["literacy", "qms", "stop", "records"]
    moved = next(m for m in mutants if m.what.startswith("date 'annex_iii' moved"))
    assert str(evaluate(moved.apply(demo), answers).obligation("qms").applies_from) == "2027-12-03"
    assert str(evaluate(demo, answers).obligation("qms").applies_from) == "2027-12-02"
    swapped = next(m for m in mutants if m.what.startswith("obligation 'qms' binds"))
    assert swapped.apply(demo).obligation("qms").binds == ("deployer",)
    assert demo.obligation("qms").binds == ("provider",)


def test_survivors_name_what_no_scenario_notices() -> None:
    report = mutate(DEMO, [str(SCENARIOS)])
    assert report.scenarios == 2 and report.total == 38
    survivors = {m.what for m in report.survivors}
    assert "obligation 'qms' binds 'deployer' instead of 'provider'" in survivors
    assert "`>=` turned into `>` in `users >= 1000` (rule 'duty_big' of 'duties')" in survivors
    assert report.killed == 21 and report.score == pytest.approx(100 * 21 / 38)
    assert report.rules_never_fired == ["tier.tier_not_ai", "duties.duty_profiling", "duties.duty_big"]
    assert report.obligations_never_applied == []


def test_a_scenario_written_for_the_survivors_kills_them(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    (folder / "big.yaml").write_text(KILLER, encoding="utf-8")
    report = mutate(DEMO, [str(folder)])
    survivors = {m.what for m in report.survivors}
    assert "`>=` turned into `>` in `users >= 1000` (rule 'duty_big' of 'duties')" not in survivors
    assert "obligation 'qms' binds 'deployer' instead of 'provider'" in survivors  # qms does not apply here
    assert report.killed > 21
    assert "duties.duty_big" not in report.rules_never_fired


def test_a_scenario_that_fails_already_is_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    (folder / "wrong.yaml").write_text(KILLER.replace("tier: minimal", "tier: high_risk"), encoding="utf-8")
    report = mutate(DEMO, [str(folder)])
    assert report.scenarios == 2
    assert [s.split(": ", 1)[1] for s in report.skipped_scenarios] == [
        "fails on the questionnaire as it is (run questionnaires test)"]


def test_a_sample_is_reproducible_and_workers_agree() -> None:
    one = mutate(DEMO, [str(SCENARIOS)], sample=20, seed=7)
    again = mutate(DEMO, [str(SCENARIOS)], sample=20, seed=7, jobs=2)
    assert len(one.verdicts) == 20
    assert [(v.index, v.killed_by is None) for v in one.verdicts] == [
        (v.index, v.killed_by is None) for v in again.verdicts]
    other = mutate(DEMO, [str(SCENARIOS)], sample=20, seed=8)
    assert [v.index for v in other.verdicts] != [v.index for v in one.verdicts]


def test_the_command_prints_survivors_and_fails_under_the_minimum_score() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["questionnaires", "mutate", str(DEMO), "--min-score", "90"])
    assert result.exit_code == 1
    shown = DEMO.relative_to(Path.cwd()) if DEMO.is_relative_to(Path.cwd()) else DEMO
    lines = result.output.splitlines()
    assert f"{shown}:140:13: `>=` turned into `>` in `users >= 1000` (rule 'duty_big' of 'duties'); " \
           "no scenario notices" in lines
    assert len([line for line in lines if line.endswith("; no scenario notices")]) == 17
    assert "rules that fire in no scenario (3): tier.tier_not_ai, duties.duty_profiling, duties.duty_big" in lines
    summary = next(line for line in lines if line.startswith(f"{shown}: "))
    assert "21/38 mutants killed (55.3%), 17 survived; 38 mutants in all; 2 scenarios" in summary
    assert lines[-1] == "mutation score below 90%"
    passing = runner.invoke(main, ["questionnaires", "mutate", str(DEMO), "--min-score", "50", "--sample", "5"])
    assert passing.exit_code == 0, passing.output
    assert "; 38 mutants in all, 5 drawn with seed 0; " in passing.output.splitlines()[-1]


@pytest.mark.parametrize("text", [
    "a and (b or c)", "(a and b) or c", "not (a and b)", "not a == \"x\"", "count(m) >= 2 and not unsure(m)",
    "x in [\"a\", 'it\"s']", "d < date(\"2026-08-02\")", "n - (1 - 2) > -3", "(a or b) and (c or d)",
])
def test_a_condition_written_back_parses_to_the_same_text(text: str) -> None:
    once = unparse(parse(text))
    assert unparse(parse(once)) == once
    assert parse(once).__class__ is parse(text).__class__
