"""The evaluation environment: the value of every question, fact and outcome for one set of answers.

Values are computed on demand and memoised, so each condition is evaluated at most once per
evaluation. The loader has proved there are no cycles, so the recursion always ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


def _absent(question: Question) -> Any:
    """The value of a hidden question: false, no selection, or nothing."""
    if question.is_boolean:
        return False
    if question.type == "multiple":
        return frozenset()
    return None


class State:
    """One evaluation: the questionnaire, the answers, and memoised values."""

    def __init__(self, q: Questionnaire, answers: Mapping[str, Any]) -> None:
        self.q = q
        self.c: Compiled = compiled_of(q)
        self.answers = answers
        self._values: dict[str, Any] = {}
        self._sections: dict[str, bool] = {}
        self._questions: dict[str, bool] = {}
        self._outcomes: dict[str, OutcomeEval] = {}

    # ------------------------------------------------------------------ visibility
    def section_visible(self, sid: str) -> bool:
        """False only when the section's show_if is surely false (unknown: ask rather than skip)."""
        seen = self._sections.get(sid)
        if seen is None:
            cond = self.c.section_show.get(sid)
            seen = cond is None or truth(cond.fn(self)) is not False
            self._sections[sid] = seen
        return seen

    def question_visible(self, qid: str) -> bool:
        seen = self._questions.get(qid)
        if seen is None:
            section = self.q.section_of(qid)
            seen = section is not None and self.section_visible(section.id)
            if seen:
                cond = self.c.question_show.get(qid)
                seen = cond is None or truth(cond.fn(self)) is not False
            self._questions[qid] = seen
        return seen

    # ------------------------------------------------------------------ the Env protocol
    def value(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        question = self.q.questions.get(name)
        if question is not None:
            result = self._question_value(question)
        elif name in self.c.facts:
            result = self.c.facts[name].fn(self)
        else:
            result = self.outcome(name).env_value
        self._values[name] = result
        return result

    def answered(self, name: str) -> bool:
        raw = self.answers.get(name)
        return self.question_visible(name) and raw is not None and raw != UNSURE and raw != []

    def is_unsure(self, name: str) -> bool:
        return self.question_visible(name) and self.answers.get(name) == UNSURE

    def _question_value(self, question: Question) -> Any:
        if not self.question_visible(question.id):
            return _absent(question)
        raw = self.answers.get(question.id)
        if raw is None and not question.required:
            return _absent(question)  # an optional question left blank says "nothing to add"
        if raw is None or raw == UNSURE:
            return UNKNOWN
        kind = question.type
        if kind == "multiple":
            return frozenset(raw)
        if kind == "date":
            return dt.date.fromisoformat(raw) if isinstance(raw, str) else raw
        return raw

    # ------------------------------------------------------------------ outcomes
    def outcome(self, oid: str) -> OutcomeEval:
        found = self._outcomes.get(oid)
        if found is None:
            outcome = self.q.outcome(oid)
            assert outcome is not None  # noqa: S101 - the loader checked every name
            found = self._evaluate_outcome(outcome)
            self._outcomes[oid] = found
        return found

    def _evaluate_outcome(self, outcome: Outcome) -> OutcomeEval:
        fired: list[Rule] = []
        unknown: list[Rule] = []
        if outcome.mode == "first":
            for rule in outcome.rules:
                t = truth(self.c.rules[(outcome.id, rule.id)].fn(self))
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
        for rule in outcome.rules:
            t = truth(self.c.rules[(outcome.id, rule.id)].fn(self))
            if t is True:
                fired.append(rule)
            elif t is UNKNOWN:
                unknown.append(rule)
        sure = tuple(dict.fromkeys(r.value for r in fired))
        maybe = tuple(dict.fromkeys(r.value for r in unknown if r.value not in sure))
        env_value = PartialSet(frozenset(sure), frozenset(maybe)) if maybe else frozenset(sure)
        return OutcomeEval(outcome, sure, tuple(fired), tuple(unknown), maybe, env_value)

    # ------------------------------------------------------------------ helpers
    def unknown_questions(self, names: Any) -> list[str]:
        """The visible questions behind ``names`` that are unanswered or "not sure"."""
        return [qid for qid in self.c.questions_of(names) if self.value(qid) is UNKNOWN]
