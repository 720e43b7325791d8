"""Every respondent page runs a small, fixed number of SQL queries: the count depends neither on how
many answers the assessment holds nor on how many other assessments are stored (no N+1, no scan)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event, select

from wizard import assessments
from wizard.extensions import db
from wizard.models import Assessment
from wizard.web import evaluations

from .helpers import BASICS, Respondent

#: The most queries any respondent page may run (grant lookup, answers, versions, statuses, and for
#: a save the rows it writes). A page over this is doing per-answer or per-row work in SQL.
LIMIT = 8


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements the app's engine runs inside the block."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def page_counts(app: Flask, respondent: Respondent, reference: str) -> dict[str, int]:
    """Queries run by each respondent page of ``reference`` (GETs, then a step save), each counted as
    in a process that has not read this assessment yet (its remembered states are forgotten first:
    with them, a page runs fewer queries, see below)."""
    base = f"/assessments/{reference}"
    counts = {}
    for name, url in (("task list", f"{base}/"), ("step", f"{base}/steps/basics"),
                      ("statuses", f"{base}/obligations"), ("summary", f"{base}/summary"),
                      ("result", f"{base}/result"), ("link", f"{base}/link"),
                      ("report json", f"{base}/report.json"), ("report csv", f"{base}/report.csv")):
        evaluations.clear()
        with counting(app) as statements:
            response = respondent.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(statements)
    respondent.get(f"{base}/steps/basics")
    evaluations.clear()
    with counting(app) as statements:
        response = respondent.post(f"{base}/steps/basics", {**BASICS, "details": "changed"})
    assert response.status_code == 303
    counts["step save"] = len(statements)
    respondent.get(f"{base}/steps/basics")
    evaluations.clear()
    with counting(app) as statements:   # the same values again: nothing to write
        respondent.post(f"{base}/steps/basics", {**BASICS, "details": "changed"})
    counts["step save, unchanged"] = len(statements)
    return counts


def test_respondent_pages_run_a_bounded_number_of_queries(app: Flask) -> None:
    """The same count with 3 answers and one assessment as with every answer and 12 other assessments."""
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    respondent.answer(reference, "basics", BASICS)
    few = page_counts(app, respondent, reference)

    respondent.complete(reference)
    for number in range(12):
        other = Respondent(app.test_client())
        other.complete(other.start(name=f"Other {number}"))
    many = page_counts(app, respondent, reference)

    assert many == few, {name: (few[name], many[name]) for name in few if few[name] != many[name]}
    assert max(many.values()) <= LIMIT, many


def test_a_page_opened_again_reads_only_the_assessment_row(app: Flask) -> None:
    """The answers and statuses read at a ``state_version`` are reused while the row still shows it;
    a save elsewhere (another worker) raises the version, so the next page reads them again."""
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    respondent.answer(reference, "basics", BASICS)
    step = f"/assessments/{reference}/steps/basics"
    respondent.get(step)
    with counting(app) as statements:
        assert respondent.get(step).status_code == 200
    assert len(statements) == 1, statements   # the grant check, with the review state and the version
    with app.app_context():   # as another worker would: this process's copy is now one version behind
        assessment = db.session.scalar(select(Assessment).where(Assessment.reference == reference))
        assessments.save_answers(assessment, {"purpose": "Sorts invoices"},
                                 assessments.answers_with_versions(assessment)[1])
    with counting(app) as statements:
        assert "Sorts invoices" in respondent.get(step).get_data(as_text=True)
    assert len(statements) == 2, statements   # the version moved: answers and statuses read again
