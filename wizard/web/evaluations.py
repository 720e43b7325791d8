"""Visibility and results computed once per assessment state, shared by the requests that need them.

Evaluation is a pure function of the questionnaire, the answers, the statuses and the day. Saving a
step computes the new state's visibility and result (to pick the next step); the page that follows
the redirect, and any page opened again before the next save, reuse them instead of evaluating again.
Keys are digests of the full inputs, so a changed answer is always a new evaluation.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from wizard.engine import Visibility, evaluate

if TYPE_CHECKING:
    from wizard.engine import Result
    from wizard.questionnaire import Questionnaire

T = TypeVar("T")

#: States remembered per process (a result of the largest questionnaire is well under a megabyte).
MAX_STATES = 128


class _States:
    """A small thread-safe LRU of computed values by key."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[tuple[str, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                found: T = self._items[key]
                return found
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_visibilities = _States(MAX_STATES)
_results = _States(MAX_STATES)


def digest(value: Any) -> str:
    """A stable digest of JSON-like data (answers, statuses)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def visibility_of(questionnaire: Questionnaire, answers: dict[str, Any]) -> Visibility:
    """``Visibility(questionnaire, answers)``, computed once per distinct set of answers."""
    key = ("visibility", questionnaire.content_hash, digest(answers))
    return _visibilities.get_or_compute(key, lambda: Visibility(questionnaire, answers))


def result_of(questionnaire: Questionnaire, answers: dict[str, Any],
              statuses: dict[str, dict[str, str]], today: date | None = None) -> Result:
    """``evaluate(...)`` of this state on ``today``, computed once per distinct state and day."""
    day = today or date.today()
    key = ("result", questionnaire.content_hash, digest(answers), digest(statuses), day.isoformat())
    return _results.get_or_compute(key, lambda: evaluate(questionnaire, answers, statuses=statuses, as_of=day))


def clear() -> None:
    """Forget every remembered state (tests)."""
    _visibilities.clear()
    _results.clear()
