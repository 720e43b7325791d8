"""What changes in a result between two evaluations (another version, other answers). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .result import Result


@dataclass(frozen=True, order=True)
class ResultChange:
    """One difference: an outcome's value, an obligation added or removed, an obligation's date.

    ``kind`` is ``outcome``, ``obligation_added``, ``obligation_removed`` or ``date``; ``before`` and
    ``after`` are the values (outcome value(s), dates as ISO strings, or None).
    """

    kind: str
    item: str
    before: Any = None
    after: Any = None

    def words(self) -> str:
        """The change in English words (pages translate from the fields instead)."""
        if self.kind == "outcome":
            return f"outcome '{self.item}': {_show(self.before)} → {_show(self.after)}"
        if self.kind == "obligation_added":
            since = f" (from {self.after})" if self.after else ""
            return f"obligation added: '{self.item}'{since}"
        if self.kind == "obligation_removed":
            return f"obligation removed: '{self.item}'"
        return f"date of '{self.item}': {self.before or 'none'} → {self.after or 'none'}"


def _show(value: Any) -> str:
    if value is None or value == ():
        return "none"
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return str(value)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _value(value: Any) -> Any:
    return tuple(sorted(value)) if isinstance(value, tuple | list | frozenset) else value


def compare_results(before: Result, after: Result) -> list[ResultChange]:
    """Every difference in outcomes and applicable obligations (with their dates), sorted."""
    changes: list[ResultChange] = []
    for oid, new in after.outcomes.items():
        old = before.outcomes.get(oid)
        old_value = _value(old.value) if old is not None else None
        if old_value != _value(new.value):
            changes.append(ResultChange("outcome", oid, old_value, _value(new.value)))
    old_obligations = {o.id: o for o in before.obligations if o.certain}
    new_obligations = {o.id: o for o in after.obligations if o.certain}
    for oid, ob in new_obligations.items():
        if oid not in old_obligations:
            changes.append(ResultChange("obligation_added", oid, None, _iso(ob.applies_from)))
        elif old_obligations[oid].applies_from != ob.applies_from:
            changes.append(ResultChange("date", oid, _iso(old_obligations[oid].applies_from),
                                        _iso(ob.applies_from)))
    changes += [ResultChange("obligation_removed", oid, _iso(ob.applies_from), None)
                for oid, ob in old_obligations.items() if oid not in new_obligations]
    return sorted(changes, key=lambda c: (c.kind, c.item))
