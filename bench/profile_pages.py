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
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import StepForm, fill_assessment  # noqa: E402

from wizard import create_app  # noqa: E402
from wizard.web import evaluations, sessions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--profile", choices=["step", "post", "result", "summary", "overview"])
    parser.add_argument("--cold", action="store_true",
                        help="forget every remembered page part, state and session check before each call "
                             "(a page as the first request on a state would cost)")
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
    def forget() -> None:
        if args.cold:
            app.jinja_env.fragment_store.clear()   # type: ignore[attr-defined]
            evaluations.clear()
            sessions.VERIFIED.clear()

    rounds = iter(range(1, 1 << 20))
    text_step = f"{base}/steps/{info['text_section']}"

    def changed_post() -> Callable[[], Any]:
        """A save that writes an answer never saved before: the step of a free-text question is shown
        first (untimed), and that text gets a new number each time (no question appears or goes)."""
        shown = StepForm()
        shown.feed(client.get(text_step).get_data(as_text=True))
        number = next(rounds)
        fields = [(name, f"Bench text {number}" if name == info["text_question"] else value)
                  for name, value in shown.fields]
        data = urlencode(fields)
        return lambda: client.post(text_step, data=data, content_type="application/x-www-form-urlencoded")

    for name, call in pages.items():
        expected = 303 if name == "post" else 200
        status = call().status_code
        assert status == expected, f"{name} answered {status}"
        report(name, args.repeat, lambda call=call: call(), forget)
    # a save that writes: answers changed to a combination never saved before, so every save commits
    report("post, changed", args.repeat, lambda: None, forget, prepare=changed_post)

    def after_change(path: str) -> Callable[[], Callable[[], Any]]:
        def prepare() -> Callable[[], Any]:
            changed_post()()   # untimed: the answer changes, so the page shows a state not seen yet
            return lambda: client.get(path)
        return prepare

    # the pages a respondent opens after changing an answer: nothing of this state was rendered yet,
    # but what depends on the questionnaire, or on unchanged answers, was
    report("step, new state", args.repeat, lambda: None, forget, prepare=after_change(step))
    report("result, new state", args.repeat, lambda: None, forget, prepare=after_change(f"{base}/result"))
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            pages[args.profile]()
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)


def report(name: str, repeat: int, call: Callable[[], Any], forget: Callable[[], None], *,
           prepare: Callable[[], Callable[[], Any]] | None = None) -> None:
    """Time ``call`` (or what ``prepare()`` returns, prepared untimed each round) ``repeat`` times."""
    times, cpu = [], []
    for _ in range(repeat):
        timed = prepare() if prepare else call
        forget()
        start, start_cpu = time.perf_counter(), time.process_time()
        timed()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    # CPU time is what a page costs a worker; wall time also counts waiting for a busy machine
    print(f"{name:<14} CPU median {statistics.median(cpu) * 1000:6.1f} ms   wall median "
          f"{statistics.median(times) * 1000:6.1f} ms, best {min(times) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
