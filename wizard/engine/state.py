"""The evaluation environment: the value of every question, fact and outcome for one set of answers.

Everything is computed once, eagerly, by walking the questionnaire's plan (a dependency order the
loader built): sections' visibility, questions' values, facts and outcomes. Conditions read a plain
dict, so an evaluation is a single pass with no recursion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..conditions.compiler import ANSWERS, VISIBLE
from ..conditions.values import UNKNOWN, OneOf, PartialSet, truth
from ..questionnaire.compiled import Compiled
from ..questionnaire.loader import compiled_of
from ..questionnaire.model import UNSURE, Outcome, Question, Questionnaire, Rule


class OutcomeEval(NamedTuple):
    """How an outcome's rules came out: the value, the rules that fired, the unknown ones before.

    A named tuple: built for every outcome of every evaluation, it must be cheap to make.
    """

    outcome: Outcome
    value: Any  # str, tuple[str, ...] (mode all) or None
    fired: tuple[Rule, ...]
    unknown: tuple[Rule, ...]
    possible: tuple[str, ...]
    env_value: Any


def absent_value(question: Question) -> Any:
    """The value of a hidden question: false, no selection, or nothing."""
    if question.is_boolean:
        return False
    if question.type == "multiple":
        return frozenset()
    return None


_QUESTION, _SECTION, _FACT, _OUTCOME = range(4)
_RUNS_CACHE = "_runs"
Run = tuple[int, tuple[tuple[Any, ...], ...]]


def _kind(q: Questionnaire, c: Compiled, name: str) -> int:
    if name in q.questions:
        return _QUESTION
    if name.startswith("section:"):
        return _SECTION
    return _FACT if name in c.facts else _OUTCOME


def _runs(q: Questionnaire, c: Compiled) -> tuple[Run, ...]:
    """The plan as runs of same-kind steps, built once per questionnaire (kept on its compiled form)."""
    runs = c.__dict__.get(_RUNS_CACHE)
    if runs is not None:
        return runs
    out: list[tuple[int, list[tuple[Any, ...]]]] = []
    for name in c.plan:  # the loader's dependency order, which keeps kinds together
        kind = _kind(q, c, name)
        if kind == _QUESTION:
            question = q.questions[name]
            section = q.section_of(name)
            show = c.question_show.get(name)
            item: tuple[Any, ...] = (name, section.id if section else "", show.fn if show else None,
                                     absent_value(question), question.type, question.required)
        elif kind == _SECTION:
            show = c.section_show.get(name[8:])
            item = (name[8:], show.fn if show else None)
        elif kind == _FACT:
            item = (name, c.facts[name].fn)
        else:
            outcome = q.outcome(name)
            assert outcome is not None  # noqa: S101 - the plan holds only known names
            item = (name, outcome, tuple((r, c.rules[(name, r.id)].fn) for r in outcome.rules))
        if out and out[-1][0] == kind:
            out[-1][1].append(item)
        else:
            out.append((kind, [item]))
    runs = tuple((kind, tuple(items)) for kind, items in out)
    c.__dict__[_RUNS_CACHE] = runs
    return runs


class State:
    """One evaluation: the questionnaire, the answers, and the value of every name."""

    def __init__(self, q: Questionnaire, answers: Mapping[str, Any]) -> None:
        self.q = q
        self.c: Compiled = compiled_of(q)
        self.answers = answers
        self.sections: dict[str, bool] = {}
        self.visible: dict[str, bool] = {}
        self.outcomes: dict[str, OutcomeEval] = {}
        self.vals: dict[str, Any] = {ANSWERS: answers, VISIBLE: self.visible}
        self._run()

    def _run(self) -> None:
        vals, visible, sections, answers = self.vals, self.visible, self.sections, self.answers
        for kind, items in _runs(self.q, self.c):
            if kind == _QUESTION:
                for name, sid, show, absent, qtype, required in items:
                    shown = sections[sid]
                    if shown and show is not None:
                        t = show(vals)
                        shown = t is not False and t is not None and (t is True or truth(t) is not False)
                    visible[name] = shown
                    if not shown:
                        vals[name] = absent
                        continue
                    # the value conditions see for a visible question's stored answer (inlined: this loop
                    # runs for every question of every evaluation)
                    raw = answers.get(name)
                    if raw is None:
                        # an optional question left blank says "nothing to add"; a required one is unknown
                        vals[name] = UNKNOWN if required else absent
                    elif raw.__class__ is bool or raw.__class__ is int or raw.__class__ is float:
                        vals[name] = raw
                    elif raw == UNSURE:
                        vals[name] = UNKNOWN
                    elif qtype == "multiple":
                        vals[name] = frozenset(raw)
                    elif qtype == "date" and raw.__class__ is str:
                        vals[name] = dt.date.fromisoformat(raw)
                    else:
                        vals[name] = raw
            elif kind == _FACT:
                for name, fn in items:
                    vals[name] = fn(vals)
            elif kind == _SECTION:
                for sid, show in items:
                    # unknown counts as shown: the wizard asks rather than skips
                    sections[sid] = show is None or truth(show(vals)) is not False
            else:
                outcomes = self.outcomes
                for name, outcome, rules in items:
                    ev = self._evaluate_outcome(outcome, rules)
                    outcomes[name] = ev
                    vals[name] = ev.env_value

    # ------------------------------------------------------------------ queries
    def section_visible(self, sid: str) -> bool:
        return self.sections.get(sid, False)

    def question_visible(self, qid: str) -> bool:
        return self.visible.get(qid, False)

    def outcome(self, oid: str) -> OutcomeEval:
        return self.outcomes[oid]

    # ------------------------------------------------------------------ outcomes
    def _evaluate_outcome(self, outcome: Outcome, rules: tuple[tuple[Rule, Any], ...]) -> OutcomeEval:
        """Run an outcome's rules: the first that holds (mode first) or every one that holds (mode all).

        Rules that are unknown are kept: before the one that fired (or anywhere, in mode all), their
        values are still possible, and the outcome is provisional.
        """
        first = outcome.mode == "first"
        fired: list[Rule] = []
        unknown: list[Rule] = []
        vals = self.vals
        for rule, fn in rules:
            t = fn(vals)
            if t is False or t is None:
                continue
            if t is not True:
                t = truth(t)
            if t is True:
                fired.append(rule)
                if first:
                    break
            elif t is UNKNOWN:
                unknown.append(rule)
        if first:
            value = fired[0].value if fired else None
            possible = tuple(dict.fromkeys(r.value for r in unknown if r.value != value))
            if not possible:
                env_value: Any = value
            elif value is None and len(possible) == 1:
                env_value = UNKNOWN
            else:
                env_value = OneOf(frozenset((*possible, value) if value is not None else possible))
            return OutcomeEval(outcome, value, tuple(fired), tuple(unknown), possible, env_value)
        sure = tuple(dict.fromkeys(r.value for r in fired))
        maybe = tuple(dict.fromkeys(r.value for r in unknown if r.value not in sure))
        env_value = PartialSet(frozenset(sure), frozenset(maybe)) if maybe else frozenset(sure)
        return OutcomeEval(outcome, sure, tuple(fired), tuple(unknown), maybe, env_value)
