"""The stable JSON form of a result (docs/json-output.md), field by field, as pipelines read it."""

from __future__ import annotations

import datetime as dt

from wizard.engine import evaluate

PROVIDER = {"is_ai": True, "role": "provider", "areas": ["employment"], "profiling": False, "personal_data": True}
ART_4 = {"label": "AI Act, Art. 4", "url": "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689#art_4",
         "instrument": "ai_act", "article": "4"}


def _json(demo, lang: str = "en") -> dict:
    result = evaluate(demo, PROVIDER, {"literacy": {"status": "in_progress", "note": "half"}}, dt.date(2026, 11, 29))
    return result.to_json(lang)


def test_an_obligation_says_whom_it_binds_from_when_where_it_stands_and_why(demo) -> None:
    literacy = _json(demo)["obligations"][0]
    assert literacy == {
        "id": "literacy", "title": "AI literacy", "regulation": "ai_act", "binds": ["provider", "deployer"],
        "references": [ART_4], "certain": True, "applies_from": "2025-02-02", "date_id": None, "in_force": True,
        "tracked": True, "status": "in_progress", "note": "half", "priority": "documentation", "owner": "HR",
        "reasons": [{"rule": "literacy", "explanation": None, "references": [ART_4],
                     "answers": [{"question": "is_ai", "label": "Does it infer outputs from inputs?", "value": True}],
                     "derived": []}],
        "settle": []}


def test_an_obligation_with_a_named_date_and_no_status(demo) -> None:
    qms = next(o for o in _json(demo)["obligations"] if o["id"] == "qms")
    assert (qms["applies_from"], qms["date_id"], qms["in_force"], qms["status"], qms["note"], qms["owner"]) == (
        "2027-12-02", "annex_iii", False, None, "", None)
    assert qms["binds"] == ["provider"] and qms["certain"] is True


def test_an_action_says_what_to_do_by_when(demo) -> None:
    actions = _json(demo)["actions"]
    assert actions[0] == {"obligation": "stop", "title": "Register the system", "priority": "unlawful",
                          "priority_label": "Unlawful today", "due": "2027-12-02", "overdue": False, "status": None,
                          "owner": None, "references": ["AI Act, Art. 49(1)"]}
    literacy = next(a for a in actions if a["obligation"] == "literacy")
    assert (literacy["status"], literacy["overdue"], literacy["owner"], literacy["due"]) == (
        "in_progress", True, "HR", "2025-02-02")


def test_an_outcome_gives_its_value_its_level_and_the_answers_behind_it(demo) -> None:
    tier = _json(demo)["outcomes"][0]
    assert {k: v for k, v in tier.items() if k != "reasons"} == {
        "id": "tier", "label": "Risk tier", "mode": "first", "value": "high_risk",
        "values": [{"value": "high_risk", "label": "High risk", "level": "high"}],
        "provisional": False, "possible": [], "settle": []}
    (reason,) = tier["reasons"]
    assert reason["rule"] == "tier_high" and reason["explanation"] == "Used in an Annex III area."
    assert reason["answers"] == [
        {"question": "is_ai", "label": "Does it infer outputs from inputs?", "value": True},
        {"question": "areas", "label": "Areas of use", "value": ["employment"]}]
    assert reason["derived"] == ["high_risk_candidate", "annex_iii_use"]
    assert reason["references"] == [{"label": "AI Act, Art. 6(2)", "url":
                                     "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689#art_6",
                                     "instrument": "ai_act", "article": "6", "paragraph": "2"}]


def test_the_json_speaks_the_language_asked(demo) -> None:
    doc = _json(demo, "fr")
    assert doc["lang"] == "fr"
    assert doc["obligations"][0]["title"] == "Maîtrise de l'IA" and doc["obligations"][0]["owner"] == "RH"
    assert doc["outcomes"][0]["values"][0]["label"] == "Haut risque"
    assert doc["actions"][0]["priority_label"] == "Illicite aujourd'hui"


def test_values_left_open_have_a_json_form_each() -> None:
    from wizard.conditions.values import UNKNOWN, OneOf, PartialSet, Range
    from wizard.engine.result import _value_json

    assert _value_json(UNKNOWN) == {"unknown": True}
    assert _value_json(OneOf(frozenset({"b", "a"}))) == {"one_of": ["a", "b"]}
    assert _value_json(PartialSet(frozenset({"x"}), frozenset({"z", "y"}))) == {"includes": ["x"],
                                                                                  "may_include": ["y", "z"]}
    assert _value_json(Range(1, 3)) == {"min": 1, "max": 3}
    assert _value_json(frozenset({"b", "a"})) == ["a", "b"]
    assert _value_json(dt.date(2026, 1, 2)) == "2026-01-02"
