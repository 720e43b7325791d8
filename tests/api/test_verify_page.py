"""The verification page: a genuine report is shown read-only; altered and foreign files are refused."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from api_helpers import auth
from flask.testing import FlaskClient
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from wizard.report.integrity import ATTACHMENT_NAME, fingerprint, pages_digest, read_payload


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
    assert "genuine and unaltered" in page and "this server&#39;s seal" in page
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


def test_altered_report_is_refused(api: FlaskClient, created: dict[str, Any]) -> None:
    pdf = _report(api, created)
    envelope = read_payload(pdf)
    assert envelope is not None
    envelope["answers"]["listed_use"] = False
    page = _upload(api, _with_envelope(pdf, envelope)).get_data(as_text=True)
    assert "genuine and unaltered" not in page and "High risk" not in page
    assert "do not match the report" in page and "Do not rely on this file" in page


def test_consistent_forgery_fails_the_seal(api: FlaskClient, created: dict[str, Any]) -> None:
    """Someone recomputing every digest still cannot make this server's seal."""
    pdf = _report(api, created)
    envelope = read_payload(pdf)
    assert envelope is not None
    envelope["answers"]["listed_use"] = False
    envelope["fingerprint"] = fingerprint(envelope["questionnaire"]["content_hash"], envelope["answers"],
                                          envelope["statuses"])
    envelope["pages_digest"] = pages_digest(PdfReader(io.BytesIO(pdf)), envelope["fingerprint"])
    page = _upload(api, _with_envelope(pdf, envelope)).get_data(as_text=True)
    assert "seal was not made by this server" in page


def test_a_stripped_seal_is_not_a_way_round_it(api: FlaskClient, created: dict[str, Any]) -> None:
    """Removing the seal and recomputing every digest must not turn a forgery into a genuine report."""
    pdf = _report(api, created)
    envelope = read_payload(pdf)
    assert envelope is not None and envelope.get("seal")
    del envelope["seal"]
    envelope["answers"]["listed_use"] = False
    envelope["fingerprint"] = fingerprint(envelope["questionnaire"]["content_hash"], envelope["answers"],
                                          envelope["statuses"])
    envelope["pages_digest"] = pages_digest(PdfReader(io.BytesIO(pdf)), envelope["fingerprint"])
    page = _upload(api, _with_envelope(pdf, envelope)).get_data(as_text=True)
    assert "genuine and unaltered" not in page and "High risk" not in page
    assert "seal was not made by this server" in page


def test_foreign_pdf_and_garbage_are_not_ours(api: FlaskClient) -> None:
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "An invoice")
    c.showPage()
    c.save()
    assert "not produced by this tool" in _upload(api, buf.getvalue()).get_data(as_text=True)
    assert "not a readable PDF" in _upload(api, b"hello").get_data(as_text=True)


def test_missing_file_and_missing_csrf(api: FlaskClient) -> None:
    response = api.post("/verify", data={"csrf_token": _token(api)}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Choose a PDF file" in response.get_data(as_text=True)
    assert api.post("/verify", data={"report": (io.BytesIO(b"x"), "r.pdf")},
                    content_type="multipart/form-data").status_code == 400   # no CSRF token
