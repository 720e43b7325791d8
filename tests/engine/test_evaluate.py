"""Evaluation: outcomes with reasons, provisional results, visibility, obligations, dates and actions."""

from __future__ import annotations

import datetime as dt
import json

from wizard.engine import UNKNOWN, Visibility, evaluate
from wizard.questionnaire import load_frozen

AS_OF = dt.date(2026, 11, 29)
HIGH_RISK_PROVIDER = {"is_ai": True, "role": "provider", "areas": ["employment"], "profiling": False,
                      "personal_data": True}


def test_the_first_matching_rule_gives_the_value_with_its_reason(demo) -> None:
    result = evaluate(demo, HIGH_RISK_PROVIDER, as_of=AS_OF)
    tier = result.outcomes["tier"]
    assert tier.value == "high_risk" and not tier.provisional
    [reason] = tier.reasons
    assert reason.rule_id == "tier_high"
    assert reason.explanation == {"en": "Used in an Annex III area.", "fr": "Utilisé dans un domaine de l'annexe III."}
    assert [r.locator() for r in reason.references] == ["Art. 6(2)"]
    # the answers that made it fire, reached through the facts it uses
    assert reason.answers == (("is_ai", True), ("areas", ["employment"]))
    assert reason.facts == ("high_risk_candidate", "annex_iii_use")


def test_unknown_answers_make_an_outcome_provisional_and_say_what_settles_it(demo) -> None:
    result = evaluate(demo, {"is_ai": "unsure", "role": "provider", "areas": ["employment"]}, as_of=AS_OF)
    tier = result.outcomes["tier"]
    assert tier.provisional
    assert tier.value == "minimal"
    assert {p.value for p in tier.possible} == {"out_of_scope", "high_risk"}
    assert tier.settle == ("is_ai",)


def test_an_unknown_that_cannot_change_the_result_leaves_it_certain(demo) -> None:
    result = evaluate(demo, {"is_ai": False, "areas": "unsure"}, as_of=AS_OF)
    assert result.outcomes["tier"].value == "out_of_scope"
    assert not result.outcomes["tier"].provisional


def test_mode_all_collects_every_matching_rule(demo) -> None:
    answers = {**HIGH_RISK_PROVIDER, "profiling": True, "users": 5000}
    duties = evaluate(demo, answers, as_of=AS_OF).outcomes["duties"]
    assert duties.value == ("profiling_notice", "big")
    assert [r.rule_id for r in duties.reasons] == ["duty_profiling", "duty_big"]


def test_an_optional_question_left_blank_is_not_unknown(demo) -> None:
    duties = evaluate(demo, HIGH_RISK_PROVIDER, as_of=AS_OF).outcomes["duties"]
    assert duties.value == () and not duties.provisional


def test_hidden_sections_and_questions_follow_the_answers(demo) -> None:
    vis = Visibility(demo, {"is_ai": False})
    assert [s.id for s in vis.sections()] == ["system", "data"]
    vis = Visibility(demo, {"is_ai": True, "areas": ["none"]})
    assert [q.id for q in vis.questions("details")] == ["description", "name"]
    vis = Visibility(demo, {"is_ai": "unsure"})
    assert vis.section_visible("details"), "an unknown show_if asks rather than skips"


def test_answers_to_hidden_questions_are_kept_but_ignored(demo) -> None:
    answers = {**HIGH_RISK_PROVIDER, "is_ai": False, "profiling": True}
    result = evaluate(demo, answers, as_of=AS_OF)
    assert set(result.hidden_answers) == {"profiling"}
    assert result.outcomes["duties"].value == ()
    assert result.outcomes["tier"].value == "out_of_scope"
    assert answers["profiling"] is True, "evaluation never changes the answers"


def test_unanswered_required_questions_are_listed(demo) -> None:
    result = evaluate(demo, {"is_ai": True}, as_of=AS_OF)
    # profiling depends on the areas, still unknown: it is asked rather than skipped
    assert result.unanswered == ("role", "areas", "profiling", "personal_data")
    assert not result.complete


def test_obligations_apply_with_their_dates_and_reasons(demo) -> None:
    result = evaluate(demo, HIGH_RISK_PROVIDER, as_of=AS_OF)
    by_id = {o.id: o for o in result.obligations}
    assert list(by_id) == ["literacy", "qms", "stop", "records"]
    assert by_id["literacy"].applies_from == dt.date(2025, 2, 2) and by_id["literacy"].in_force
    assert by_id["qms"].applies_from == dt.date(2027, 12, 2) and by_id["qms"].date_id == "annex_iii"
    assert not by_id["qms"].in_force
    assert by_id["qms"].reasons[0].answers == (("is_ai", True), ("areas", ["employment"]), ("role", "provider"))


def test_the_first_matching_date_alternative_applies(demo) -> None:
    result = evaluate(demo, {**HIGH_RISK_PROVIDER, "role": "deployer"}, as_of=AS_OF)
    assert result.obligation("stop").applies_from == dt.date(2030, 8, 2)
    assert result.obligation("qms") is None


def test_obligations_that_may_apply_are_marked_and_say_what_settles_them(demo) -> None:
    result = evaluate(demo, {"is_ai": True, "role": "provider", "areas": "unsure"}, as_of=AS_OF)
    qms = result.obligation("qms")
    assert qms is not None and not qms.certain and qms.settle == ("areas",)


def test_actions_follow_priority_then_date_and_skip_done_work(demo) -> None:
    statuses = {"literacy": {"status": "done", "note": "Trained in March"}, "qms": {"status": "in_progress"}}
    result = evaluate(demo, HIGH_RISK_PROVIDER, statuses, as_of=AS_OF)
    assert [a.obligation_id for a in result.actions] == ["stop", "qms"]
    assert result.actions[0].priority == "unlawful"
    assert result.obligation("literacy").status == "done"
    assert result.obligation("literacy").note == "Trained in March"
    assert result.obligation("records").status is None, "untracked obligations have no status"


def test_an_obligation_already_in_force_and_not_done_is_overdue(demo) -> None:
    result = evaluate(demo, HIGH_RISK_PROVIDER, as_of=AS_OF)
    literacy = next(a for a in result.actions if a.obligation_id == "literacy")
    assert literacy.overdue
    assert not next(a for a in result.actions if a.obligation_id == "qms").overdue


def test_evaluation_is_deterministic_and_pure(demo) -> None:
    answers = dict(HIGH_RISK_PROVIDER)
    first = json.dumps(evaluate(demo, answers, as_of=AS_OF).to_json("en"), sort_keys=True)
    second = json.dumps(evaluate(demo, answers, as_of=AS_OF).to_json("en"), sort_keys=True)
    assert first == second
    assert answers == HIGH_RISK_PROVIDER


def test_a_frozen_copy_evaluates_exactly_the_same(demo) -> None:
    frozen = load_frozen(json.loads(json.dumps(demo.to_frozen())))
    a = evaluate(demo, HIGH_RISK_PROVIDER, as_of=AS_OF).to_json("fr")
    b = evaluate(frozen, HIGH_RISK_PROVIDER, as_of=AS_OF).to_json("fr")
    assert a == b


def test_the_json_form_is_stable_and_complete(demo) -> None:
    data = evaluate(demo, HIGH_RISK_PROVIDER, as_of=AS_OF).to_json("fr")
    assert data["format"] == "ai-compliance-wizard/result" and data["format_version"] == 1
    assert data["questionnaire"] == {"id": "demo", "version": "1.0", "content_hash": demo.content_hash}
    tier = next(o for o in data["outcomes"] if o["id"] == "tier")
    assert tier["value"] == "high_risk" and tier["values"][0]["label"] == "Haut risque"
    ref = tier["reasons"][0]["references"][0]
    assert ref["label"] == "RIA, art. 6, § 2" and ref["url"].endswith("CELEX:32024R1689#art_6")
    assert data["facts"] == {"annex_iii_use": True, "high_risk_candidate": True}
    assert data["actions"][0]["obligation"] == "stop"
    assert data["answers"]["areas"] == ["employment"]
    json.dumps(data)  # serialisable as is


def test_unknown_facts_are_reported_as_unknown(demo) -> None:
    result = evaluate(demo, {"is_ai": True, "areas": "unsure"}, as_of=AS_OF)
    assert result.facts["annex_iii_use"].value is UNKNOWN and not result.facts["annex_iii_use"].known
    assert result.to_json()["facts"]["annex_iii_use"] == {"unknown": True}
