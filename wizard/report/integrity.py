"""Fingerprint, embedded assessment data and verification of a report PDF.

The fingerprint is the SHA-256 of the canonical JSON of the questionnaire's content hash, the answers
and the obligation statuses (docs/report.md, "Integrity"). The PDF carries the assessment as an
attachment (`assessment.json`) together with a digest of its page contents, so that a verifier can
tell apart a genuine report, one whose data or pages were changed, and a file that is not ours.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

ATTACHMENT_NAME = "assessment.json"
PAYLOAD_FORMAT = "ai-compliance-wizard/assessment"
PAYLOAD_VERSION = 1


def _jsonable(value: Any) -> Any:
    """Answers as plain JSON values: dates as ISO strings, tuples and sets as lists."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no spaces, ASCII escapes (so any string hashes)."""
    return json.dumps(_jsonable(value), sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False).encode("ascii")


def canonical_statuses(statuses: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """Statuses reduced to {obligation id: {"status": ..., "note": ...}} with empty notes dropped."""
    out: dict[str, dict[str, str]] = {}
    for oid, entry in (statuses or {}).items():
        if isinstance(entry, Mapping):
            status, note = entry.get("status"), entry.get("note")
        else:
            status, note = getattr(entry, "status", entry), getattr(entry, "note", None)
        item = {"status": str(status)} if status else {}
        if note:
            item["note"] = str(note)
        if item:
            out[str(oid)] = item
    return out


def fingerprint(questionnaire_hash: str, answers: Mapping[str, Any],
                statuses: Mapping[str, Any] | None = None) -> str:
    """SHA-256 hex of the canonical questionnaire hash, answers and statuses."""
    material = {"questionnaire": questionnaire_hash, "answers": _jsonable(answers),
                "statuses": canonical_statuses(statuses)}
    return hashlib.sha256(canonical_json(material)).hexdigest()


def build_payload(questionnaire: Any, answers: Mapping[str, Any], statuses: Mapping[str, Any] | None,
                  meta: Any, as_of: date | None = None) -> dict[str, Any]:
    """The machine-readable assessment embedded in the PDF (and reusable by the JSON export)."""
    qhash = str(getattr(questionnaire, "content_hash", ""))
    return {
        "format": PAYLOAD_FORMAT,
        "format_version": PAYLOAD_VERSION,
        "questionnaire": {"id": str(getattr(questionnaire, "id", "")),
                          "version": str(getattr(questionnaire, "version", "")),
                          "content_hash": qhash},
        "assessment": {"reference": meta.reference, "system_name": meta.system_name,
                       "organisation": meta.organisation, "lang": meta.lang,
                       "created_at": meta.created_at.isoformat(), "updated_at": meta.updated_at.isoformat(),
                       "as_of": as_of.isoformat() if as_of else None},
        "answers": _jsonable(answers),
        "statuses": canonical_statuses(statuses),
        "fingerprint": fingerprint(qhash, answers, statuses),
    }


def streams_digest(fingerprint_hex: str, streams: Iterable[bytes]) -> str:
    """SHA-256 binding the fingerprint to the decoded content stream of every page, in order."""
    h = hashlib.sha256(fingerprint_hex.encode("ascii"))
    for data in streams:
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def pages_digest(reader: PdfReader, fingerprint_hex: str) -> str:
    """`streams_digest` of a PDF read back (what the verifier recomputes)."""
    def contents() -> Iterator[bytes]:
        for page in reader.pages:
            c = page.get_contents()
            yield c.get_data() if c is not None else b""
    return streams_digest(fingerprint_hex, contents())


def _seal(key: bytes, envelope: Mapping[str, Any]) -> str:
    body = {k: v for k, v in envelope.items() if k != "seal"}
    return hmac.new(key, canonical_json(body), hashlib.sha256).hexdigest()


def seal_envelope(payload: Mapping[str, Any], page_streams: Iterable[bytes], *,
                  seal_key: bytes | None = None) -> bytes:
    """The attachment's bytes: the payload, the digest of the pages and, with a key, the HMAC seal."""
    envelope: dict[str, Any] = {**payload,
                                "pages_digest": streams_digest(payload["fingerprint"], page_streams)}
    if seal_key:
        envelope["seal"] = _seal(seal_key, envelope)
    return json.dumps(envelope, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")


@dataclass(frozen=True)
class Verification:
    """What a verifier concluded about a PDF: `status` is "verified", "altered" or "not_ours"."""

    status: str
    reason: str                        # a key of the report catalogue (verify_*), for the message
    payload: dict[str, Any] | None = None
    fingerprint: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "verified"


def read_payload(pdf: bytes) -> dict[str, Any] | None:
    """The embedded assessment envelope of a PDF, or None when there is none (or it is unreadable)."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        files = reader.attachments
        blobs = files.get(ATTACHMENT_NAME)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
    if not blobs:
        return None
    try:
        data = json.loads(blobs[-1])
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def verify_pdf(pdf: bytes, *, seal_key: bytes | None = None,
               known_questionnaire: Callable[[str], bool] | None = None) -> Verification:
    """Check a report: its embedded data matches its fingerprint, its pages match their digest.

    With `seal_key`, the HMAC seal must match too (otherwise the file was not produced by this
    server). With `known_questionnaire`, the questionnaire hash must be one this tool knows.
    """
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        n_pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return Verification("not_ours", "verify_not_pdf")
    if n_pages == 0:
        return Verification("not_ours", "verify_not_pdf")
    envelope = read_payload(pdf)
    if envelope is None or envelope.get("format") != PAYLOAD_FORMAT:
        return Verification("not_ours", "verify_no_data")
    stated = envelope.get("fingerprint")
    quest = envelope.get("questionnaire") or {}
    qhash = str(quest.get("content_hash", "")) if isinstance(quest, dict) else ""
    answers = envelope.get("answers")
    statuses = envelope.get("statuses")
    if not isinstance(answers, dict) or not isinstance(statuses, dict) or not isinstance(stated, str):
        return Verification("altered", "verify_bad_data", envelope, None)
    computed = fingerprint(qhash, answers, statuses)
    details = {"computed": computed, "stated": stated}
    if not hmac.compare_digest(computed, stated):
        return Verification("altered", "verify_data_changed", envelope, stated, details)
    try:
        digest = pages_digest(reader, stated)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return Verification("altered", "verify_pages_changed", envelope, stated, details)
    if not hmac.compare_digest(digest, str(envelope.get("pages_digest", ""))):
        return Verification("altered", "verify_pages_changed", envelope, stated, details)
    seal = str(envelope.get("seal", ""))
    if seal_key is not None and not hmac.compare_digest(_seal(seal_key, envelope), seal):
        return Verification("not_ours", "verify_bad_seal", envelope, stated, details)
    if known_questionnaire is not None and not known_questionnaire(qhash):
        return Verification("not_ours", "verify_unknown_questionnaire", envelope, stated, details)
    return Verification("verified", "verify_ok", envelope, stated, details)
