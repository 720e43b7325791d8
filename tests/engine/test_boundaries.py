"""Boundaries that mutation testing showed unchecked: the day an obligation starts, statuses that
take an obligation out of the action plan, and what a partly known selection can count."""

from __future__ import annotations

import datetime as dt

import pytest

from wizard.conditions.values import UNKNOWN, PartialSet, Range, count, count_true
from wizard.engine import evaluate

PROVIDER = {"is_ai": True, "role": "provider", "areas": ["employment"], "profiling": False, "personal_data": True}


@pytest.mark.parametrize(("as_of", "in_force"), [
    (dt.date(2025, 2, 1), False), (dt.date(2025, 2, 2), True), (dt.date(2025, 2, 3), True)])
def test_an_obligation_is_in_force_from_its_own_start_date(demo, as_of: dt.date, in_force: bool) -> None:
    result = evaluate(demo, PROVIDER, as_of=as_of)
    literacy = result.obligation("literacy")
    assert literacy is not None and literacy.applies_from == dt.date(2025, 2, 2)
    assert literacy.in_force is in_force
    assert next(a for a in result.actions if a.obligation_id == "literacy").overdue is in_force


@pytest.mark.parametrize(("status", "in_plan"), [
    ("done", False), ("not_applicable", False), ("in_progress", True), ("not_started", True), (None, True)])
def test_only_work_still_to_do_stays_in_the_action_plan(demo, status: str | None, in_plan: bool) -> None:
    statuses = {"literacy": {"status": status}} if status else {}
    result = evaluate(demo, PROVIDER, statuses, as_of=dt.date(2026, 11, 29))
    assert ("literacy" in [a.obligation_id for a in result.actions]) is in_plan
    assert result.obligation("literacy").status == status


def test_a_status_outside_the_closed_list_counts_as_none(demo) -> None:
    result = evaluate(demo, PROVIDER, {"literacy": {"status": "finished", "note": "said so"}},
                      as_of=dt.date(2026, 11, 29))
    assert result.obligation("literacy").status is None
    assert result.obligation("literacy").note == "said so"
    assert "literacy" in [a.obligation_id for a in result.actions]


def test_count_of_a_partly_known_selection_spans_the_sure_to_the_possible() -> None:
    partial = PartialSet(frozenset({"a"}), frozenset({"b", "c"}))
    assert count(partial, 5) == Range(1, 3)
    assert count(PartialSet(frozenset({"a", "b"}), frozenset()), 5) == 2
    assert count(UNKNOWN, 4) == Range(0, 4)
    assert count(None, 4) == 0
    assert count(frozenset({"a", "b"}), 4) == 2


def test_count_true_counts_unknowns_only_in_the_upper_bound() -> None:
    assert count_true([True, UNKNOWN, False, UNKNOWN]) == Range(1, 3)
    assert count_true([True, True]) == 2
    assert count_true([False, None]) == 0
