"""Tokeniser and recursive-descent parser for conditions (grammar in docs/questionnaire-format.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .ast import Arith, BoolOp, Call, Compare, ListExpr, Literal, Name, Node, Not

FUNCTIONS = ("count", "count_true", "has_any", "has_all", "answered", "unsure", "date")
KEYWORDS = {"and", "or", "not", "in", "true", "false"}
MAX_LENGTH = 4000
MAX_DEPTH = 60

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      | (?P<string>"[^"\\\n]*"|'[^'\\\n]*')
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\+|-)
    """,
    re.VERBOSE,
)


class ParseError(ValueError):
    """A syntax error at a column (0-based) of the condition text."""

    def __init__(self, message: str, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.col = col


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            ch = text[pos]
            hint = " (use == to compare)" if ch == "=" else ""
            hint = " (strings use straight quotes: \"...\")" if ch in "\u201c\u201d\u2018\u2019" else hint
            hint = " (use 'and', 'or', 'not')" if ch in "&|!" else hint
            raise ParseError(f"unexpected character {ch!r}{hint}", pos)
        kind = m.lastgroup or ""
        if kind != "ws":
            yield kind, m.group(), pos
        pos = m.end()
    yield "end", "", len(text)


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = list(_tokens(text))
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def at(self, *values: str) -> bool:
        kind, text, _ = self.tok
        return kind in ("op", "name") and text in values

    def expect(self, value: str, what: str) -> None:
        if not self.at(value):
            kind, text, col = self.tok
            found = "the end of the condition" if kind == "end" else repr(text)
            raise ParseError(f"expected {what}, found {found}", col)
        self.take()

    def deeper(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("condition is nested too deeply", col)

    def parse(self) -> Node:
        node = self.or_expr()
        kind, text, col = self.tok
        if kind != "end":
            hint = " (did you forget 'and' or 'or'?)" if kind in ("name", "string", "number") else ""
            raise ParseError(f"unexpected {text!r}{hint}", col)
        return node

    def or_expr(self) -> Node:
        first = self.and_expr()
        items = [first]
        while self.at("or"):
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else BoolOp(first.col, "or", tuple(items))

    def and_expr(self) -> Node:
        first = self.not_expr()
        items = [first]
        while self.at("and"):
            self.take()
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else BoolOp(first.col, "and", tuple(items))

    def not_expr(self) -> Node:
        if self.at("not"):
            _, _, col = self.take()
            self.deeper(col)
            node = Not(col, self.not_expr())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        left = self.sum()
        kind, text, col = self.tok
        op = None
        if kind == "op" and text in ("==", "!=", "<", "<=", ">", ">="):
            op = text
            self.take()
        elif self.at("in"):
            op = "in"
            self.take()
        elif self.at("not") and self.toks[self.i + 1][1] == "in":
            op = "not in"
            self.take()
            self.take()
        if op is None:
            return left
        right = self.sum()
        node: Node = Compare(col, op, left, right)
        if self.tok[0] == "op" and self.tok[1] in ("==", "!=", "<", "<=", ">", ">="):
            raise ParseError("comparisons cannot be chained: join them with 'and'", self.tok[2])
        return node

    def sum(self) -> Node:
        left = self.atom()
        while self.tok[0] == "op" and self.tok[1] in ("+", "-"):
            _, op, col = self.take()
            left = Arith(col, op, left, self.atom())
        return left

    def atom(self) -> Node:
        kind, text, col = self.take()
        if kind == "number":
            return Literal(col, float(text) if any(c in text for c in ".eE") else int(text))
        if kind == "string":
            return Literal(col, text[1:-1])
        if kind == "name":
            if text in ("true", "false"):
                return Literal(col, text == "true")
            if text in KEYWORDS:
                raise ParseError(f"'{text}' cannot start an expression here", col)
            if self.at("("):
                if text not in FUNCTIONS:
                    raise ParseError(
                        f"unknown function '{text}' (functions: {', '.join(FUNCTIONS)})", col
                    )
                self.take()
                self.deeper(col)
                args = self.items(")")
                self.depth -= 1
                return Call(col, text, tuple(args))
            return Name(col, text)
        if kind == "op" and text == "(":
            self.deeper(col)
            node = self.or_expr()
            self.depth -= 1
            self.expect(")", "')'")
            return node
        if kind == "op" and text == "[":
            self.deeper(col)
            items = self.items("]")
            self.depth -= 1
            return ListExpr(col, tuple(items))
        if kind == "op" and text == "-" and self.tok[0] == "number":
            _, num, _ = self.take()
            return Literal(col, -(float(num) if any(c in num for c in ".eE") else int(num)))
        found = "the end of the condition" if kind == "end" else repr(text)
        raise ParseError(f"expected a name, a value or '(', found {found}", col)

    def items(self, close: str) -> list[Node]:
        items: list[Node] = []
        if self.at(close):
            self.take()
            return items
        while True:
            items.append(self.or_expr())
            if self.at(","):
                self.take()
                continue
            self.expect(close, f"',' or '{close}'")
            return items


def parse(text: str) -> Node:
    """Parse a condition, or raise ParseError with the column of the problem."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"condition is longer than {MAX_LENGTH} characters", 0)
    if not text.strip():
        raise ParseError("empty condition", 0)
    return _Parser(text).parse()


def names_in(node: Node) -> list[tuple[str, int]]:
    """Every name the condition refers to, with its column, in reading order."""
    out: list[tuple[str, int]] = []

    def walk(n: Node) -> None:
        if isinstance(n, Name):
            out.append((n.name, n.col))
        elif isinstance(n, Not):
            walk(n.operand)
        elif isinstance(n, BoolOp):
            for o in n.operands:
                walk(o)
        elif isinstance(n, Compare | Arith):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call | ListExpr):
            for a in n.args if isinstance(n, Call) else n.items:
                walk(a)

    walk(node)
    return out
