"""Compile checked conditions into closures, and explain a condition's value.

``compile_expr`` is the fast path used for every evaluation; ``explain`` walks the same tree and also
says which names decided the result (the "why" shown to users). Both use the same primitive
operations of :mod:`wizard.conditions.values`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from . import values as v
from .ast import Arith, BoolOp, Call, Compare, ListExpr, Literal, Name, Node, Not
from .checker import SymbolTable

Fn = Callable[["Env"], Any]


class Env(Protocol):
    """What a condition can read: the value of a name, and whether a question was answered or unsure."""

    def value(self, name: str) -> Any: ...
    def answered(self, name: str) -> bool: ...
    def is_unsure(self, name: str) -> bool: ...


def _options_count(node: Node, symbols: SymbolTable) -> int:
    if isinstance(node, Name) and node.name in symbols:
        options = symbols[node.name].options
        return len(options) if options else 0
    return 0


def compile_expr(node: Node, symbols: SymbolTable) -> Fn:
    """A closure computing the node's three-valued value in an environment."""
    if isinstance(node, Literal):
        const = node.value
        return lambda env: const
    if isinstance(node, Name):
        name = node.name
        return lambda env: env.value(name)
    if isinstance(node, ListExpr):
        if all(isinstance(i, Literal) for i in node.items):
            items = frozenset(i.value for i in node.items)  # type: ignore[attr-defined]
            return lambda env: items
        fns = [compile_expr(i, symbols) for i in node.items]
        return lambda env: frozenset(f(env) for f in fns)
    if isinstance(node, Not):
        inner = compile_expr(node.operand, symbols)
        return lambda env: v.k_not(inner(env))
    if isinstance(node, BoolOp):
        fns = [compile_expr(o, symbols) for o in node.operands]
        if node.op == "and":
            return lambda env: v.k_and(f(env) for f in fns)
        return lambda env: v.k_or(f(env) for f in fns)
    if isinstance(node, Arith):
        left, right, op = compile_expr(node.left, symbols), compile_expr(node.right, symbols), node.op
        return lambda env: v.arith(op, left(env), right(env))
    if isinstance(node, Compare):
        left, right = compile_expr(node.left, symbols), compile_expr(node.right, symbols)
        op = node.op
        if op == "==":
            return lambda env: v.eq(left(env), right(env))
        if op == "!=":
            return lambda env: v.k_not(v.eq(left(env), right(env)))
        if op == "in":
            return lambda env: v.contains(left(env), right(env))
        if op == "not in":
            return lambda env: v.k_not(v.contains(left(env), right(env)))
        return lambda env: v.order(op, left(env), right(env))
    if isinstance(node, Call):
        return _compile_call(node, symbols)
    raise TypeError(f"cannot compile {node!r}")  # pragma: no cover


def _compile_call(node: Call, symbols: SymbolTable) -> Fn:
    name, args = node.func, node.args
    if name == "date":
        const = v.to_date(args[0].value)  # type: ignore[attr-defined]
        return lambda env: const
    if name in ("answered", "unsure"):
        qid = args[0].name  # type: ignore[attr-defined]
        if name == "answered":
            return lambda env: env.answered(qid)
        return lambda env: env.is_unsure(qid)
    fns = [compile_expr(a, symbols) for a in args]
    if name == "count":
        n = _options_count(args[0], symbols)
        inner = fns[0]
        return lambda env: v.count(inner(env), n)
    if name == "count_true":
        return lambda env: v.count_true(f(env) for f in fns)
    wanted = tuple(i.value for i in args[1].items)  # type: ignore[attr-defined]
    m = fns[0]
    if name == "has_any":
        return lambda env: v.has_any(m(env), wanted)
    return lambda env: v.has_all(m(env), wanted)


def explain(node: Node, env: Env, symbols: SymbolTable) -> tuple[Any, list[str]]:
    """The node's value and the names that decided it, in reading order without repeats.

    For ``and``/``or`` only the operands that decided the result count: a false ``and`` is explained
    by its false operands, a true ``or`` by its true ones; an unknown result by its unknown operands.
    """
    value, names = _explain(node, env, symbols)
    seen: dict[str, None] = dict.fromkeys(names)
    return value, list(seen)


def _explain(node: Node, env: Env, symbols: SymbolTable) -> tuple[Any, list[str]]:
    if isinstance(node, Name):
        return env.value(node.name), [node.name]
    if isinstance(node, Not):
        value, names = _explain(node.operand, env, symbols)
        return v.k_not(value), names
    if isinstance(node, BoolOp):
        parts = [_explain(o, env, symbols) for o in node.operands]
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
        return compile_expr(node, symbols)(env), [qid]
    if isinstance(node, Call) and node.func == "count_true":
        parts = [_explain(a, env, symbols) for a in node.args]
        value = v.count_true(p[0] for p in parts)
        deciding = [p for p in parts if v.truth(p[0]) is not False] or parts
        return value, [n for p in deciding for n in p[1]]
    names = [name for child in _children(node) for name in _explain(child, env, symbols)[1]]
    return compile_expr(node, symbols)(env), names


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Compare | Arith):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, ListExpr):
        return node.items
    return ()
