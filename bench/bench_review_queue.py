"""Benchmark of the advisors' queue with 100,000 assessments in PostgreSQL, measured through HTTP.

Run:
    python bench/bench_review_queue.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_h9
    python bench/bench_review_queue.py --database ... --skip-fill      # measure again, same data

Fills the database (emptied first) with N assessments (default 100,000) made from the bundled
scenarios: each with its answers (rows of the answer table) and, for most, a submitted revision with
the frozen answers, statuses and conclusions of its evaluation. Rows go in with COPY, in batches.
Then it serves the app on 127.0.0.1 (one threaded werkzeug server), signs an advisor in over HTTP,
and requests the queue page with and without filters: median and 95th percentile per case.
Not part of the test suite (timings do not belong in tests).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from wizard import create_app  # noqa: E402
from wizard.accounts import operations  # noqa: E402
from wizard.assessments import snapshot_for  # noqa: E402
from wizard.engine import evaluate  # noqa: E402
from wizard.engine.answers_file import pick_questionnaire, read_answers_header, validate_answers  # noqa: E402
from wizard.engine.scenarios import find_scenarios  # noqa: E402
from wizard.extensions import db  # noqa: E402
from wizard.questionnaire.loader import DEFAULT_DIR  # noqa: E402
from wizard.review import conclusions  # noqa: E402
from wizard.review.operations import dpia_called_for  # noqa: E402

PASSWORD = "benchmark pass phrase 2026"  # noqa: S105 - a throw-away benchmark account
ORGANISATIONS = [f"{prefix} {suffix}" for prefix in ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay",
                                                      "Soylent", "Stark", "Wayne", "Tyrell")
                 for suffix in ("SAS", "GmbH", "BV", "SA", "Ltd", "SpA", "AB", "Oy", "AS", "SARL")]
SYSTEMS = ("CV ranker", "Credit scorer", "Triage assistant", "Chatbot", "Fraud detector", "Exam proctor",
           "Face matcher", "Route planner", "Translation aid", "Price optimiser")
STATES = ("submitted",) * 4 + ("in_review",) * 3 + ("changes_requested", "approved", "rejected")
BATCH = 5000


class QuietHandler(WSGIRequestHandler):
    """No access log line per request (it would cost time and flood the output)."""

    def log_request(self, *args: object, **kwargs: object) -> None:
        return None


def scenario_cases(app) -> list[dict]:
    """Answers, statuses and the frozen evaluation of each bundled scenario of the default questionnaire."""
    cases = []
    with app.app_context():
        from wizard.catalog import catalog

        questionnaires = {q.id: q for q in catalog().current.values()}
        for path in find_scenarios([str(DEFAULT_DIR / "scenarios")]):
            raw, _ = read_answers_header(path, ("questionnaire", "as_of", "answers", "status", "title",
                                                "description", "rationale", "expect", "tags"))
            q = pick_questionnaire(raw, path, questionnaires, None)
            if q.id != app.config["DEFAULT_QUESTIONNAIRE"]:
                continue
            answers = validate_answers(raw, path, q, hidden_is_error=False)
            result = evaluate(q, answers.answers, answers.statuses)
            plain = json.loads(json.dumps(answers.answers, default=str))
            statuses = json.loads(json.dumps(answers.statuses or {}, default=str))
            cases.append({"answers": plain, "statuses": statuses, "conclusions": conclusions.freeze(q, result),
                          "headline": conclusions.headline(q, result), "dpia": dpia_called_for(q, result)})
    return cases


def copy_rows(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def fill(app, count: int, submitted_share: float) -> None:
    """Empty the database, create the schema, and COPY ``count`` assessments in batches."""
    started = time.perf_counter()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        from wizard.catalog import catalog

        q = catalog().for_new_assessment(None)
        snapshot = snapshot_for(q)
        db.session.commit()
        content_hash, version = snapshot.content_hash, q.version
        operations.create_user("advisor@bench.test", "advisor", PASSWORD)
        operations.create_user("other@bench.test", "advisor", PASSWORD)
        advisor_ids = [1, 2]
    cases = scenario_cases(app)
    print(f"{len(cases)} scenarios as templates; filling {count:,} assessments...", flush=True)
    rng = random.Random(9)  # noqa: S311 - reproducible data, not secrets
    now = datetime(2026, 12, 1, 12, 0)
    with app.app_context():
        conn = db.engine.raw_connection()
        try:
            cursor = conn.cursor()
            answer_id = revision_id = 0
            for start in range(0, count, BATCH):
                assessments, answers, revisions = [], [], []
                for i in range(start, min(start + BATCH, count)):
                    case = cases[i % len(cases)]
                    created = now - timedelta(minutes=7 * i)
                    ident = i + 1
                    assessments.append((ident, f"AIC-{ident:04X}-{i % 9973:04X}"[:20], f"{ident:064x}",
                                        f"{SYSTEMS[i % len(SYSTEMS)]} {i}", ORGANISATIONS[i % len(ORGANISATIONS)],
                                        None, "en", q.id, version, content_hash, created, created,
                                        created if rng.random() < submitted_share + 0.05 else None))
                    for qid, value in case["answers"].items():
                        answer_id += 1
                        answers.append((answer_id, ident, qid, json.dumps(value), 1, created))
                    if assessments[-1][-1] is not None and rng.random() < submitted_share / (submitted_share + 0.05):
                        revision_id += 1
                        state = STATES[i % len(STATES)]
                        assigned = advisor_ids[i % 2] if state != "submitted" else None
                        decided = created + timedelta(days=1) if state in ("changes_requested", "approved",
                                                                           "rejected") else None
                        revisions.append((revision_id, ident, 1, True, state, created, "", assessments[-1][3],
                                          assessments[-1][4], version, content_hash,
                                          json.dumps(case["answers"]), json.dumps(case["statuses"]),
                                          json.dumps(case["conclusions"]), case["headline"], case["dpia"],
                                          assigned, "", decided, assigned if decided else None,
                                          "advisor@bench.test" if decided else None, 1))
                copy_rows(cursor, "assessment", ("id", "reference", "token_hash", "system_name", "organisation",
                                                 "contact", "lang", "questionnaire_id", "questionnaire_version",
                                                 "content_hash", "created_at", "updated_at", "completed_at"),
                          assessments)
                copy_rows(cursor, "answer", ("id", "assessment_id", "question_id", "value", "version",
                                             "updated_at"), answers)
                copy_rows(cursor, "review_revision",
                          ("id", "assessment_id", "number", "current", "state", "submitted_at", "message",
                           "system_name", "organisation", "questionnaire_version", "content_hash", "answers",
                           "statuses", "conclusions", "headline_value", "dpia_required", "assigned_to_id", "summary",
                           "decided_at", "decided_by_id", "decided_by_label", "version"), revisions)
                conn.commit()
                done = min(start + BATCH, count)
                if done % 20000 == 0 or done == count:
                    print(f"  {done:,} assessments ({time.perf_counter() - started:.0f} s)", flush=True)
            for table in ("assessment", "answer", "review_revision"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed names
                               f"(SELECT max(id) FROM {table}))")
            conn.commit()
        finally:
            conn.close()
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


def sign_in(base: str) -> urllib.request.OpenerDirector:
    """An HTTP client with an advisor's session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()  # noqa: S310 - our own server
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": "advisor@bench.test",
                                   "password": PASSWORD}).encode()
    request = urllib.request.Request(base + "/login", data=data)  # noqa: S310 - our own server on 127.0.0.1
    opener.open(request).read()  # noqa: S310
    return opener


def measure(opener, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with opener.open(url) as response:  # noqa: S310 - our own server
            body = response.read()
            assert response.status == 200 and b"Review queue" in body, url
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="PostgreSQL URL of a database this may empty")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--submitted", type=float, default=0.8, help="share of assessments submitted")
    parser.add_argument("--repeat", type=int, default=40, help="requests per case")
    parser.add_argument("--port", type=int, default=50901)
    parser.add_argument("--skip-fill", action="store_true")
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database, "SECRET_KEY": "bench-" + "x" * 40,
                      "LOGIN_LIMIT_ACCOUNT": "1000 per minute", "LOGIN_LIMIT_ADDRESS": "1000 per minute"})
    if not args.skip_fill:
        fill(app, args.count, args.submitted)
    with app.app_context():
        # as autovacuum soon would: statistics, and the visibility map that index-only scans need
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as autocommit:
            autocommit.execute(text("VACUUM ANALYZE"))
        total = db.session.execute(text("SELECT count(*) FROM assessment")).scalar_one()
        revisions = db.session.execute(text("SELECT count(*) FROM review_revision")).scalar_one()
        answers = db.session.execute(text("SELECT count(*) FROM answer")).scalar_one()
        headline = db.session.execute(text("SELECT headline_value FROM review_revision LIMIT 1")).scalar_one()
    print(f"{total:,} assessments, {revisions:,} revisions, {answers:,} answers")
    server = make_server("127.0.0.1", args.port, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{args.port}"
    try:
        opener = sign_in(base)
        cases = [
            ("no filter (to review, newest first)", "/review/"),
            ("any status", "/review/?status=all"),
            ("status = approved", "/review/?status=approved"),
            ("classification + DPIA required", f"/review/?status=all&classification={headline}&dpia=yes"),
            ("organisation", "/review/?status=all&organisation=Globex+GmbH"),
            ("assigned to me", "/review/?assigned=me"),
            ("submission dates", "/review/?status=all&from=2026-06-01&to=2026-06-30"),
            ("free text (system or organisation)", "/review/?status=all&q=triage"),
            ("sort by organisation, page 200", "/review/?status=all&sort=organisation&page=200"),
        ]
        measure(opener, base + "/review/", 3)   # warm up
        print(f"{'case':<42} {'median':>9} {'p95':>9}   ({args.repeat} requests each)")
        for name, path in cases:
            times = sorted(measure(opener, base + path, args.repeat))
            p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
            print(f"{name:<42} {statistics.median(times) * 1000:7.1f} ms {p95 * 1000:7.1f} ms", flush=True)
    finally:
        server.shutdown()
        thread.join(timeout=5)


if __name__ == "__main__":
    main()
