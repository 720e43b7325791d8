"""The one least-recently-used store behind what the web side remembers between requests.

Evaluations and states (``evaluations.py``), rendered page parts (``fragments.py``), verified session
cookies (``sessions.py``) and signed CSRF tokens (``templating.py``) each keep one, bounded by count
and, where values vary much in size, by their total weight. Thread-safe: a value is computed outside
the lock (two threads may both compute it; either result is the same).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    """At most ``limit`` values, and at most ``max_weight`` of total ``weight(value)`` when given;
    the least recently used go first, and a value heavier than ``max_weight`` alone is not kept."""

    def __init__(self, limit: int, *, max_weight: int | None = None,
                 weight: Callable[[V], int] | None = None) -> None:
        self.limit = limit
        self.max_weight = max_weight
        self._weigh = weight if weight is not None and max_weight is not None else None
        self.weight = 0
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The value of ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` under ``key``, dropping the least recently used beyond the bounds."""
        weight = self._weigh(value) if self._weigh is not None else 0
        if self.max_weight is not None and weight > self.max_weight:
            return
        with self._lock:
            replaced = self._items.pop(key, None)
            if replaced is not None and self._weigh is not None:
                self.weight -= self._weigh(replaced)
            self._items[key] = value
            self.weight += weight
            while len(self._items) > self.limit or (self.max_weight is not None and self.weight > self.max_weight):
                _key, dropped = self._items.popitem(last=False)
                if self._weigh is not None:
                    self.weight -= self._weigh(dropped)

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value of ``key``, computed by ``compute()`` and kept the first time."""
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()
            self.weight = 0

    def __len__(self) -> int:
        return len(self._items)
