"""The bundled scenarios exercise the whole questionnaire: every rule fires, every obligation applies.

A rule that fires in no scenario is a rule nobody has checked against a real case: write the
scenario, or delete the rule. (`questionnaires mutate` lists them too, with the mutants that survive.)
"""

from __future__ import annotations

from functools import cache

from wizard.engine.mutate import Scenario, exercised, read_scenarios
from wizard.engine.scenarios import find_scenarios
from wizard.questionnaire import Questionnaire, load_directory
from wizard.questionnaire.loader import DEFAULT_DIR


@cache
def bundled() -> tuple[Questionnaire, list[Scenario], list[str]]:
    q = load_directory(DEFAULT_DIR)["ai-compliance"]
    scenarios, skipped = read_scenarios(q, find_scenarios([str(DEFAULT_DIR / "scenarios")]))
    return q, scenarios, skipped


@cache
def never() -> tuple[list[str], list[str]]:
    """The rules that fire in no scenario, and the obligations that apply in none."""
    q, scenarios, _ = bundled()
    return exercised(q, scenarios)


def test_every_bundled_scenario_is_used() -> None:
    _, scenarios, skipped = bundled()
    assert skipped == []
    assert len(scenarios) == len(find_scenarios([str(DEFAULT_DIR / "scenarios")]))


def test_every_rule_fires_in_some_scenario() -> None:
    rules, _ = never()
    assert rules == [], f"rules that fire in no scenario: {', '.join(rules)}"


def test_every_obligation_applies_in_some_scenario() -> None:
    _, obligations = never()
    assert obligations == [], f"obligations that apply in no scenario: {', '.join(obligations)}"


def test_some_scenarios_answer_not_sure_and_say_what_stays_open() -> None:
    _, scenarios, _ = bundled()
    unsure = [s for s in scenarios if "unsure" in s.answers.values()]
    saying = [s for s in unsure if s.expect.get("provisional") is True and any(
        isinstance(o, dict) and "possible" in o for o in (s.expect.get("outcomes") or {}).values())]
    assert len(saying) >= 2, [s.path for s in unsure]
