"""What a scenario can expect: every part of a result, including "not sure" answers and the roles bound.

Each expectation is shown to hold on the right result and to report a precise difference on a wrong
one, so an editor's scenario can lock everything the result says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.engine.scenarios import run_scenario
from wizard.questionnaire import Questionnaire

UNSURE_ANSWERS = """
title: Not sure whether it is AI
questionnaire: demo
as_of: 2026-11-29
rationale: test
answers:
  is_ai: unsure
  role: deployer
  areas: [credit]
  profiling: unsure
  personal_data: no
"""

PROVIDER_ANSWERS = """
title: A provider
questionnaire: demo
as_of: 2026-11-29
rationale: test
answers:
  is_ai: yes
  role: provider
  areas: [employment]
  profiling: no
  personal_data: yes
"""


@pytest.fixture
def run(demo: Questionnaire, write: Callable[[str, str], Path]) -> Callable[[str, str], list[str]]:
    """Run a scenario made of answers and an ``expect`` block; return its differences (problems fail)."""

    def _run(answers: str, expect: str) -> list[str]:
        path = write("scenario.yaml", answers + "expect:\n" + expect)
        result = run_scenario(str(path), {"demo": demo})
        assert not result.problems, [str(p) for p in result.problems]
        return result.differences

    return _run


def test_an_outcome_lists_the_values_still_possible_and_what_settles_it(run) -> None:
    expect = """
  outcomes:
    tier: {value: minimal, provisional: true, possible: [out_of_scope, high_risk], settle: [is_ai]}
"""
    assert run(UNSURE_ANSWERS, expect) == []


def test_wrong_possible_values_are_reported(run) -> None:
    diffs = run(UNSURE_ANSWERS, "  outcomes:\n    tier: {possible: [high_risk]}\n")
    assert diffs == ["outcome 'tier': expected still possible [high_risk], got [high_risk, out_of_scope]"]


def test_wrong_questions_to_settle_are_reported(run) -> None:
    diffs = run(UNSURE_ANSWERS, "  outcomes:\n    tier: {settle: [role]}\n")
    assert diffs == ["outcome 'tier': expected to be settled by [role], got [is_ai]"]


def test_a_certain_outcome_has_nothing_possible(run) -> None:
    assert run(PROVIDER_ANSWERS, "  outcomes:\n    tier: {value: high_risk, possible: [], settle: []}\n") == []
    diffs = run(PROVIDER_ANSWERS, "  outcomes:\n    tier: {possible: [minimal]}\n")
    assert diffs == ["outcome 'tier': expected still possible [minimal], got []"]


def test_a_fact_left_open_by_a_not_sure_answer_is_unknown(run) -> None:
    assert run(UNSURE_ANSWERS, "  facts:\n    high_risk_candidate: unknown\n    annex_iii_use: true\n") == []
    assert run(UNSURE_ANSWERS, "  facts:\n    high_risk_candidate: true\n") == [
        "fact 'high_risk_candidate': expected true, got unknown"]
    assert run(PROVIDER_ANSWERS, "  facts:\n    high_risk_candidate: unknown\n") == [
        "fact 'high_risk_candidate': expected unknown, got true"]


def test_a_mode_all_outcome_left_open_keeps_its_maybe_values(run) -> None:
    assert run(UNSURE_ANSWERS, "  outcomes:\n    duties: {value: [], possible: [profiling_notice]}\n") == []


def test_binds_checks_the_roles_of_an_applicable_obligation(run) -> None:
    assert run(PROVIDER_ANSWERS, "  binds:\n    literacy: [deployer, provider]\n    qms: [provider]\n") == []
    assert run(PROVIDER_ANSWERS, "  binds:\n    qms: [deployer]\n") == [
        "obligation 'qms' binds [provider], expected [deployer]"]


def test_binds_of_an_obligation_that_does_not_apply_is_a_difference(run) -> None:
    assert run(UNSURE_ANSWERS, "  binds:\n    qms: [provider]\n") == [
        "binds: obligation 'qms' does not apply, so it binds no one"]
    assert run(UNSURE_ANSWERS, "  binds:\n    nothing: [provider]\n") == [
        "binds: 'nothing' is not an obligation of 'demo'"]


def test_roles_lists_exactly_the_obligations_binding_each_role(run) -> None:
    assert run(PROVIDER_ANSWERS, "  roles:\n    provider: [literacy, qms, stop]\n    deployer: [literacy]\n") == []
    diffs = run(PROVIDER_ANSWERS, "  roles:\n    deployer: [literacy, qms]\n")
    assert diffs == ["obligations binding 'deployer' differ:\n--- expected\n+++ actual\n@@ -2 +1,0 @@\n-qms"]
    assert run(PROVIDER_ANSWERS, "  roles:\n    judge: []\n") == ["roles: 'judge' is not a role of 'demo'"]


def test_roles_count_only_obligations_that_certainly_apply(run) -> None:
    # with "not sure" whether it is AI, literacy and stop only possibly apply: they bind no one yet
    assert run(UNSURE_ANSWERS, "  roles:\n    provider: []\n    deployer: []\n") == []


def test_complete_and_provisional_of_the_whole_result(run) -> None:
    assert run(UNSURE_ANSWERS, "  provisional: true\n  complete: true\n") == []
    assert run(PROVIDER_ANSWERS, "  provisional: true\n") == ["expected provisional=true, got false"]


def test_obligations_possible_and_exactly(run) -> None:
    assert run(UNSURE_ANSWERS, "  obligations:\n    possible: [literacy, stop]\n    exactly: []\n") == []
    assert run(PROVIDER_ANSWERS, "  obligations:\n    possible: [qms]\n") == [
        "obligation 'qms' expected to possibly apply, but it applies"]


def test_an_unknown_key_in_an_outcome_expectation_is_a_problem(demo: Questionnaire, write) -> None:
    path = write("scenario.yaml", PROVIDER_ANSWERS + "expect:\n  outcomes:\n    tier: {valeu: minimal}\n")
    result = run_scenario(str(path), {"demo": demo})
    assert [p.message for p in result.problems] == [
        "unknown key 'valeu' in expect.outcomes.tier (allowed: value, provisional, possible, settle)"]


def test_each_kind_of_difference_reads_plainly(run) -> None:
    expect = """
  outcomes:
    tier: out_of_scope
    nothing: x
  facts:
    annex_iii_use: false
    nothing: true
  obligations:
    include: [records, stop, nothing]
    exclude: [qms]
  dates:
    qms: 2027-12-03
    nothing: 2027-12-02
  actions_first: [qms]
"""
    assert run(PROVIDER_ANSWERS, expect) == [
        "outcome 'tier': expected out_of_scope, got high_risk (rule tier_high)",
        "outcome 'nothing' does not exist",
        "fact 'annex_iii_use': expected false, got true",
        "fact 'nothing' does not exist",
        "obligations.include: 'nothing' is not an obligation of 'demo'",
        "obligation 'qms' expected not to apply, but it applies",
        "obligation 'qms' applies from 2027-12-02, expected 2027-12-03",
        "dates: 'nothing' is not an obligation of 'demo'",
        "action plan starts with ['stop'], expected ['qms']",
    ]


def test_differences_of_a_provisional_result_name_what_is_still_possible(run) -> None:
    expect = """
  outcomes:
    tier: high_risk
  obligations:
    include: [literacy, records]
    exclude: [stop]
    possible: [records]
  dates:
    records: 2018-05-25
  provisional: false
  complete: false
"""
    assert run(UNSURE_ANSWERS, expect) == [
        "outcome 'tier': expected high_risk, got minimal (rule tier_minimal; still possible: out_of_scope, high_risk)",
        "obligation 'literacy' expected to apply, but it only possibly applies",
        "obligation 'records' expected to apply, but it does not apply",
        "obligation 'stop' expected not to apply, but it possibly applies",
        "obligation 'records' expected to possibly apply, but it does not apply",
        "dates: obligation 'records' does not apply, so it has no date",
        "expected provisional=false, got true",
        "expected complete=false, got true (unanswered: none)",
    ]


def test_values_are_shown_as_an_editor_writes_them() -> None:
    from wizard.conditions.values import UNKNOWN, OneOf, PartialSet
    from wizard.engine.scenarios import _show

    assert _show(UNKNOWN) == "unknown"
    assert _show(OneOf(frozenset({"b", "a"}))) == "one of a, b"
    assert _show(PartialSet(frozenset({"x"}), frozenset({"z", "y"}))) == "[x] and maybe [y, z]"
    assert _show(frozenset({"b", "a"})) == "[a, b]" and _show(("b", "a")) == "[a, b]"
    assert _show(True) == "true" and _show(False) == "false" and _show(None) == "none" and _show(3) == "3"


def test_a_wrong_provisional_flag_and_a_wrong_full_list_are_differences(run) -> None:
    assert run(UNSURE_ANSWERS, "  outcomes:\n    tier: {value: minimal, provisional: false}\n") == [
        "outcome 'tier': expected provisional=false, got true (to settle: is_ai)"]
    assert run(PROVIDER_ANSWERS, "  obligations:\n    exactly: [literacy, qms]\n") == [
        "obligations differ:\n--- expected\n+++ actual\n@@ -2,0 +3,2 @@\n+records\n+stop"]


def test_an_obligation_without_a_date_says_so(run) -> None:
    assert run(PROVIDER_ANSWERS, "  dates:\n    records: 2020-01-01\n") == [
        "obligation 'records' applies from no date, expected 2020-01-01"]


def test_problems_in_the_expect_block_point_at_their_line(demo: Questionnaire, write) -> None:
    path = write("scenario.yaml", PROVIDER_ANSWERS + "expect:\n  obligations:\n    includes: [qms]\n")
    result = run_scenario(str(path), {"demo": demo})
    assert [(p.line, p.column, p.message) for p in result.problems] == [
        (14, 5, "unknown key 'includes' in expect.obligations (allowed: include, exclude, exactly, possible)")]
    path = write("scenario.yaml", PROVIDER_ANSWERS)
    result = run_scenario(str(path), {"demo": demo})
    assert [(p.path, p.message) for p in result.problems] == [
        (str(path), "a scenario needs an 'expect' mapping (outcomes, facts, obligations, actions_first)")]
