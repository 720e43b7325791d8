"""Syntax tree of a condition. Every node records its column (0-based) in the source text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class Node:
    col: int


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class Literal(Node):
    value: Any  # bool, int, float, str


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class Name(Node):
    name: str


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class ListExpr(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class Not(Node):
    operand: Node


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class BoolOp(Node):
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class Compare(Node):
    op: str  # == != < <= > >= in "not in"
    left: Node
    right: Node


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class Arith(Node):
    op: str  # + -
    left: Node
    right: Node


@dataclass(frozen=True, eq=False)  # identity: nodes are keys of caches
class Call(Node):
    func: str
    args: tuple[Node, ...]
