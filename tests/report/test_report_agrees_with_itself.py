"""The report agrees with itself, on every bundled scenario in both languages.

Every count is computed from the lists the report shows; no table cell breaks a short word; no text
is cut short; an obligation that may apply is in the plan and says so.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from layout_checks import story_tables, table_breaks
from report_helpers import full_text, make_meta

from wizard.engine import UNSURE, evaluate
from wizard.engine.answers_file import SCENARIO_KEYS, pick_questionnaire, read_answers_header, validate_answers
from wizard.engine.scenarios import find_scenarios
from wizard.questionnaire import Questionnaire, load_directory
from wizard.questionnaire.loader import DEFAULT_DIR
from wizard.report import render
from wizard.report.model import STATUSES, ReportData, build_report
from wizard.report.pdf.doc import CONTENT_W
from wizard.report.pdf.summary import summary
from wizard.report.pdf.tables import action_plan, obligations

SCENARIOS = find_scenarios([str(DEFAULT_DIR / "scenarios")])
LANGS = ("en", "fr")


@cache
def bundled() -> dict[str, Questionnaire]:
    return load_directory(DEFAULT_DIR)


@cache
def report(path: str, lang: str) -> tuple[Any, ReportData]:
    """The result and the report data of a bundled scenario."""
    raw, problems = read_answers_header(path, SCENARIO_KEYS)
    q = pick_questionnaire(raw, path, bundled(), None)
    answers = validate_answers(raw, path, q, hidden_is_error=False, problems=problems)
    result = evaluate(q, answers.answers, answers.statuses, answers.as_of)
    return result, build_report(q, result, answers.answers, answers.statuses, make_meta(lang), as_of=answers.as_of)


def test_every_count_comes_from_the_rows_shown() -> None:
    """Status counts add up to the tracked obligations listed; every open one is a row of the plan."""
    for path in SCENARIOS:
        for lang in LANGS:
            result, data = report(path, lang)
            name = f"{Path(path).stem} ({lang})"
            tracked = data.tracked_obligations
            assert sum(data.status_counts.values()) == len(tracked), name
            for status in STATUSES:
                assert data.status_counts[status] == sum(o.status == status for o in tracked), name
            open_ones = [o.id for o in tracked if o.status not in ("done", "not_applicable")]
            assert sorted(open_ones) == sorted(a.obligation_id for a in data.actions), name
            assert [a.rank for a in data.actions] == list(range(1, len(data.actions) + 1)), name
            assert data.possible_count == sum(not o.certain for o in data.obligations), name
            assert data.provisional == result.provisional, name
            # an obligation nobody was asked about shows no status (it was "not stated" before)
            assert all(o.status_label == "" for o in data.obligations if not o.tracked), name
            for a in data.actions:
                if not a.certain:
                    assert a.settle or not result.obligation(a.obligation_id).settle, name


@cache
def _layout_problems(lang: str) -> dict[str, list[str]]:
    """Short words broken in the summary, checklist and action plan tables, by scenario.

    Scenarios whose tables hold the same rows are laid out once: the same cells give the same lines.
    """
    seen: set[Any] = set()
    found: dict[str, list[str]] = {}
    for path in SCENARIOS:
        _result, data = report(path, lang)
        key = (data.obligations, data.actions, tuple((o.label, o.text) for o in data.outcomes))
        if key in seen:
            continue
        seen.add(key)
        story = [*summary(data), *obligations(data, 4), *action_plan(data, 5)]
        broken = [b for tbl in story_tables(story) for b in table_breaks(tbl)]
        if broken:
            found[Path(path).stem] = broken
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_no_table_cell_breaks_a_short_word(lang: str) -> None:
    """"Documentati / on", "1 / 0": never, in any bundled scenario, in either language."""
    assert _layout_problems(lang) == {}


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_cut_in_the_pdf_of_the_cv_ranking_start_up_not_sure_of_a_change(lang: str) -> None:
    """The PDF's text holds every headline value, obligation and action title whole, and no ellipsis;
    the high-risk duties are in the action plan, marked "may apply", and the headline says provisional."""
    path = next(p for p in SCENARIOS if Path(p).stem == "ai-act-d1-talentsort-cv-ranking")
    raw, problems = read_answers_header(path, SCENARIO_KEYS)
    q = pick_questionnaire(raw, path, bundled(), None)
    answers = {**validate_answers(raw, path, q, hidden_is_error=False, problems=problems).answers,
               "hr_placed_before_application": True, "hr_significant_change": UNSURE,
               "hr_for_public_authorities": False, "d63_profiling": UNSURE}
    result = evaluate(q, answers)
    data = build_report(q, result, answers, {}, make_meta(lang))
    text = full_text(render("pdf", q, result, answers, {}, make_meta(lang)))
    assert "…" not in text
    wanted = [v.label for v in data.headline.scale] if data.headline else []
    wanted += [o.title for o in data.obligations] + [a.title for a in data.actions]
    missing = [w for w in wanted if " ".join(w.split()) not in text]
    assert missing == []
    plan = text[text.rindex("Plan d’action" if lang == "fr" else "Action plan"):]
    may = "Peut s’appliquer" if lang == "fr" else "May apply"
    assert plan.count(may) == sum(not a.certain for a in data.actions) >= 13
    assert ("Résultat provisoire" if lang == "fr" else "Provisional result") in text


def test_the_summary_is_not_shrunk_to_fit_one_page() -> None:
    """The summary's tables use the page's full width (a shrunk summary drew them at about half)."""
    _result, data = report(SCENARIOS[0], "en")
    widths = [sum(tbl._colWidths) for tbl in story_tables(summary(data))]
    assert widths and all(abs(w - CONTENT_W) < 1 for w in widths)
