"""Rendered reports are served again from memory only while nothing they are made of has changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from flask import Flask

from wizard.report.meta import ReportMeta
from wizard.report_cache import ReportCache, report_key

from .helpers import BASICS, Respondent

META = ReportMeta(reference="AIC-AAAA-BBBB", system_name="S", organisation="O", contact=None, lang="en",
                  created_at=datetime(2026, 1, 1), updated_at=datetime(2026, 1, 2))
DAY = date(2026, 12, 2)


def key(**changes: object) -> str:
    args: dict[str, object] = {"fmt": "pdf", "content_hash": "h1", "answers": {"is_ai": True},
                               "statuses": {}, "meta": META, "seal_key": b"k", "today": DAY}
    args.update(changes)
    return report_key(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize("changes", [
    {"fmt": "markdown"}, {"content_hash": "h2"}, {"answers": {"is_ai": False}}, {"answers": {}},
    {"statuses": {"literacy": {"status": "done", "note": ""}}}, {"meta": replace(META, lang="fr")},
    {"meta": replace(META, system_name="T")}, {"meta": replace(META, updated_at=datetime(2026, 1, 3))},
    {"seal_key": b"other"}, {"today": date(2026, 12, 3)},
])
def test_every_input_of_a_report_changes_its_key(changes: dict[str, object]) -> None:
    assert key(**changes) != key()
    assert key() == key()


def test_the_cache_keeps_reports_within_its_byte_budget_least_recently_used_first() -> None:
    cache = ReportCache(max_bytes=200)   # reports of up to 50 bytes are kept
    for name in ("a", "b", "c", "d", "e"):
        cache.get_or_render(name, lambda name=name: name.encode() * 50)
    assert cache.get_or_render("a", lambda: b"new a") == b"new a"   # the oldest went first
    assert cache.get_or_render("e", lambda: b"never") == b"e" * 50
    assert cache.get_or_render("c", lambda: b"never") == b"c" * 50
    assert cache.hits == 2
    assert cache.get_or_render("big", lambda: b"x" * 51) == b"x" * 51   # too big to keep
    assert cache.get_or_render("big", lambda: b"again") == b"again"


def test_a_failed_render_is_not_kept() -> None:
    cache = ReportCache()

    def fail() -> bytes:
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        cache.get_or_render("k", fail)
    assert cache.get_or_render("k", lambda: b"ok") == b"ok"


def test_a_report_downloaded_again_comes_from_memory_until_an_answer_changes(app: Flask) -> None:
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    respondent.answer(reference, "basics", BASICS)
    url = f"/assessments/{reference}/report.md"
    first = respondent.client.get(url)
    again = respondent.client.get(url)
    assert first.status_code == again.status_code == 200
    assert first.get_data() == again.get_data()
    cache = app.extensions["report_cache"]
    assert (cache.hits, cache.misses) == (1, 1)

    respondent.answer(reference, "basics", {**BASICS, "purpose": "Sorts invoices"})
    changed = respondent.client.get(url).get_data(as_text=True)
    assert "Sorts invoices" in changed and "Ranks CVs" not in changed
    assert cache.misses == 2


def test_the_cache_can_be_turned_off(app: Flask) -> None:
    app.config["REPORT_CACHE_BYTES"] = 0
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    respondent.client.get(f"/assessments/{reference}/report.md")
    assert "report_cache" not in app.extensions
