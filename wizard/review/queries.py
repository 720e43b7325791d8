"""Read-only queries of the review workspace: the queue (filters, search, sort, pages), disputed rules.

The queue reads current revisions joined to their assessment and assignee: one query for the page and
one for the count, whatever the archive's size (indexes in models.py serve each filter).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, defer

from wizard.accounts.models import User
from wizard.extensions import db
from wizard.models import Assessment
from wizard.questionnaire.text import tr

from . import conclusions
from .models import STATES, Revision, Verdict

PAGE_SIZE = 50
#: A search (text or organisation) counts its matches up to this number, then says "more than".
COUNT_CAP = 1000
#: Sort keys of the queue -> (column, descending).
SORTS = {
    "newest": (Revision.submitted_at, True), "oldest": (Revision.submitted_at, False),
    "organisation": (Revision.organisation, False), "system": (Revision.system_name, False),
}


@dataclass(frozen=True)
class QueueFilters:
    """What the advisor asked for; every field optional."""

    state: str | None = None              # one of STATES, or "open" (submitted + in review)
    headline: str | None = None
    dpia: bool | None = None
    organisation: str | None = None     # exact, as a row's organisation link sets it
    submitted_from: date | None = None
    submitted_to: date | None = None
    assigned: str | None = None           # "me", "none", or an account id
    text: str | None = None
    sort: str = "newest"
    page: int = 1


@dataclass
class QueuePage:
    """One page of the queue: rows (revision, assessment, assignee e-mail), total, pages."""

    rows: list[tuple[Revision, Assessment, str | None]] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    #: The total is a lower bound (a search with more than COUNT_CAP matches).
    capped: bool = False


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filtered(query: Any, f: QueueFilters, me: int) -> Any:
    query = query.where(Revision.current.is_(True))
    if f.state == "open":
        query = query.where(Revision.state.in_(("submitted", "in_review")))
    elif f.state in STATES:
        query = query.where(Revision.state == f.state)
    if f.headline:
        query = query.where(Revision.headline_value == f.headline)
    if f.dpia is not None:
        query = query.where(Revision.dpia_required.is_(f.dpia))
    if f.organisation:
        query = query.where(Revision.organisation == f.organisation)
    if f.submitted_from:
        query = query.where(Revision.submitted_at >= datetime.combine(f.submitted_from, time.min))
    if f.submitted_to:
        query = query.where(Revision.submitted_at < datetime.combine(f.submitted_to + timedelta(days=1), time.min))
    if f.assigned == "me":
        query = query.where(Revision.assigned_to_id == me)
    elif f.assigned == "none":
        query = query.where(Revision.assigned_to_id.is_(None))
    elif f.assigned and f.assigned.isdigit():
        query = query.where(Revision.assigned_to_id == int(f.assigned))
    if f.text:
        # ILIKE rather than lower() LIKE: PostgreSQL estimates its selectivity, so a common word walks
        # the date index and stops at one page instead of scanning every assessment
        pattern = _like(f.text.strip()[:100])
        query = query.where(or_(Assessment.system_name.ilike(pattern, escape="\\"),
                                Assessment.organisation.ilike(pattern, escape="\\"),
                                Assessment.reference.ilike(pattern, escape="\\")))
    return query


def queue(f: QueueFilters, me: int) -> QueuePage:
    """One page of current revisions matching ``f``, sorted, with the total count."""
    assignee = aliased(User)
    base = (select(Revision, Assessment, assignee.email).join(Assessment, Revision.assessment_id == Assessment.id)
            .outerjoin(assignee, Revision.assigned_to_id == assignee.id))
    column, descending = SORTS.get(f.sort, SORTS["newest"])
    if f.text:
        # a search reads the assessments: count at most COUNT_CAP matches ("more than ..." beyond)
        matches = _filtered(select(Revision.id).join(Assessment, Revision.assessment_id == Assessment.id), f, me)
        count_query = select(func.count()).select_from(matches.limit(COUNT_CAP + 1).subquery())
    else:   # an index-only scan of review_revision
        count_query = _filtered(select(func.count()).select_from(Revision), f, me)
    total = int(db.session.scalar(count_query) or 0)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, f.page), pages)
    # the queue never reads the frozen answers and conclusions: leave them in the database
    base = base.options(defer(Revision.answers), defer(Revision.statuses), defer(Revision.conclusions),
                        defer(Revision.message), defer(Revision.summary))
    # the second key follows the indexes (current, organisation, submitted_at) and (current, submitted_at)
    then = Revision.submitted_at.asc() if column is Revision.organisation else Revision.id.desc()
    query = (_filtered(base, f, me).order_by(column.desc() if descending else column.asc(), then, Revision.id.desc())
             .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    rows = [(r, a, email) for r, a, email in db.session.execute(query).all()]
    capped = total > COUNT_CAP and bool(f.text)
    return QueuePage(rows, min(total, COUNT_CAP) if capped else total, page, pages, capped)


def reviewers() -> list[User]:
    """Active accounts that may review (for the assignee filter and the assignment form)."""
    return list(db.session.scalars(select(User).where(User.role.in_(("advisor", "admin")), User.active.is_(True))
                                   .order_by(User.email)))


def headline_choices(questionnaire: Any, lang: str) -> list[tuple[str, str]]:
    """(value, label) of the classification filter: the values of the questionnaire's headline outcome
    (read from the YAML, not from the archive, so the queue page never scans it for them)."""
    outcome = conclusions.headline_outcome(questionnaire) if questionnaire is not None else None
    if outcome is None:
        return []
    return [(v.value, tr(v.label, lang) or v.value) for v in outcome.values]


@dataclass
class RuleDispute:
    """How advisors judged the conclusions one rule produced."""

    rule_id: str
    total: int = 0
    agree: int = 0
    disagree: int = 0
    needs_facts: int = 0
    conclusions: set[str] = field(default_factory=set)
    #: (reference, revision number, verdict, conclusion key) of the disagreements and requests for facts.
    reviews: list[tuple[str, int, str, str]] = field(default_factory=list)

    @property
    def disputed_share(self) -> float:
        """Share of the verdicts that were not "agree"."""
        return (self.disagree + self.needs_facts) / self.total if self.total else 0.0


def disputed_rules() -> list[RuleDispute]:
    """Every rule that produced a judged conclusion, the most disputed first."""
    query = (select(Verdict.rule_ids, Verdict.verdict, Verdict.conclusion_key, Assessment.reference, Revision.number)
             .join(Revision, Verdict.revision_id == Revision.id)
             .join(Assessment, Revision.assessment_id == Assessment.id))
    found: dict[str, RuleDispute] = defaultdict(lambda: RuleDispute(""))
    for rule_ids, verdict, key, reference, number in db.session.execute(query):
        for rule_id in rule_ids or ():
            entry = found[rule_id]
            entry.rule_id = rule_id
            entry.total += 1
            entry.conclusions.add(key)
            setattr(entry, verdict, getattr(entry, verdict) + 1)
            if verdict != "agree" and len(entry.reviews) < 50:
                entry.reviews.append((reference, number, verdict, key))
    return sorted(found.values(), key=lambda d: (-(d.disagree + d.needs_facts), -d.disputed_share, d.rule_id))
