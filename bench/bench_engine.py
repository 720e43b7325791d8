"""Benchmark of the questionnaire engine: loading the bundled questionnaires, evaluating assessments.

Run: python bench/bench_engine.py [--repeat N]
Prints the median and best CPU times (process time, so that other work on the machine does not count).
Not part of the test suite (timings do not belong in tests).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenario_cases import bundled_cases  # noqa: E402

from wizard.engine import evaluate  # noqa: E402
from wizard.questionnaire import load_directory  # noqa: E402
from wizard.questionnaire.loader import DEFAULT_DIR  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        out.append(time.process_time() - start)
    return out


def report(name: str, times: list[float], unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1_000_000
    print(f"{name:<58} median {statistics.median(times) * scale:9.3f} {unit}   best {min(times) * scale:9.3f} {unit}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    load_times = timed(lambda: load_directory(DEFAULT_DIR), args.repeat)
    report("load + validate + compile all bundled questionnaires", load_times)
    questionnaires = load_directory(DEFAULT_DIR)
    for q in questionnaires.values():
        print(f"  {q.id} {q.version}: {len(q.questions)} questions, {len(q.facts)} facts, {len(q.outcomes)} outcomes, "
              f"{len(q.obligations)} obligations")

    cases = [(case.path, case.questionnaire, case.answers) for case in bundled_cases(questionnaires)]
    if not cases:
        print("no scenario to evaluate")
        return
    largest = max(cases, key=lambda c: len(c[2].answers))
    path, q, answers = largest
    runs = args.repeat * 50
    report(f"evaluate the largest scenario ({Path(path).stem}, {len(answers.answers)} answers)",
           timed(lambda: evaluate(q, answers.answers, answers.statuses, answers.as_of), runs), "us")
    report("evaluate + JSON of the largest scenario",
           timed(lambda: evaluate(q, answers.answers, answers.statuses, answers.as_of).to_json("fr"), runs), "us")
    per_case = []
    for _ in range(max(1, args.repeat // 4)):
        for _, cq, ca in cases:
            start = time.process_time()
            evaluate(cq, ca.answers, ca.statuses, ca.as_of)
            per_case.append(time.process_time() - start)
    report(f"evaluate, each of the {len(cases)} bundled scenarios", per_case, "us")


if __name__ == "__main__":
    main()
