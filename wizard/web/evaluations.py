"""Visibility and results computed once per assessment state, shared by the requests that need them.

Evaluation is a pure function of the questionnaire, the answers, the statuses and the day. Saving a
step computes the new state's visibility and result (to pick the next step); the page that follows
the redirect, and any page opened again before the next save, reuse them instead of evaluating again.
Keys are digests of the full inputs, so a changed answer is always a new evaluation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from wizard.engine import Visibility, evaluate

from .lru import LRU

if TYPE_CHECKING:
    from wizard.assessments import StoredState
    from wizard.engine import Result
    from wizard.questionnaire import Questionnaire

T = TypeVar("T")

#: States remembered per process (a result of the largest questionnaire is well under a megabyte).
MAX_STATES = 128
#: Stored states (answers and statuses of one assessment, a few kilobytes each) remembered per process.
MAX_STORED = 512


_visibilities: LRU[Visibility] = LRU(MAX_STATES)
_results: LRU[Result] = LRU(MAX_STATES)
_derived: LRU[Any] = LRU(MAX_STATES * 4)


_stored: LRU[Stored] = LRU(MAX_STORED)


@dataclass(frozen=True)
class Stored:
    """A stored state as read at one ``state_version``, with what pages key on it, worked out once per
    version rather than once per request: the digests of its answers and statuses, and the ids of
    the questions and obligations saved at least once (blank included)."""

    state: StoredState
    digests: tuple[str, str]
    seen: tuple[frozenset[str], frozenset[str]]


def stored_state(assessment: Any, load: Callable[[], StoredState]) -> Stored:
    """The answers and statuses of ``assessment`` as stored at its ``state_version``, read by ``load``
    only when this process has not read them at that version yet.

    Every save raises ``state_version`` in its own transaction (``assessments.mark_changed``), and the
    version is read with the assessment by the access check: a state read at the version the row
    shows now is the stored state, in any process. The reference is in the key too, so that a
    reused id (SQLite can reuse the highest) never meets another assessment's state.
    """
    key = ("stored", assessment.id, assessment.reference, assessment.state_version)

    def read() -> Stored:
        state = load()
        return Stored(state, (digest(state.answers), digest(state.statuses)),
                      (frozenset(state.versions), frozenset(state.status_versions)))

    return _stored.get_or_compute(key, read)


def derived(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """A value computed from a state, once per ``key``: the key must name everything it reads.

    For what pages derive from a state besides the evaluation itself (the steps and their statuses);
    values are shared by requests and threads, so they must not be changed by their readers.
    """
    return _derived.get_or_compute(key, compute)


def digest(value: Any) -> str:
    """A stable digest of JSON-like data (answers, statuses)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def visibility_of(questionnaire: Questionnaire, answers: dict[str, Any], answers_digest: str | None = None
                  ) -> Visibility:
    """``Visibility(questionnaire, answers)``, computed once per distinct set of answers
    (``answers_digest``, when known, is ``digest(answers)``)."""
    key = ("visibility", questionnaire.content_hash, answers_digest or digest(answers))
    return _visibilities.get_or_compute(key, lambda: Visibility(questionnaire, answers))


def state_key(questionnaire: Questionnaire, answers: dict[str, Any], statuses: dict[str, dict[str, str]],
              today: date | None = None, digests: tuple[str, str] | None = None) -> str:
    """A digest of everything an evaluation reads: the questionnaire, the answers, the statuses, the day.

    Two states with the same key have the same result; pages use it to key what they render from a
    result (rendered conclusions and obligations), so that a changed answer or status, or a new day,
    is always a new key. ``digests``, when known, are ``digest(answers)`` and ``digest(statuses)``.
    """
    day = (today or date.today()).isoformat()
    of_answers, of_statuses = digests or (digest(answers), digest(statuses))
    return hashlib.sha256(f"{questionnaire.content_hash}|{of_answers}|{of_statuses}|{day}".encode()).hexdigest()


def result_of(questionnaire: Questionnaire, answers: dict[str, Any],
              statuses: dict[str, dict[str, str]], today: date | None = None,
              digests: tuple[str, str] | None = None) -> Result:
    """``evaluate(...)`` of this state on ``today``, computed once per distinct state and day."""
    day = today or date.today()
    key = ("result", state_key(questionnaire, answers, statuses, day, digests))
    return _results.get_or_compute(key, lambda: evaluate(questionnaire, answers, statuses=statuses, as_of=day))


def clear() -> None:
    """Forget every remembered state (tests)."""
    _visibilities.clear()
    _results.clear()
    _derived.clear()
    _stored.clear()
