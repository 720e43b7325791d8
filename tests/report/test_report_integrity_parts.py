"""The pieces of report integrity, each pinned: canonical data, the fingerprint, the payload, the envelope.

(The seal and the verdicts are tested with the verification page, tests/report/test_report_integrity.py.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from report_helpers import ANSWERS, STATUSES, make_meta

from wizard.report.integrity import (
    PAYLOAD_FORMAT,
    PAYLOAD_VERSION,
    build_payload,
    canonical_json,
    canonical_statuses,
    envelope_bytes,
    fingerprint,
)


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


def test_the_envelope_is_readable_one_key_a_line_with_the_seal_slot_when_sealed() -> None:
    payload = {"fingerprint": "f" * 64, "answers": {"a": 1}}
    text = envelope_bytes(payload).decode("ascii")
    assert text.startswith('{\n "answers": {\n  "a": 1\n },\n "fingerprint": ')
    assert json.loads(text) == payload
    slot = "0123456789abcdef" * 4
    assert json.loads(envelope_bytes(payload, seal_slot=slot)) == {**payload, "seal": slot}
