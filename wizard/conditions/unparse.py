"""Write a condition's syntax tree back as text: what an editor would have written for it.

Used to show a changed condition (``questionnaires mutate``) in the editor's own language. The text
parses back to the same tree: parentheses are added only where precedence needs them.
"""

from __future__ import annotations

from .ast import Arith, BoolOp, Call, Compare, ListExpr, Literal, Name, Node, Not

# Binding strength, weakest first, as in the grammar (docs/questionnaire-format.md).
_OR, _AND, _NOT, _COMPARE, _SUM, _ATOM = range(6)


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'" if '"' in value else f'"{value}"'
    return repr(value)


def _strength(node: Node) -> int:
    if isinstance(node, BoolOp):
        return _OR if node.op == "or" else _AND
    if isinstance(node, Not):
        return _NOT
    if isinstance(node, Compare):
        return _COMPARE
    if isinstance(node, Arith):
        return _SUM
    return _ATOM


def _wrapped(node: Node, weakest: int) -> str:
    """The node's text, in parentheses when it binds less strongly than its place needs."""
    text = unparse(node)
    return f"({text})" if _strength(node) < weakest else text


def unparse(node: Node) -> str:
    """The condition text of ``node`` (parsing it gives the same tree, columns aside)."""
    if isinstance(node, Literal):
        return _literal(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, ListExpr):
        return "[" + ", ".join(unparse(i) for i in node.items) + "]"
    if isinstance(node, Call):
        return f"{node.func}(" + ", ".join(unparse(a) for a in node.args) + ")"
    if isinstance(node, Not):
        return "not " + _wrapped(node.operand, _NOT)
    if isinstance(node, BoolOp):
        own = _strength(node)
        # a nested operator of the same kind needs parentheses to stay one operand
        return f" {node.op} ".join(_wrapped(o, own + 1) for o in node.operands)
    if isinstance(node, Compare):
        return f"{_wrapped(node.left, _SUM)} {node.op} {_wrapped(node.right, _SUM)}"
    if isinstance(node, Arith):
        return f"{_wrapped(node.left, _SUM)} {node.op} {_wrapped(node.right, _ATOM)}"
    raise TypeError(f"not a condition node: {node!r}")

