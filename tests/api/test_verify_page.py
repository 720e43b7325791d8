"""The verification page: a genuine report is shown read-only; altered and foreign files are refused."""

from __future__ import annotations

import io
import json
import random
import re
from typing import Any

import pytest
from api_helpers import auth
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, RectangleObject, TextStringObject
from reportlab.pdfgen.canvas import Canvas

from wizard.report.integrity import (
    ATTACHMENT_NAME,
    envelope_bytes,
    fingerprint,
    new_seal_slot,
    read_payload,
    seal_document,
)
from wizard.report.pdf.doc import attach_file
from wizard.reporting import seal_key


def _token(client: FlaskClient) -> str:
    page = client.get("/verify").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _upload(client: FlaskClient, content: bytes) -> Any:
    return client.post("/verify", data={"csrf_token": _token(client),
                                        "report": (io.BytesIO(content), "report.pdf")},
                       content_type="multipart/form-data")


def _report(api: FlaskClient, created: dict[str, Any]) -> bytes:
    base, headers = f"/api/v1/assessments/{created['reference']}", auth(created["secret"])
    api.put(f"{base}/answers", headers=headers, json={"answers": {
        "role": "maker", "listed_use": True, "banned_use": False, "talks_to_people": False,
        "categories": ["contact"], "purpose": "<script>alert(1)</script>"}})
    return api.get(f"{base}/report.pdf", headers=headers).data


def test_genuine_sealed_report_is_shown_read_only(api: FlaskClient, created: dict[str, Any]) -> None:
    pdf = _report(api, created)
    response = _upload(api_client := api, pdf)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "genuine and unaltered" in page and "this server&#39;s seal over every byte" in page
    assert created["reference"] in page and "High risk" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert api_client.get("/verify").headers["Cache-Control"] == "no-store"


def _with_envelope(pdf: bytes, envelope: dict[str, Any]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    del writer._root_object["/Names"]["/EmbeddedFiles"]
    writer.add_attachment(ATTACHMENT_NAME, json.dumps(envelope).encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _not_verified(page: str) -> None:
    assert "genuine and unaltered" not in page and "High risk" not in page
    assert "Not verified. Do not rely on what this file says" in page


def test_altered_report_is_refused(api: FlaskClient, created: dict[str, Any]) -> None:
    pdf = _report(api, created)
    envelope = read_payload(pdf)
    assert envelope is not None
    envelope["answers"]["listed_use"] = False
    page = _upload(api, _with_envelope(pdf, envelope)).get_data(as_text=True)
    _not_verified(page)
    assert "its seal does not match its contents" in page


def test_forgery_without_seal_says_nothing_vouches_for_it(api: FlaskClient, created: dict[str, Any]) -> None:
    """The audit's forgery: seal removed, organisation, system and answers changed, digests recomputed."""
    pdf = _report(api, created)
    envelope = read_payload(pdf)
    assert envelope is not None
    del envelope["seal"]
    envelope["assessment"].update(organisation="Trusted Corp", system_name="Harmless Toy")
    envelope["answers"]["listed_use"] = False
    envelope["fingerprint"] = fingerprint(envelope["questionnaire"]["content_hash"], envelope["answers"],
                                          envelope["statuses"])
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
    writer.add_attachment(ATTACHMENT_NAME, json.dumps(envelope).encode())
    out = io.BytesIO()
    writer.write(out)
    page = _upload(api, out.getvalue()).get_data(as_text=True)
    _not_verified(page)
    assert "carries no seal of this server, so nothing vouches for its contents" in page
    assert "Trusted Corp" not in page and "Harmless Toy" not in page


def test_sealed_pdf_with_annotation_and_crop_is_refused(api: FlaskClient, created: dict[str, Any]) -> None:
    pdf = _report(api, created)
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_annotation(0, DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FreeText"),
        NameObject("/Rect"): RectangleObject([50, 600, 550, 800]),
        NameObject("/Contents"): TextStringObject("RESULT: MINIMAL RISK")}))
    writer.pages[1].cropbox = RectangleObject([0, 400, 595, 842])
    out = io.BytesIO()
    writer.write(out)
    page = _upload(api, out.getvalue()).get_data(as_text=True)
    _not_verified(page)


def test_foreign_pdf_and_garbage_are_not_verified(api: FlaskClient) -> None:
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "An invoice")
    c.showPage()
    c.save()
    assert "carries no seal of this server" in _upload(api, buf.getvalue()).get_data(as_text=True)
    assert "This file is not a PDF" in _upload(api, b"hello").get_data(as_text=True)


def test_upload_over_the_size_limit_answers_the_verify_page(api: FlaskClient, api_app: Flask) -> None:
    token = _token(api)
    api_app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = api.post("/verify", data={"csrf_token": token,
                                         "report": (io.BytesIO(b"%PDF-1.4\n" + b"0" * 100_000), "big.pdf")},
                        content_type="multipart/form-data")
    assert response.status_code == 413
    assert "too large to be one of our reports" in response.get_data(as_text=True)


def test_mutated_reports_never_give_500(api: FlaskClient, api_app: Flask, created: dict[str, Any]) -> None:
    """Byte-mutated copies of a genuine report: a clear "not verified" page, never an error."""
    api_app.config["RATELIMIT_VERIFY"] = "1000 per minute"   # this test is not about the limit
    pdf = _report(api, created)
    rng = random.Random(150)  # noqa: S311 - a seeded, reproducible fuzz, not a secret
    for _ in range(40):
        data = bytearray(pdf)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randint(0, 255)
        if bytes(data) == pdf:
            continue
        response = _upload(api, bytes(data))
        assert response.status_code == 200
        _not_verified(response.get_data(as_text=True))


def test_missing_file_and_missing_csrf(api: FlaskClient) -> None:
    response = api.post("/verify", data={"csrf_token": _token(api)}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Choose a PDF file" in response.get_data(as_text=True)
    assert api.post("/verify", data={"report": (io.BytesIO(b"x"), "r.pdf")},
                    content_type="multipart/form-data").status_code == 400   # no CSRF token


def test_verification_is_rate_limited(api: FlaskClient, api_app: Flask) -> None:
    api_app.config["RATELIMIT_VERIFY"] = "3 per minute"
    assert [_upload(api, b"hello").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert api.get("/verify").status_code == 200   # reading the form is not limited


def _sealed_with(api_app: Flask, payload: dict[str, Any]) -> bytes:
    """A PDF carrying ``payload`` sealed with this server's key: what only a key holder could make."""
    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(72, 720, "Crafted")
    slot = new_seal_slot()
    attach_file(canvas, ATTACHMENT_NAME, envelope_bytes(payload, seal_slot=slot), "Integrity")
    canvas.showPage()
    canvas.save()
    with api_app.app_context():
        return seal_document(buf.getvalue(), slot, seal_key())


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": [value]}
    return value


CRAFTED = {
    "a bad as_of": lambda e: e["assessment"].update(as_of="not-a-date", created_at="yesterday"),
    "a string where an object is expected": lambda e: e["statuses"].update(literacy="done"),
    "a number question answered 'many'": lambda e: e["answers"].update(people_count="many"),
    "nested JSON": lambda e: e["answers"].update(purpose=_nested(200)),
    "an unknown question": lambda e: e["answers"].update(no_such_question=[1, {"b": None}]),
}


@pytest.mark.parametrize("crafted", CRAFTED, ids=list(CRAFTED))
def test_crafted_data_under_a_valid_seal_never_gives_500(api: FlaskClient, api_app: Flask,
                                                         created: dict[str, Any], crafted: str) -> None:
    """Even a key holder's crafted payload gets a page, never a 500 (the audit's crafted-data cases)."""
    envelope = read_payload(_report(api, created))
    assert envelope is not None
    del envelope["seal"]
    CRAFTED[crafted](envelope)
    envelope["fingerprint"] = fingerprint(envelope["questionnaire"]["content_hash"], envelope["answers"],
                                          envelope["statuses"])
    response = _upload(api, _sealed_with(api_app, envelope))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "genuine and unaltered" in page or "cannot be read" in page
