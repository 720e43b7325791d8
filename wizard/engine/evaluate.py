"""``evaluate``: answers in, a fully explained result out. Pure and deterministic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..conditions import explain
from ..conditions.values import UNKNOWN, truth
from ..questionnaire.loader import compiled_of
from ..questionnaire.model import Obligation, Outcome, Questionnaire, Rule
from .result import (
    STATUSES,
    Action,
    ObligationResult,
    OutcomeResult,
    Reason,
    Result,
    ValueInfo,
)
from .state import State
from .visibility import Visibility


class _Explainer:
    """Turns the names that decided a condition into the answers and facts behind them.

    Explanations are worked out when a reader asks for them (``reasons``), from the values the
    evaluation already computed: the result page and the report ask; a pipeline that only needs the
    classification does not pay for them.
    """

    def __init__(self, state: State) -> None:
        self.state = state
        self.c = state.c
        self._cache: dict[str, tuple[list[str], list[str]]] = {}

    def names(self, cond_names: list[str]) -> tuple[tuple[tuple[str, Any], ...], tuple[str, ...]]:
        """The answers and the facts behind the names that decided a condition.

        Only what made the conclusion: answers to questions that were asked and answered ("not sure"
        included), never hidden or unanswered ones; facts that held and outcomes that have a value,
        never a fact that did not hold. A fact that does not hold, named by the condition itself
        ("not a prohibited practice"), is explained by the answers behind it; deeper down, such
        preconditions are left out: they are what did not happen, and listing them drowned the reason.
        """
        questions: dict[str, None] = {}
        derived: dict[str, None] = {}
        for name in cond_names:
            qs, ds = self._expand(name, set(), top=True)
            questions.update(dict.fromkeys(qs))
            derived.update(dict.fromkeys(ds))
        state = self.state
        answers = state.answers
        shown = tuple((qid, answers[qid]) for qid in questions
                      if state.question_visible(qid) and answers.get(qid) is not None)
        return shown, tuple(derived)

    def _held(self, name: str) -> bool | None:
        """Whether a fact holds (None when unknown); an outcome "holds" when it has a value."""
        value = self.state.vals[name]
        if name in self.c.facts:
            t = truth(value)
            return None if t is UNKNOWN else bool(t)
        return bool(self.state.outcome(name).value)

    def _expand(self, name: str, active: set[str], top: bool = False) -> tuple[list[str], list[str]]:
        key = name if not top else "^" + name
        if key in self._cache:
            return self._cache[key]
        state, q = self.state, self.state.q
        if name in q.questions or name in active:
            return ([name] if name in q.questions else []), []
        held = self._held(name)
        if held is False and not top:
            return [], []
        active = active | {name}
        questions: list[str] = []
        derived: list[str] = [name] if held else []
        if name in self.c.facts:
            _, sub = explain(self.c.facts[name].node, state.vals, self.c.symbols)
            subs = [sub]
        else:
            ev = state.outcome(name)
            subs = [explain(self.c.rules[(name, r.id)].node, state.vals, self.c.symbols)[1] for r in ev.fired]
        for names in subs:
            for child in names:
                qs, ds = self._expand(child, active)
                questions += qs
                derived += ds
        out = (list(dict.fromkeys(questions)), list(dict.fromkeys(derived)))
        self._cache[key] = out
        return out

    def reasons_of(self, item: OutcomeResult | ObligationResult) -> tuple[Reason, ...]:
        """The reasons of an outcome (its rules that fired) or of an obligation (its condition)."""
        if isinstance(item, OutcomeResult):
            return tuple(self.rule_reason(item.outcome, r) for r in item.fired)
        ob = item.obligation
        _, names = explain(self.c.obligations[ob.id].node, self.state.vals, self.c.symbols)
        answers, derived = self.names(names)
        return (Reason(ob.id, "obligation", None, ob.references, answers, derived),)

    def settle_of(self, item: OutcomeResult | ObligationResult) -> tuple[str, ...]:
        """The unknown questions behind the rules still open (outcome) or the condition (obligation)."""
        prepared = _prepare(self.state.q)
        if isinstance(item, OutcomeResult):
            groups = [prepared.rule_questions[(item.id, r.id)] for r in item.unknown]
        else:
            groups = [prepared.obligation_questions[item.id]]
        vals = self.state.vals
        return tuple(dict.fromkeys(qid for group in groups for qid in group if vals[qid] is UNKNOWN))

    def rule_reason(self, outcome: Outcome, rule: Rule) -> Reason:
        cond = self.c.rules[(outcome.id, rule.id)]
        _, names = explain(cond.node, self.state.vals, self.c.symbols)
        answers, derived = self.names(names)
        return Reason(rule.id, "rule", rule.explanation, rule.references, answers, derived)


@dataclass(frozen=True)
class _Prepared:
    """What evaluate needs of a questionnaire, worked out once and kept on its compiled form."""

    value_infos: dict[str, dict[str, ValueInfo]]  # outcome id -> value -> info
    rule_questions: dict[tuple[str, str], tuple[str, ...]]  # the questions behind each rule
    obligation_questions: dict[str, tuple[str, ...]]  # the questions behind each obligation's condition
    obligations: tuple[tuple[Obligation, Any, tuple[tuple[Any, dt.date, str | None], ...]], ...]
    ranks: dict[str, int]


def _prepare(q: Questionnaire) -> _Prepared:
    c = compiled_of(q)
    prepared = c.__dict__.get("_prepared")
    if prepared is None:
        infos = {o.id: {v.value: ValueInfo(v.value, v.label, v.level) for v in o.values} for o in q.outcomes}
        rule_questions = {key: tuple(c.questions_of(cond.names)) for key, cond in c.rules.items()}
        obligations = []
        for ob in q.obligations:
            cond = c.obligations[ob.id]
            alternatives = []
            for i, alt in enumerate(ob.applies_from):
                alt_cond = c.date_alternatives.get((ob.id, i))
                date, date_id = q.resolve_date(alt.date)
                alternatives.append((alt_cond.fn if alt_cond else None, date, date_id))
            obligations.append((ob, cond.fn, tuple(alternatives)))
        ranks = {p.id: i for i, p in enumerate(q.priorities)}
        behind = {ob.id: tuple(c.questions_of(c.obligations[ob.id].names)) for ob in q.obligations}
        prepared = _Prepared(infos, rule_questions, behind, tuple(obligations), ranks)
        c.__dict__["_prepared"] = prepared
    return prepared


def evaluate(
    q: Questionnaire,
    answers: Mapping[str, Any],
    statuses: Mapping[str, Mapping[str, Any]] | None = None,
    as_of: dt.date | None = None,
) -> Result:
    """Evaluate ``answers`` (canonical values by question id) against ``q``.

    Hidden questions' answers are ignored; unanswered and "not sure" answers are unknown and make the
    conclusions that depend on them provisional. ``statuses`` gives each obligation's status and note.
    """
    as_of = as_of or dt.date.today()
    statuses = statuses or {}
    state = State(q, answers)
    explainer = _Explainer(state)
    prepared = _prepare(q)
    vals = state.vals

    outcomes: dict[str, OutcomeResult] = {}
    for outcome in q.outcomes:
        ev = state.outcomes[outcome.id]
        infos = prepared.value_infos[outcome.id]
        value = ev.value
        shown = value if value.__class__ is tuple else ((value,) if value else ())
        values = tuple([infos[v] for v in shown])
        possible = tuple([infos[v] for v in ev.possible]) if ev.possible else ()
        outcomes[outcome.id] = OutcomeResult(outcome, value, values, possible, ev.fired, ev.unknown, explainer)

    obligations: list[ObligationResult] = []
    for ob, fn, alternatives in prepared.obligations:
        applies = fn(vals)
        if applies is False or applies is None:
            continue
        if applies is not True:
            applies = truth(applies)
            if applies is False:
                continue
        date, date_id = None, None
        for alt_fn, alt_date, alt_id in alternatives:
            if alt_fn is None or truth(alt_fn(vals)) is True:
                date, date_id = alt_date, alt_id
                break
        entry = statuses.get(ob.id) if statuses else None
        if entry and ob.track_status:
            status = entry.get("status")
            status = status if status in STATUSES else None
            note = str(entry.get("note") or "")
        else:
            status, note = None, ""
        obligations.append(ObligationResult(ob, applies is True, date, date_id, date is None or as_of >= date,
                                            status, note, explainer))

    ranks = prepared.ranks
    # "not sure" never drops a duty: an obligation that may apply stays in the plan, marked so and
    # with the questions that would settle it, after the ones that certainly apply
    actions = [
        Action(o.id, o.obligation.priority, ranks.get(o.obligation.priority or "", len(ranks)),
               o.applies_from, o.status, o.in_force, o.certain, o.settle)
        for o in obligations
        if o.obligation.track_status and o.status not in ("done", "not_applicable")
    ]
    order = {o.id: i for i, o in enumerate(obligations)}
    actions.sort(key=lambda a: (not a.certain, a.priority_rank, a.due or dt.date.min, order[a.obligation_id]))

    return Result(
        questionnaire=q, as_of=as_of, outcomes=outcomes, obligations=tuple(obligations),
        actions=tuple(actions), visibility=Visibility(q, answers, state),
        answers={k: v for k, v in answers.items() if k in q.questions and v is not None},
        values=vals,
    )
