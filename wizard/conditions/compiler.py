"""Compile checked conditions into closures, and explain a condition's value.

``compile_expr`` is the fast path used for every evaluation: a closure over a plain dict of values
(``vals[name]``), with ``and``/``or`` short-circuiting in explicit loops. ``explain`` walks the same
tree and also says which names decided the result (the "why" shown to users). Both use the primitive
operations of :mod:`wizard.conditions.values`, so they cannot disagree.

Two reserved keys of ``vals`` serve ``answered()`` and ``unsure()``: ``ANSWERS`` (the raw answers)
and ``VISIBLE`` (question id -> shown).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from . import values as v
from .ast import Arith, BoolOp, Call, Compare, ListExpr, Literal, Name, Node, Not
from .checker import SymbolTable

Fn = Callable[[dict[str, Any]], Any]
ANSWERS = "\x00answers"
VISIBLE = "\x00visible"
_UNKNOWN = v.UNKNOWN
_truth = v.truth


def _options_count(node: Node, symbols: SymbolTable) -> int:
    if isinstance(node, Name) and node.name in symbols:
        options = symbols[node.name].options
        return len(options) if options else 0
    return 0


def _split(operands: tuple[Node, ...], symbols: SymbolTable) -> tuple[list[str], list[str], list[Fn]]:
    """Operands as plain names, negated names and other closures.

    ``and`` and ``or`` are commutative in Kleene logic and conditions have no side effects, so the
    cheap operands (a dict look-up) are tried first; the order never changes the result.
    """
    names = [o.name for o in operands if isinstance(o, Name)]
    negated = [o.operand.name for o in operands if isinstance(o, Not) and isinstance(o.operand, Name)]
    others = [compile_expr(o, symbols) for o in operands
              if not isinstance(o, Name) and not (isinstance(o, Not) and isinstance(o.operand, Name))]
    return names, negated, others


def _and(operands: tuple[Node, ...], symbols: SymbolTable) -> Fn:
    names, negated, fns = _split(operands, symbols)

    def run(vals: dict[str, Any]) -> Any:
        unknown = False
        for n in names:
            t = vals[n]
            if t is True:
                continue
            if t is False or t is None:
                return False
            t = _truth(t)
            if t is False:
                return False
            if t is _UNKNOWN:
                unknown = True
        for n in negated:
            t = vals[n]
            if t is False or t is None:
                continue
            if t is True:
                return False
            t = _truth(t)
            if t is True:
                return False
            if t is _UNKNOWN:
                unknown = True
        for f in fns:
            t = f(vals)
            if t is True:
                continue
            if t is False or t is None:
                return False
            t = _truth(t)
            if t is False:
                return False
            if t is _UNKNOWN:
                unknown = True
        return _UNKNOWN if unknown else True

    return run


def _or(operands: tuple[Node, ...], symbols: SymbolTable) -> Fn:
    names, negated, fns = _split(operands, symbols)

    def run(vals: dict[str, Any]) -> Any:
        unknown = False
        for n in names:
            t = vals[n]
            if t is True:
                return True
            if t is False or t is None:
                continue
            t = _truth(t)
            if t is True:
                return True
            if t is _UNKNOWN:
                unknown = True
        for n in negated:
            t = vals[n]
            if t is False or t is None:
                return True
            if t is True:
                continue
            t = _truth(t)
            if t is False:
                return True
            if t is _UNKNOWN:
                unknown = True
        for f in fns:
            t = f(vals)
            if t is True:
                return True
            if t is False or t is None:
                continue
            t = _truth(t)
            if t is True:
                return True
            if t is _UNKNOWN:
                unknown = True
        return _UNKNOWN if unknown else False

    return run


def _name(name: str) -> Fn:
    def run(vals: dict[str, Any]) -> Any:
        return vals[name]

    return run


def compile_expr(node: Node, symbols: SymbolTable) -> Fn:
    """A closure computing the node's three-valued value from a dict of values."""
    if isinstance(node, Literal):
        const = node.value
        return lambda vals: const
    if isinstance(node, Name):
        return _name(node.name)
    if isinstance(node, ListExpr):
        if all(isinstance(i, Literal) for i in node.items):
            items = frozenset(i.value for i in node.items)  # type: ignore[attr-defined]
            return lambda vals: items
        fns = [compile_expr(i, symbols) for i in node.items]
        return lambda vals: frozenset(f(vals) for f in fns)
    if isinstance(node, Not):
        if isinstance(node.operand, Name):
            name = node.operand.name

            def not_name(vals: dict[str, Any]) -> Any:
                t = vals[name]
                if t is True:
                    return False
                if t is False or t is None:
                    return True
                return v.k_not(t)

            return not_name
        inner = compile_expr(node.operand, symbols)
        return lambda vals: v.k_not(inner(vals))
    if isinstance(node, BoolOp):
        return _and(node.operands, symbols) if node.op == "and" else _or(node.operands, symbols)
    if isinstance(node, Arith):
        left, right, op = compile_expr(node.left, symbols), compile_expr(node.right, symbols), node.op
        return lambda vals: v.arith(op, left(vals), right(vals))
    if isinstance(node, Compare):
        return _compile_compare(node, symbols)
    if isinstance(node, Call):
        return _compile_call(node, symbols)
    raise TypeError(f"cannot compile {node!r}")  # pragma: no cover


def _compile_compare(node: Compare, symbols: SymbolTable) -> Fn:
    op = node.op
    left = compile_expr(node.left, symbols)
    if op in ("==", "!=") and isinstance(node.right, Literal) and isinstance(node.right.value, str):
        const = node.right.value  # the common case, `role == "provider"`, without the generic path

        def eq_const(vals: dict[str, Any]) -> Any:
            x = left(vals)
            if x.__class__ is str:
                return x == const
            return v.eq(x, const)

        if op == "==":
            return eq_const
        return lambda vals: v.k_not(eq_const(vals))
    if op == "in" and isinstance(node.left, Literal) and isinstance(node.right, Name):
        item, set_name = node.left.value, node.right.name  # `"biometric" in data_categories`

        def in_set(vals: dict[str, Any]) -> Any:
            m = vals[set_name]
            if m.__class__ is frozenset:
                return item in m
            return v.contains(item, m)

        return in_set
    if op in ("in", "not in") and isinstance(node.left, Name) and isinstance(node.right, ListExpr) and all(
            isinstance(i, Literal) for i in node.right.items):
        name = node.left.name  # `role in ["provider", "deployer"]`
        allowed = frozenset(i.value for i in node.right.items)  # type: ignore[attr-defined]

        def in_list(vals: dict[str, Any]) -> Any:
            x = vals[name]
            if x.__class__ is str:
                return x in allowed
            return v.contains(x, allowed)

        if op == "in":
            return in_list
        return lambda vals: v.k_not(in_list(vals))
    right = compile_expr(node.right, symbols)
    if op == "==":
        return lambda vals: v.eq(left(vals), right(vals))
    if op == "!=":
        return lambda vals: v.k_not(v.eq(left(vals), right(vals)))
    if op == "in":
        return lambda vals: v.contains(left(vals), right(vals))
    if op == "not in":
        return lambda vals: v.k_not(v.contains(left(vals), right(vals)))
    return lambda vals: v.order(op, left(vals), right(vals))


def _compile_call(node: Call, symbols: SymbolTable) -> Fn:
    name, args = node.func, node.args
    if name == "date":
        const = v.to_date(args[0].value)  # type: ignore[attr-defined]
        return lambda vals: const
    if name in ("answered", "unsure"):
        qid = args[0].name  # type: ignore[attr-defined]
        if name == "answered":
            return lambda vals: bool(vals[VISIBLE].get(qid)) and vals[ANSWERS].get(qid) not in (None, "unsure", [])
        return lambda vals: bool(vals[VISIBLE].get(qid)) and vals[ANSWERS].get(qid) == "unsure"
    fns = [compile_expr(a, symbols) for a in args]
    if name == "count":
        n = _options_count(args[0], symbols)
        inner = fns[0]
        return lambda vals: v.count(inner(vals), n)
    if name == "count_true":
        return lambda vals: v.count_true(f(vals) for f in fns)
    wanted = tuple(i.value for i in args[1].items)  # type: ignore[attr-defined]
    wanted_set = frozenset(wanted)
    m = fns[0]
    if name == "has_any":

        def has_any(vals: dict[str, Any]) -> Any:
            got = m(vals)
            if got.__class__ is frozenset:  # a known selection: plain set logic
                return not wanted_set.isdisjoint(got)
            if got is _UNKNOWN:
                return _UNKNOWN if wanted else False
            return v.has_any(got, wanted)

        return has_any

    def has_all(vals: dict[str, Any]) -> Any:
        got = m(vals)
        if got.__class__ is frozenset:
            return wanted_set <= got
        if got is _UNKNOWN:
            return _UNKNOWN if wanted else True
        return v.has_all(got, wanted)

    return has_all


def explain(node: Node, vals: dict[str, Any], symbols: SymbolTable) -> tuple[Any, list[str]]:
    """The node's value and the names that decided it, in reading order without repeats.

    For ``and``/``or`` only the operands that decided the result count: a false ``and`` is explained
    by its false operands, a true ``or`` by its true ones; an unknown result by its unknown operands.
    """
    value, names = _explain(node, vals, symbols)
    return value, list(dict.fromkeys(names))


def _explain(node: Node, vals: dict[str, Any], symbols: SymbolTable) -> tuple[Any, list[str]]:
    if isinstance(node, Name):
        return vals[node.name], [node.name]
    if isinstance(node, Literal):
        return node.value, []
    if isinstance(node, Not):
        value, names = _explain(node.operand, vals, symbols)
        return v.k_not(value), names
    if isinstance(node, BoolOp):
        parts = [_explain(o, vals, symbols) for o in node.operands]
        value = (v.k_and if node.op == "and" else v.k_or)(p[0] for p in parts)
        if value is v.UNKNOWN:
            deciding = [p for p in parts if v.truth(p[0]) is v.UNKNOWN]
        elif node.op == "and":
            deciding = [p for p in parts if v.truth(p[0]) is False] if value is False else parts
        else:
            deciding = [p for p in parts if v.truth(p[0]) is True] if value is True else parts
        return value, [n for p in deciding for n in p[1]]
    if isinstance(node, Call) and node.func in ("answered", "unsure"):
        qid = node.args[0].name  # type: ignore[attr-defined]
        return _compile_call(node, symbols)(vals), [qid]
    if isinstance(node, Call) and node.func == "count_true":
        parts = [_explain(a, vals, symbols) for a in node.args]
        value = v.count_true(p[0] for p in parts)
        deciding = [p for p in parts if v.truth(p[0]) is not False] or parts
        return value, [n for p in deciding for n in p[1]]
    names = [name for child in _children(node) for name in _explain(child, vals, symbols)[1]]
    fn = _EXPLAIN_FNS.get(node)
    if fn is None:
        fn = _EXPLAIN_FNS[node] = compile_expr(node, symbols)
    return fn(vals), names


# Closures for the inner nodes that explain() evaluates, built once per node.
_EXPLAIN_FNS: weakref.WeakKeyDictionary[Node, Fn] = weakref.WeakKeyDictionary()


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Compare | Arith):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, ListExpr):
        return node.items
    return ()
