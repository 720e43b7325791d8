"""Fill the bench database with 100,000 assessments and 5 million answers (PostgreSQL only).

Run: python bench/fill_scale.py [--database URL] [--assessments 100000] [--answers-per 50]
then python bench/bench_pages.py --only pages: the respondent pages must not slow down (every query
goes through an index on the assessment; tests/web/test_query_counts.py keeps their number fixed).
Idempotent: rows already there (references SCL-...) are counted, not added again. --drop removes them.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import DEFAULT_DATABASE, fill_assessment  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from wizard.catalog import Catalog  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--answers-per", type=int, default=50)
    parser.add_argument("--drop", action="store_true", help="remove the generated rows")
    args = parser.parse_args()

    fill_assessment(args.database, secrets.token_urlsafe(48))   # migrations and the questionnaire snapshot
    questionnaire = next(iter(Catalog(ROOT / "questionnaires").current.values()))
    question_ids = list(questionnaire.questions)[: args.answers_per]
    engine = create_engine(args.database)
    started = time.monotonic()
    with engine.begin() as conn:
        if args.drop:
            conn.execute(text("DELETE FROM answer WHERE assessment_id IN "
                              "(SELECT id FROM assessment WHERE reference LIKE 'SCL-%')"))
            conn.execute(text("DELETE FROM assessment WHERE reference LIKE 'SCL-%'"))
            print("generated rows removed")
            return
        present = conn.execute(text("SELECT count(*) FROM assessment WHERE reference LIKE 'SCL-%'")).scalar_one()
        if present < args.assessments:
            conn.execute(text(
                "INSERT INTO assessment (reference, token_hash, system_name, organisation, contact, lang, "
                "questionnaire_id, questionnaire_version, content_hash, created_at, updated_at, completed_at) "
                "SELECT 'SCL-' || lpad(g::text, 9, '0'), md5('scale-a' || g) || md5('scale-b' || g), "
                "'System ' || g, 'Scale SAS', NULL, 'en', :qid, :version, :hash, now(), now(), now() "
                "FROM generate_series(:first, :last) AS g"),
                {"qid": questionnaire.id, "version": questionnaire.version, "hash": questionnaire.content_hash,
                 "first": present + 1, "last": args.assessments})
            conn.execute(text(
                "INSERT INTO answer (assessment_id, question_id, value, version, updated_at) "
                "SELECT a.id, q.qid, '\"scale\"'::json, 1, now() FROM assessment a "
                "CROSS JOIN unnest(CAST(:qids AS text[])) AS q(qid) "
                "WHERE a.reference LIKE 'SCL-%' AND a.reference > :after"),
                {"qids": question_ids, "after": f"SCL-{present:09d}"})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE assessment"))
        conn.execute(text("ANALYZE answer"))
        counts = conn.execute(text("SELECT (SELECT count(*) FROM assessment), (SELECT count(*) FROM answer)")).one()
    engine.dispose()
    print(f"{counts[0]:,} assessments, {counts[1]:,} answers in the database ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
