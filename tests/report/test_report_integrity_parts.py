"""The pieces of report integrity, each pinned: canonical data, the envelope, the seal, the verdicts."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from report_helpers import ANSWERS, STATUSES, make_meta

from wizard.report.integrity import (
    PAYLOAD_FORMAT,
    PAYLOAD_VERSION,
    build_payload,
    canonical_json,
    canonical_statuses,
    fingerprint,
    seal_envelope,
    streams_digest,
    verify_pdf,
)
from wizard.report.pdf import render_pdf


class _Status:
    def __init__(self, status: str | None, note: str | None) -> None:
        self.status, self.note = status, note


def test_canonical_json_is_sorted_compact_and_ascii() -> None:
    value = {"b": (1, 2), "a": {"é": {"z", "y"}}, "d": dt.date(2026, 1, 2), "n": None, "o": object.__name__}
    assert canonical_json(value) == b'{"a":{"\\u00e9":["y","z"]},"b":[1,2],"d":"2026-01-02","n":null,"o":"object"}'


def test_canonical_statuses_keep_status_and_note_only_when_given() -> None:
    statuses = {"a": {"status": "done", "note": "ok"}, "b": {"status": "in_progress", "note": ""},
                "c": {"status": None, "note": "only a note"}, "d": {"status": None, "note": None},
                "e": _Status("not_started", None), 7: {"status": "done"}}
    assert canonical_statuses(statuses) == {"a": {"status": "done", "note": "ok"}, "b": {"status": "in_progress"},
                                            "c": {"note": "only a note"}, "e": {"status": "not_started"},
                                            "7": {"status": "done"}}
    assert canonical_statuses(None) == {}


def test_the_fingerprint_is_the_hash_of_the_canonical_material() -> None:
    material = {"questionnaire": "h", "answers": {"a": ["x"]}, "statuses": {"o": {"status": "done"}}}
    expected = hashlib.sha256(canonical_json(material)).hexdigest()
    assert fingerprint("h", {"a": ("x",)}, {"o": {"status": "done", "note": ""}}) == expected


def test_the_payload_names_the_questionnaire_the_assessment_and_its_fingerprint(case: dict[str, Any]) -> None:
    q = case["questionnaire"]
    meta = make_meta()
    payload = build_payload(q, ANSWERS, STATUSES, meta, dt.date(2026, 11, 29))
    assert payload["format"] == PAYLOAD_FORMAT and payload["format_version"] == PAYLOAD_VERSION
    assert payload["questionnaire"] == {"id": q.id, "version": q.version, "content_hash": q.content_hash}
    assert payload["assessment"] == {
        "reference": meta.reference, "system_name": meta.system_name, "organisation": meta.organisation,
        "lang": meta.lang, "created_at": meta.created_at.isoformat(), "updated_at": meta.updated_at.isoformat(),
        "as_of": "2026-11-29"}
    assert payload["statuses"] == canonical_statuses(STATUSES)
    assert payload["fingerprint"] == fingerprint(q.content_hash, ANSWERS, STATUSES)
    assert build_payload(q, ANSWERS, STATUSES, meta)["assessment"]["as_of"] is None


def test_the_pages_digest_binds_every_page_in_order_and_length() -> None:
    one = streams_digest("f", [b"ab", b"c"])
    assert one != streams_digest("f", [b"a", b"bc"]) != streams_digest("f", [b"c", b"ab"])
    assert one != streams_digest("g", [b"ab", b"c"])
    h = hashlib.sha256(b"f")
    for data in (b"ab", b"c"):
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    assert one == h.hexdigest()


def test_the_envelope_carries_the_pages_digest_and_a_seal_only_with_a_key() -> None:
    payload = {"format": PAYLOAD_FORMAT, "fingerprint": "f" * 64, "answers": {}}
    plain = json.loads(seal_envelope(payload, [b"page"]))
    assert plain == {**payload, "pages_digest": streams_digest("f" * 64, [b"page"])}
    sealed = json.loads(seal_envelope(payload, [b"page"], seal_key=b"key"))
    body = {k: v for k, v in sealed.items() if k != "seal"}
    assert body == plain
    assert sealed["seal"] == hmac.new(b"key", canonical_json(body), hashlib.sha256).hexdigest()


def test_a_verified_report_says_what_it_computed(case: dict[str, Any]) -> None:
    q = case["questionnaire"]
    pdf = render_pdf(q, case["result"], ANSWERS, STATUSES, make_meta(), seal_key=b"k1")
    verdict = verify_pdf(pdf, seal_key=b"k1", known_questionnaire=lambda h: h == q.content_hash)
    expected = fingerprint(q.content_hash, ANSWERS, STATUSES)
    assert (verdict.status, verdict.reason, verdict.ok) == ("verified", "verify_ok", True)
    assert verdict.fingerprint == expected
    assert verdict.details == {"computed": expected, "stated": expected}
    assert verdict.payload is not None and verdict.payload["answers"] == ANSWERS
    stripped = verify_pdf(pdf, seal_key=b"other")
    assert (stripped.status, stripped.reason, stripped.ok) == ("not_ours", "verify_bad_seal", False)
    unknown = verify_pdf(pdf, seal_key=b"k1", known_questionnaire=lambda h: False)
    assert (unknown.status, unknown.reason) == ("not_ours", "verify_unknown_questionnaire")


def _with_envelope(pdf: bytes, change: Any) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    from wizard.report.integrity import ATTACHMENT_NAME, read_payload

    envelope = read_payload(pdf)
    assert envelope is not None
    change(envelope)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    del writer._root_object["/Names"]["/EmbeddedFiles"]
    writer.add_attachment(ATTACHMENT_NAME, json.dumps(envelope).encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_each_verdict_names_its_reason_and_keeps_what_it_read(pdf_en: bytes) -> None:
    import io

    from reportlab.pdfgen.canvas import Canvas

    assert (verify_pdf(b"%PDF-garbage").status, verify_pdf(b"%PDF-garbage").reason) == ("not_ours", "verify_not_pdf")
    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(72, 720, "An invoice")
    canvas.showPage()
    canvas.save()
    foreign = verify_pdf(buf.getvalue())
    assert (foreign.status, foreign.reason) == ("not_ours", "verify_no_data")
    assert (foreign.payload, foreign.details) == (None, {})

    def no_answers(env: dict[str, Any]) -> None:
        env["answers"] = ["not", "a", "mapping"]
    bad = verify_pdf(_with_envelope(pdf_en, no_answers))
    assert (bad.status, bad.reason, bad.fingerprint, bad.details) == ("altered", "verify_bad_data", None, {})
    assert bad.payload is not None and bad.payload["answers"] == ["not", "a", "mapping"]

    stated = json.loads(json.dumps(verify_pdf(pdf_en).payload))["fingerprint"]

    def change(env: dict[str, Any]) -> None:
        env["answers"]["listed_use"] = False
    changed = verify_pdf(_with_envelope(pdf_en, change))
    assert (changed.status, changed.reason, changed.fingerprint) == ("altered", "verify_data_changed", stated)
    assert changed.details["stated"] == stated and changed.details["computed"] != stated

    def other_pages(env: dict[str, Any]) -> None:
        env["pages_digest"] = "0" * 64
    pages = verify_pdf(_with_envelope(pdf_en, other_pages))
    assert (pages.status, pages.reason) == ("altered", "verify_pages_changed")
    assert pages.details == {"computed": stated, "stated": stated}


def test_the_embedded_envelope_is_readable_one_key_a_line() -> None:
    text = seal_envelope({"fingerprint": "f" * 64, "answers": {"a": 1}}, [b"p"]).decode("ascii")
    assert text.startswith('{\n "answers": {\n  "a": 1\n },\n "fingerprint": ')
