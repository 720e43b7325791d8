"""A revision opened for reading: its pinned questionnaire, frozen answers and their evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from wizard.catalog import catalog
from wizard.engine import Result, Visibility, evaluate
from wizard.extensions import db
from wizard.models import QuestionnaireSnapshot
from wizard.questionnaire import Questionnaire

from .models import Revision


@dataclass
class Frozen:
    """What a review page needs of one revision; the same shape the report renderers read."""

    revision: Revision
    questionnaire: Questionnaire

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.revision.answers)

    @property
    def statuses(self) -> dict[str, Any]:
        return dict(self.revision.statuses)

    @property
    def assessment(self) -> Any:
        return self.revision.assessment

    @cached_property
    def result(self) -> Result:
        """The evaluation of the frozen answers (deterministic: same questionnaire, same answers)."""
        return evaluate(self.questionnaire, self.answers, statuses=self.statuses)

    @cached_property
    def visibility(self) -> Visibility:
        return Visibility(self.questionnaire, self.answers)


def open_revision(revision: Revision) -> Frozen:
    """The revision with the questionnaire version it was submitted on."""
    snapshot = db.session.get(QuestionnaireSnapshot, revision.content_hash)
    if snapshot is None:   # the snapshot is kept as long as an assessment or revision uses it
        raise LookupError(revision.content_hash)
    return Frozen(revision, catalog().pinned(snapshot.content_hash, snapshot.frozen))
