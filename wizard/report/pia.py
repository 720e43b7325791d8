"""Pre-filled import file for the CNIL's PIA tool, when the questionnaire says a DPIA is needed.

Which answers feed which PIA question is questionnaire content, so it lives in YAML
(`questionnaires/exports/pia.yaml`, keyed by questionnaire id): this module only follows the mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from wizard.report.i18n import t
from wizard.report.model import ReportData, tr
from wizard.report.text import esc

DEFAULT_MAPPING = Path(__file__).resolve().parents[2] / "questionnaires" / "exports" / "pia.yaml"


class PiaNotApplicable(Exception):
    """No PIA export: the questionnaire has no mapping, or its outcome says no DPIA is needed."""


def load_mapping(questionnaire_id: str, path: Path | None = None) -> dict[str, Any] | None:
    """The PIA mapping of a questionnaire from the exports YAML, or None when there is none."""
    path = path or DEFAULT_MAPPING
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as f:
        doc = YAML(typ="safe", pure=True).load(f) or {}
    entry = doc.get(questionnaire_id)
    return entry if isinstance(entry, dict) else None


def dpia_required(data: ReportData, mapping: Mapping[str, Any]) -> bool:
    """Whether the mapping's condition outcome has one of its trigger values."""
    cond = mapping.get("when") or {}
    outcome = next((o for o in data.outcomes if o.id == cond.get("outcome")), None)
    if outcome is None:
        return False
    return any(v.value in set(cond.get("values") or ()) for v in outcome.values)


def _item_html(data: ReportData, item: Mapping[str, Any]) -> str | None:
    lang = data.lang
    if "question" in item:
        for section in data.answers:
            for a in section.rows:
                if a.question_id == item["question"] and not a.unanswered:
                    return f"<p><strong>{esc(a.question)}</strong><br />{esc(a.answer)}</p>"
        return None
    if "outcome" in item:
        o = next((o for o in data.outcomes if o.id == item["outcome"]), None)
        if o is None:
            return None
        return f"<p><strong>{esc(o.label)}</strong>: {esc(o.text)}</p>"
    if "obligation" in item:
        ob = next((o for o in data.obligations if o.id == item["obligation"]), None)
        if ob is None:
            return None
        note = f" — {esc(ob.note)}" if ob.note else ""
        return f"<p><strong>{esc(ob.title)}</strong>: {esc(ob.status_label)}{note}</p>"
    if "text" in item:
        return f"<p>{esc(tr(item['text'], lang))}</p>"
    return None


def render_pia(data: ReportData, mapping: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The PIA tool's JSON import document; raises PiaNotApplicable when no DPIA is called for."""
    mapping = mapping if mapping is not None else load_mapping(data.questionnaire_id)
    if not mapping:
        raise PiaNotApplicable("no PIA mapping for this questionnaire")
    if not dpia_required(data, mapping):
        raise PiaNotApplicable("the assessment does not call for a DPIA")
    meta = data.meta
    created, updated = meta.created_at.isoformat(), meta.updated_at.isoformat()
    answers = []
    for ref, items in (mapping.get("answers") or {}).items():
        parts = [html for item in items or () if (html := _item_html(data, item))]
        if parts:
            answers.append({"reference_to": int(ref),
                            "data": {"text": "\n".join(parts), "gauge": 0, "list": []},
                            "created_at": created, "updated_at": updated})
    measures = [{"title": a.title, "content": esc(f"{a.priority_label} — {a.owner} — {a.status_label}"),
                 "placeholder": "", "created_at": created, "updated_at": updated} for a in data.actions]
    return {
        "pia": {
            "name": meta.system_name, "author_name": meta.contact or meta.organisation, "evaluator_name": "",
            "validator_name": "", "dpo_status": 0, "dpo_opinion": "", "concerned_people_opinion": "",
            "concerned_people_status": 0, "rejection_reason": "", "applied_adjustments": "", "status": 0,
            "dpos_names": "", "people_names": "", "category": t("report_title", data.lang),
            "created_at": created, "updated_at": updated,
        },
        "answers": answers,
        "measures": measures,
        "evaluations": [],
        "comments": [],
    }
