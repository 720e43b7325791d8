"""The result of an evaluation: outcomes, facts, obligations and actions, each with its reasons.

Results are read-only by convention (nothing in the package changes one after ``evaluate``); they are
plain dataclasses because an evaluation builds hundreds of them and frozen ones are slower to build.
Reasons, facts and the questions to settle are worked out on first access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..conditions.values import UNKNOWN, OneOf, PartialSet, Range, is_known
from ..questionnaire.model import Obligation, Outcome, Questionnaire, Rule
from ..questionnaire.references import Reference
from ..questionnaire.text import tr

JSON_FORMAT = "ai-compliance-wizard/result"
JSON_FORMAT_VERSION = 1
STATUSES = ("done", "in_progress", "not_started", "not_applicable")


@dataclass(frozen=True)
class Reason:
    """Why a line of the result holds: the rule, its explanation, the answers and facts behind it."""

    rule_id: str
    kind: str  # "rule" | "obligation"
    explanation: dict[str, str] | None
    references: tuple[Reference, ...]
    answers: tuple[tuple[str, Any], ...]  # (question id, stored answer) that made it fire
    facts: tuple[str, ...]  # facts and outcomes involved


@dataclass(frozen=True)
class ValueInfo:
    value: str
    label: dict[str, str]
    level: str


class _Lazy:
    """Reasons and questions to settle, worked out on first use by the evaluation's explainer.

    Result items are built by the hundred in every evaluation and most readers (a pipeline, the task
    list) never ask why: slotted classes with lazy attributes keep ``evaluate`` cheap.
    """

    __slots__ = ("_explainer", "_reasons", "_settle")
    _reasons: tuple[Reason, ...] | None
    _settle: tuple[str, ...] | None
    _explainer: Any

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why this line holds: the rule(s), the answers behind them, the references."""
        if self._reasons is None:
            self._reasons = self._explainer.reasons_of(self)
        return self._reasons

    @property
    def settle(self) -> tuple[str, ...]:
        """The unanswered or "not sure" questions whose answers would settle it (none when certain)."""
        if self._settle is None:
            self._settle = self._explainer.settle_of(self)
        return self._settle


class OutcomeResult(_Lazy):
    """One outcome: its value(s), whether it is provisional, the values still possible."""

    __slots__ = ("id", "label", "mode", "value", "values", "provisional", "possible", "outcome", "fired", "unknown")

    def __init__(self, outcome: Outcome, value: Any, values: tuple[ValueInfo, ...],
                 possible: tuple[ValueInfo, ...], fired: tuple[Rule, ...], unknown: tuple[Rule, ...],
                 explainer: Any) -> None:
        self.outcome = outcome
        self.id = outcome.id
        self.label = outcome.label
        self.mode = outcome.mode
        self.value = value  # str | tuple[str, ...] | None
        self.values = values
        self.provisional = bool(possible)
        self.possible = possible
        self.fired = fired
        self.unknown = unknown
        self._explainer = explainer
        self._reasons = None
        self._settle = None if possible else ()

    def __repr__(self) -> str:
        return f"OutcomeResult({self.id}={self.value!r}{', provisional' if self.provisional else ''})"


@dataclass(eq=False)  # built per evaluation: plain (frozen ones cost a setattr per field)
class FactResult:
    id: str
    label: dict[str, str] | None
    value: Any
    known: bool


class ObligationResult(_Lazy):
    """An obligation that applies (``certain``) or may apply, from when, and where the company stands."""

    __slots__ = ("id", "obligation", "certain", "applies_from", "date_id", "in_force", "status", "note")

    def __init__(self, obligation: Obligation, certain: bool, applies_from: dt.date | None, date_id: str | None,
                 in_force: bool, status: str | None, note: str, explainer: Any) -> None:
        self.id = obligation.id
        self.obligation = obligation
        self.certain = certain
        self.applies_from = applies_from
        self.date_id = date_id
        self.in_force = in_force
        self.status = status
        self.note = note
        self._explainer = explainer
        self._reasons = None
        self._settle = () if certain else None

    def __repr__(self) -> str:
        return f"ObligationResult({self.id}{'' if self.certain else ', possibly'}, from {self.applies_from})"


@dataclass(eq=False)  # built per evaluation: plain (frozen ones cost a setattr per field)
class Action:
    obligation_id: str
    priority: str | None
    priority_rank: int
    due: dt.date | None
    status: str | None
    overdue: bool
    certain: bool = True  # False: the obligation may apply; answering ``settle`` decides it
    settle: tuple[str, ...] = ()  # the questions that would settle an obligation that may apply


@dataclass(eq=False)  # built per evaluation: plain (frozen ones cost a setattr per field)
class Result:
    """Everything ``evaluate`` concludes. Pure data; ``to_json`` gives the stable JSON form."""

    questionnaire: Questionnaire
    as_of: dt.date
    outcomes: dict[str, OutcomeResult]
    obligations: tuple[ObligationResult, ...]
    actions: tuple[Action, ...]
    visibility: Any = field(repr=False)  # the engine's Visibility for these answers
    answers: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def visible_sections(self) -> tuple[str, ...]:
        """Ids of the sections shown for these answers, in order."""
        return tuple(s.id for s in self.visibility.sections())

    @cached_property
    def hidden_answers(self) -> tuple[str, ...]:
        """Questions answered but now hidden: their answers are kept and ignored."""
        return tuple(self.visibility.hidden_answers())

    @cached_property
    def unanswered(self) -> tuple[str, ...]:
        """Visible required questions without an answer."""
        return tuple(self.visibility.unanswered())

    @cached_property
    def facts(self) -> dict[str, FactResult]:
        """Every fact's value, by id (unknown ones included)."""
        return {f.id: FactResult(f.id, f.label, self.values[f.id], is_known(self.values[f.id]))
                for f in self.questionnaire.facts}

    @property
    def complete(self) -> bool:
        """Every visible required question has an answer."""
        return not self.unanswered

    @property
    def provisional(self) -> bool:
        return any(o.provisional for o in self.outcomes.values()) or any(not o.certain for o in self.obligations)

    def obligation(self, oid: str) -> ObligationResult | None:
        return next((o for o in self.obligations if o.id == oid), None)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The stable JSON form (documented in docs/json-output.md)."""
        q = self.questionnaire
        lang = lang or q.languages[0]
        return {
            "format": JSON_FORMAT,
            "format_version": JSON_FORMAT_VERSION,
            "questionnaire": {"id": q.id, "version": q.version, "content_hash": q.content_hash},
            "as_of": self.as_of.isoformat(),
            "lang": lang,
            "complete": self.complete,
            "provisional": self.provisional,
            "unanswered": list(self.unanswered),
            "hidden_answers": list(self.hidden_answers),
            "outcomes": [_outcome_json(q, o, lang) for o in self.outcomes.values()],
            "facts": {f.id: _value_json(f.value) for f in self.facts.values()},
            "obligations": [_obligation_json(q, o, lang) for o in self.obligations],
            "actions": [_action_json(q, a, lang) for a in self.actions],
            "answers": {qid: self.answers[qid] for qid in q.questions if qid in self.answers},
        }


def _value_json(value: Any) -> Any:
    if value is UNKNOWN:
        return {"unknown": True}
    if isinstance(value, OneOf):
        return {"one_of": sorted(map(str, value.values))}
    if isinstance(value, PartialSet):
        return {"includes": sorted(value.sure), "may_include": sorted(value.maybe)}
    if isinstance(value, Range):
        return {"min": value.lo, "max": value.hi}
    if isinstance(value, frozenset | set | tuple):
        return sorted(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def reference_json(q: Questionnaire, ref: Reference, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"label": q.reference_label(ref, lang), "url": q.reference_url(ref, lang)}
    out.update(ref.model_dump(exclude_none=True, exclude={"note"}))
    return out


def _reason_json(q: Questionnaire, reason: Reason, lang: str) -> dict[str, Any]:
    return {
        "rule": reason.rule_id,
        "explanation": tr(reason.explanation, lang) or None,
        "references": [reference_json(q, r, lang) for r in reason.references],
        "answers": [
            {"question": qid, "label": tr(q.questions[qid].label, lang), "value": value}
            for qid, value in reason.answers
        ],
        "derived": list(reason.facts),
    }


def _value_info_json(info: ValueInfo, lang: str) -> dict[str, Any]:
    return {"value": info.value, "label": tr(info.label, lang), "level": info.level}


def _outcome_json(q: Questionnaire, o: OutcomeResult, lang: str) -> dict[str, Any]:
    return {
        "id": o.id,
        "label": tr(o.label, lang),
        "mode": o.mode,
        "value": list(o.value) if isinstance(o.value, tuple) else o.value,
        "values": [_value_info_json(v, lang) for v in o.values],
        "provisional": o.provisional,
        "possible": [_value_info_json(v, lang) for v in o.possible],
        "settle": list(o.settle),
        "reasons": [_reason_json(q, r, lang) for r in o.reasons],
    }


def _obligation_json(q: Questionnaire, o: ObligationResult, lang: str) -> dict[str, Any]:
    ob = o.obligation
    return {
        "id": o.id,
        "title": tr(ob.title, lang),
        "regulation": ob.regulation,
        "binds": list(ob.binds),
        "references": [reference_json(q, r, lang) for r in ob.references],
        "certain": o.certain,
        "applies_from": o.applies_from.isoformat() if o.applies_from else None,
        "date_id": o.date_id,
        "in_force": o.in_force,
        "tracked": ob.track_status,
        "status": o.status,
        "note": o.note,
        "priority": ob.priority,
        "owner": tr(ob.owner, lang) or None,
        "reasons": [_reason_json(q, r, lang) for r in o.reasons],
        "settle": list(o.settle),
    }


def _action_json(q: Questionnaire, a: Action, lang: str) -> dict[str, Any]:
    ob = q.obligation(a.obligation_id)
    assert ob is not None  # noqa: S101 - actions are built from the questionnaire's obligations
    priority = q.priority(a.priority) if a.priority else None
    return {
        "obligation": a.obligation_id,
        "title": tr(ob.title, lang),
        "priority": a.priority,
        "priority_label": tr(priority.label, lang) if priority else None,
        "due": a.due.isoformat() if a.due else None,
        "overdue": a.overdue,
        "status": a.status,
        "owner": tr(ob.owner, lang) or None,
        "references": [q.reference_label(r, lang) for r in ob.references],
        "certain": a.certain,
        "settle": list(a.settle),
    }
