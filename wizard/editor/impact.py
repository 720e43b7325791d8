"""Impact of a candidate questionnaire on stored assessments: whose result would change, and how.

Assessments are read in batches (keyset pages over their id, answers in one query per page) and
evaluated twice in a process pool: on the version each one is pinned to, and on the candidate with
its answers carried over. Workers rebuild questionnaires from the frozen copies (no database access,
nothing unpicklable crosses the process boundary).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..engine import evaluate
from ..engine.carry_over import carry_over
from ..engine.compare import compare_results
from ..extensions import db
from ..models import Answer, Assessment, QuestionnaireSnapshot
from ..questionnaire import Questionnaire, load_directory, load_frozen, load_questionnaire

# (reference, content hash, answers)
Item = tuple[str, str, dict[str, Any]]


@dataclass
class Impact:
    """What the candidate changes: assessments read, changed, and the changes grouped and counted."""

    total: int = 0
    skipped: int = 0  # on another questionnaire than the candidate's
    changed: dict[str, list[str]] = field(default_factory=dict)  # reference -> change sentences
    groups: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, str] = field(default_factory=dict)

    def to_text(self, limit: int = 5) -> str:
        """A summary: counts, then each change with how many assessments it touches and a few of them."""
        lines = [f"{self.total} stored assessment(s) evaluated; {len(self.changed)} would change"
                 + (f"; {self.skipped} on another questionnaire" if self.skipped else "")
                 + (f"; {len(self.errors)} could not be evaluated" if self.errors else "")]
        for change, count in sorted(self.groups.items(), key=lambda kv: (-kv[1], kv[0])):
            refs = self.examples[change]
            more = f" and {count - len(refs)} more" if count > len(refs) else ""
            lines.append(f"  {count:>7}  {change}: {', '.join(refs[:limit])}{more}")
        for ref, error in sorted(self.errors.items()):
            lines.append(f"  error {ref}: {error}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        """Every changed assessment with its changes, plus the counts."""
        return {"total": self.total, "skipped": self.skipped, "changed": len(self.changed),
                "groups": dict(self.groups.most_common()), "assessments": self.changed, "errors": self.errors}

    def add(self, reference: str, changes: list[str], limit: int = 5) -> None:
        if not changes:
            return
        self.changed[reference] = changes
        for change in changes:
            self.groups[change] += 1
            if len(self.examples[change]) < limit:
                self.examples[change].append(reference)


# ---------------------------------------------------------------------- worker side
_candidate: dict[str, Questionnaire] = {}
_pinned: dict[str, Questionnaire] = {}
_frozen: dict[str, dict[str, Any]] = {}


def _init_worker(candidate_path: str, frozen: dict[str, dict[str, Any]]) -> None:
    """Load the candidate and remember the frozen versions (rebuilt on first use) in this process."""
    global _candidate
    _candidate = load_candidate(candidate_path)
    _frozen.clear()
    _frozen.update(frozen)
    _pinned.clear()


def _pinned_version(content_hash: str) -> Questionnaire:
    q = _pinned.get(content_hash)
    if q is None:
        q = _pinned[content_hash] = load_frozen(_frozen[content_hash])
    return q


def changes_of(old: Questionnaire, new: Questionnaire, answers: dict[str, Any], as_of: dt.date) -> list[str]:
    """How the result of ``answers`` on ``old`` changes on ``new`` (answers carried over), in words."""
    before = evaluate(old, answers, {}, as_of)
    after = evaluate(new, carry_over(answers, new).answers, {}, as_of)
    return [c.words() for c in compare_results(before, after)]


def evaluate_batch(items: list[Item], as_of: dt.date) -> list[tuple[str, list[str] | None, str | None]]:
    """(reference, changes or None when not on the candidate's questionnaire, error) for each item."""
    out: list[tuple[str, list[str] | None, str | None]] = []
    for reference, content_hash, answers in items:
        try:
            old = _pinned_version(content_hash)
            new = _candidate.get(old.id)
            if new is None:
                out.append((reference, None, None))
            elif new.content_hash == content_hash:
                out.append((reference, [], None))
            else:
                out.append((reference, changes_of(old, new, answers, as_of), None))
        except Exception as exc:  # noqa: BLE001 - one bad assessment must not stop the others
            out.append((reference, [], f"{exc.__class__.__name__}: {exc}"))
    return out


# ---------------------------------------------------------------------- parent side
def load_candidate(path: str | Path) -> dict[str, Questionnaire]:
    """The candidate questionnaires: a top file or a folder."""
    p = Path(path)
    if p.is_file():
        q = load_questionnaire(p)
        return {q.id: q}
    return load_directory(p)


def count_assessments() -> int:
    """How many assessments are stored."""
    return int(db.session.scalar(select(db.func.count(Assessment.id))) or 0)


def read_batches(batch_size: int) -> Iterator[list[Item]]:
    """Stored assessments with their answers, ``batch_size`` at a time (two queries per batch)."""
    last = 0
    while True:
        rows = db.session.execute(
            select(Assessment.id, Assessment.reference, Assessment.content_hash)
            .where(Assessment.id > last).order_by(Assessment.id).limit(batch_size)).all()
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        answers: dict[int, dict[str, Any]] = defaultdict(dict)
        for aid, qid, value in db.session.execute(
                select(Answer.assessment_id, Answer.question_id, Answer.value)
                .where(Answer.assessment_id >= first, Answer.assessment_id <= last)):
            if value is not None:
                answers[aid][qid] = value
        yield [(reference, content_hash, answers.get(aid, {})) for aid, reference, content_hash in rows]
        db.session.expunge_all()


def frozen_versions() -> dict[str, dict[str, Any]]:
    """Every stored frozen questionnaire by content hash (there are few: one per version used)."""
    return {row.content_hash: row.frozen for row in db.session.scalars(select(QuestionnaireSnapshot))}


def impact(candidate_path: str | Path, *, workers: int = 2, batch_size: int = 1000, as_of: dt.date | None = None,
           progress: Callable[[int], None] | None = None) -> Impact:
    """Evaluate every stored assessment against the candidate (in a pool of ``workers`` processes)."""
    load_candidate(candidate_path)  # fail early, in this process, with every problem of the candidate
    day = as_of or dt.date.today()
    frozen = frozen_versions()
    report = Impact()

    def collect(results: list[tuple[str, list[str] | None, str | None]]) -> None:
        for reference, changes, error in results:
            report.total += 1
            if error:
                report.errors[reference] = error
            elif changes is None:
                report.skipped += 1
            else:
                report.add(reference, changes)
        if progress:
            progress(len(results))

    if workers <= 1:
        _init_worker(str(candidate_path), frozen)
        for batch in read_batches(batch_size):
            collect(evaluate_batch(batch, day))
        return report
    # spawn: workers start clean (no inherited database connections or threads)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(str(candidate_path), frozen)) as pool:
        pending: list[Future[list[tuple[str, list[str] | None, str | None]]]] = []
        for batch in read_batches(batch_size):
            pending.append(pool.submit(evaluate_batch, batch, day))
            while len(pending) > workers * 2:  # bound memory: never read far ahead of the workers
                collect(pending.pop(0).result())
        for future in pending:
            collect(future.result())
    return report
