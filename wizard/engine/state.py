"""The evaluation environment: the value of every question, fact and outcome for one set of answers.

Everything is computed once, eagerly, by walking the questionnaire's plan (a dependency order the
loader built): sections' visibility, questions' values, facts and outcomes. Conditions read a plain
dict, so an evaluation is a single pass with no recursion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..conditions.compiler import ANSWERS, VISIBLE
from ..conditions.values import UNKNOWN, OneOf, PartialSet, truth
from ..questionnaire.compiled import Compiled
from ..questionnaire.loader import compiled_of
from ..questionnaire.model import UNSURE, Outcome, Question, Questionnaire, Rule


@dataclass(frozen=True)
class OutcomeEval:
    """How an outcome's rules came out: the value, the rules that fired, the unknown ones before."""

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


def question_value(question: Question, raw: Any) -> Any:
    """The value conditions see for a visible question's stored answer."""
    if raw is None:
        # an optional question left blank says "nothing to add"; a required one is not known yet
        return UNKNOWN if question.required else absent_value(question)
    if raw == UNSURE:
        return UNKNOWN
    kind = question.type
    if kind == "multiple":
        return frozenset(raw)
    if kind == "date" and isinstance(raw, str):
        return dt.date.fromisoformat(raw)
    return raw


_QUESTION, _SECTION, _FACT, _OUTCOME = range(4)
_STEPS_CACHE = "_steps"


Step = tuple[int, str, Any, Any, Any]


def _steps(q: Questionnaire, c: Compiled) -> tuple[Step, ...]:
    """The plan as ready-to-run steps, built once per questionnaire (and kept on its compiled form)."""
    steps = c.__dict__.get(_STEPS_CACHE)
    if steps is None:
        out: list[Step] = []
        for name in c.plan:
            question = q.questions.get(name)
            if question is not None:
                section = q.section_of(name)
                show = c.question_show.get(name)
                out.append((_QUESTION, name, section.id if section else "", show.fn if show else None,
                            (absent_value(question), question.type, question.required)))
            elif name.startswith("section:"):
                show = c.section_show.get(name[8:])
                out.append((_SECTION, name[8:], show.fn if show else None, None, None))
            elif name in c.facts:
                out.append((_FACT, name, c.facts[name].fn, None, None))
            else:
                outcome = q.outcome(name)
                assert outcome is not None  # noqa: S101 - the plan holds only known names
                rules = tuple((r, c.rules[(name, r.id)].fn) for r in outcome.rules)
                out.append((_OUTCOME, name, outcome, rules, None))
        steps = tuple(out)
        c.__dict__[_STEPS_CACHE] = steps
    return steps


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
        for kind, name, a, b, c in _steps(self.q, self.c):
            if kind == _QUESTION:  # a: section id, b: show_if fn or None, c: (absent value, type, required)
                shown = sections[a]
                if shown and b is not None:
                    t = b(vals)
                    shown = t is not False and t is not None and (t is True or truth(t) is not False)
                visible[name] = shown
                absent, qtype, required = c
                if not shown:
                    vals[name] = absent
                    continue
                raw = answers.get(name)
                if raw is None:
                    # an optional question left blank says "nothing to add"; a required one is not known yet
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
            elif kind == _SECTION:  # a: show_if fn or None
                # unknown counts as shown: the wizard asks rather than skips
                sections[name] = a is None or truth(a(vals)) is not False
            elif kind == _FACT:  # a: fn
                vals[name] = a(vals)
            else:  # an outcome; a: the outcome, b: its rules with their fns
                ev = self._evaluate_outcome(a, b)
                self.outcomes[name] = ev
                vals[name] = ev.env_value

    # ------------------------------------------------------------------ queries
    def section_visible(self, sid: str) -> bool:
        return self.sections.get(sid, False)

    def question_visible(self, qid: str) -> bool:
        return self.visible.get(qid, False)

    def value(self, name: str) -> Any:
        return self.vals[name]

    def outcome(self, oid: str) -> OutcomeEval:
        return self.outcomes[oid]

    def unknown_questions(self, names: Iterable[str]) -> list[str]:
        """The visible questions behind ``names`` that are unanswered or "not sure"."""
        return [qid for qid in self.c.questions_of(names) if self.vals.get(qid) is UNKNOWN]

    # ------------------------------------------------------------------ outcomes
    def _evaluate_outcome(self, outcome: Outcome, rules: tuple[tuple[Rule, Any], ...]) -> OutcomeEval:
        fired: list[Rule] = []
        unknown: list[Rule] = []
        vals = self.vals
        if outcome.mode == "first":
            for rule, fn in rules:
                t = fn(vals)
                if t is False or t is None:
                    continue
                if t is not True:
                    t = truth(t)
                if t is True:
                    fired.append(rule)
                    break
                if t is UNKNOWN:
                    unknown.append(rule)
            value = fired[0].value if fired else None
            possible = tuple(dict.fromkeys(r.value for r in unknown if r.value != value))
            if not possible:
                env_value: Any = value
            elif value is None and len(possible) == 1:
                env_value = UNKNOWN
            else:
                env_value = OneOf(frozenset((*possible, value) if value is not None else possible))
            return OutcomeEval(outcome, value, tuple(fired), tuple(unknown), possible, env_value)
        for rule, fn in rules:
            t = fn(vals)
            if t is False or t is None:
                continue
            if t is not True:
                t = truth(t)
            if t is True:
                fired.append(rule)
            elif t is UNKNOWN:
                unknown.append(rule)
        sure = tuple(dict.fromkeys(r.value for r in fired))
        maybe = tuple(dict.fromkeys(r.value for r in unknown if r.value not in sure))
        env_value = PartialSet(frozenset(sure), frozenset(maybe)) if maybe else frozenset(sure)
        return OutcomeEval(outcome, sure, tuple(fired), tuple(unknown), maybe, env_value)
