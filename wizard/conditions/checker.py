"""Load-time checks of a condition: known names, legal option values, agreeing types."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from .ast import Arith, BoolOp, Call, Compare, ListExpr, Literal, Name, Node, Not

BOOL, NUMBER, DATE, TEXT, ENUM, SET, STRING, LIST = "bool", "number", "date", "text", "enum", "set", "string", "list"
_DESCRIBE = {
    BOOL: "a yes/no value", NUMBER: "a number", DATE: "a date", TEXT: "a text", ENUM: "a single choice",
    SET: "a multiple choice", STRING: "a string", LIST: "a list",
}


@dataclass(frozen=True)
class TypeInfo:
    """The static type of an expression. ``options`` are the legal values of a choice or a set."""

    kind: str
    options: frozenset[str] | None = None
    source: str | None = None  # the question, fact or outcome it comes from, for messages
    literal: str | None = None  # for a string literal: its text
    literals: tuple[str, ...] | None = None  # for a list literal of strings
    symbol: str | None = None  # "question" when the expression is exactly a question's name

    def describe(self) -> str:
        what = _DESCRIBE.get(self.kind, self.kind)
        return f"{what} ('{self.source}')" if self.source else what


SymbolTable = Mapping[str, TypeInfo]


class CheckError(ValueError):
    def __init__(self, message: str, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.col = col


def _suggest(name: str, symbols: SymbolTable) -> str:
    close = difflib.get_close_matches(name, list(symbols), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_option(t: TypeInfo, value: str, col: int) -> None:
    if t.options is not None and value not in t.options:
        close = difflib.get_close_matches(value, sorted(t.options), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (options: {', '.join(sorted(t.options))})"
        raise CheckError(f"'{value}' is not an option of '{t.source}'{hint}", col)


def _string_like(t: TypeInfo) -> bool:
    return t.kind in (STRING, ENUM, TEXT)


def check(node: Node, symbols: SymbolTable) -> TypeInfo:
    """The type of ``node``, or CheckError at the column of the first problem."""
    if isinstance(node, Literal):
        if isinstance(node.value, bool):
            return TypeInfo(BOOL)
        if isinstance(node.value, int | float):
            return TypeInfo(NUMBER)
        return TypeInfo(STRING, literal=node.value)
    if isinstance(node, Name):
        if node.name not in symbols:
            raise CheckError(
                f"unknown name '{node.name}': not a question, fact or outcome id{_suggest(node.name, symbols)}",
                node.col,
            )
        return symbols[node.name]
    if isinstance(node, ListExpr):
        types = [check(i, symbols) for i in node.items]
        if all(t.kind == STRING for t in types):
            return TypeInfo(LIST, literals=tuple(t.literal or "" for t in types))
        if all(t.kind == NUMBER for t in types):
            return TypeInfo(LIST)
        raise CheckError("a list must hold only strings or only numbers", node.col)
    if isinstance(node, Not):
        _expect_bool(check(node.operand, symbols), "'not'", node.operand.col)
        return TypeInfo(BOOL)
    if isinstance(node, BoolOp):
        for operand in node.operands:
            _expect_bool(check(operand, symbols), f"'{node.op}'", operand.col)
        return TypeInfo(BOOL)
    if isinstance(node, Arith):
        for side in (node.left, node.right):
            t = check(side, symbols)
            if t.kind != NUMBER:
                raise CheckError(f"'{node.op}' needs numbers, not {t.describe()}", side.col)
        return TypeInfo(NUMBER)
    if isinstance(node, Compare):
        return _check_compare(node, symbols)
    if isinstance(node, Call):
        return _check_call(node, symbols)
    raise CheckError("unsupported expression", node.col)  # pragma: no cover - parser builds no other node


def _expect_bool(t: TypeInfo, where: str, col: int) -> None:
    if t.kind != BOOL:
        hint = ""
        if t.kind in (ENUM, SET):
            hint = (f': compare it, e.g. {t.source} == "..."' if t.kind == ENUM
                    else f': test it, e.g. "..." in {t.source}')
        raise CheckError(f"{where} needs a yes/no value, not {t.describe()}{hint}", col)


def _check_compare(node: Compare, symbols: SymbolTable) -> TypeInfo:
    left, right = check(node.left, symbols), check(node.right, symbols)
    if node.op in ("in", "not in"):
        if right.kind == SET:
            if left.kind == STRING and left.literal is not None:
                _check_option(right, left.literal, node.left.col)
            elif left.kind != ENUM:
                raise CheckError(f"'{node.op}' tests a string or a choice against {right.describe()}", node.left.col)
            return TypeInfo(BOOL)
        if right.kind == LIST:
            if left.kind == ENUM and right.literals is not None:
                for value in right.literals:
                    _check_option(left, value, node.right.col)
            elif left.kind == NUMBER and right.literals is None:
                pass
            elif not _string_like(left):
                raise CheckError(f"cannot test {left.describe()} against a list", node.left.col)
            return TypeInfo(BOOL)
        raise CheckError(
            f"the right side of '{node.op}' must be a multiple choice or a [list], not {right.describe()}",
            node.right.col,
        )
    if node.op in ("==", "!="):
        if left.kind == STRING and right.kind == ENUM:
            left, right = right, left
        if left.kind == ENUM and right.kind == STRING:
            _check_option(left, right.literal or "", node.right.col if node.right else node.col)
            return TypeInfo(BOOL)
        if left.kind == SET or right.kind == SET:
            raise CheckError("a multiple choice cannot be compared with ==: use 'in', has_any() or has_all()", node.col)
        if _string_like(left) and _string_like(right):
            return TypeInfo(BOOL)
        if left.kind == right.kind:
            return TypeInfo(BOOL)
        raise CheckError(f"cannot compare {left.describe()} with {right.describe()}", node.col)
    for side, t in ((node.left, left), (node.right, right)):
        if t.kind not in (NUMBER, DATE):
            raise CheckError(f"'{node.op}' compares numbers or dates, not {t.describe()}", side.col)
    if left.kind != right.kind:
        raise CheckError(f"cannot compare {left.describe()} with {right.describe()}", node.col)
    return TypeInfo(BOOL)


def _check_call(node: Call, symbols: SymbolTable) -> TypeInfo:
    args = node.args
    name = node.func
    if name == "date":
        if len(args) != 1 or not isinstance(args[0], Literal) or not isinstance(args[0].value, str):
            raise CheckError('date() takes one string: date("YYYY-MM-DD")', node.col)
        try:
            dt.date.fromisoformat(args[0].value)
        except ValueError:
            raise CheckError(f"'{args[0].value}' is not a date (write YYYY-MM-DD)", args[0].col) from None
        return TypeInfo(DATE)
    if name in ("answered", "unsure"):
        if len(args) != 1 or not isinstance(args[0], Name):
            raise CheckError(f"{name}() takes one question id", node.col)
        t = check(args[0], symbols)
        if t.symbol != "question":
            raise CheckError(f"{name}() takes a question id, and '{args[0].name}' is not a question", args[0].col)
        return TypeInfo(BOOL)
    if name == "count":
        if len(args) != 1:
            raise CheckError("count() takes one multiple-choice question or fact", node.col)
        t = check(args[0], symbols)
        if t.kind != SET:
            raise CheckError(
                f"count() counts a multiple choice, not {t.describe()} (use count_true() for yes/no values)",
                args[0].col)
        return TypeInfo(NUMBER)
    if name == "count_true":
        if not args:
            raise CheckError("count_true() needs at least one yes/no value", node.col)
        for a in args:
            _expect_bool(check(a, symbols), "count_true()", a.col)
        return TypeInfo(NUMBER)
    if name in ("has_any", "has_all"):
        if len(args) != 2:
            raise CheckError(f'{name}() takes a multiple choice and a list: {name}(m, ["a", "b"])', node.col)
        m, lst = check(args[0], symbols), check(args[1], symbols)
        if m.kind != SET:
            raise CheckError(f"{name}() needs a multiple choice first, not {m.describe()}", args[0].col)
        if lst.kind != LIST or lst.literals is None:
            raise CheckError(f"{name}() needs a list of option values second", args[1].col)
        for value in lst.literals:
            _check_option(m, value, args[1].col)
        return TypeInfo(BOOL)
    raise CheckError(f"unknown function '{name}'", node.col)  # pragma: no cover - parser refuses it
