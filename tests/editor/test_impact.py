"""`questionnaires impact`: which stored assessments a candidate version changes, and how."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from .conftest import scenario_answers, store

HIGH_RISK = "ai-act-d1-talentsort-cv-ranking"  # Annex III provider: its dates follow annex_iii_high_risk
MINIMAL = "ai-act-50-2-nearmiss-spellcheck"  # no Annex III obligation


def test_a_moved_date_lists_the_assessments_it_changes(bundled_app: Flask, moved: Path) -> None:
    """Two processes evaluate; the high-risk assessment is listed with its moved dates, the other is not."""
    changed, _ = store(bundled_app, "CV ranking", scenario_answers(HIGH_RISK))
    unchanged, _ = store(bundled_app, "Spell checker", scenario_answers(MINIMAL))
    result = bundled_app.test_cli_runner().invoke(args=["questionnaires", "impact", str(moved), "--workers", "2",
                                                         "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "2 stored assessment(s) evaluated; 1 would change" in result.output
    assert f"1  date of 'provider_risk_management': 2027-12-02 → 2028-06-02: {changed}" in result.output
    assert unchanged not in result.output


def test_json_lists_every_changed_assessment(bundled_app: Flask, moved: Path) -> None:
    changed, _ = store(bundled_app, "CV ranking", scenario_answers(HIGH_RISK))
    result = bundled_app.test_cli_runner().invoke(args=["questionnaires", "impact", str(moved), "--workers", "1",
                                                         "--batch-size", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert data["total"] == 1 and data["changed"] == 1
    assert "date of 'deployer_fria': 2027-12-02 → 2028-06-02" not in data["assessments"][changed]  # a provider
    assert "date of 'provider_qms': 2027-12-02 → 2028-06-02" in data["assessments"][changed]


def test_the_current_version_changes_nothing_and_a_broken_candidate_is_refused(
        bundled_app: Flask, tmp_path: Path) -> None:
    store(bundled_app, "CV ranking", scenario_answers(HIGH_RISK))
    runner = bundled_app.test_cli_runner()
    same = runner.invoke(args=["questionnaires", "impact", "--workers", "1"])
    assert same.exit_code == 0 and "1 stored assessment(s) evaluated; 0 would change" in same.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: '1'\nlanguages: [en]\ntitle: {en: X}\nsections: 3\n", encoding="utf-8")
    refused = runner.invoke(args=["questionnaires", "impact", str(broken)])
    assert refused.exit_code == 1
    assert f"{broken}:5:11: expected a list" in refused.output
