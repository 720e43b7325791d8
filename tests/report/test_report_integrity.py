"""Fingerprint and verification: the embedded data round-trips, tampering and foreign files are caught."""

from __future__ import annotations

import io
import json
from typing import Any

from pypdf import PdfReader, PdfWriter
from report_helpers import ANSWERS, STATUSES, make_meta
from reportlab.pdfgen.canvas import Canvas

from wizard.report.integrity import ATTACHMENT_NAME, fingerprint, read_payload, verify_pdf
from wizard.report.pdf import render_pdf


def test_fingerprint_is_canonical() -> None:
    a = fingerprint("h", {"b": [1, 2], "a": "é"}, {"x": {"status": "done", "note": ""}})
    b = fingerprint("h", {"a": "é", "b": [1, 2]}, {"x": {"status": "done"}})
    assert a == b and len(a) == 64
    assert fingerprint("h2", {"a": "é", "b": [1, 2]}) != fingerprint("h", {"a": "é", "b": [1, 2]})
    assert fingerprint("h", {"a": "e"}) != fingerprint("h", {"a": "é"})


def test_embedded_data_round_trips(pdf_en: bytes, case: dict[str, Any]) -> None:
    payload = read_payload(pdf_en)
    assert payload is not None
    q = case["questionnaire"]
    assert payload["questionnaire"] == {"id": q.id, "version": q.version, "content_hash": q.content_hash}
    assert payload["answers"] == ANSWERS
    assert payload["statuses"] == STATUSES
    assert payload["assessment"]["reference"] == "AB12-CD34"
    assert payload["fingerprint"] == fingerprint(q.content_hash, ANSWERS, STATUSES)


def test_genuine_report_verifies(pdf_en: bytes, pdf_fr: bytes, case: dict[str, Any]) -> None:
    for pdf in (pdf_en, pdf_fr):
        v = verify_pdf(pdf, known_questionnaire=lambda h: h == case["questionnaire"].content_hash)
        assert v.status == "verified", v
        assert v.payload is not None and v.payload["answers"] == ANSWERS


def _rewrite(pdf: bytes, mutate_payload: Any = None, mutate_page: Any = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if mutate_payload is not None:
        envelope = read_payload(pdf)
        assert envelope is not None
        mutate_payload(envelope)
        names = writer._root_object["/Names"]
        del names["/EmbeddedFiles"]
        writer.add_attachment(ATTACHMENT_NAME, json.dumps(envelope).encode())
    if mutate_page is not None:
        mutate_page(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_changed_answer_is_detected(pdf_en: bytes) -> None:
    def change(env: dict[str, Any]) -> None:
        env["answers"]["listed_use"] = False
    v = verify_pdf(_rewrite(pdf_en, mutate_payload=change))
    assert v.status == "altered" and v.reason == "verify_data_changed"


def test_recomputed_fingerprint_still_caught_by_metadata(pdf_en: bytes, case: dict[str, Any]) -> None:
    def forge(env: dict[str, Any]) -> None:
        env["answers"]["listed_use"] = False
        env["fingerprint"] = fingerprint(case["questionnaire"].content_hash, env["answers"], env["statuses"])
    v = verify_pdf(_rewrite(pdf_en, mutate_payload=forge))
    assert v.status == "altered"


def test_changed_page_text_is_detected(pdf_en: bytes) -> None:
    def edit(writer: PdfWriter) -> None:
        page = writer.pages[2]
        data = page.get_contents().get_data()
        page.replace_contents(_stream(writer, data.replace(b"Tj", b"Tj ", 1)))
    v = verify_pdf(_rewrite(pdf_en, mutate_page=edit))
    assert v.status == "altered" and v.reason == "verify_pages_changed"


def _stream(writer: PdfWriter, data: bytes) -> Any:
    from pypdf.generic import DecodedStreamObject
    s = DecodedStreamObject()
    s.set_data(data)
    return s


def test_seal_distinguishes_our_server(case: dict[str, Any]) -> None:
    pdf = render_pdf(case["questionnaire"], case["result"], ANSWERS, STATUSES, make_meta(), seal_key=b"k1")
    assert verify_pdf(pdf, seal_key=b"k1").status == "verified"
    assert verify_pdf(pdf, seal_key=b"other").status == "not_ours"


def test_unknown_questionnaire_is_not_ours(pdf_en: bytes) -> None:
    v = verify_pdf(pdf_en, known_questionnaire=lambda h: False)
    assert v.status == "not_ours" and v.reason == "verify_unknown_questionnaire"


def test_foreign_pdf_and_garbage_are_not_ours() -> None:
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(100, 700, "Some other report")
    c.showPage()
    c.save()
    assert verify_pdf(buf.getvalue()).reason == "verify_no_data"
    assert verify_pdf(b"not a pdf at all").status == "not_ours"
    assert verify_pdf(b"").status == "not_ours"
