"""Which sections and questions are shown, given the answers so far."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..questionnaire.model import Question, Questionnaire, Section
from .state import State


class Visibility:
    """Visibility of sections and questions for one set of answers.

    A section or question whose ``show_if`` is unknown (it depends on an unanswered or "not sure"
    answer) counts as visible: the wizard asks rather than skips.
    """

    def __init__(self, q: Questionnaire, answers: Mapping[str, Any], state: State | None = None) -> None:
        self.q = q
        self.answers = answers
        self._state = state or State(q, answers)

    def section_visible(self, sid: str) -> bool:
        return self._state.section_visible(sid)

    def question_visible(self, qid: str) -> bool:
        return self._state.question_visible(qid)

    def sections(self) -> list[Section]:
        """The visible sections, in order."""
        return [s for s in self.q.sections if self._state.section_visible(s.id)]

    def questions(self, sid: str) -> list[Question]:
        """The visible questions of a section (none when the section itself is hidden)."""
        section = self.q.section(sid)
        if section is None or not self._state.section_visible(sid):
            return []
        return [q for q in section.questions if self._state.question_visible(q.id)]

    def hidden_answers(self) -> list[str]:
        """Ids of questions that have an answer but are hidden: kept, and ignored by evaluation."""
        return [qid for qid in self.q.questions if self.answers.get(qid) not in (None, []) and
                not self._state.question_visible(qid)]

    def unanswered(self) -> list[str]:
        """Visible required questions without an answer, in order."""
        return [qid for qid, question in self.q.questions.items()
                if question.required and self._state.question_visible(qid) and
                self.answers.get(qid) in (None, [], "")]
