"""Markdown, CSV, JSON and PIA exports, and the `render` dispatcher."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from report_helpers import ANSWERS, FIXTURES, STATUSES, make_meta

from wizard.report import render
from wizard.report.model import build_report
from wizard.report.pia import PiaNotApplicable, load_mapping, render_pia


def _render(case: dict[str, Any], fmt: str, **meta: Any) -> bytes:
    return render(fmt, case["questionnaire"], case["result"], case["answers"], case["statuses"],
                  make_meta(**meta))


def test_unknown_format_is_refused(case: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        _render(case, "docx")


def test_pdf_through_render(case: dict[str, Any]) -> None:
    assert _render(case, "pdf").startswith(b"%PDF-")


def test_markdown_has_sections_and_escapes_user_text(case: dict[str, Any]) -> None:
    text = _render(case, "markdown", system_name="Bot | <script>alert(1)</script> **x**").decode()
    assert text.startswith("# Compliance self-assessment report: Bot \\| \\<script\\>")
    assert "<script>" not in text
    for heading in ("## 1. Executive summary", "### 2.1 Risk tier: High risk", "## 4. Obligations checklist",
                    "## 5. Action plan", "## Annex A: answers", "## Annex B: legal references"):
        assert heading in text
    assert "[Reg A, Art. 6(2)](https://eur-lex.europa.eu/" in text
    assert "Screens CVs & ranks \\<candidates\\>." in text


def test_markdown_in_french(case: dict[str, Any]) -> None:
    text = _render(case, "markdown", lang="fr").decode()
    assert "## 1. Synthèse" in text and "Haut risque" in text


def test_csv_lists_actions_in_order_and_neutralises_formulas(case: dict[str, Any]) -> None:
    result = case["result"]
    answers = {**ANSWERS}
    text = render("csv", case["questionnaire"], result, answers,
                  {**STATUSES, "disclose": {"status": "not_started", "note": "=HYPERLINK(1)"}},
                  make_meta(organisation="=cmd|' /C calc'!A0")).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["obligation_id"] for r in rows] == [a.obligation_id for a in result.actions]
    assert rows[0]["rank"] == "1" and rows[0]["due"]
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())


def test_json_is_versioned_and_carries_everything(case: dict[str, Any]) -> None:
    doc = json.loads(_render(case, "json"))
    assert doc["format"] == "ai-compliance-wizard/report" and doc["format_version"] == 1
    assert doc["answers"] == ANSWERS and doc["statuses"] == STATUSES
    assert doc["assessment"]["reference"] == "AB12-CD34"
    assert doc["result"]["format"] == "ai-compliance-wizard/result"
    assert {o["id"] for o in doc["result"]["outcomes"]} == {"tier", "duties", "sensitive"}
    assert len(doc["fingerprint"]) == 64


def test_pia_export_follows_the_yaml_mapping(case: dict[str, Any]) -> None:
    data = build_report(case["questionnaire"], case["result"], ANSWERS, STATUSES, make_meta())
    mapping = load_mapping("mini-report", FIXTURES / "pia.yaml")
    assert mapping is not None
    doc = render_pia(data, mapping)
    by_ref = {a["reference_to"]: a["data"]["text"] for a in doc["answers"]}
    assert set(by_ref) == {111, 121, 215}            # 227 maps to an unknown question: skipped
    assert "Screens CVs &amp; ranks &lt;candidates&gt;." in by_ref[111]
    assert "High risk" in by_ref[111]
    assert "Health data" in by_ref[121]
    assert doc["pia"]["name"] == "CV Screener"
    measures = [m["title"] for m in doc["measures"]]                 # only the controls the mapping lists
    assert measures == [o.title for o in data.obligations if o.id == "risk_management"]
    others = [a.title for a in data.actions if a.obligation_id != "risk_management"]
    assert others and all(title in doc["comments"][0]["description"] for title in others)


def test_pia_export_refused_when_no_dpia(case: dict[str, Any]) -> None:
    from wizard.engine import evaluate
    answers = {**ANSWERS, "categories": ["contact"]}
    result = evaluate(case["questionnaire"], answers, STATUSES, case["result"].as_of)
    data = build_report(case["questionnaire"], result, answers, STATUSES, make_meta())
    with pytest.raises(PiaNotApplicable):
        render_pia(data, load_mapping("mini-report", FIXTURES / "pia.yaml"))
    with pytest.raises(PiaNotApplicable):
        render("pia", case["questionnaire"], result, answers, STATUSES, make_meta())   # no bundled mapping


def test_bundled_pia_mapping_names_only_existing_ids() -> None:
    """questionnaires/exports/pia.yaml stays in step with the questionnaires it maps."""
    from pathlib import Path

    from ruamel.yaml import YAML

    from wizard.questionnaire import load_questionnaire
    from wizard.report.pia import DEFAULT_MAPPING

    doc = YAML(typ="safe", pure=True).load(DEFAULT_MAPPING.read_text(encoding="utf-8"))
    top = Path(DEFAULT_MAPPING).parents[1]
    for qid, mapping in doc.items():
        q = load_questionnaire(top / f"{qid}.yaml")
        assert q.outcome(mapping["when"]["outcome"]) is not None
        for ref, items in mapping["answers"].items():
            assert 111 <= int(ref) <= 499
            for item in items:
                (kind, value), = item.items()
                lookup = {"question": q.question, "outcome": q.outcome, "obligation": q.obligation}
                assert kind == "text" or lookup[kind](value) is not None, (qid, ref, item)
