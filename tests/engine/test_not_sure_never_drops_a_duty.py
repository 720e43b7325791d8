""""Not sure" never makes a duty disappear: a property over every bundled scenario.

Replacing any answers by "not sure" may turn obligations that certainly apply into obligations that
may apply, never remove one from the obligations or from the action plan; and a result with an
obligation that may apply is provisional.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.engine import UNSURE, Result, evaluate
from wizard.engine.answers_file import SCENARIO_KEYS, pick_questionnaire, read_answers_header, validate_answers
from wizard.engine.scenarios import find_scenarios
from wizard.questionnaire import Questionnaire, load_directory
from wizard.questionnaire.loader import DEFAULT_DIR

SCENARIOS = find_scenarios([str(DEFAULT_DIR / "scenarios")])


@cache
def bundled() -> dict[str, Questionnaire]:
    return load_directory(DEFAULT_DIR)


@cache
def scenario(path: str) -> tuple[Questionnaire, dict[str, Any], dict[str, Any], Any]:
    """The questionnaire, answers, statuses and date of a bundled scenario."""
    raw, problems = read_answers_header(path, SCENARIO_KEYS)
    q = pick_questionnaire(raw, path, bundled(), None)
    answers = validate_answers(raw, path, q, hidden_is_error=False, problems=problems)
    return q, dict(answers.answers), dict(answers.statuses), answers.as_of


def check_nothing_dropped(before: Result, after: Result, replaced: list[str]) -> None:
    """Every obligation and action of `before` is still in `after`; what became uncertain says so."""
    obligations = {o.id: o for o in after.obligations}
    lost = [o.id for o in before.obligations if o.id not in obligations]
    assert not lost, f"answering 'not sure' to {replaced} removed the obligations {lost}"
    plan = {a.obligation_id: a for a in after.actions}
    dropped = [a.obligation_id for a in before.actions if a.obligation_id not in plan]
    assert not dropped, f"answering 'not sure' to {replaced} removed {dropped} from the action plan"
    for o in after.obligations:
        if not o.certain:
            assert after.provisional, f"{o.id} may apply but the result is not provisional"
            if o.id in plan:
                assert not plan[o.id].certain and plan[o.id].settle == o.settle


@cache
def decided_by_the_author() -> frozenset[str]:
    """Questions whose "not sure" a condition reads on purpose (``unsure(q)``): the questionnaire says
    what that answer means there (e.g. "in doubt, the high-risk rules apply in full"), so it may choose
    one branch rather than keep both open. Every other "not sure" is an unknown for the engine."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (DEFAULT_DIR / "modules").glob("*.yaml"))
    return frozenset(re.findall(r"unsure\(\s*([a-z0-9_]+)\s*\)", text))


def answered(path: str) -> list[str]:
    q, answers, _statuses, _as_of = scenario(path)
    return [qid for qid in answers if qid in q.questions and answers[qid] != UNSURE
            and qid not in decided_by_the_author()]


def test_not_sure_on_any_one_answer_of_any_bundled_scenario_drops_nothing() -> None:
    """Exhaustive for one answer at a time: every answer of every bundled scenario, in turn."""
    checked = 0
    for path in SCENARIOS:
        q, answers, statuses, as_of = scenario(path)
        before = evaluate(q, answers, statuses, as_of)
        for qid in answered(path):
            after = evaluate(q, {**answers, qid: UNSURE}, statuses, as_of)
            check_nothing_dropped(before, after, [qid])
            checked += 1
    assert checked > 1000


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_not_sure_on_several_answers_drops_nothing(data: st.DataObject) -> None:
    """Several answers at once turned to "not sure", in any bundled scenario."""
    path = data.draw(st.sampled_from(SCENARIOS), label="scenario")
    ids = answered(path)
    replaced = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=6, unique=True), label="replaced")
    q, answers, statuses, as_of = scenario(path)
    before = evaluate(q, answers, statuses, as_of)
    after = evaluate(q, {**answers, **dict.fromkeys(replaced, UNSURE)}, statuses, as_of)
    check_nothing_dropped(before, after, replaced)


def test_the_cv_ranking_start_up_keeps_its_high_risk_duties_when_not_sure() -> None:
    """The issue's case: "not sure" of a significant change keeps every high-risk duty (the questionnaire
    reads it as "the rules apply"); "not sure" whether it profiles people keeps them too, as "may apply"."""
    path = next(p for p in SCENARIOS if Path(p).stem == "ai-act-d1-talentsort-cv-ranking")
    q, answers, statuses, as_of = scenario(path)
    sure = evaluate(q, answers, statuses, as_of)
    legacy = {"hr_placed_before_application": True, "hr_significant_change": UNSURE, "hr_for_public_authorities": False}
    high_risk = [o.id for o in sure.obligations if o.id.startswith("provider_") and o.obligation.track_status]
    assert len(high_risk) >= 13
    changed = evaluate(q, {**answers, **legacy}, statuses, as_of)
    assert set(high_risk) <= {a.obligation_id for a in changed.actions}
    unsure = evaluate(q, {**answers, **legacy, "d63_profiling": UNSURE}, statuses, as_of)
    plan = {a.obligation_id: a for a in unsure.actions}
    for oid in high_risk:
        assert oid in plan and not plan[oid].certain
        assert "d63_profiling" in plan[oid].settle
    assert unsure.provisional
    # the duties that certainly apply come first, then those that may apply
    certain = [a.certain for a in unsure.actions]
    assert certain == sorted(certain, reverse=True)


def test_not_sure_on_the_art22_exception_keeps_both_art22_duties() -> None:
    """Not knowing the Art. 22(2) exception keeps "stop solely automated decisions" and the safeguards,
    both marked "may apply", and the explanation does not claim an exception."""
    path = next(p for p in SCENARIOS if Path(p).stem == "gdpr-credit-bureau-schufa")
    q, answers, statuses, as_of = scenario(path)
    duties = {"gdpr_ob_art22_exception", "gdpr_ob_art22_safeguards"}
    either: set[str] = set()
    for exception in ("none", "contract", "law", "explicit_consent"):
        result = evaluate(q, {**answers, "gdpr_art22_exception": exception}, statuses, as_of)
        either |= {o.id for o in result.obligations} & duties
    assert "gdpr_ob_art22_exception" in either
    unsure = evaluate(q, {**answers, "gdpr_art22_exception": UNSURE}, statuses, as_of)
    plan = {a.obligation_id: a for a in unsure.actions}
    assert either <= set(plan) and not any(plan[d].certain for d in either)
    finding = unsure.outcomes["gdpr_art22_finding"]
    assert finding.provisional
    assert all("exception is claimed" not in (r.explanation or {}).get("en", "") for r in finding.reasons)
