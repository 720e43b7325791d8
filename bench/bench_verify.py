"""Benchmark of the verification page: a sealed report of the bundled questionnaire, and the audit's
decompression bomb (0.8 MB inflating to 840 MiB), through POST /verify and through verify_pdf.

Run: python bench/bench_verify.py
Prints the report's size and the median time of 5 uploads (and the mean of 20 verify_pdf calls) for
each file. Not part of the test suite (timings do not belong in tests).
"""

from __future__ import annotations

import io
import re
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT_DIR), str(ROOT_DIR / "tests")]

from pypdf import PdfWriter  # noqa: E402 - after the path set-up, like the other benchmarks
from pypdf.generic import DecodedStreamObject, NameObject  # noqa: E402
from web.helpers import Respondent  # noqa: E402
from web.test_real_questionnaire import generic_answer  # noqa: E402

from wizard import create_app  # noqa: E402
from wizard.config import ROOT  # noqa: E402
from wizard.extensions import db  # noqa: E402
from wizard.report.integrity import verify_pdf  # noqa: E402
from wizard.reporting import seal_key  # noqa: E402


def bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes."""
    packed = zlib.compress(b" " * inflated, 9)
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(b"")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue().replace(b"/Length 0", b"/Filter /FlateDecode /Length %d" % len(packed), 1).replace(
        b"stream\n\nendstream", b"stream\n" + packed + b"\nendstream", 1)


def upload(r: Respondent, content: bytes) -> tuple[int, float, str]:
    """Status, median seconds of 5 POST /verify, and the last page."""
    times, response = [], None
    for _ in range(5):
        r.get("/verify")
        found = re.search(r'name="csrf_token" value="([^"]+)"', r.page)
        assert found
        started = time.perf_counter()
        form = {"csrf_token": found.group(1), "report": (io.BytesIO(content), "r.pdf")}
        response = r.client.post("/verify", data=form, content_type="multipart/form-data")
        times.append(time.perf_counter() - started)
    assert response is not None
    return response.status_code, statistics.median(times), response.get_data(as_text=True)


def mean_verify(content: bytes, key: bytes, runs: int = 20) -> float:
    started = time.perf_counter()
    for _ in range(runs):
        verify_pdf(content, seal_key=key)
    return (time.perf_counter() - started) / runs


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "SERVER_NAME": "wizard.test",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "RATELIMIT_VERIFY": "1000 per minute", "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
                      "QUESTIONNAIRES_PATH": str(ROOT / "questionnaires")})
    with app.app_context():
        db.create_all()
        key = seal_key()
    questionnaire: Any = app.extensions["catalog"].for_new_assessment(app.config["DEFAULT_QUESTIONNAIRE"])
    r = Respondent(app.test_client())
    reference = r.start()
    for section in questionnaire.sections:
        r.answer(reference, section.id, {q.id: generic_answer(q) for q in section.questions})
    pdf = r.client.get(f"/assessments/{reference}/report.pdf").data
    print(f"sealed report of the bundled questionnaire: {len(pdf)} bytes")
    big = bomb(840 * 1024 * 1024)
    print(f"bomb: {len(big)} bytes uploaded, 840 MiB once inflated")
    code, median, page = upload(r, pdf)
    print(f"POST /verify, genuine report: {code}, median of 5 = {median * 1000:.0f} ms, "
          f"verified={'genuine and unaltered' in page}")
    code, median, page = upload(r, big)
    print(f"POST /verify, bomb: {code}, median of 5 = {median * 1000:.0f} ms, refused={'carries no seal' in page}")
    print(f"verify_pdf, genuine report: {mean_verify(pdf, key) * 1000:.1f} ms (mean of 20)")
    print(f"verify_pdf, bomb: {mean_verify(big, key) * 1000:.1f} ms (mean of 20)")


if __name__ == "__main__":
    main()
