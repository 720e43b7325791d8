"""Runtime values of the three-valued condition language and the primitive operations on them.

``UNKNOWN`` is an unanswered or "not sure" answer. ``None`` is *not applicable* (a hidden question):
false, no selection, equal to nothing. ``OneOf`` is a choice known to be one of several values (a
provisional outcome); ``PartialSet`` is a set with sure and possible members; ``Range`` is a number
known to lie between two bounds (a count over partly unknown answers). Every operation below follows
Kleene's rules: a result is unknown only when the unknown parts could change it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class Unknown:
    """The single unknown value."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value: use wizard.conditions.values.truth()")


UNKNOWN = Unknown()


@dataclass(frozen=True)
class OneOf:
    """One of several possible values (never fewer than two)."""

    values: frozenset[Any]


@dataclass(frozen=True)
class PartialSet:
    """A set that surely holds ``sure`` and may also hold members of ``maybe``."""

    sure: frozenset[str]
    maybe: frozenset[str]


@dataclass(frozen=True)
class Range:
    """A number known to lie in [lo, hi]."""

    lo: float
    hi: float


Value = Any


def make_range(lo: float, hi: float) -> Value:
    return lo if lo == hi else Range(lo, hi)


def truth(v: Value) -> Value:
    """The value as True, False or UNKNOWN in a boolean context (absent is false)."""
    if v is True or v is False or v is UNKNOWN:
        return v
    if v is None:
        return False
    if isinstance(v, OneOf):
        kinds = {bool(x) for x in v.values}
        return kinds.pop() if len(kinds) == 1 else UNKNOWN
    if isinstance(v, PartialSet):
        return True if v.sure else UNKNOWN
    if isinstance(v, Range):
        return True if v.lo > 0 or v.hi < 0 else UNKNOWN
    return bool(v)


def k_not(v: Value) -> Value:
    t = truth(v)
    return t if t is UNKNOWN else not t


def k_and(values: Iterable[Value]) -> Value:
    unknown = False
    for v in values:
        t = truth(v)
        if t is False:
            return False
        if t is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else True


def k_or(values: Iterable[Value]) -> Value:
    unknown = False
    for v in values:
        t = truth(v)
        if t is True:
            return True
        if t is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else False


def _bounds(v: Value) -> tuple[Any, Any]:
    if isinstance(v, Range):
        return v.lo, v.hi
    return v, v


def eq(a: Value, b: Value) -> Value:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is None or b is None:
        return False
    if isinstance(b, OneOf) and not isinstance(a, OneOf):
        a, b = b, a
    if isinstance(a, OneOf):
        others = b.values if isinstance(b, OneOf) else frozenset([b])
        if not (a.values & others):
            return False
        return UNKNOWN
    if isinstance(a, Range) or isinstance(b, Range):
        alo, ahi = _bounds(a)
        blo, bhi = _bounds(b)
        if ahi < blo or bhi < alo:
            return False
        return UNKNOWN
    if isinstance(a, PartialSet) or isinstance(b, PartialSet):
        return UNKNOWN
    return a == b


def order(op: str, a: Value, b: Value) -> Value:
    """``a op b`` for <, <=, >, >= over numbers, ranges and dates."""
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is None or b is None:
        return False
    if op in ("<", "<="):
        a, b = b, a
        op = ">" if op == "<" else ">="
    alo, ahi = _bounds(a)
    blo, bhi = _bounds(b)
    if op == ">=":
        if alo >= bhi:
            return True
        return False if ahi < blo else UNKNOWN
    if alo > bhi:
        return True
    return False if ahi <= blo else UNKNOWN


def contains(item: Value, coll: Value) -> Value:
    """``item in coll`` for a list literal, a set of options, a partial set."""
    if coll is None or item is None:
        return False
    if coll is UNKNOWN or item is UNKNOWN:
        return UNKNOWN
    items = item.values if isinstance(item, OneOf) else (item,)
    results = []
    for x in items:
        if isinstance(coll, PartialSet):
            results.append(True if x in coll.sure else (UNKNOWN if x in coll.maybe else False))
        else:
            results.append(x in coll)
    if all(r is True for r in results):
        return True
    if all(r is False for r in results):
        return False
    return UNKNOWN


def count(v: Value, n_options: int) -> Value:
    if v is None:
        return 0
    if v is UNKNOWN:
        return Range(0, n_options)
    if isinstance(v, PartialSet):
        return make_range(len(v.sure), len(v.sure | v.maybe))
    return len(v)


def count_true(values: Iterable[Value]) -> Value:
    lo = hi = 0
    for v in values:
        t = truth(v)
        if t is True:
            lo += 1
            hi += 1
        elif t is UNKNOWN:
            hi += 1
    return make_range(lo, hi)


def has_any(m: Value, wanted: Iterable[str]) -> Value:
    return k_or(contains(w, m) for w in wanted)


def has_all(m: Value, wanted: Iterable[str]) -> Value:
    return k_and(contains(w, m) for w in wanted)


def arith(op: str, a: Value, b: Value) -> Value:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is None or b is None:
        return None
    alo, ahi = _bounds(a)
    blo, bhi = _bounds(b)
    if op == "+":
        return make_range(alo + blo, ahi + bhi)
    return make_range(alo - bhi, ahi - blo)


def to_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def is_known(v: Value) -> bool:
    """Whether a value is fully determined (no unknown part)."""
    return not (v is UNKNOWN or isinstance(v, OneOf | PartialSet | Range))
