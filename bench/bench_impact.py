"""Benchmark of `questionnaires impact`: N stored assessments in PostgreSQL, a date moved in a copy.

Run: python bench/bench_impact.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_h14 \
         [--count 100000] [--workers 2] [--batch-size 1000] [--keep]

Fills the database (EMPTIED FIRST) with COUNT assessments whose answers are the bundled scenarios'
answers in turn, in batches with COPY; moves the Annex III high-risk date in a copy of the bundled
questionnaire; then times ``impact`` over every stored assessment. With --keep, an already filled
database of the right size is reused. Not part of the test suite (timings do not belong in tests).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from wizard import assessments, create_app  # noqa: E402
from wizard.catalog import catalog  # noqa: E402
from wizard.editor import impact  # noqa: E402
from wizard.engine.answers_file import SCENARIO_KEYS, pick_questionnaire, read_answers_header, validate_answers  # noqa: E402
from wizard.engine.scenarios import find_scenarios  # noqa: E402
from wizard.extensions import db  # noqa: E402
from wizard.questionnaire.loader import DEFAULT_DIR  # noqa: E402

COLUMNS = ("id, reference, token_hash, system_name, organisation, lang, questionnaire_id, questionnaire_version, "
           "content_hash, created_at, updated_at")


def scenario_answers(questionnaires: dict) -> list[dict]:
    out = []
    for path in find_scenarios([str(DEFAULT_DIR / "scenarios")]):
        raw, problems = read_answers_header(path, SCENARIO_KEYS)
        q = pick_questionnaire(raw, path, questionnaires, None)
        out.append(dict(validate_answers(raw, path, q, hidden_is_error=False, problems=problems).answers))
    return out


def fill(count: int, chunk: int = 5000) -> float:
    """Empty the database and store ``count`` assessments with answers; the seconds it took."""
    start = time.perf_counter()
    db.drop_all()
    db.create_all()
    q = catalog().current["ai-compliance"]
    assessments.snapshot_for(q)
    answers = scenario_answers(catalog().current)
    raw = db.session.connection().connection.driver_connection
    answer_id = 0
    for lo in range(1, count + 1, chunk):
        hi = min(count, lo + chunk - 1)
        with raw.cursor() as cur:
            with cur.copy(f"COPY assessment ({COLUMNS}) FROM STDIN") as copy:
                for i in range(lo, hi + 1):
                    copy.write_row((i, f"BEN-{i:08d}", hashlib.sha256(str(i).encode()).hexdigest(), f"System {i}",
                                    "Bench", "en", q.id, q.version, q.content_hash, "2026-11-01", "2026-11-01"))
            answer_columns = "id, assessment_id, question_id, value, version, updated_at"
            with cur.copy(f"COPY answer ({answer_columns}) FROM STDIN") as copy:
                for i in range(lo, hi + 1):
                    for qid, value in answers[i % len(answers)].items():
                        answer_id += 1
                        copy.write_row((answer_id, i, qid, json.dumps(value), 1, "2026-11-01"))
        raw.commit()
        print(f"  stored {hi}/{count}", file=sys.stderr, end="\r")
    for table in ("assessment", "answer"):
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                f"(SELECT max(id) FROM {table}))"))
    db.session.commit()
    print(file=sys.stderr)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="PostgreSQL URL (its tables are dropped and refilled)")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="reuse the stored assessments when there are COUNT")
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database, "SECRET_KEY": "bench-" + "x" * 40,
                      "QUESTIONNAIRES_PATH": str(DEFAULT_DIR)})
    with app.app_context(), tempfile.TemporaryDirectory() as tmp:
        stored = 0
        if args.keep:
            try:
                stored = impact.count_assessments()
            except Exception:  # noqa: BLE001 - no table yet: fill
                db.session.rollback()
        if stored != args.count:
            seconds = fill(args.count)
            print(f"filled {args.count} assessments in {seconds:.1f} s")
        candidate = Path(tmp) / "questionnaires"
        shutil.copytree(DEFAULT_DIR, candidate, ignore=shutil.ignore_patterns("scenarios", "exports"))
        module = candidate / "modules" / "ai-act.yaml"
        module.write_text(module.read_text(encoding="utf-8").replace(
            "id: annex_iii_high_risk\n    date: 2027-12-02", "id: annex_iii_high_risk\n    date: 2028-06-02"),
            encoding="utf-8")
        done = [0]

        def progress(n: int) -> None:
            done[0] += n
            if done[0] % 10_000 < n:
                print(f"  evaluated {done[0]}/{args.count} ({time.perf_counter() - start:.0f} s)", file=sys.stderr)

        start = time.perf_counter()
        cpu = time.process_time()
        found = impact.impact(candidate, workers=args.workers, batch_size=args.batch_size, progress=progress)
        wall = time.perf_counter() - start
        print(f"impact over {found.total} assessments ({args.workers} workers, batches of {args.batch_size}): "
              f"{wall:.1f} s wall ({found.total / wall:.0f} assessments/s), "
              f"parent CPU {time.process_time() - cpu:.1f} s; "
              f"{len(found.changed)} would change")
        print(found.to_text(limit=3))


if __name__ == "__main__":
    main()
