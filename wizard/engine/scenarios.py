"""Scenario files: answers plus the outcomes and obligations they must give. Run by editors and pytest."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..conditions.values import UNKNOWN, OneOf, PartialSet
from ..questionnaire.errors import Problem, QuestionnaireError
from ..questionnaire.model import Questionnaire
from ..questionnaire.yamlio import node_pos, to_plain
from .answers_file import SCENARIO_KEYS, pick_questionnaire, read_answers_header, validate_answers
from .evaluate import evaluate
from .result import OutcomeResult, Result

EXPECT_KEYS = ("outcomes", "facts", "obligations", "binds", "roles", "dates", "actions_first", "provisional",
               "complete")
OBLIGATION_KEYS = ("include", "exclude", "exactly", "possible")
OUTCOME_KEYS = ("value", "provisional", "possible", "settle")


@dataclass
class ScenarioRun:
    """One scenario's verdict: the differences found (none means it passed) and any warnings."""

    path: str
    title: str
    questionnaire_id: str | None
    differences: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    result: Result | None = None

    @property
    def passed(self) -> bool:
        return not self.differences and not self.problems


def find_scenarios(paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            out += sorted(str(f) for f in Path(p).glob("*.yaml")) + sorted(str(f) for f in Path(p).glob("*.yml"))
        else:
            out.append(p)
    return out


def _show(value: Any) -> str:
    if value is UNKNOWN:
        return "unknown"
    if isinstance(value, OneOf):
        return "one of " + ", ".join(sorted(map(str, value.values)))
    if isinstance(value, PartialSet):
        return f"[{', '.join(sorted(value.sure))}] and maybe [{', '.join(sorted(value.maybe))}]"
    if isinstance(value, frozenset | set | tuple | list):
        return "[" + ", ".join(sorted(map(str, value))) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "none" if value is None else str(value)


def _same(expected: Any, actual: Any) -> bool:
    if actual is UNKNOWN or expected == "unknown":
        # a scenario writes `unknown` for a value that "not sure" or a missing answer leaves open
        return actual is UNKNOWN and expected == "unknown"
    if isinstance(expected, list):
        if not isinstance(actual, tuple | frozenset | set | list):
            return False
        return sorted(map(str, expected)) == sorted(map(str, actual))
    if isinstance(actual, frozenset):
        return False
    if isinstance(expected, int | float) and not isinstance(expected, bool) and isinstance(actual, int | float):
        return float(expected) == float(actual)
    return bool(expected == actual)


def _outcome_differences(oid: str, want: Any, got: OutcomeResult) -> list[str]:
    """What differs in one outcome: its value, whether provisional, the values still possible, what settles it."""
    diffs: list[str] = []
    spec = want if isinstance(want, dict) else {"value": want}
    if "value" in spec and (spec["value"] is not None or not isinstance(spec.get("provisional"), bool)):
        want_value = spec["value"]
        if not _same(want_value, got.value):
            rule = ", ".join(r.rule_id for r in got.reasons) or "no rule fired"
            extra = f"; still possible: {', '.join(p.value for p in got.possible)}" if got.possible else ""
            diffs.append(f"outcome '{oid}': expected {_show(want_value)}, got {_show(got.value)} (rule {rule}{extra})")
    want_provisional = spec.get("provisional")
    if isinstance(want_provisional, bool) and want_provisional != got.provisional:
        settle = f" (to settle: {', '.join(got.settle)})" if got.settle else ""
        diffs.append(f"outcome '{oid}': expected provisional={str(want_provisional).lower()}, got "
                     f"{str(got.provisional).lower()}{settle}")
    if "possible" in spec:
        got_possible = [p.value for p in got.possible]
        if not _same(list(spec["possible"] or ()), got_possible):
            diffs.append(f"outcome '{oid}': expected still possible {_show(list(spec['possible'] or ()))}, "
                         f"got {_show(got_possible)}")
    if "settle" in spec and not _same(list(spec["settle"] or ()), list(got.settle)):
        diffs.append(f"outcome '{oid}': expected to be settled by {_show(list(spec['settle'] or ()))}, "
                     f"got {_show(list(got.settle))}")
    return diffs


def _binds_differences(expect: dict[str, Any], result: Result, known: set[str]) -> list[str]:
    """What differs in the roles the applicable obligations bind (``binds`` by obligation, ``roles`` by role)."""
    diffs: list[str] = []
    q = result.questionnaire
    roles = {r.id for r in q.roles}
    for oid, want_roles in (expect.get("binds") or {}).items():
        ob = result.obligation(str(oid))
        if oid not in known:
            diffs.append(f"binds: '{oid}' is not an obligation of '{q.id}'")
        elif ob is None:
            diffs.append(f"binds: obligation '{oid}' does not apply, so it binds no one")
        elif not _same(list(want_roles or ()), list(ob.obligation.binds)):
            diffs.append(f"obligation '{oid}' binds {_show(ob.obligation.binds)}, "
                         f"expected {_show(list(want_roles or ()))}")
    for role, want_ids in (expect.get("roles") or {}).items():
        if role not in roles:
            diffs.append(f"roles: '{role}' is not a role of '{q.id}'")
            continue
        got_ids = sorted(o.id for o in result.obligations if o.certain and role in o.obligation.binds)
        want_set = sorted(set(want_ids or ()))
        if want_set != got_ids:
            diffs.append(f"obligations binding '{role}' differ:\n" + "\n".join(
                difflib.unified_diff(want_set, got_ids, "expected", "actual", lineterm="", n=0)))
    return diffs


def check_expectations(expect: dict[str, Any], result: Result, q: Questionnaire) -> list[str]:
    """The differences between what a scenario expects and what the evaluation gives."""
    diffs: list[str] = []
    for oid, want in (expect.get("outcomes") or {}).items():
        got = result.outcomes.get(oid)
        if got is None:
            diffs.append(f"outcome '{oid}' does not exist")
            continue
        diffs += _outcome_differences(oid, want, got)
    for fid, want in (expect.get("facts") or {}).items():
        got_fact = result.facts.get(fid)
        if got_fact is None:
            diffs.append(f"fact '{fid}' does not exist")
        elif not _same(want, got_fact.value):
            diffs.append(f"fact '{fid}': expected {_show(want)}, got {_show(got_fact.value)}")
    obligations = expect.get("obligations") or {}
    certain = [o.id for o in result.obligations if o.certain]
    possible = [o.id for o in result.obligations if not o.certain]
    known = {o.id for o in q.obligations}
    for key in OBLIGATION_KEYS:
        for oid in obligations.get(key) or ():
            if oid not in known:
                diffs.append(f"obligations.{key}: '{oid}' is not an obligation of '{q.id}'")
    for oid in obligations.get("include") or ():
        if oid in known and oid not in certain:
            state = "only possibly applies" if oid in possible else "does not apply"
            diffs.append(f"obligation '{oid}' expected to apply, but it {state}")
    for oid in obligations.get("exclude") or ():
        if oid in certain or oid in possible:
            found = "applies" if oid in certain else "possibly applies"
            diffs.append(f"obligation '{oid}' expected not to apply, but it {found}")
    for oid in obligations.get("possible") or ():
        if oid in known and oid not in possible:
            found = "applies" if oid in certain else "does not apply"
            diffs.append(f"obligation '{oid}' expected to possibly apply, but it {found}")
    if "exactly" in obligations:
        want_set = set(obligations.get("exactly") or ())
        if want_set != set(certain):
            diffs.append("obligations differ:\n" + "\n".join(
                difflib.unified_diff(sorted(want_set), sorted(certain), "expected", "actual", lineterm="", n=0)))
    diffs += _binds_differences(expect, result, known)
    for oid, want_date in (expect.get("dates") or {}).items():
        ob = result.obligation(str(oid))
        if oid not in known:
            diffs.append(f"dates: '{oid}' is not an obligation of '{q.id}'")
        elif ob is None:
            diffs.append(f"dates: obligation '{oid}' does not apply, so it has no date")
        else:
            got_date = ob.applies_from.isoformat() if ob.applies_from else None
            if str(want_date) != str(got_date):
                diffs.append(f"obligation '{oid}' applies from {got_date or 'no date'}, expected {want_date}")
    first = expect.get("actions_first")
    if first:
        got_first = [a.obligation_id for a in result.actions[: len(first)]]
        if got_first != list(first):
            diffs.append(f"action plan starts with {got_first}, expected {list(first)}")
    if isinstance(expect.get("provisional"), bool) and expect["provisional"] != result.provisional:
        diffs.append(f"expected provisional={str(expect['provisional']).lower()}, "
                     f"got {str(result.provisional).lower()}")
    if isinstance(expect.get("complete"), bool) and expect["complete"] != result.complete:
        diffs.append(f"expected complete={str(expect['complete']).lower()}, got {str(result.complete).lower()} "
                     f"(unanswered: {', '.join(result.unanswered) or 'none'})")
    return diffs


def run_scenario(path: str, questionnaires: dict[str, Questionnaire]) -> ScenarioRun:
    """Load, evaluate and check one scenario file; problems in the file itself are reported, not raised."""
    run = ScenarioRun(path, os.path.basename(path), None)
    try:
        raw, problems = read_answers_header(path, SCENARIO_KEYS)
        run.title = str(raw.get("title") or run.title)
        q = pick_questionnaire(raw, path, questionnaires, None)
        run.questionnaire_id = q.id
        expect = raw.get("expect")
        if not isinstance(expect, dict):
            problems.append(node_pos(raw, ("expect",) if "expect" in raw else (), path).problem(
                "a scenario needs an 'expect' mapping (outcomes, facts, obligations, actions_first)"))
            expect = {}
        for key in expect:
            if key not in EXPECT_KEYS:
                problems.append(node_pos(raw, ("expect", key), path).problem(
                    f"unknown key '{key}' in expect (allowed: {', '.join(EXPECT_KEYS)})"))
        obligations = expect.get("obligations") or {}
        if isinstance(obligations, dict):
            for key in obligations:
                if key not in OBLIGATION_KEYS:
                    problems.append(node_pos(raw, ("expect", "obligations", key), path).problem(
                        f"unknown key '{key}' in expect.obligations (allowed: {', '.join(OBLIGATION_KEYS)})"))
        for oid, want in (expect.get("outcomes") or {}).items() if isinstance(expect.get("outcomes"), dict) else ():
            for key in want if isinstance(want, dict) else ():
                if key not in OUTCOME_KEYS:
                    problems.append(node_pos(raw, ("expect", "outcomes", oid, key), path).problem(
                        f"unknown key '{key}' in expect.outcomes.{oid} (allowed: {', '.join(OUTCOME_KEYS)})"))
        answers = validate_answers(raw, path, q, hidden_is_error=False, problems=problems)
    except QuestionnaireError as exc:
        run.problems = exc.problems
        return run
    run.warnings = [str(w) for w in answers.data.get("warnings", [])]
    result = evaluate(q, answers.answers, answers.statuses, answers.as_of)
    run.result = result
    run.differences = check_expectations(to_plain(expect), result, q)
    return run
