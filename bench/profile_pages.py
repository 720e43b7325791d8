"""In-process cost of the respondent's pages (no server, no network), with an optional profile.

Run: python bench/profile_pages.py [--repeat 30] [--database URL] [--profile result|step|post|summary]

Fills an assessment with the largest bundled scenario (as bench_pages.py does, on a throw-away SQLite
database unless --database is given), then times each page through Flask's test client and prints
the median CPU time (what a page costs a worker, whatever else runs on the machine) and wall time;
``--profile PAGE`` prints the top of a cProfile of that page (cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import StepForm, fill_assessment  # noqa: E402

from wizard import create_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--profile", choices=["step", "post", "result", "summary", "overview"])
    args = parser.parse_args()

    database = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='profile-pages-')}/bench.sqlite3"
    secret = secrets.token_urlsafe(48)
    info = fill_assessment(database, secret)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": secret, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    assert client.get(f"/a/{info['token']}").status_code == 303
    client.post("/language", data={"lang": args.lang, "next": "/"})
    base = f"/assessments/{info['reference']}"
    step = f"{base}/steps/{info['section']}"
    form = StepForm()
    form.feed(client.get(step).get_data(as_text=True))
    body = urlencode(form.fields)
    pages = {
        "step": lambda: client.get(step),
        "post": lambda: client.post(step, data=body, content_type="application/x-www-form-urlencoded"),
        "result": lambda: client.get(f"{base}/result"),
        "summary": lambda: client.get(f"{base}/summary"),
        "overview": lambda: client.get(f"{base}/"),
    }
    print(f"scenario {info['scenario']}: {info['answers']} answers; step '{info['section']}' "
          f"({info['questions']} questions); {args.lang}")
    for name, call in pages.items():
        expected = 303 if name == "post" else 200
        status = call().status_code
        assert status == expected, f"{name} answered {status}"
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        # CPU time is what a page costs a worker; wall time also counts waiting for a busy machine
        print(f"{name:<10} CPU median {statistics.median(cpu) * 1000:6.1f} ms   wall median "
              f"{statistics.median(times) * 1000:6.1f} ms, best {min(times) * 1000:6.1f} ms")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            pages[args.profile]()
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
