"""Benchmark of the report: rendering every format for the largest bundled scenario.

Run: python bench/bench_report.py [--repeat N] [--lang en|fr] [--out DIR]
Prints median and best times (the PDF target: well under 0.5 s), for the PDF also with the caches
that rendering keeps between reports cleared before each run. With --out, writes the rendered
files there (the PDF of the largest scenario and its Markdown), to look at them.
Not part of the test suite (timings do not belong in tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenario_cases import bundled_cases, largest  # noqa: E402

from wizard.report import render  # noqa: E402
from wizard.report.meta import ReportMeta  # noqa: E402
from wizard.report.pdf import clear_caches  # noqa: E402
from wizard.report.pia import PiaNotApplicable  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def report(name: str, times: list[float]) -> None:
    print(f"{name:<60} median {statistics.median(times) * 1000:8.1f} ms   best {min(times) * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    cases = bundled_cases()
    if not cases:
        print("no scenario to render")
        return
    case = largest(cases)
    q, answers, result, title = case.questionnaire, case.answers, case.result, case.title
    now = dt.datetime(2026, 11, 29, 10, 0)
    meta = ReportMeta(reference="BENCH-0001", system_name=title, organisation="Example SAS",
                      contact="dpo@example.org", lang=args.lang, created_at=now, updated_at=now)
    print(f"largest scenario: {case.name} ({len(answers.answers)} answers, {len(result.obligations)} "
          f"obligations, {len(result.actions)} actions)")
    render("pdf", q, result, answers.answers, answers.statuses, meta)   # warm-up: fonts, imports
    for fmt in ("pdf", "markdown", "csv", "json", "pia"):
        def run(fmt: str = fmt) -> bytes | None:
            try:
                return render(fmt, q, result, answers.answers, answers.statuses, meta)
            except PiaNotApplicable:
                return None
        if run() is None:
            print(f"{fmt}: not applicable to this scenario")
            continue
        report(f"render {fmt}", timed(run, args.repeat))
        if fmt == "pdf":
            # the same with what rendering remembers between reports forgotten (parsed markup,
            # Markdown, string widths), as for the first report of a process
            def cold() -> None:
                clear_caches()
                run()
            report("render pdf, cold caches", timed(cold, args.repeat))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.pdf").write_bytes(render("pdf", q, result, answers.answers, answers.statuses, meta))
        (args.out / "report.md").write_bytes(render("markdown", q, result, answers.answers, answers.statuses,
                                                    meta))
        print(f"written to {args.out}")


if __name__ == "__main__":
    main()
