"""Carry an assessment's answers over to another version of its questionnaire.

An answer is carried over when its question id still exists and the new question accepts the value
(same options still there, same kind of value); an answer to a removed question is kept apart and
flagged; an answer the new question refuses must be given again. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..questionnaire.model import Questionnaire
from .answers import AnswerError, coerce_answer


@dataclass
class CarryOver:
    """The answers for the new version, and what could not be carried over."""

    answers: dict[str, Any] = field(default_factory=dict)
    #: answers to questions the new version no longer asks (kept, flagged, ignored by evaluation)
    removed: dict[str, Any] = field(default_factory=dict)
    #: answers the new version's question refuses (an option gone, a new type or limit): asked again
    invalid: dict[str, Any] = field(default_factory=dict)

    def new_questions(self, old: Questionnaire, new: Questionnaire) -> list[str]:
        """Questions of the new version that the old one did not have (asked when they are shown)."""
        return [qid for qid in new.questions if qid not in old.questions]


def carry_over(answers: Mapping[str, Any], new: Questionnaire) -> CarryOver:
    """Sort stored ``answers`` into carried over, removed and invalid for questionnaire ``new``."""
    out = CarryOver()
    for qid, value in answers.items():
        question = new.questions.get(qid)
        if question is None:
            out.removed[qid] = value
            continue
        try:
            canonical = coerce_answer(question, value)
        except AnswerError:
            out.invalid[qid] = value
            continue
        if canonical is not None:
            out.answers[qid] = canonical
    return out
