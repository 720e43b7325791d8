"""Mutation testing of a questionnaire: do its scenarios notice each small mistake an editor could make?

Every mutant (:mod:`wizard.engine.mutants`) is evaluated against the scenarios that pass on the real
questionnaire; a mutant is *killed* when at least one scenario's expectations no longer hold, and
*survives* otherwise: then no scenario locks what that part of the questionnaire decides, and the
survivor's ``path:line:col`` tells the editor which scenario to write. Evaluation is pure, so mutants
run in a pool of worker processes, each loading the questionnaire once.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from ..questionnaire.errors import QuestionnaireError
from ..questionnaire.loader import load_questionnaire
from ..questionnaire.model import Questionnaire
from ..questionnaire.yamlio import to_plain
from .answers_file import SCENARIO_KEYS, pick_questionnaire, read_answers_header, validate_answers
from .evaluate import evaluate
from .mutants import Mutant, derive_mutants, source_locator
from .scenarios import check_expectations, find_scenarios


@dataclass(frozen=True)
class Scenario:
    """A scenario read once: its answers and what it expects."""

    path: str
    answers: dict[str, Any]
    statuses: dict[str, Any]
    as_of: Any
    expect: dict[str, Any]


@dataclass(frozen=True)
class Verdict:
    """What became of one mutant: the scenario that noticed it (None: it survived)."""

    index: int
    killed_by: str | None


@dataclass
class MutationReport:
    """The score of a run, its survivors, and what the scenarios never exercise."""

    total: int
    verdicts: list[Verdict]
    mutants: list[Mutant]
    scenarios: int
    skipped_scenarios: list[str] = field(default_factory=list)
    rules_never_fired: list[str] = field(default_factory=list)
    obligations_never_applied: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def killed(self) -> int:
        return sum(1 for v in self.verdicts if v.killed_by is not None)

    @property
    def score(self) -> float:
        """Killed mutants as a percentage of those run (100 when none ran)."""
        return 100.0 * self.killed / len(self.verdicts) if self.verdicts else 100.0

    @property
    def survivors(self) -> list[Mutant]:
        return [self.mutants[v.index] for v in self.verdicts if v.killed_by is None]


def read_scenarios(q: Questionnaire, paths: Iterable[str]) -> tuple[list[Scenario], list[str]]:
    """The scenarios of ``q`` that pass as they are, and why each other one is left out."""
    kept: list[Scenario] = []
    skipped: list[str] = []
    for path in paths:
        try:
            raw, problems = read_answers_header(path, SCENARIO_KEYS)
            if pick_questionnaire(raw, path, {q.id: q}, None).id != q.id:
                continue
            answers = validate_answers(raw, path, q, hidden_is_error=False, problems=problems)
        except QuestionnaireError as exc:
            if any("questionnaire" in p.message for p in exc.problems) and raw.get("questionnaire") != q.id:
                continue  # a scenario of another questionnaire
            skipped.append(f"{path}: {exc.problems[0]}")
            continue
        expect = to_plain(raw.get("expect")) if isinstance(raw.get("expect"), dict) else {}
        scenario = Scenario(path, answers.answers, answers.statuses, answers.as_of, expect)
        if _differences(scenario, q):
            skipped.append(f"{path}: fails on the questionnaire as it is (run questionnaires test)")
            continue
        kept.append(scenario)
    return kept, skipped


def _differences(scenario: Scenario, q: Questionnaire) -> list[str]:
    result = evaluate(q, scenario.answers, scenario.statuses, scenario.as_of)
    return check_expectations(scenario.expect, result, q)


def exercised(q: Questionnaire, scenarios: Sequence[Scenario]) -> tuple[list[str], list[str]]:
    """The rules that fire in no scenario (``outcome.rule``) and the obligations that apply in none."""
    fired: set[tuple[str, str]] = set()
    applied: set[str] = set()
    for scenario in scenarios:
        result = evaluate(q, scenario.answers, scenario.statuses, scenario.as_of)
        for oid, outcome in result.outcomes.items():
            fired.update((oid, r.id) for r in outcome.fired)
        applied.update(o.id for o in result.obligations if o.certain)
    rules = [f"{o.id}.{r.id}" for o in q.outcomes for r in o.rules if (o.id, r.id) not in fired]
    return rules, [o.id for o in q.obligations if o.id not in applied]


class _Session:
    """One process's copy of the questionnaire, its mutants and its scenarios."""

    def __init__(self, top_path: str, scenario_paths: Sequence[str]) -> None:
        self.q = load_questionnaire(top_path)
        self.mutants = derive_mutants(self.q, source_locator(top_path))
        self.scenarios, self.skipped = read_scenarios(self.q, scenario_paths)

    def test(self, index: int) -> Verdict:
        """Run the scenarios against mutant ``index`` until one notices it."""
        mutant_q = self.mutants[index].apply(self.q)
        for i, scenario in enumerate(self.scenarios):
            try:
                noticed = bool(_differences(scenario, mutant_q))
            except Exception:  # noqa: BLE001 - a mutant that breaks evaluation is noticed too
                noticed = True
            if noticed:
                # the scenario that noticed this mutant is the likeliest to notice its neighbours
                self.scenarios.insert(0, self.scenarios.pop(i))
                return Verdict(index, scenario.path)
        return Verdict(index, None)


_WORKER: _Session | None = None


def _start_worker(top_path: str, scenario_paths: Sequence[str]) -> None:
    global _WORKER  # noqa: PLW0603 - one session per worker process, built by the pool's initializer
    _WORKER = _Session(top_path, scenario_paths)


def _test_in_worker(index: int) -> Verdict:
    assert _WORKER is not None  # noqa: S101 - the pool's initializer has run
    return _WORKER.test(index)


def mutate(top_path: str | os.PathLike[str], scenario_paths: Sequence[str], *, sample: int | None = None,
           seed: int = 0, jobs: int = 1) -> MutationReport:
    """Mutation-test the questionnaire at ``top_path`` with the scenario files given.

    ``sample`` runs that many mutants drawn with ``seed`` (all of them by default); ``jobs`` > 1 runs
    them in that many worker processes.
    """
    started = time.perf_counter()
    path = str(top_path)
    files = find_scenarios(list(scenario_paths))
    session = _Session(path, files)
    indices = list(range(len(session.mutants)))
    if sample is not None and sample < len(indices):
        indices = sorted(random.Random(seed).sample(indices, sample))  # noqa: S311 - a reproducible draw, not a secret
    rules, obligations = exercised(session.q, session.scenarios)
    if not session.scenarios:
        verdicts = [Verdict(i, None) for i in indices]
    elif jobs <= 1 or len(indices) < 2 * jobs:
        verdicts = [session.test(i) for i in indices]
    else:
        # spawn: workers start clean (no copy of a threaded parent) and load the questionnaire themselves
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_start_worker,
                                 initargs=(path, files)) as pool:
            verdicts = list(pool.map(_test_in_worker, indices, chunksize=max(1, len(indices) // (jobs * 8))))
    return MutationReport(
        total=len(session.mutants), verdicts=verdicts, mutants=session.mutants, scenarios=len(session.scenarios),
        skipped_scenarios=session.skipped, rules_never_fired=rules, obligations_never_applied=obligations,
        seconds=time.perf_counter() - started,
    )
