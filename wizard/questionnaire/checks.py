"""Whole-questionnaire checks: unique ids, cross-references, question constraints, conditions, cycles.

Every check reports through a ``Locator`` so each problem names the file, line and column an editor
must open. All problems are collected; none stops the others from being found.
"""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..conditions import CheckError, ParseError, TypeInfo, check, compile_expr, names_in, parse
from ..conditions.checker import BOOL, DATE, ENUM, NUMBER, SET, TEXT
from .compiled import Compiled, CompiledCondition
from .errors import Problem
from .model import Question, Questionnaire
from .yamlio import Pos

# (list key, index in the merged list, path inside the item, whether to point at the value)
Locator = Callable[[str, int, Sequence[int | str], bool], Pos]

_QUESTION_TYPES: dict[str, str] = {
    "yes_no": BOOL, "yes_no_unsure": BOOL, "single": ENUM, "multiple": SET,
    "text": TEXT, "long_text": TEXT, "number": NUMBER, "date": DATE,
}


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Checker:
    """Runs every check on a merged questionnaire and builds its compiled conditions."""

    def __init__(self, q: Questionnaire, locate: Locator) -> None:
        self.q = q
        self.locate = locate
        self.problems: list[Problem] = []
        self.symbols: dict[str, TypeInfo] = {}
        self.compiled: Compiled | None = None
        # where each question is: (section index, question index)
        self.q_index: dict[str, tuple[int, int]] = {}
        # facts that could not be typed (in a cycle, or with an error): not reported again where used
        self.broken_facts: set[str] = set()

    def error(self, key: str, index: int, loc: Sequence[int | str], message: str, value: bool = False) -> None:
        self.problems.append(self.locate(key, index, loc, value).problem(message))

    # ------------------------------------------------------------------ ids and references
    def check_ids(self) -> None:
        q = self.q
        groups: tuple[tuple[str, tuple[Any, ...]], ...] = (
            ("sections", q.sections), ("facts", q.facts), ("outcomes", q.outcomes),
            ("obligations", q.obligations), ("dates", q.dates), ("priorities", q.priorities),
            ("roles", q.roles), ("instruments", q.instruments),
        )
        for key, items in groups:
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if item.id in seen:
                    self.error(key, i, ("id",), f"duplicate {key[:-1] if key != 'priorities' else 'priority'} "
                               f"id '{item.id}' (also used at item {seen[item.id] + 1} of '{key}')", True)
                seen.setdefault(item.id, i)
        names: dict[str, str] = {}
        for si, section in enumerate(q.sections):
            for qi, question in enumerate(section.questions):
                if question.id in names:
                    self.error("sections", si, ("questions", qi, "id"),
                               f"duplicate id '{question.id}': already the id of a {names[question.id]}", True)
                    continue
                names[question.id] = "question"
                self.q_index[question.id] = (si, qi)
        named: tuple[tuple[str, tuple[Any, ...], str], ...] = (
            ("facts", q.facts, "fact"), ("outcomes", q.outcomes, "outcome"))
        for key, items, kind in named:
            for i, item in enumerate(items):
                if item.id in names and names[item.id] != kind:
                    self.error(key, i, ("id",), f"'{item.id}' is already the id of a {names[item.id]}: "
                               "questions, facts and outcomes share one set of names", True)
                names.setdefault(item.id, kind)
        rule_ids: set[str] = set()
        for oi, outcome in enumerate(q.outcomes):
            values = [v.value for v in outcome.values]
            for vi, value in enumerate(values):
                if value in values[:vi]:
                    self.error("outcomes", oi, ("values", vi, "value"), f"duplicate value '{value}'", True)
            for ri, rule in enumerate(outcome.rules):
                if rule.id in rule_ids:
                    self.error("outcomes", oi, ("rules", ri, "id"), f"duplicate rule id '{rule.id}'", True)
                rule_ids.add(rule.id)
                if rule.value not in values:
                    self.error("outcomes", oi, ("rules", ri, "value"),
                               f"'{rule.value}' is not a declared value of outcome '{outcome.id}'"
                               f"{_hint(rule.value, values)} (values: {', '.join(values)})", True)

    def check_references(self) -> None:
        instruments = {i.id for i in self.q.instruments}

        def refs(key: str, index: int, prefix: tuple[int | str, ...], items: Iterable[Any]) -> None:
            for ri, ref in enumerate(items):
                if ref.instrument not in instruments:
                    self.error(key, index, (*prefix, "references", ri),
                               f"unknown instrument '{ref.instrument}'{_hint(ref.instrument, instruments)}: "
                               "declare it under 'instruments' in the top file", True)

        for si, s in enumerate(self.q.sections):
            for qi, question in enumerate(s.questions):
                refs("sections", si, ("questions", qi), question.references)
                for oi, option in enumerate(question.options):
                    refs("sections", si, ("questions", qi, "options", oi), option.references)
        for oi, outcome in enumerate(self.q.outcomes):
            for ri, rule in enumerate(outcome.rules):
                refs("outcomes", oi, ("rules", ri), rule.references)
        for i, ob in enumerate(self.q.obligations):
            refs("obligations", i, (), ob.references)
            if ob.regulation not in instruments:
                self.error("obligations", i, ("regulation",),
                           f"unknown instrument '{ob.regulation}'{_hint(ob.regulation, instruments)}", True)
            roles = {r.id for r in self.q.roles}
            for bi, role in enumerate(ob.binds):
                if role not in roles:
                    self.error("obligations", i, ("binds", bi),
                               f"unknown role '{role}'{_hint(role, roles)}: declare it under 'roles'", True)
            priorities = {p.id for p in self.q.priorities}
            if ob.priority and ob.priority not in priorities:
                self.error("obligations", i, ("priority",),
                           f"unknown priority '{ob.priority}'{_hint(ob.priority, priorities)}: declare it under "
                           "'priorities'", True)
            dates = {d.id for d in self.q.dates}
            for ai, alt in enumerate(ob.applies_from):
                if alt.date not in dates:
                    try:
                        dt.date.fromisoformat(alt.date)
                    except ValueError:
                        self.error("obligations", i, ("applies_from", ai) if len(ob.applies_from) > 1
                                   or not isinstance(alt.date, str) else ("applies_from",),
                                   f"'{alt.date}' is neither a date id{_hint(alt.date, dates)} nor a date "
                                   "(YYYY-MM-DD)", True)
        for i, d in enumerate(self.q.dates):
            refs("dates", i, (), d.references)

    # ------------------------------------------------------------------ questions
    def check_questions(self) -> None:
        for si, s in enumerate(self.q.sections):
            if not s.questions:
                self.error("sections", si, ("id",), f"section '{s.id}' has no questions")
            for qi, question in enumerate(s.questions):
                for message, field in _question_problems(question):
                    self.error("sections", si, ("questions", qi, *field), message, False)

    # ------------------------------------------------------------------ conditions
    def build_symbols(self) -> None:
        for question in self.q.questions.values():
            kind = _QUESTION_TYPES[question.type]
            options = frozenset(question.option_values) if kind in (ENUM, SET) else None
            self.symbols[question.id] = TypeInfo(kind, options=options, source=question.id, symbol="question")
        for outcome in self.q.outcomes:
            options = frozenset(v.value for v in outcome.values)
            kind = SET if outcome.mode == "all" else ENUM
            self.symbols.setdefault(outcome.id, TypeInfo(kind, options=options, source=outcome.id, symbol="outcome"))

    def _compile(self, text: str, where: tuple[str, int, tuple[int | str, ...]], must_be_bool: bool,
                 symbols: dict[str, TypeInfo]) -> tuple[CompiledCondition | None, TypeInfo | None]:
        key, index, loc = where
        try:
            node = parse(text)
            if {n for n, _ in names_in(node)} & self.broken_facts:
                return None, None  # the broken fact is reported once, where it is defined
            t = check(node, symbols)
        except (ParseError, CheckError) as exc:
            pos = self.locate(key, index, loc, True)
            line_text = text.splitlines()[0] if text.count("\n") == 0 else None
            col = pos.column + exc.col if line_text is not None else pos.column
            self.problems.append(Problem(pos.path, pos.line, col, f"in condition {text!r}: {exc.message}"))
            return None, None
        if must_be_bool and t.kind != BOOL:
            self.error(key, index, loc, f"the condition {text!r} must be yes/no, but it is {t.describe()}", True)
            return None, None
        names = tuple(dict.fromkeys(n for n, _ in names_in(node)))
        return CompiledCondition(node, compile_expr(node, symbols), names), t

    def check_conditions(self) -> Compiled:
        q = self.q
        self.build_symbols()
        compiled = Compiled(symbols=self.symbols)
        # Facts first, in dependency order, so each fact's type is known before it is used.
        fact_deps: dict[str, set[str]] = {}
        fact_nodes: dict[str, Any] = {}
        for fact in q.facts:
            try:
                node = parse(fact.value)
            except ParseError:
                node = None
            fact_nodes[fact.id] = node
            fact_deps[fact.id] = {n for n, _ in names_in(node)} & {f.id for f in q.facts} if node else set()
        order, cyclic = _topological(fact_deps)
        self.broken_facts.update(cyclic)
        for fid in cyclic:
            i = next(i for i, f in enumerate(q.facts) if f.id == fid)
            cycle = " -> ".join(_find_cycle(fact_deps, fid))
            self.error("facts", i, ("value",), f"fact '{fid}' depends on itself: {cycle}", True)
        fact_pos = {f.id: i for i, f in enumerate(q.facts)}
        for fid in order:
            i = fact_pos[fid]
            if fid in self.broken_facts:
                continue
            cond, t = self._compile(q.facts[i].value, ("facts", i, ("value",)), False, self.symbols)
            if cond and t:
                compiled.facts[fid] = cond
                self.symbols[fid] = TypeInfo(t.kind, options=t.options, source=fid, symbol="fact")
            else:
                self.broken_facts.add(fid)
        for si, s in enumerate(q.sections):
            if s.show_if:
                cond, _ = self._compile(s.show_if, ("sections", si, ("show_if",)), True, self.symbols)
                if cond:
                    compiled.section_show[s.id] = cond
            for qi, question in enumerate(s.questions):
                if question.show_if:
                    cond, _ = self._compile(question.show_if, ("sections", si, ("questions", qi, "show_if")), True,
                                            self.symbols)
                    if cond:
                        compiled.question_show[question.id] = cond
        for oi, outcome in enumerate(q.outcomes):
            for ri, rule in enumerate(outcome.rules):
                cond, _ = self._compile(rule.if_, ("outcomes", oi, ("rules", ri, "if")), True, self.symbols)
                if cond:
                    compiled.rules[(outcome.id, rule.id)] = cond
        for i, ob in enumerate(q.obligations):
            cond, _ = self._compile(ob.applies_if, ("obligations", i, ("applies_if",)), True, self.symbols)
            if cond:
                compiled.obligations[ob.id] = cond
            for ai, alt in enumerate(ob.applies_from):
                if alt.if_:
                    cond, _ = self._compile(alt.if_, ("obligations", i, ("applies_from", ai, "if")), True,
                                            self.symbols)
                    if cond:
                        compiled.date_alternatives[(ob.id, ai)] = cond
        self._check_cycles(compiled)
        self.compiled = compiled
        return compiled

    def _check_cycles(self, compiled: Compiled) -> None:
        """Questions (through show_if), facts and outcomes must not depend on themselves."""
        q = self.q
        deps: dict[str, set[str]] = {}
        for s in q.sections:
            section_names = set(compiled.section_show[s.id].names) if s.id in compiled.section_show else set()
            for question in s.questions:
                own = set(compiled.question_show[question.id].names) if question.id in compiled.question_show else set()
                deps[question.id] = section_names | own
        for fid, cond in compiled.facts.items():
            deps[fid] = set(cond.names)
        for outcome in q.outcomes:
            deps[outcome.id] = {n for r in outcome.rules if (outcome.id, r.id) in compiled.rules
                                for n in compiled.rules[(outcome.id, r.id)].names}
        compiled.depends_on.update({k: frozenset(v) for k, v in deps.items()})
        _, cyclic = _topological(deps)
        reported: set[str] = set()
        for name in cyclic:
            cycle = _find_cycle(deps, name)
            if not cycle or set(cycle) & reported:
                continue
            reported.update(cycle)
            where = self._where(name)
            if where:
                self.error(*where, f"'{name}' depends on itself: {' -> '.join(cycle)} (a show_if, fact or rule "
                           "must not lead back to what it decides)", True)
        if not cyclic:
            for name in deps:
                compiled.questions_behind[name] = tuple(_questions_behind(name, deps, q.questions))
            plan_deps: dict[str, set[str]] = {}
            for s in q.sections:
                key = f"section:{s.id}"
                plan_deps[key] = set(compiled.section_show[s.id].names) if s.id in compiled.section_show else set()
                for question in s.questions:
                    shown_if = compiled.question_show.get(question.id)
                    plan_deps[question.id] = {key, *(shown_if.names if shown_if else ())}
            for name in compiled.facts:
                plan_deps[name] = set(deps[name])
            for outcome in q.outcomes:
                plan_deps[outcome.id] = set(deps[outcome.id])
            kinds = {name: ("q" if name in q.questions else "s" if name.startswith("section:")
                            else "f" if name in compiled.facts else "o") for name in plan_deps}
            compiled.plan = tuple(_grouped_order(plan_deps, kinds, _topological(plan_deps)[0]))

    def _where(self, name: str) -> tuple[str, int, tuple[int | str, ...]] | None:
        if name in self.q_index:
            si, qi = self.q_index[name]
            return ("sections", si, ("questions", qi, "show_if"))
        for i, f in enumerate(self.q.facts):
            if f.id == name:
                return ("facts", i, ("value",))
        for i, o in enumerate(self.q.outcomes):
            if o.id == name:
                return ("outcomes", i, ("id",))
        return None


def _question_problems(question: Question) -> list[tuple[str, tuple[str, ...]]]:
    """Constraints of one question that its type implies."""
    out: list[tuple[str, tuple[str, ...]]] = []
    t = question.type
    if t in ("single", "multiple"):
        if len(question.options) < 2:
            where = ("options",) if question.options else ("type",)
            out.append((f"a '{t}' question needs at least two options", where))
        seen: set[str] = set()
        for oi, option in enumerate(question.options):
            if option.value in seen:
                out.append((f"duplicate option value '{option.value}'", ("options", str(oi), "value")))
            seen.add(option.value)
            if option.exclusive and t != "multiple":
                out.append(("'exclusive' only makes sense in a 'multiple' question", ("options", str(oi), "exclusive")))
    elif question.options:
        out.append((f"a '{t}' question has no options: use type 'single' or 'multiple'", ("options",)))
    if t != "number":
        for key in ("min", "max", "step", "unit"):
            if getattr(question, key) is not None:
                out.append((f"'{key}' only applies to 'number' questions", (key,)))
    elif question.min is not None and question.max is not None and question.min > question.max:
        out.append((f"'min' ({question.min:g}) is greater than 'max' ({question.max:g})", ("min",)))
    if t not in ("text", "long_text") and question.max_length is not None:
        out.append(("'max_length' only applies to 'text' and 'long_text' questions", ("max_length",)))
    if t != "multiple":
        for key in ("min_choices", "max_choices"):
            if getattr(question, key) is not None:
                out.append((f"'{key}' only applies to 'multiple' questions", (key,)))
    elif question.min_choices is not None and question.max_choices is not None and \
            question.min_choices > question.max_choices:
        out.append(("'min_choices' is greater than 'max_choices'", ("min_choices",)))
    if t != "date":
        for key in ("min_date", "max_date"):
            if getattr(question, key) is not None:
                out.append((f"'{key}' only applies to 'date' questions", (key,)))
    else:
        for key in ("min_date", "max_date"):
            value = getattr(question, key)
            if value is not None:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    out.append((f"'{value}' is not a valid date", (key,)))
    if t in ("text", "long_text") and question.allow_unsure:
        out.append(("a text question cannot offer 'not sure': leave it optional instead", ("allow_unsure",)))
    return [(m, tuple(int(p) if p.isdigit() else p for p in f)) for m, f in out]  # type: ignore[misc]


def _topological(deps: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """Names in an order where each comes after what it depends on, and the names caught in cycles."""
    order: list[str] = []
    state: dict[str, int] = {}
    cyclic: list[str] = []
    for start in deps:
        if state.get(start):
            continue
        stack: list[tuple[str, Any]] = [(start, iter(sorted(deps.get(start, ()))))]
        state[start] = 1
        while stack:
            name, it = stack[-1]
            advanced = False
            for child in it:
                if child not in deps:
                    continue
                if state.get(child) == 1:
                    cyclic.append(child)
                    continue
                if not state.get(child):
                    state[child] = 1
                    stack.append((child, iter(sorted(deps.get(child, ())))))
                    advanced = True
                    break
            if not advanced:
                state[name] = 2
                order.append(name)
                stack.pop()
    return order, list(dict.fromkeys(cyclic))


def _grouped_order(deps: dict[str, set[str]], kinds: dict[str, str], order: list[str]) -> list[str]:
    """A dependency order (of an acyclic graph) that keeps names of one kind together where it can.

    Any dependency order is correct; this one lets evaluation run long stretches of questions, then
    facts, then outcomes, each in a loop of its own. Ties follow ``order`` (questionnaire order).
    """
    position = {name: i for i, name in enumerate(order)}
    waiting = {name: len(d & deps.keys()) for name, d in deps.items()}
    users: dict[str, list[str]] = {name: [] for name in deps}
    for name, d in deps.items():
        for dep in d & deps.keys():
            users[dep].append(name)
    ready: dict[str, list[tuple[int, str]]] = {k: [] for k in sorted(set(kinds.values()))}
    for name, count in waiting.items():
        if not count:
            heapq.heappush(ready[kinds[name]], (position[name], name))
    out: list[str] = []
    kind = ""
    while any(ready.values()):
        if not ready.get(kind):
            kind = max(ready, key=lambda k: (len(ready[k]), k))
        _, name = heapq.heappop(ready[kind])
        out.append(name)
        for user in users[name]:
            waiting[user] -= 1
            if not waiting[user]:
                heapq.heappush(ready[kinds[user]], (position[user], user))
    return out


def _find_cycle(deps: dict[str, set[str]], start: str) -> list[str]:
    """A path start -> ... -> start, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        name, path = stack.pop()
        for child in sorted(deps.get(name, ())):
            if child == start:
                return [*path, start]
            if child in deps and child not in seen:
                seen.add(child)
                stack.append((child, [*path, child]))
    return []


def _questions_behind(name: str, deps: dict[str, set[str]], questions: dict[str, Any]) -> list[str]:
    """The questions whose answers a name ultimately depends on (itself first if it is a question)."""
    out: dict[str, None] = {}
    stack = [name]
    seen = {name}
    while stack:
        current = stack.pop()
        if current in questions:
            out[current] = None
            if current != name:
                continue  # a question's own visibility conditions are not its value
        for child in sorted(deps.get(current, ())):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return list(out)
