"""Fingerprint, embedded data and the seal: only an untouched report of this server verifies.

Each forgery below is one an audit actually built (or a close cousin): the verifier must answer
"not verified" for all of them, and never raise, whatever the bytes.
"""

from __future__ import annotations

import io
import json
import random
import time
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    RectangleObject,
    TextStringObject,
)
from report_helpers import ANSWERS, STATUSES, make_meta
from reportlab.pdfgen.canvas import Canvas

from wizard.report.integrity import (
    ATTACHMENT_NAME,
    MAX_PDF_BYTES,
    envelope_bytes,
    fingerprint,
    new_seal_slot,
    read_payload,
    seal_document,
    verify_pdf,
)
from wizard.report.pdf import render_pdf
from wizard.report.pdf.doc import attach_file

KEY = b"the-server-seal-key"


@pytest.fixture(scope="module")
def sealed(case: dict[str, Any]) -> bytes:
    """A genuine report, sealed by the server holding KEY."""
    return render_pdf(case["questionnaire"], case["result"], ANSWERS, STATUSES, make_meta(), seal_key=KEY)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _edit(pdf: bytes, change: Callable[[PdfWriter], None]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    change(writer)
    return _written(writer)


def _replace_attachment(writer: PdfWriter, envelope: dict[str, Any]) -> None:
    del writer._root_object["/Names"]["/EmbeddedFiles"]
    writer.add_attachment(ATTACHMENT_NAME, json.dumps(envelope).encode())


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


def test_sealed_report_verifies_in_both_languages(case: dict[str, Any]) -> None:
    for lang in ("en", "fr"):
        pdf = render_pdf(case["questionnaire"], case["result"], ANSWERS, STATUSES, make_meta(lang), seal_key=KEY)
        v = verify_pdf(pdf, seal_key=KEY, known_questionnaire=lambda h: h == case["questionnaire"].content_hash)
        assert v.status == "verified" and v.reason == "verify_ok", v
        assert v.payload is not None and v.payload["answers"] == ANSWERS


def test_two_renders_carry_different_seals_and_both_verify(case: dict[str, Any], sealed: bytes) -> None:
    again = render_pdf(case["questionnaire"], case["result"], ANSWERS, STATUSES, make_meta(), seal_key=KEY)
    assert again != sealed
    assert verify_pdf(again, seal_key=KEY).ok and verify_pdf(sealed, seal_key=KEY).ok


def test_another_servers_seal_is_not_ours(sealed: bytes) -> None:
    v = verify_pdf(sealed, seal_key=b"another-server")
    assert v.status == "altered" and v.reason == "verify_bad_seal" and v.payload is None


def test_unsealed_report_is_never_called_genuine(pdf_en: bytes) -> None:
    """A report from the command line (no key) is consistent, yet nothing vouches for it."""
    v = verify_pdf(pdf_en, seal_key=KEY)
    assert v.status == "unsealed" and v.reason == "verify_no_seal" and not v.ok and v.payload is None


def test_seal_removed_data_changed_and_digests_recomputed(sealed: bytes) -> None:
    """The audit's first forgery: no seal, changed organisation, system and answers, fresh digests."""
    envelope = read_payload(sealed)
    assert envelope is not None
    del envelope["seal"]
    envelope["assessment"]["organisation"] = "Trusted Corp"
    envelope["assessment"]["system_name"] = "Harmless Toy"
    envelope["answers"]["listed_use"] = False
    envelope["fingerprint"] = fingerprint(envelope["questionnaire"]["content_hash"], envelope["answers"],
                                          envelope["statuses"])
    v = verify_pdf(_edit(sealed, lambda w: _replace_attachment(w, envelope)), seal_key=KEY)
    assert v.status in ("unsealed", "altered") and not v.ok and v.payload is None


def _white_annotation(writer: PdfWriter) -> None:
    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FreeText"),
        NameObject("/Rect"): RectangleObject([50, 600, 550, 800]),
        NameObject("/Contents"): TextStringObject("RESULT: MINIMAL RISK"),
        NameObject("/DA"): TextStringObject("/Helv 24 Tf 0 g"),
        NameObject("/C"): ArrayObject([FloatObject(1), FloatObject(1), FloatObject(1)])})
    writer.add_annotation(0, annot)


def _crop_page_two(writer: PdfWriter) -> None:
    writer.pages[1].cropbox = RectangleObject([0, 400, 595, 842])


def _reorder(writer: PdfWriter) -> None:
    pages = writer._root_object["/Pages"]
    kids = pages["/Kids"]
    kids[0], kids[1] = kids[1], kids[0]


def _remove_last_page(writer: PdfWriter) -> None:
    writer.remove_page(len(writer.pages) - 1)


def _second_attachment(writer: PdfWriter) -> None:
    writer.add_attachment("assessment-2.json", b'{"answers": {}}')


def _javascript(writer: PdfWriter) -> None:
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('genuine');")})
    writer._root_object[NameObject("/Names")][NameObject("/JavaScript")] = DictionaryObject({
        NameObject("/Names"): ArrayObject([TextStringObject("wizard"), writer._add_object(script)])})


def _open_action(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://evil.example/")})


def _retitle(writer: PdfWriter) -> None:
    writer.add_metadata({"/Title": "Assessment report: Harmless Toy"})


def _changed_page_text(writer: PdfWriter) -> None:
    page = writer.pages[2]
    data = page.get_contents().get_data()  # type: ignore[union-attr]
    stream = DecodedStreamObject()
    stream.set_data(data.replace(b"Tj", b"Tj ", 1))
    page.replace_contents(stream)


FORGERIES: dict[str, Callable[[PdfWriter], None]] = {
    "white annotation over page 1": _white_annotation,
    "page 2 cropped": _crop_page_two,
    "annotation and crop together": lambda w: (_white_annotation(w), _crop_page_two(w)),
    "pages reordered": _reorder,
    "last page removed": _remove_last_page,
    "second embedded file": _second_attachment,
    "JavaScript added": _javascript,
    "OpenAction added": _open_action,
    "document title changed": _retitle,
    "page text changed": _changed_page_text,
    "rewritten unchanged": lambda w: None,
}


@pytest.mark.parametrize("forgery", FORGERIES, ids=list(FORGERIES))
def test_every_visible_change_to_a_sealed_report_is_refused(sealed: bytes, forgery: str) -> None:
    forged = _edit(sealed, FORGERIES[forgery])
    assert forged != sealed
    v = verify_pdf(forged, seal_key=KEY)
    assert not v.ok and v.status in ("altered", "unsealed") and v.payload is None, v


@pytest.mark.parametrize("forgery", ["white annotation over page 1", "page 2 cropped", "JavaScript added"])
def test_incremental_update_appended_to_a_genuine_file_is_refused(sealed: bytes, forgery: str) -> None:
    """An incremental update keeps the genuine bytes (and their seal) intact and adds after them."""
    writer = PdfWriter(io.BytesIO(sealed), incremental=True)
    FORGERIES[forgery](writer)
    updated = _written(writer)
    assert updated.startswith(sealed) and len(updated) > len(sealed)
    v = verify_pdf(updated, seal_key=KEY)
    assert v.status == "altered" and v.reason == "verify_bad_seal"


def test_appended_bytes_and_truncation_are_refused(sealed: bytes) -> None:
    assert verify_pdf(sealed + b"\n%%EOF\n", seal_key=KEY).reason == "verify_bad_seal"
    assert verify_pdf(sealed[:-10], seal_key=KEY).reason == "verify_bad_seal"


def test_a_seal_transplanted_into_another_report_is_refused(case: dict[str, Any], sealed: bytes) -> None:
    """Copying a genuine seal into a forged file, at the seal's place, does not make it genuine."""
    envelope = read_payload(sealed)
    assert envelope is not None
    forged = render_pdf(case["questionnaire"], case["result"], {**ANSWERS, "listed_use": False}, STATUSES,
                        make_meta(), seal_key=b"forger")
    theirs = read_payload(forged)
    assert theirs is not None
    transplanted = forged.replace(theirs["seal"].encode(), envelope["seal"].encode())
    assert verify_pdf(transplanted, seal_key=KEY).reason == "verify_bad_seal"


def test_seal_moved_to_text_the_respondent_controls_is_refused(case: dict[str, Any]) -> None:
    """A respondent can type a seal-shaped string into the system name (it ends up in the PDF's
    metadata); a seal is bound to its place, so swapping the two never verifies."""
    zeros = '"seal": "' + "0" * 64 + '"'
    pdf = render_pdf(case["questionnaire"], case["result"], ANSWERS, STATUSES,
                     make_meta(system_name=zeros), seal_key=KEY)
    assert verify_pdf(pdf, seal_key=KEY).ok
    envelope = read_payload(pdf)
    assert envelope is not None
    real = envelope["seal"].encode()
    swapped = pdf.replace(real, b"Z" * 64).replace(b"0" * 64, real, 1).replace(b"Z" * 64, b"0" * 64)
    assert len(swapped) == len(pdf) and swapped != pdf
    assert not verify_pdf(swapped, seal_key=KEY).ok


def _sealed_with(payload: dict[str, Any], key: bytes = KEY) -> bytes:
    """A PDF carrying ``payload``, validly sealed: what only a holder of the server key could make."""
    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(72, 720, "Crafted report")
    slot = new_seal_slot()
    attach_file(canvas, ATTACHMENT_NAME, envelope_bytes(payload, seal_slot=slot), "Integrity")
    canvas.showPage()
    canvas.save()
    return seal_document(buf.getvalue(), slot, key)


def _crafted(sealed: bytes, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    envelope = read_payload(sealed)
    assert envelope is not None
    del envelope["seal"]
    change(envelope)
    return envelope


CRAFTED: dict[str, Callable[[dict[str, Any]], None]] = {
    "answers is a string": lambda e: e.update(answers="many"),
    "assessment is a list": lambda e: e.update(assessment=[1, 2]),
    "questionnaire is a string": lambda e: e.update(questionnaire="x"),
    "no fingerprint": lambda e: e.pop("fingerprint"),
    "older format": lambda e: e.update(format_version=1),
    "other format": lambda e: e.update(format="someone-else"),
}


@pytest.mark.parametrize("crafted", CRAFTED, ids=list(CRAFTED))
def test_malformed_sealed_data_is_unreadable_not_genuine(sealed: bytes, crafted: str) -> None:
    v = verify_pdf(_sealed_with(_crafted(sealed, CRAFTED[crafted])), seal_key=KEY)
    assert v.status == "unreadable" and v.reason == "verify_bad_data" and not v.ok


def test_a_sealed_report_on_a_questionnaire_no_longer_known_is_genuine_but_not_shown(sealed: bytes) -> None:
    v = verify_pdf(sealed, seal_key=KEY, known_questionnaire=lambda h: False)
    assert v.ok and v.reason == "verify_ok_unknown_questionnaire"


def test_foreign_pdf_and_garbage_are_refused() -> None:
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(100, 700, "Some other report")
    c.showPage()
    c.save()
    assert verify_pdf(buf.getvalue(), seal_key=KEY).reason == "verify_no_seal"
    assert verify_pdf(b"not a pdf at all", seal_key=KEY).reason == "verify_not_pdf"
    assert verify_pdf(b"", seal_key=KEY).reason == "verify_not_pdf"
    assert verify_pdf(b"%PDF-1.4\n" + b"x" * (MAX_PDF_BYTES + 1), seal_key=KEY).reason == "verify_too_large"


def test_too_many_seal_slots_are_refused_without_computing_them(sealed: bytes) -> None:
    slots = b"".join(b'"seal": "' + bytes(f"{i:064x}", "ascii") + b'"\n' for i in range(50))
    assert verify_pdf(sealed + slots, seal_key=KEY).reason == "verify_bad_seal"


def _bomb(inflated: int) -> bytes:
    """A PDF whose one page stream inflates to ``inflated`` bytes of spaces."""
    packed = zlib.compress(b" " * inflated, 1)
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(b"")
    ref = writer._add_object(stream)
    page[NameObject("/Contents")] = ref
    out = _written(writer)
    return out.replace(b"/Length 0", b"/Filter /FlateDecode /Length %d" % len(packed), 1).replace(
        b"stream\n\nendstream", b"stream\n" + packed + b"\nendstream", 1)


def test_a_decompression_bomb_costs_nothing() -> None:
    """A small upload inflating to 200 MB is refused from its raw bytes, without inflating it."""
    bomb = _bomb(200 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    v = verify_pdf(bomb, seal_key=KEY)
    assert v.reason == "verify_no_seal"
    assert time.perf_counter() - started < 0.5


def test_fuzz_byte_mutations_never_verify_and_never_raise(sealed: bytes) -> None:
    """300 copies of a genuine report, each with 1 to 8 bytes changed, inserted or removed."""
    rng = random.Random(12)  # noqa: S311 - a seeded, reproducible fuzz, not a secret
    for _ in range(300):
        data = bytearray(sealed)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(data))
            action = rng.choice(("flip", "insert", "delete"))
            if action == "flip":
                data[at] ^= rng.randint(1, 255)
            elif action == "insert":
                data.insert(at, rng.randint(0, 255))
            else:
                del data[at]
        mutated = bytes(data)
        if mutated == sealed:
            continue
        v = verify_pdf(mutated, seal_key=KEY)
        assert not v.ok and v.payload is None, v
