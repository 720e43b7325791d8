"""The CNIL PIA tool import file, checked field by field against the format the tool reads.

docs/pia-import.schema.json is written from the facts of LINCnil/pia (pia_architecture.json for question
ids and answer types, PiaService.importData and its models for the keys); these tests run it over three
bundled scenarios that call for a DPIA, then check what a DPO would see after the import.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from report_helpers import make_meta
from ruamel.yaml import YAML

from wizard.config import ROOT
from wizard.engine import evaluate
from wizard.questionnaire import Questionnaire, load_questionnaire
from wizard.report import render
from wizard.report.model import build_report
from wizard.report.pia import DEFAULT_MAPPING, load_mapping, render_pia

SCHEMA = json.loads((ROOT / "docs" / "pia-import.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema_rs.validator_for(SCHEMA, validate_formats=True)
SCENARIOS = ROOT / "questionnaires" / "scenarios"
DPIA_SCENARIOS = ["gdpr-cv-screening-employer", "gdpr-voice-assistant-children", "gdpr-medical-imaging-hospital"]
#: The text questions of pia_architecture.json ("answer_type": "text"), by item.
TEXT_QUESTIONS = {111, 112, 113, 121, 122, 123, 211, 212, 213, 214, 215, 221, 222, 223, 224, 225, 226, 227}


@pytest.fixture(scope="module")
def bundled() -> Questionnaire:
    return load_questionnaire(ROOT / "questionnaires" / "ai-compliance.yaml")


def scenario(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe", pure=True).load((SCENARIOS / f"{name}.yaml").read_text("utf-8"))
    return loaded


def export(q: Questionnaire, name: str, statuses: dict[str, Any] | None = None, lang: str = "en") -> dict[str, Any]:
    """The PIA file of a bundled scenario, through the public renderer, parsed back."""
    case = scenario(name)
    statuses = statuses or {}
    as_of = dt.date.fromisoformat(str(case["as_of"]))
    result = evaluate(q, case["answers"], statuses, as_of)
    raw = render("pia", q, result, case["answers"], statuses, make_meta(lang, system_name=case["title"][:80]))
    doc: dict[str, Any] = json.loads(raw)
    return doc


def problems(doc: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


@pytest.mark.parametrize("name", DPIA_SCENARIOS)
def test_the_file_is_what_the_pia_tool_imports(bundled: Questionnaire, name: str) -> None:
    doc = export(bundled, name)
    assert problems(doc) == []
    assert doc["answers"] and doc["measures"]


def test_the_schema_refuses_what_misled_a_dpo() -> None:
    """The schema is not a rubber stamp: each defect of the first export is refused."""
    good = {"pia": {"name": "S", "author_name": "A", "evaluator_name": "", "validator_name": "", "status": 0,
                    "created_at": "2026-11-20T10:00:00+00:00", "updated_at": "2026-11-20T10:00:00+00:00"},
            "answers": [], "measures": [], "evaluations": [], "comments": []}
    assert problems(good) == []
    stamp = {"created_at": "2026-11-20T10:00:00+00:00", "updated_at": "2026-11-20T10:00:00+00:00"}
    defects = [
        {"pia": {**good["pia"], "dpo_status": 0}},
        {"pia": {**good["pia"], "concerned_people_status": 0}},
        {"pia": {**good["pia"], "category": "Compliance self-assessment report"}},
        {"pia": {**good["pia"], "rejection_reason": ""}},                    # pia-back's spelling, not read
        {"pia": {**good["pia"], "created_at": "2026-11-20T10:00:00"}},       # no offset
        {"measures": [{"title": "Carry out a DPIA", "content": "", "placeholder": "", **stamp, "id": 1}]},
        {"measures": [{"title": "Security", "content": "<p>x</p>", "placeholder": "", **stamp}]},   # no id
        {"answers": [{"reference_to": 999, "data": {"text": "x", "gauge": None, "list": None}, **stamp}]},
        {"answers": [{"reference_to": 215, "data": {"text": " ", "gauge": 0, "list": []}, **stamp}]},
        {"answers": [{"reference_to": 215, "data": {"text": "x", "gauge": 3, "list": []}, **stamp}]},
        {"answers": [{"reference_to": 321, "data": {"text": "x", "gauge": None, "list": None}, **stamp}]},
        {"answers": [{"reference_to": 325, "data": {"text": None, "gauge": 0, "list": None}, **stamp}]},
        {"evaluations": [{"reference_to": "1.1", "status": 2}]},
    ]
    for defect in defects:
        assert problems({**good, **defect}), defect


@pytest.mark.parametrize("name", DPIA_SCENARIOS)
def test_no_verdict_of_the_dpo_or_the_people_is_pre_set(bundled: Questionnaire, name: str) -> None:
    pia = export(bundled, name)["pia"]
    for key in ("dpo_status", "concerned_people_status", "concerned_people_searched_opinion"):
        assert key not in pia
    assert pia["dpo_opinion"] == pia["concerned_people_opinion"] == "" and pia["status"] == 0
    assert pia["category"] == ""


@pytest.mark.parametrize("name", DPIA_SCENARIOS)
def test_only_real_controls_are_measures(bundled: Questionnaire, name: str) -> None:
    doc = export(bundled, name)
    mapping = load_mapping("ai-compliance")
    assert mapping is not None
    listed = {bundled.obligation(oid).title.get("en") for oid in mapping["measures"]}  # type: ignore[union-attr]
    titles = [m["title"] for m in doc["measures"]]
    assert set(titles) <= listed and "Carry out a DPIA before processing" not in titles
    assert [m["id"] for m in doc["measures"]] == list(range(1, len(titles) + 1))
    for measure in doc["measures"]:
        assert len(measure["content"]) > 80 and " — " not in measure["content"].split("</p>")[0]


def test_the_other_actions_go_to_one_comment_not_to_the_measures(bundled: Questionnaire) -> None:
    doc = export(bundled, "gdpr-cv-screening-employer")
    (comment,) = doc["comments"]
    assert comment["reference_to"] == 111 and comment["for_measure"] is False
    assert "Carry out a DPIA before processing" in comment["description"]
    assert all(m["title"] not in comment["description"] for m in doc["measures"])


def test_an_answer_is_written_only_when_the_assessment_answers_the_question(bundled: Questionnaire) -> None:
    doc = export(bundled, "gdpr-cv-screening-employer")
    by_ref = {a["reference_to"]: a["data"]["text"] for a in doc["answers"]}
    assert len(by_ref) == len(doc["answers"])                      # one answer per question
    assert not {215, 221, 223, 224, 225, 226} & set(by_ref)       # no status stated: nothing known
    assert all("Not stated" not in (text or "") for text in by_ref.values())
    assert 122 in by_ref and "stage" in by_ref[122].lower()       # life cycle in 122, not crowding 121
    assert by_ref.keys() <= TEXT_QUESTIONS | {321, 331, 341}


def test_stated_obligations_answer_their_questions(bundled: Questionnaire) -> None:
    statuses = {"gdpr_ob_retention": {"status": "done", "note": "CVs deleted 2 years after the last contact"},
                "gdpr_ob_processor_contracts": {"status": "in_progress", "note": "DPA with the SaaS vendor"},
                "gdpr_ob_rights": {"status": "done", "note": "privacy@acme.example"},
                "gdpr_ob_information_direct": {"status": "done", "note": ""}}
    doc = export(bundled, "gdpr-cv-screening-employer", statuses)
    by_ref = {a["reference_to"]: a["data"]["text"] for a in doc["answers"]}
    assert "CVs deleted 2 years after the last contact" in by_ref[215]
    assert "DPA with the SaaS vendor" in by_ref[226] and "Do other organisations" not in by_ref[226]
    assert all("privacy@acme.example" in by_ref[ref] for ref in (223, 224, 225))
    assert "Art. 13" in by_ref[221]
    assert problems(doc) == []


def test_impacts_on_people_are_pre_filled_and_the_gauges_left_to_the_dpo(bundled: Questionnaire) -> None:
    doc = export(bundled, "gdpr-voice-assistant-children")
    lists = {a["reference_to"]: a["data"]["list"] for a in doc["answers"] if a["data"]["list"]}
    assert set(lists) == {321, 331, 341}
    assert any("Children" in entry for entry in lists[321])
    assert not [a for a in doc["answers"] if a["data"]["gauge"]]


def test_french_file(bundled: Questionnaire) -> None:
    doc = export(bundled, "gdpr-cv-screening-employer", lang="fr")
    assert problems(doc) == []
    assert "Plan d'action" in doc["comments"][0]["description"]
    assert "Réaliser une AIPD avant le traitement" in doc["comments"][0]["description"]


def test_the_mapping_names_only_existing_ids_and_pia_questions(bundled: Questionnaire) -> None:
    mapping = YAML(typ="safe", pure=True).load(Path(DEFAULT_MAPPING).read_text(encoding="utf-8"))["ai-compliance"]
    text_refs = set(SCHEMA["$defs"]["textQuestion"]["enum"])
    list_refs = set(SCHEMA["$defs"]["listQuestion"]["enum"])
    assert {int(ref) for ref in mapping["answers"]} <= text_refs
    assert set(mapping["impact_questions"]) <= list_refs and mapping["plan_question"] in text_refs
    assert all(bundled.obligation(oid) is not None for oid in mapping["measures"])
    for impact in mapping["impacts"]:
        when = impact["when"]
        assert (bundled.outcome(when["outcome"]) if "outcome" in when else bundled.question(when["question"]))
        assert impact["text"]["en"] and impact["text"]["fr"]


def test_the_round_trip_of_the_mini_questionnaire(case: dict[str, Any]) -> None:
    """The small fixture questionnaire: its own mapping, validated against the same schema."""
    data = build_report(case["questionnaire"], case["result"], case["answers"], case["statuses"], make_meta())
    from report_helpers import FIXTURES

    doc = render_pia(data, load_mapping("mini-report", FIXTURES / "pia.yaml"))
    assert problems(json.loads(json.dumps(doc))) == []
