"""Rendered reports kept in memory, keyed by everything they are made of.

A PDF costs a few hundred milliseconds of CPU; the same report is often downloaded again (the result
page, then the PDF; a colleague; the API after a save). The key is a digest of every input of the
renderer: the format, the questionnaire's content hash, the answers, the statuses, the report's
metadata (names, dates, language), the day (deadlines and "overdue" depend on it) and the seal key.
Any change to one of them is another key, so a stale report is never served; old entries simply age
out. Reports stay in this process's memory only (never on disk), within ``REPORT_CACHE_BYTES``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

#: Default memory budget per process for cached reports (a large PDF is about 150 KB).
DEFAULT_BYTES = 16 * 1024 * 1024


def report_key(fmt: str, content_hash: str, answers: dict[str, Any], statuses: dict[str, Any], meta: Any,
               seal_key: bytes | None, today: date | None = None) -> str:
    """The digest of everything a report is rendered from."""
    fields = {name: getattr(meta, name) for name in sorted(getattr(meta, "__dataclass_fields__", {}))}
    state = [fmt, content_hash, answers, statuses, fields, (today or date.today()).isoformat(),
             hashlib.sha256(seal_key or b"").hexdigest()]
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


class ReportCache:
    """A thread-safe LRU of rendered reports, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_render(self, key: str, render: Callable[[], bytes]) -> bytes:
        """The cached report of ``key``, or ``render()`` stored under it (exceptions are not cached)."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        data = render()
        if len(data) <= self.max_bytes // 4:   # one huge report never evicts everything else
            with self._lock:
                if key not in self._items:
                    self._items[key] = data
                    self._size += len(data)
                while self._size > self.max_bytes:
                    _, dropped = self._items.popitem(last=False)
                    self._size -= len(dropped)
        return data

    def clear(self) -> None:
        """Forget every report."""
        with self._lock:
            self._items.clear()
            self._size = 0


def render_cached(fmt: str, opened: Any, lang: str, render: Callable[[], bytes]) -> bytes:
    """``render()`` of the report ``fmt`` of ``opened`` in ``lang``, through the current app's cache.

    ``REPORT_CACHE_BYTES`` sets the budget per process (0 turns the cache off).
    """
    # imported here: the report glue imports Flask, and this module stays importable without an app
    from flask import current_app

    from wizard.reporting import report_meta, seal_key

    budget = int(current_app.config.get("REPORT_CACHE_BYTES", DEFAULT_BYTES) or 0)
    if budget <= 0:
        return render()
    cache: ReportCache = current_app.extensions.setdefault("report_cache", ReportCache(budget))
    key = report_key(fmt, opened.questionnaire.content_hash, opened.answers, opened.statuses,
                     report_meta(opened, lang), seal_key())
    return cache.get_or_render(key, render)
