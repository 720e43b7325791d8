"""Scenario coverage: which rules, outcome values, obligations and options no scenario exercises,
and which conditions can never be true whatever the answers (dead sections, unreachable rules).

Pure: takes a questionnaire and the results of its scenarios. The "never true" analysis evaluates
every condition with every answer unknown: the engine's three-valued logic then says False only for a
condition that is false for every possible set of answers, so what it reports is certainly dead (a
contradiction it cannot see, such as ``a and not a``, is not reported). Conditions that read
``unsure(q)`` or ``answered(q)``, directly or through a fact, an outcome or a question's visibility,
are left out: those functions tell "not sure" from a real answer, which "unknown" cannot stand for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..conditions import ParseError, names_in, parse
from ..conditions.values import UNKNOWN, truth
from ..engine.result import Result
from ..engine.state import State
from ..questionnaire import UNSURE, Questionnaire
from ..questionnaire.loader import compiled_of, position_of

#: The kinds of items counted, with the words used for them.
KINDS = (("rules", "rules"), ("values", "outcome values"), ("obligations", "obligations"),
         ("options", "options"))


@dataclass
class Coverage:
    """Every countable item by kind, the ones scenarios exercised, and the dead conditions."""

    items: dict[str, list[str]] = field(default_factory=dict)
    exercised: dict[str, set[str]] = field(default_factory=dict)
    #: item -> "path:line:col" where it is written (when the questionnaire was loaded with positions)
    where: dict[str, str] = field(default_factory=dict)
    dead: list[str] = field(default_factory=list)
    scenarios: int = 0

    def missing(self, kind: str) -> list[str]:
        """Items of ``kind`` that no scenario exercises, in questionnaire order."""
        return [i for i in self.items[kind] if i not in self.exercised[kind]]

    def percent(self, kind: str | None = None) -> float:
        """Share of items exercised (of one kind, or of all), in percent; 100 when there is none."""
        kinds = [kind] if kind else [k for k, _ in KINDS]
        total = sum(len(self.items[k]) for k in kinds)
        done = sum(len([i for i in self.items[k] if i in self.exercised[k]]) for k in kinds)
        return 100.0 if total == 0 else 100.0 * done / total


def _at(q: Questionnaire, key: str, index: int, loc: tuple[int | str, ...] = ()) -> str:
    pos = position_of(q, key, index, loc)
    return f"{pos.path}:{pos.line}:{pos.column}" if pos is not None and pos.line else ""


def _items(q: Questionnaire) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Every countable item by kind, and where each is written."""
    where: dict[str, str] = {}
    items: dict[str, list[str]] = {k: [] for k, _ in KINDS}
    for oi, outcome in enumerate(q.outcomes):
        for ri, rule in enumerate(outcome.rules):
            name = f"{outcome.id}.{rule.id}"
            items["rules"].append(name)
            where[name] = _at(q, "outcomes", oi, ("rules", ri))
        for vi, value in enumerate(outcome.values):
            name = f"{outcome.id}={value.value}"
            items["values"].append(name)
            where[name] = _at(q, "outcomes", oi, ("values", vi))
    for i, obligation in enumerate(q.obligations):
        items["obligations"].append(obligation.id)
        where[obligation.id] = _at(q, "obligations", i)
    for si, section in enumerate(q.sections):
        for qi, question in enumerate(section.questions):
            for pi, option in enumerate(question.options):
                name = f"{question.id}={option.value}"
                items["options"].append(name)
                where[name] = _at(q, "sections", si, ("questions", qi, "options", pi))
    return items, where


def exercised_by(result: Result) -> dict[str, set[str]]:
    """What one evaluated scenario exercises: rules fired, values given, obligations, options chosen."""
    q = result.questionnaire
    out: dict[str, set[str]] = {k: set() for k, _ in KINDS}
    for oid, outcome in result.outcomes.items():
        out["rules"].update(f"{oid}.{rule.id}" for rule in outcome.fired)
        values = outcome.value if isinstance(outcome.value, tuple) else (outcome.value,)
        out["values"].update(f"{oid}={v}" for v in values if v is not None)
    out["obligations"].update(o.id for o in result.obligations if o.certain)
    for qid, answer in result.answers.items():
        question = q.questions.get(qid)
        if question is None or not question.options:
            continue
        chosen = answer if isinstance(answer, list | tuple) else [answer]
        out["options"].update(f"{qid}={value}" for value in chosen if isinstance(value, str))
    return out


_ANSWER_STATE = re.compile(r"\b(unsure|answered)\s*\(")


def _names(condition: str | None) -> set[str]:
    if not condition:
        return set()
    try:
        return {name for name, _ in names_in(parse(condition))}
    except ParseError:
        return set()


def _answer_state_names(q: Questionnaire) -> set[str]:
    """Questions, facts and outcomes whose value depends on ``unsure()`` or ``answered()``."""
    reads: dict[str, set[str]] = {}
    seeds: set[str] = set()
    for section in q.sections:
        for question in section.questions:
            texts = [section.show_if, question.show_if]
            reads[question.id] = _names(section.show_if) | _names(question.show_if)
            if any(t and _ANSWER_STATE.search(t) for t in texts):
                seeds.add(question.id)
    for fact in q.facts:
        reads[fact.id] = _names(fact.value)
        if _ANSWER_STATE.search(fact.value):
            seeds.add(fact.id)
    for outcome in q.outcomes:
        reads[outcome.id] = set().union(*(_names(r.if_) for r in outcome.rules))
        if any(_ANSWER_STATE.search(r.if_) for r in outcome.rules):
            seeds.add(outcome.id)
    tainted = set(seeds)
    changed = True
    while changed:  # a fixed point over the "reads" graph (small: a few hundred names)
        changed = False
        for name, read in reads.items():
            if name not in tainted and read & tainted:
                tainted.add(name)
                changed = True
    return tainted


def dead_conditions(q: Questionnaire) -> list[str]:
    """Conditions false whatever the answers, and rules that can never be reached, in words."""
    state = State(q, {qid: UNSURE for qid in q.questions})  # every answer unknown
    c = compiled_of(q)
    dead: list[str] = []
    tainted = _answer_state_names(q)

    def certain(condition: str | None) -> bool:
        """Whether the all-unknown evaluation of ``condition`` says something true of every answer set."""
        return not (condition and (_ANSWER_STATE.search(condition) or _names(condition) & tainted))

    def at(text: str, key: str, index: int, loc: tuple[int | str, ...] = ()) -> str:
        where = _at(q, key, index, loc)
        return f"{where}: {text}" if where else text

    for si, section in enumerate(q.sections):
        if not state.section_visible(section.id) and certain(section.show_if):
            dead.append(at(f"section '{section.id}' is never shown: `{section.show_if}` is never true",
                           "sections", si, ("show_if",)))
            continue
        if not state.section_visible(section.id):
            continue
        for qi, question in enumerate(section.questions):
            if not state.question_visible(question.id) and certain(question.show_if):
                dead.append(at(f"question '{question.id}' is never asked: `{question.show_if}` is never true",
                               "sections", si, ("questions", qi, "show_if")))
    for oi, outcome in enumerate(q.outcomes):
        ev = state.outcome(outcome.id)
        fired = {r.id for r in ev.fired}
        unknown = {r.id for r in ev.unknown}
        winner = ev.fired[0].id if outcome.mode == "first" and ev.fired else None
        after_winner = False
        for ri, rule in enumerate(outcome.rules):
            if not certain(rule.if_):
                if rule.id == winner:
                    break  # the evaluation stopped at a rule it cannot judge: the rest is not known
                continue
            if after_winner:
                dead.append(at(f"rule '{outcome.id}.{rule.id}' is never reached: rule '{winner}' before it "
                               "always matches", "outcomes", oi, ("rules", ri)))
            elif rule.id not in fired and rule.id not in unknown:
                dead.append(at(f"rule '{outcome.id}.{rule.id}' never fires: `{rule.if_}` is never true",
                               "outcomes", oi, ("rules", ri, "if")))
            if rule.id == winner:
                after_winner = True
        reachable = {r.value for r in outcome.rules}
        dead += [at(f"value '{outcome.id}={v.value}' is given by no rule", "outcomes", oi, ("values", vi))
                 for vi, v in enumerate(outcome.values) if v.value not in reachable]
    for i, obligation in enumerate(q.obligations):
        value = c.obligations[obligation.id].fn(state.vals)
        if value is not UNKNOWN and truth(value) is False and certain(obligation.applies_if):
            dead.append(at(f"obligation '{obligation.id}' never applies: `{obligation.applies_if}` is never true",
                           "obligations", i, ("applies_if",)))
    return dead


def coverage(q: Questionnaire, results: Iterable[Result]) -> Coverage:
    """Coverage of ``q`` by the results of its scenarios."""
    items, where = _items(q)
    cov = Coverage(items=items, exercised={k: set() for k, _ in KINDS}, where=where)
    for result in results:
        cov.scenarios += 1
        for kind, found in exercised_by(result).items():
            cov.exercised[kind] |= found
    cov.dead = dead_conditions(q)
    return cov


def to_text(q: Questionnaire, cov: Coverage, verbose: bool = True) -> str:
    """The coverage report: a line per kind, then what is not exercised and what is dead."""
    lines = [f"coverage of {q.id} {q.version} by {cov.scenarios} scenario(s): {cov.percent():.1f}%"]
    for kind, words in KINDS:
        done = len(cov.items[kind]) - len(cov.missing(kind))
        lines.append(f"  {words}: {done}/{len(cov.items[kind])} ({cov.percent(kind):.1f}%)")
    if verbose:
        for kind, words in KINDS:
            missing = cov.missing(kind)
            if missing:
                lines.append(f"{words} no scenario exercises ({len(missing)}):")
                lines += [f"  {cov.where[item]}: {item}" if cov.where.get(item) else f"  {item}" for item in missing]
    if cov.dead:
        lines.append(f"conditions that can never be true ({len(cov.dead)}):")
        lines += [f"  {d}" for d in cov.dead]
    return "\n".join(lines) + "\n"
