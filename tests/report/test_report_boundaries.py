"""Report boundaries that mutation testing showed unchecked: what counts as an upcoming date, and the
spreadsheet formula guard of the CSV export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from report_helpers import ANSWERS, STATUSES, make_meta

from wizard.engine import evaluate
from wizard.report.csv_plan import _cell
from wizard.report.model import build_report

RISK_DATE = dt.date(2027, 12, 2)  # when the fixture's risk_management obligation starts


def _next_dates(case: dict[str, Any], as_of: dt.date, statuses: dict[str, Any] = STATUSES) -> list[dt.date]:
    q = case["questionnaire"]
    result = evaluate(q, ANSWERS, statuses, as_of)
    return [d for d, _, _ in build_report(q, result, ANSWERS, statuses, make_meta(), as_of=as_of).next_dates]


def test_a_date_is_upcoming_until_the_day_before(case: dict[str, Any]) -> None:
    assert _next_dates(case, RISK_DATE - dt.timedelta(days=1)) == [RISK_DATE]


def test_an_obligation_starting_today_is_no_longer_upcoming(case: dict[str, Any]) -> None:
    assert _next_dates(case, RISK_DATE) == []


def test_an_obligation_marked_not_applicable_has_no_upcoming_date(case: dict[str, Any]) -> None:
    statuses = {**STATUSES, "risk_management": {"status": "not_applicable"}}
    assert _next_dates(case, RISK_DATE - dt.timedelta(days=1), statuses) == []


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "=cmd|' /C calc'!A0"])
def test_a_cell_that_a_spreadsheet_would_execute_is_neutralised(text: str) -> None:
    assert _cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Risk management", "1 - 2", "a=b", "2027-12-02"])
def test_an_ordinary_cell_is_left_as_it_is(text: str) -> None:
    assert _cell(text) == text


def test_leading_tabs_and_returns_cannot_hide_a_formula() -> None:
    assert _cell("\t=1+1") == "'=1+1"
    assert _cell("\r\n-2") == "'-2"
