"""The conclusions of a result as a frozen, JSON-ready list, and the differences between two revisions.

Pure functions of a questionnaire and a result: no Flask, no database. A conclusion is keyed by its
outcome or obligation id and carries the rule ids and references that produced it, so that verdicts
can be aggregated per rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.questionnaire.text import tr


def freeze(questionnaire: Any, result: Any) -> list[dict[str, Any]]:
    """Every outcome and every applicable obligation of ``result``, as plain data: key, kind, id, the
    value ids, whether provisional, the rule ids behind it. Titles and labels are read from the pinned
    questionnaire when shown, so a revision stores a few kilobytes, not every text twice."""
    items: list[dict[str, Any]] = []
    for oid, outcome in result.outcomes.items():
        items.append({"key": f"outcome:{oid}", "kind": "outcome", "id": oid,
                      "values": [v.value for v in outcome.values], "provisional": bool(outcome.provisional),
                      "rule_ids": [r.rule_id for r in outcome.reasons]})
    for item in result.obligations:
        items.append({"key": f"obligation:{item.id}", "kind": "obligation", "id": item.id, "values": [],
                      "provisional": not item.certain,
                      "rule_ids": [r.rule_id for r in item.reasons] or [f"obligation:{item.id}"]})
    return items


def title(questionnaire: Any, conclusion: dict[str, Any], lang: str) -> str:
    """A frozen conclusion's title: its outcome's label or its obligation's title."""
    try:
        if conclusion["kind"] == "outcome":
            return tr(questionnaire.outcome(conclusion["id"]).label, lang) or conclusion["id"]
        return tr(questionnaire.obligation(conclusion["id"]).title, lang) or conclusion["id"]
    except (AttributeError, KeyError, LookupError):
        return str(conclusion["id"])


def value_labels(questionnaire: Any, conclusion: dict[str, Any], lang: str) -> list[str]:
    """The labels of an outcome conclusion's values."""
    labels = []
    try:
        known = {v.value: v for v in questionnaire.outcome(conclusion["id"]).values}
    except (AttributeError, KeyError, LookupError):
        known = {}
    for value in conclusion["values"]:
        info = known.get(value)
        labels.append(tr(info.label, lang) if info is not None else str(value))
    return labels


def headline(questionnaire: Any, result: Any) -> str | None:
    """The value(s) of the headline outcome (the one whose scale spans the most risk levels, as in the
    report's summary), joined with "+"; None when it has none."""
    best = headline_outcome(questionnaire)
    if best is None or best.id not in result.outcomes:
        return None
    values = [v.value for v in result.outcomes[best.id].values]
    return "+".join(values)[:100] if values else None


def headline_outcome(questionnaire: Any) -> Any:
    """The outcome definition the queue's classification filter is about."""
    best, best_levels = None, -1
    for outcome in getattr(questionnaire, "outcomes", ()) or ():
        levels = len({v.level for v in getattr(outcome, "values", ()) or ()})
        if levels > best_levels:
            best, best_levels = outcome, levels
    return best


def value_text(questionnaire: Any, conclusion: dict[str, Any], lang: str) -> str:
    """A conclusion's value(s) as text ("applies" or "may apply" for an obligation)."""
    if conclusion["kind"] == "obligation":
        return "may apply" if conclusion.get("provisional") else "applies"
    return ", ".join(value_labels(questionnaire, conclusion, lang)) or "—"


@dataclass(frozen=True)
class Change:
    """One difference between two revisions: what, before, after (None: absent on that side)."""

    kind: str          # "answer" | "outcome" | "obligation" | "status"
    key: str
    label: str
    before: str | None
    after: str | None


def diff(questionnaire: Any, old: Any, new: Any, lang: str, show: Any) -> list[Change]:
    """What changed from revision ``old`` to ``new``: answers, conclusions, obligations, statuses.

    ``show(question, value)`` renders an answer as people read it.
    """
    changes: list[Change] = []
    for qid in _ordered_questions(questionnaire, set(old.answers) | set(new.answers)):
        before, after = old.answers.get(qid), new.answers.get(qid)
        if qid in old.answers and qid in new.answers and before == after:
            continue
        question = questionnaire.question(qid)
        label = tr(question.label, lang) if question is not None else qid
        changes.append(Change("answer", qid, label,
                              show(question, before) if qid in old.answers else None,
                              show(question, after) if qid in new.answers else None))
    olds = {c["key"]: c for c in old.conclusions}
    news = {c["key"]: c for c in new.conclusions}
    for key in [*olds, *[k for k in news if k not in olds]]:
        a, b = olds.get(key), news.get(key)
        text_a = value_text(questionnaire, a, lang) if a else None
        text_b = value_text(questionnaire, b, lang) if b else None
        if text_a == text_b:
            continue
        item: dict[str, Any] = b or a or {}
        changes.append(Change(item["kind"], key, title(questionnaire, item, lang), text_a, text_b))
    for oid in sorted(set(old.statuses) | set(new.statuses)):
        a, b = old.statuses.get(oid), new.statuses.get(oid)
        if a != b:
            changes.append(Change("status", oid, oid, _status_text(a), _status_text(b)))
    return changes


def _status_text(entry: Any) -> str | None:
    if not entry:
        return None
    status = entry.get("status") if isinstance(entry, dict) else str(entry)
    note = entry.get("note") if isinstance(entry, dict) else None
    return f"{status or '—'}{' — ' + note if note else ''}"


def _ordered_questions(questionnaire: Any, ids: set[str]) -> list[str]:
    order = [q.id for section in questionnaire.sections for q in section.questions]
    known = [qid for qid in order if qid in ids]
    return known + sorted(ids - set(known))
