"""Mutants of a questionnaire: small, realistic editing mistakes, derived from its loaded model.

Each mutant changes one thing an editor could get wrong (an ``and`` written ``or``, a ``not`` dropped
or added, an option missing from a list, a bound moved, a date moved by a day, a rule giving another
value or dropped, an obligation binding the wrong role) and says where, as ``path:line:col``. Mutants
are built from the parsed model, never by editing YAML text, so every one is a questionnaire that loads;
applying one costs a single condition compiled, not a reload.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..conditions import compile_expr
from ..conditions.ast import Arith, BoolOp, Call, Compare, ListExpr, Literal, Name, Node, Not
from ..conditions.checker import BOOL
from ..conditions.unparse import unparse
from ..questionnaire.compiled import Compiled, CompiledCondition
from ..questionnaire.loader import compiled_of
from ..questionnaire.model import LIST_KEYS, Questionnaire
from ..questionnaire.yamlio import Pos, node_pos, read_yaml_file, value_pos

Locate = Callable[[str, int, Sequence[int | str], bool], Pos]
Apply = Callable[[Questionnaire], Questionnaire]

_BOUNDS = {">=": ">", ">": ">=", "<=": "<", "<": "<="}
_BOOL_FUNCTIONS = ("has_any", "has_all", "answered", "unsure")
# the model's cached look-ups, which a changed copy must rebuild
_MODEL_CACHES = ("questions", "_section_of", "_index")


@dataclass(frozen=True)
class Mutant:
    """One change to a questionnaire: where, what, the kind of change, and how to make it."""

    where: Pos
    what: str
    operator: str
    apply: Apply

    def describe(self) -> str:
        """``path:line:col: what was changed``."""
        return f"{self.where.path}:{self.where.line}:{self.where.column}: {self.what}"


def source_locator(top_path: str | os.PathLike[str]) -> Locate:
    """Positions in the source files of a questionnaire: (list key, index in the merged list, loc) -> Pos.

    Reads the top file and its modules again, in the loader's order, so that an item's index in the
    merged model finds the file and line it was written at.
    """
    top = str(top_path)
    raw = read_yaml_file(top)
    sources: list[tuple[str, Any]] = [(top, raw)]
    for include in raw.get("include") or () if isinstance(raw, dict) else ():
        path = (Path(top).parent / str(include)).as_posix()
        module = read_yaml_file(path)
        if isinstance(module, dict):
            sources.append((path, module))
    origins: dict[str, list[tuple[str, Any, int]]] = {key: [] for key in LIST_KEYS}
    for path, data in sources:
        for key in LIST_KEYS:
            for i, _ in enumerate(data.get(key) or ()):
                origins[key].append((path, data, i))

    def locate(key: str, index: int, loc: Sequence[int | str], value: bool) -> Pos:
        path, data, i = origins[key][index]
        full = (key, i, *loc)
        return value_pos(data, full, path) if value else node_pos(data, full, path)

    return locate


# ---------------------------------------------------------------------------------------------- copies
def _with_condition(q: Questionnaire, field: str, key: Any, node: Node) -> Questionnaire:
    """``q`` with one compiled condition replaced (the model is unchanged)."""
    c: Compiled = compiled_of(q)
    cond = CompiledCondition(node, compile_expr(node, c.symbols), c.__dict__[field][key].names)
    fresh = dataclasses.replace(c)
    setattr(fresh, field, {**getattr(c, field), key: cond})
    return _rebuilt(q.model_copy(), fresh)


def _with_model(q: Questionnaire, **update: Any) -> Questionnaire:
    """``q`` with some of its lists replaced (conditions unchanged, evaluation caches dropped)."""
    copy = q.model_copy(update=update)
    for name in _MODEL_CACHES:
        copy.__dict__.pop(name, None)
    return _rebuilt(copy, dataclasses.replace(compiled_of(q)))


def _rebuilt(q: Questionnaire, compiled: Compiled) -> Questionnaire:
    # as the loader does: the copy carries the original's compiled form in both places
    object.__setattr__(q, "_compiled", compiled)
    q.__pydantic_private__ = {"_compiled": compiled}
    return q


def _replace_item(items: tuple[Any, ...], index: int, new: Any) -> tuple[Any, ...]:
    return (*items[:index], new, *items[index + 1:])


def _later(iso: str, days: int = 1) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


# ---------------------------------------------------------------------------------------------- conditions
@dataclass(frozen=True)
class _Site:
    """A condition of the questionnaire: its compiled slot, where it is written, and how to name it."""

    field: str  # attribute of Compiled
    key: Any
    where: tuple[str, int, tuple[int | str, ...]]
    label: str
    text: str
    boolean: bool  # the whole condition is yes/no (so `not` may be added before it)


def _sites(q: Questionnaire, c: Compiled) -> Iterator[_Site]:
    for i, fact in enumerate(q.facts):
        if fact.id in c.facts:
            yield _Site("facts", fact.id, ("facts", i, ("value",)), f"fact '{fact.id}'", fact.value,
                        c.symbols[fact.id].kind == BOOL)
    for si, section in enumerate(q.sections):
        if section.id in c.section_show and section.show_if:
            yield _Site("section_show", section.id, ("sections", si, ("show_if",)),
                        f"show_if of section '{section.id}'", section.show_if, True)
        for qi, question in enumerate(section.questions):
            if question.id in c.question_show and question.show_if:
                yield _Site("question_show", question.id, ("sections", si, ("questions", qi, "show_if")),
                            f"show_if of question '{question.id}'", question.show_if, True)
    for oi, outcome in enumerate(q.outcomes):
        for ri, rule in enumerate(outcome.rules):
            if (outcome.id, rule.id) in c.rules:
                yield _Site("rules", (outcome.id, rule.id), ("outcomes", oi, ("rules", ri, "if")),
                            f"rule '{rule.id}' of '{outcome.id}'", rule.if_, True)
    for i, ob in enumerate(q.obligations):
        if ob.id in c.obligations:
            yield _Site("obligations", ob.id, ("obligations", i, ("applies_if",)),
                        f"obligation '{ob.id}'", ob.applies_if, True)
        for ai, alt in enumerate(ob.applies_from):
            if (ob.id, ai) in c.date_alternatives and alt.if_:
                yield _Site("date_alternatives", (ob.id, ai), ("obligations", i, ("applies_from", ai, "if")),
                            f"date alternative {ai + 1} of obligation '{ob.id}'", alt.if_, True)


def _replaced(node: Node, target: Node, new: Node) -> Node:
    """``node`` with ``target`` (by identity) replaced by ``new``."""
    if node is target:
        return new
    if isinstance(node, Not):
        return Not(node.col, _replaced(node.operand, target, new))
    if isinstance(node, BoolOp):
        return BoolOp(node.col, node.op, tuple(_replaced(o, target, new) for o in node.operands))
    if isinstance(node, Compare):
        return Compare(node.col, node.op, _replaced(node.left, target, new), _replaced(node.right, target, new))
    if isinstance(node, Call):
        return Call(node.col, node.func, tuple(_replaced(a, target, new) for a in node.args))
    if isinstance(node, ListExpr):
        return ListExpr(node.col, tuple(_replaced(i, target, new) for i in node.items))
    return node  # Name, Literal, Arith: nothing to mutate inside


def _start(node: Node) -> int:
    """The column where ``node``'s text starts (a comparison's own column is its operator's)."""
    if isinstance(node, Compare | Arith):
        return _start(node.left)
    if isinstance(node, BoolOp):
        return _start(node.operands[0])
    return node.col


def _is_yes_no(node: Node) -> bool:
    """Whether ``not`` may be put before ``node`` where it stands as an operand of and/or."""
    return isinstance(node, Name | Compare) or (isinstance(node, Call) and node.func in _BOOL_FUNCTIONS)


def _changes(node: Node, root_is_bool: bool) -> Iterator[tuple[str, Node, Node, str]]:
    """(operator, target, replacement, what) for every mutation of one condition tree."""
    if root_is_bool and _is_yes_no(node):
        yield "add_not", node, Not(node.col, node), f"`not` added before `{unparse(node)}`"

    def walk(n: Node) -> Iterator[tuple[str, Node, Node, str]]:
        if isinstance(n, BoolOp):
            other = "or" if n.op == "and" else "and"
            yield "and_or", n, BoolOp(n.col, other, n.operands), f"`{n.op}` turned into `{other}` in `{unparse(n)}`"
            for o in n.operands:
                if _is_yes_no(o):
                    yield "add_not", o, Not(o.col, o), f"`not` added before `{unparse(o)}`"
                yield from walk(o)
        elif isinstance(n, Not):
            yield "drop_not", n, n.operand, f"`not` dropped from `{unparse(n)}`"
            yield from walk(n.operand)
        elif isinstance(n, Compare):
            if n.op in _BOUNDS:
                moved = Compare(n.col, _BOUNDS[n.op], n.left, n.right)
                yield "bound", n, moved, f"`{n.op}` turned into `{moved.op}` in `{unparse(n)}`"
            if n.op in ("in", "not in") and isinstance(n.right, ListExpr):
                yield from _list_drops(n, n.right)
            yield from walk(n.left)
            yield from walk(n.right)
        elif isinstance(n, Call):
            if n.func == "date" and n.args and isinstance(n.args[0], Literal):
                old = str(n.args[0].value)
                new = Call(n.col, "date", (Literal(n.args[0].col, _later(old)),))
                yield "date", n, new, f"date {old} moved to {_later(old)} in `{unparse(n)}`"
            for a in n.args:
                if n.func in ("has_any", "has_all") and isinstance(a, ListExpr):
                    yield from _list_drops(n, a)
                else:
                    yield from walk(a)

    yield from walk(node)


def _list_drops(owner: Node, items: ListExpr) -> Iterator[tuple[str, Node, Node, str]]:
    if len(items.items) < 2:
        return
    for i, item in enumerate(items.items):
        rest = ListExpr(items.col, (*items.items[:i], *items.items[i + 1:]))
        yield "drop_value", items, rest, f"{unparse(item)} dropped from `{unparse(owner)}`"


def _condition_mutants(q: Questionnaire, c: Compiled, locate: Locate) -> Iterator[Mutant]:
    for site in _sites(q, c):
        root = c.__dict__[site.field][site.key].node
        key, index, loc = site.where
        start = locate(key, index, loc, True)
        one_line = "\n" not in site.text
        for operator, target, replacement, what in _changes(root, site.boolean):
            new_root = _replaced(root, target, replacement)
            # a column inside the condition is exact only when it is written on one line
            col = start.column + _start(target) if one_line else start.column
            where = Pos(start.path, start.line, col)

            def apply(mq: Questionnaire, f: str = site.field, k: Any = site.key, n: Node = new_root) -> Questionnaire:
                return _with_condition(mq, f, k, n)

            yield Mutant(where, f"{what} ({site.label})", operator, apply)


# ---------------------------------------------------------------------------------------------- the model
def _rule_mutants(q: Questionnaire, locate: Locate) -> Iterator[Mutant]:
    for oi, outcome in enumerate(q.outcomes):
        values = [v.value for v in outcome.values]
        for ri, rule in enumerate(outcome.rules):
            if len(values) > 1:
                other = values[(values.index(rule.value) + 1) % len(values)]
                changed = outcome.model_copy(update={"rules": _replace_item(
                    outcome.rules, ri, rule.model_copy(update={"value": other}))})
                yield Mutant(locate("outcomes", oi, ("rules", ri, "value"), True),
                             f"rule '{rule.id}' of '{outcome.id}' gives '{other}' instead of '{rule.value}'",
                             "rule_value", _outcome_swap(oi, changed))
            if len(outcome.rules) > 1:
                dropped = outcome.model_copy(update={"rules": outcome.rules[:ri] + outcome.rules[ri + 1:]})
                yield Mutant(locate("outcomes", oi, ("rules", ri), False),
                             f"rule '{rule.id}' of '{outcome.id}' dropped", "drop_rule", _outcome_swap(oi, dropped))


def _outcome_swap(index: int, outcome: Any) -> Apply:
    def apply(mq: Questionnaire) -> Questionnaire:
        return _with_model(mq, outcomes=_replace_item(mq.outcomes, index, outcome))
    return apply


def _obligation_swap(index: int, obligation: Any) -> Apply:
    def apply(mq: Questionnaire) -> Questionnaire:
        return _with_model(mq, obligations=_replace_item(mq.obligations, index, obligation))
    return apply


def _obligation_mutants(q: Questionnaire, locate: Locate) -> Iterator[Mutant]:
    roles = [r.id for r in q.roles]
    dates = {d.id: d.date for d in q.dates}
    for i, ob in enumerate(q.obligations):
        for bi, role in enumerate(ob.binds):
            start = roles.index(role) if role in roles else -1
            others = [r for r in roles[start + 1:] + roles[:max(start, 0)] if r not in ob.binds]
            if others:
                changed = ob.model_copy(update={"binds": _replace_item(ob.binds, bi, others[0])})
                yield Mutant(locate("obligations", i, ("binds", bi), True),
                             f"obligation '{ob.id}' binds '{others[0]}' instead of '{role}'", "binds",
                             _obligation_swap(i, changed))
        for ai, alt in enumerate(ob.applies_from):
            if alt.date in dates:
                ids = list(dates)
                moved = next((d for d in ids[ids.index(alt.date) + 1:] + ids if dates[d] != dates[alt.date]), None)
                if moved is None:
                    continue
                what = f"obligation '{ob.id}' applies from date '{moved}' instead of '{alt.date}'"
            else:
                moved = _later(alt.date)
                what = f"obligation '{ob.id}' applies from {moved} instead of {alt.date}"
            alts = _replace_item(ob.applies_from, ai, alt.model_copy(update={"date": moved}))
            yield Mutant(locate("obligations", i, ("applies_from", ai, "date"), True), what, "date",
                         _obligation_swap(i, ob.model_copy(update={"applies_from": alts})))


def _date_mutants(q: Questionnaire, locate: Locate) -> Iterator[Mutant]:
    for i, spec in enumerate(q.dates):
        moved = spec.model_copy(update={"date": _later(spec.date)})

        def apply(mq: Questionnaire, index: int = i, new: Any = moved) -> Questionnaire:
            return _with_model(mq, dates=_replace_item(mq.dates, index, new))

        yield Mutant(locate("dates", i, ("date",), True), f"date '{spec.id}' moved from {spec.date} to {moved.date}",
                     "date", apply)


def derive_mutants(q: Questionnaire, locate: Locate) -> list[Mutant]:
    """Every mutant of ``q``, in a stable order (conditions, rules, obligations, dates)."""
    c: Compiled = compiled_of(q)
    return [*_condition_mutants(q, c, locate), *_rule_mutants(q, locate), *_obligation_mutants(q, locate),
            *_date_mutants(q, locate)]
