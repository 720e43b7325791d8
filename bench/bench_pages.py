"""Pages under load: our app against a bare Flask app serving the same HTML, under the same gunicorn.

Run (PostgreSQL needed; wrk used when installed, else a slower pure-Python load generator):

    python bench/bench_pages.py                      # ~10 s per measurement, about 1.5 minutes in all
    python bench/bench_pages.py --duration 5 --json out.json
    python bench/bench_pages.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_h13

What it does:
1. migrates the database, starts an assessment and fills it with the answers (and obligation
   statuses) of the largest bundled scenario;
2. starts our app with deploy/gunicorn.conf.py (production mode, rate limits off so that the load is
   not refused) and, when ``--report-pool`` is given, a second, lower-priority gunicorn for reports
   (the set-up docs/performance.md recommends; nginx routes report URLs to it);
3. saves the HTML of the step with the most questions and of the result page, and serves them from a
   bare Flask app (bench/bare_app.py) under the same gunicorn settings;
4. measures, each for ``--duration`` seconds: a step GET and a step POST (save and redirect), the result
   page, ours and bare (``--connections`` connections); the PDF with 2 connections; a step GET
   (``--mixed-connections``) while PDFs are downloaded; then prints the ratios and memory per worker.

Load stays on 127.0.0.1. Not part of the test suite (timings do not belong in tests).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_h13"
WRK_SCRIPT = r"""
{setup}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCHJSON {{\"requests\":%d,\"duration_us\":%d,\"status_errors\":%d,"
    .. "\"socket_errors\":%d,\"p50\":%d,\"p95\":%d,\"p99\":%d}}\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


# --- the assessment -------------------------------------------------------------------------------

def fill_assessment(database: str, secret_key: str) -> dict[str, Any]:
    """Migrate ``database``, store an assessment with the largest scenario's answers; its token and pages."""
    from flask_migrate import upgrade
    from scenario_cases import bundled_cases, largest

    from wizard import assessments, create_app
    from wizard.catalog import catalog
    from wizard.engine import Visibility

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": secret_key})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        case = largest(bundled_cases(catalog().current))
        q, answers, result = case.questionnaire, case.answers, case.result
        assessment, token = assessments.start(q, system_name="Bench system", organisation="Bench SAS",
                                              contact="dpo@example.org", lang="en")
        assessments.save_answers(assessment, answers.answers, {})
        statuses = {k: {"status": v.get("status"), "note": v.get("note") or ""}
                    for k, v in answers.statuses.items()}
        if statuses:
            assessments.save_statuses(assessment, statuses, {})
        assessments.complete(assessment)
        visibility = Visibility(q, answers.answers)
        section = max(visibility.sections(), key=lambda s: len(list(visibility.questions(s.id))))
        # a free-text question whose answer shows or hides nothing: changing it writes, steps stay
        def shown(given: dict[str, Any]) -> list[str]:
            seen = Visibility(q, given)
            return [t.id for s in seen.sections() for t in seen.questions(s.id)]

        text = next(t for s in visibility.sections() for t in visibility.questions(s.id)
                    if t.type in ("text", "long_text")
                    and shown({**answers.answers, t.id: "changed"}) == shown(answers.answers))
        return {"token": token, "reference": assessment.reference, "section": section.id,
                "text_section": next(s.id for s in visibility.sections() if text in s.questions),
                "text_question": text.id,
                "scenario": case.name, "answers": len(answers.answers),
                "questions": len(list(visibility.questions(section.id))), "obligations": len(result.obligations)}


# --- servers ----------------------------------------------------------------------------------------

def start_gunicorn(app: str, port: int, env: dict[str, str], log: Path, workers: int, threads: int,
                   nice: int = 0) -> subprocess.Popen[bytes]:
    """Start gunicorn with deploy/gunicorn.conf.py on 127.0.0.1:``port``; wait until it answers."""
    full_env = {**os.environ, **env, "WIZARD_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
                "WIZARD_THREADS": str(threads), "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}"}
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), app]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=full_env, stdout=out, stderr=out, cwd=ROOT,  # noqa: S603
                                   start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn for {app} exited; see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn for {app} did not answer on port {port}; see {log}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop one gunicorn (its master and workers: the process group it leads)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def worker_memory(master: int) -> list[dict[str, float]]:
    """RSS and PSS (MiB) of each worker of the gunicorn whose master is ``master`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != master:
                continue
            rollup = (entry / "smaps_rollup").read_text()
        except (OSError, ValueError, IndexError):
            continue
        values = {k: int(v.split()[0]) / 1024 for k, v in (line.split(":", 1) for line in rollup.splitlines()[1:])}
        found.append({"rss": values.get("Rss", 0.0), "pss": values.get("Pss", 0.0)})
    return found


# --- HTTP helpers -------------------------------------------------------------------------------------

class Browser:
    """Just enough of a browser: one session cookie, kept up to date (it is Secure: sent by hand)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, dict[str, str]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("wizard_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, text, dict(response.getheaders())


class StepForm(HTMLParser):
    """The fields a browser would post back from a step page (the step's form only)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = "form" in a.get("class", "").split()
        elif self.inside and tag == "input" and a.get("name"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif self.inside and tag == "textarea":
            self._textarea = a.get("name")
            self.fields.append((a.get("name", ""), ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


# --- load generators ------------------------------------------------------------------------------

def run_wrk(port: int, path: str, connections: int, duration: int, cookie: str,
            method: str = "GET", body: str | None = None) -> dict[str, float]:
    """Load ``path`` with wrk; requests/s and latency percentiles (ms)."""
    setup = [f'wrk.method = "{method}"', f'wrk.headers["Cookie"] = [==[{cookie}]==]']
    if body is not None:
        setup += [f"wrk.body = [==[{body}]==]",
                  'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"']
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT.format(setup="\n".join(setup)))
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "20s",  # noqa: S603,S607
                              "-s", script.name, f"http://127.0.0.1:{port}{path}"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("BENCHJSON "))
    raw = json.loads(line[len("BENCHJSON "):])
    return {"rps": raw["requests"] / (raw["duration_us"] / 1e6), "p50": raw["p50"] / 1000,
            "p95": raw["p95"] / 1000, "p99": raw["p99"] / 1000, "errors": raw["status_errors"] + raw["socket_errors"],
            "requests": raw["requests"]}


def run_python(port: int, path: str, connections: int, duration: int, cookie: str,
               method: str = "GET", body: str | None = None) -> dict[str, float]:
    """The same measurement without wrk: one thread per connection (slower: expect lower ceilings)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    headers = {"Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        mine, bad = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                bad += response.status >= 400
            except OSError:
                bad += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000 if latencies else 0.0

    return {"rps": len(latencies) / elapsed, "p50": pct(50), "p95": pct(95), "p99": pct(99), "errors": errors[0],
            "requests": len(latencies)}


# --- the run ---------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement (default 10)")
    parser.add_argument("--connections", type=int, default=20, help="concurrent connections (default 20)")
    parser.add_argument("--mixed-connections", type=int, default=4,
                        help="step GET connections while PDFs are downloaded (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (default 1: sync)")
    parser.add_argument("--report-pool", action="store_true",
                        help="serve PDFs from a separate, lower-priority gunicorn (nice 10)")
    parser.add_argument("--report-workers", type=int,
                        help="workers of the report pool (default: as many as --workers, as "
                             "deploy/wizard-reports.service runs one per core)")
    parser.add_argument("--report-cache-off", action="store_true",
                        help="render every PDF (REPORT_CACHE_BYTES=0): the worst case for the PDF rows")
    parser.add_argument("--only", choices=["pages", "pdf"], help="measure only the pages, or only the PDF rows")
    parser.add_argument("--port", type=int, default=18310,
                        help="first of the 3 ports used (default 18310: below Linux's range of outgoing ports, "
                             "which a socket waiting to close can hold)")
    parser.add_argument("--python-load", action="store_true", help="use the pure-Python load generator")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    args.report_workers = args.report_workers or args.workers

    load = run_python if args.python_load or not shutil.which("wrk") else run_wrk
    secret_key = secrets.token_urlsafe(48)
    info = fill_assessment(args.database, secret_key)
    print(f"scenario {info['scenario']}: {info['answers']} answers, {info['obligations']} obligations; "
          f"step '{info['section']}' asks {info['questions']} questions; load: "
          f"{'wrk' if load is run_wrk else 'python'}", flush=True)

    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {"WIZARD_ENV": "production", "SECRET_KEY": secret_key, "DATABASE_URL": args.database,
           "WIZARD_RATELIMIT_ENABLED": "false", "BENCH_BARE_DIR": str(work),
           "WIZARD_TRUSTED_HOSTS": '["127.0.0.1", "localhost"]'}   # production needs its host names
    if args.report_cache_off:
        env["WIZARD_REPORT_CACHE_BYTES"] = "0"
    ours_port, bare_port, report_port = args.port, args.port + 1, args.port + 2
    servers: list[subprocess.Popen[bytes]] = []
    rows: dict[str, dict[str, Any]] = {}
    figures: dict[str, Any] = {"info": info, "workers": args.workers, "threads": args.threads,
                               "report_pool": args.report_pool, "report_workers": args.report_workers,
                               "duration": args.duration,
                               "connections": args.connections}
    try:
        ours = start_gunicorn("wizard:create_app()", ours_port, env, work / "ours.log", args.workers, args.threads)
        servers.append(ours)
        browser = Browser(ours_port)
        status, _, _ = browser.request("GET", f"/a/{info['token']}")
        assert status == 303, f"opening the link answered {status}"
        base = f"/assessments/{info['reference']}"
        step_path, result_path, pdf_path = f"{base}/steps/{info['section']}", f"{base}/result", f"{base}/report.pdf"
        status, step_html, _ = browser.request("GET", step_path)
        assert status == 200, f"step answered {status}"
        form = StepForm()
        form.feed(step_html)
        post_body = urlencode(form.fields)
        status, _, headers = browser.request("POST", step_path, post_body)
        assert status == 303, f"step POST answered {status}"
        status, result_html, _ = browser.request("GET", result_path)
        assert status == 200, f"result answered {status}"
        for name, html in (("step", step_html), ("result", result_html)):
            (work / f"{name}.html").write_text("{% raw %}" + html + "{% endraw %}", encoding="utf-8")
        figures["sizes"] = {"step": len(step_html.encode()), "result": len(result_html.encode())}
        bare = start_gunicorn("bare_app:create()", bare_port, env, work / "bare.log", args.workers, args.threads)
        servers.append(bare)
        pdf_port = ours_port
        if args.report_pool:
            servers.append(start_gunicorn("wizard:create_app()", report_port, env, work / "reports.log",
                                          args.report_workers, 1, nice=10))
            pdf_port = report_port

        c, d, cookie = args.connections, args.duration, browser.cookie

        def measure(label: str, *runs: tuple[int, str, str, str | None]) -> None:
            found = [load(port, path, c, d, cookie, method, body) for port, path, method, body in runs]
            rows[label] = {"ours": found[0], "bare": found[1] if len(found) > 1 else None}
            print(f"  measured {label}", flush=True)

        load(ours_port, step_path, 4, 2, cookie)   # warm-up: every worker compiled its templates
        load(ours_port, result_path, 4, 2, cookie)
        if args.only != "pdf":
            measure("step GET", (ours_port, step_path, "GET", None), (bare_port, "/step", "GET", None))
            measure("step POST", (ours_port, step_path, "POST", post_body), (bare_port, "/step", "GET", None))
            measure("result GET", (ours_port, result_path, "GET", None), (bare_port, "/result", "GET", None))
        if args.only != "pages":
            load(pdf_port, pdf_path, 2, 2, cookie)
            rows["PDF (2 connections)"] = {"ours": load(pdf_port, pdf_path, 2, d, cookie), "bare": None}
            print("  measured PDF", flush=True)
            holder: dict[str, Any] = {}
            pdfs = threading.Thread(target=lambda: holder.update(pdf=load(pdf_port, pdf_path, 2, d + 2, cookie)))
            pdfs.start()
            time.sleep(1)
            label = f"step GET during PDFs ({args.mixed_connections} + 2 connections)"
            rows[label] = {"ours": load(ours_port, step_path, args.mixed_connections, d, cookie), "bare": None}
            pdfs.join()
            rows[label]["pdf"] = holder.get("pdf")
            print("  measured step during PDFs", flush=True)
        figures["memory"] = {"ours": worker_memory(ours.pid), "bare": worker_memory(bare.pid)}
        figures["rows"] = rows
    finally:
        for server in reversed(servers):
            stop(server)

    print()
    print(f"{args.workers} workers x {args.threads} thread(s), {c} connections, {d} s each"
          f"{f', reports on a separate pool of {args.report_workers} (nice 10)' if args.report_pool else ''}"
          f"{', report cache off' if args.report_cache_off else ''}; "
          f"step {figures['sizes']['step'] // 1024} KB, result {figures['sizes']['result'] // 1024} KB")
    print("| page | ours req/s | bare req/s | ratio | median | p95 | p99 | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, row in rows.items():
        ours_row, bare_row = row["ours"], row["bare"]
        ratio = f"{ours_row['rps'] / bare_row['rps']:.3f}" if bare_row else ""
        bare_rps = f"{bare_row['rps']:,.0f}" if bare_row else ""
        print(f"| {label} | {ours_row['rps']:,.1f} | {bare_rps} | {ratio} | {ours_row['p50']:.1f} ms | "
              f"{ours_row['p95']:.1f} ms | {ours_row['p99']:.1f} ms | {ours_row['errors']} |")
    for name, workers in figures["memory"].items():
        if workers:
            print(f"memory per {name} worker: RSS {statistics.mean(w['rss'] for w in workers):.0f} MiB, "
                  f"PSS {statistics.mean(w['pss'] for w in workers):.0f} MiB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
