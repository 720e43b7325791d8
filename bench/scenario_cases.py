"""The bundled scenarios as the benchmarks use them: read, validated and evaluated once.

``bench_report.py``, ``compare_pdfs.py``, ``bench_pages.py`` and ``bench_engine.py`` all measure on the
bundled scenarios (most often on the largest one, whose report and pages are the heaviest).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard.engine import evaluate
from wizard.engine.answers_file import SCENARIO_KEYS, pick_questionnaire, read_answers_header, validate_answers
from wizard.engine.scenarios import find_scenarios
from wizard.questionnaire import load_directory
from wizard.questionnaire.loader import DEFAULT_DIR


@dataclass(frozen=True)
class Case:
    """One bundled scenario: its questionnaire, validated answers and statuses, and its result."""

    path: str
    title: str
    questionnaire: Any
    answers: Any   # the validated answers file: .answers, .statuses, .as_of
    result: Any

    @property
    def name(self) -> str:
        return Path(self.path).stem

    @property
    def size(self) -> tuple[int, int]:
        """(obligations, answers): what makes a report and a result page heavy."""
        return len(self.result.obligations), len(self.answers.answers)


def bundled_cases(questionnaires: Mapping[str, Any] | None = None) -> list[Case]:
    """Every bundled scenario, evaluated on its own date; ``questionnaires`` by id (default: loaded
    from the bundled folder)."""
    found = questionnaires if questionnaires is not None else load_directory(DEFAULT_DIR)
    cases = []
    for path in find_scenarios([str(DEFAULT_DIR / "scenarios")]):
        raw, _ = read_answers_header(path, SCENARIO_KEYS)
        q = pick_questionnaire(raw, path, found, None)
        answers = validate_answers(raw, path, q, hidden_is_error=False)
        result = evaluate(q, answers.answers, answers.statuses, answers.as_of)
        cases.append(Case(path, str(raw.get("title") or Path(path).stem), q, answers, result))
    return cases


def largest(cases: list[Case]) -> Case:
    """The case with the most obligations, then the most answers."""
    return max(cases, key=lambda case: case.size)
