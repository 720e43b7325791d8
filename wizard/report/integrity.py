"""Fingerprint, embedded assessment data and verification of a report PDF.

The fingerprint is the SHA-256 of the canonical JSON of the questionnaire's content hash, the answers
and the obligation statuses (docs/report.md, "Integrity"). The PDF carries the assessment as an
attachment (`assessment.json`). A report produced by the server carries a seal: an HMAC, with a key
derived from the server's secret, over every byte of the file (the seal's own digits blanked). Any
change a reader could see (text, annotations, page boxes, page order, an appended update, another
attachment, a script) changes bytes, so only an untouched file from this server verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

ATTACHMENT_NAME = "assessment.json"
PAYLOAD_FORMAT = "ai-compliance-wizard/assessment"
#: 2: the seal is an HMAC over every byte of the file (version 1 sealed the data and page streams only,
#: which let annotations, page boxes and appended updates through).
PAYLOAD_VERSION = 2
#: Reports larger than this are refused unread (a genuine report is a few hundred kilobytes).
MAX_PDF_BYTES = 8 * 1024 * 1024
#: A genuine file holds one seal; a few more slots can come from text a respondent typed into the
#: document's metadata. More than this is a crafted file (each candidate costs one HMAC).
MAX_SEAL_CANDIDATES = 8
SEAL_DOMAIN = b"ai-compliance-wizard/report-seal/v2\x00"
_SEAL_PREFIX = b'"seal": "'
_SEAL_SLOT = re.compile(rb'"seal": "([0-9a-f]{64})"')
_HEX64 = re.compile(r"[0-9a-f]{64}")


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


def envelope_bytes(payload: Mapping[str, Any], *, seal_slot: str | None = None) -> bytes:
    """The attachment's bytes: the payload and, when the report is to be sealed, its seal slot.

    ``seal_slot`` is a random placeholder of 64 hex digits that `seal_document` later finds in the
    finished file and overwrites with the seal (same length, so no offset in the PDF moves). The
    attachment is stored uncompressed for that reason.
    """
    envelope: dict[str, Any] = dict(payload)
    if seal_slot is not None:
        if not _HEX64.fullmatch(seal_slot):
            raise ValueError("a seal slot is 64 lowercase hex digits")
        envelope["seal"] = seal_slot
    return json.dumps(envelope, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")


def new_seal_slot() -> str:
    """A fresh, unguessable placeholder for the seal (no text in the document can collide with it)."""
    return secrets.token_hex(32)


def _document_mac(key: bytes, pdf: bytes, at: int) -> str:
    """HMAC over the whole file with the 64 seal digits at ``at`` blanked, bound to ``at`` and the length.

    Binding the offset means a seal cannot be moved to another place in the file; binding the length
    (and covering every byte) means nothing can be appended, removed or changed anywhere.
    """
    mac = hmac.new(key, SEAL_DOMAIN, hashlib.sha256)
    mac.update(at.to_bytes(8, "big"))
    mac.update(len(pdf).to_bytes(8, "big"))
    mac.update(memoryview(pdf)[:at])
    mac.update(b"0" * 64)
    mac.update(memoryview(pdf)[at + 64:])
    return mac.hexdigest()


def seal_document(pdf: bytes, seal_slot: str, key: bytes) -> bytes:
    """``pdf`` with its seal slot replaced by this server's seal over every byte of the file."""
    marker = _SEAL_PREFIX + seal_slot.encode("ascii") + b'"'
    at = pdf.find(marker)
    if at < 0 or pdf.find(marker, at + 1) >= 0:
        raise ValueError("the seal slot must occur exactly once in the document")
    at += len(_SEAL_PREFIX)
    return pdf[:at] + _document_mac(key, pdf, at).encode("ascii") + pdf[at + 64:]


def seal_state(pdf: bytes, key: bytes) -> bool | None:
    """True when ``pdf`` carries a valid seal of ``key``, False when its seal is wrong, None without one.

    Works on the raw bytes: nothing of the file is parsed, decompressed or trusted before this says
    True, so a crafted file costs one bounded scan and at most a few HMACs of its length.
    """
    candidates = []
    for found in _SEAL_SLOT.finditer(pdf):
        candidates.append(found)
        if len(candidates) > MAX_SEAL_CANDIDATES:
            return False
    if not candidates:
        return None
    return any(hmac.compare_digest(_document_mac(key, pdf, found.start(1)).encode("ascii"), found.group(1))
               for found in candidates)


@dataclass(frozen=True)
class Verification:
    """What a verifier concluded about a PDF.

    ``status`` is "verified" (this server's valid seal over the whole file), "unsealed" (no seal:
    nothing vouches for it), "altered" (a seal that does not match: changed after it was produced,
    or sealed by another server) or "unreadable" (not a PDF, too large, or sealed data that cannot be
    read). Only "verified" may ever be presented as genuine.
    """

    status: str
    reason: str                        # a key of the report catalogue (verify_*), for the message
    payload: dict[str, Any] | None = None
    fingerprint: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "verified"


def read_payload(pdf: bytes) -> dict[str, Any] | None:
    """The embedded assessment envelope of a PDF, or None when there is none (or it is unreadable).

    Parses the PDF: call it on untrusted input only in tests or after `seal_state` said True.
    """
    try:
        reader = PdfReader(io.BytesIO(pdf))
        files = reader.attachments
        blobs = files.get(ATTACHMENT_NAME)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError):
        return None
    if not blobs or len(blobs) != 1:
        return None
    try:
        data = json.loads(blobs[0])
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def looks_like_pdf(pdf: bytes) -> bool:
    """Whether the file starts with a PDF header (within the first 1024 bytes, as readers allow)."""
    return b"%PDF-" in pdf[:1024]


def verify_pdf(pdf: bytes, *, seal_key: bytes, known_questionnaire: Callable[[str], bool] | None = None,
               max_bytes: int = MAX_PDF_BYTES) -> Verification:
    """Whether ``pdf`` is a report this server produced, byte for byte, and what it carries.

    The seal is checked first, on the raw bytes; the file is parsed only once it is known to be ours,
    so the work done for any other file is bounded by its size. With `known_questionnaire`, a genuine
    report whose questionnaire version this server no longer knows is still genuine, with the reason
    "verify_ok_unknown_questionnaire" (its conclusions cannot be recomputed here).
    """
    if len(pdf) > max_bytes:
        return Verification("unreadable", "verify_too_large")
    if not looks_like_pdf(pdf):
        return Verification("unreadable", "verify_not_pdf")
    sealed = seal_state(pdf, seal_key)
    if sealed is None:
        return Verification("unsealed", "verify_no_seal")
    if not sealed:
        return Verification("altered", "verify_bad_seal")
    envelope = read_payload(pdf)
    if envelope is None or envelope.get("format") != PAYLOAD_FORMAT \
            or envelope.get("format_version") != PAYLOAD_VERSION:
        return Verification("unreadable", "verify_bad_data")
    stated = envelope.get("fingerprint")
    quest = envelope.get("questionnaire")
    qhash = quest.get("content_hash") if isinstance(quest, dict) else None
    answers, statuses = envelope.get("answers"), envelope.get("statuses")
    if not (isinstance(answers, dict) and isinstance(statuses, dict) and isinstance(stated, str)
            and isinstance(qhash, str) and isinstance(envelope.get("assessment"), dict)):
        return Verification("unreadable", "verify_bad_data")
    try:
        computed = fingerprint(qhash, answers, statuses)
    except (ValueError, TypeError, RecursionError):
        return Verification("unreadable", "verify_bad_data")
    details = {"computed": computed, "stated": stated}
    if not hmac.compare_digest(computed.encode(), stated.encode("utf-8", "replace")):
        return Verification("unreadable", "verify_bad_data", None, None, details)
    if known_questionnaire is not None and not known_questionnaire(qhash):
        return Verification("verified", "verify_ok_unknown_questionnaire", envelope, stated, details)
    return Verification("verified", "verify_ok", envelope, stated, details)
