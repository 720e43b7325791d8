"""Pre-filled import file for the CNIL's PIA tool, when the questionnaire says a DPIA is needed.

The file is what the PIA tool's front end reads in "Import PIA" (LINCnil/pia, ``PiaService.importData``):
one object with ``pia``, ``answers``, ``measures``, ``evaluations`` and ``comments``. It pre-fills only
what the assessment knows, so that the tool's progress and the DPO's page stay true:
- the validation fields (DPO opinion, opinion of the people concerned) are left unset;
- an answer is written only when the assessment answers that PIA question (an obligation counts only
  when its status was stated), else the question stays empty;
- measures are the real controls the mapping lists (security, privacy by design...), each described;
  every other action of the plan goes to a comment, never to the measures.

Which answers feed which PIA question is questionnaire content, so it lives in YAML
(`questionnaires/exports/pia.yaml`, keyed by questionnaire id): this module only follows the mapping.
The format is described by docs/pia-import.schema.json (checked by tests/report/test_pia.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from wizard.report.i18n import fmt_date, t
from wizard.report.model import ActionView, ObligationView, ReportData, tr
from wizard.report.text import esc, markdown_html

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


def _outcome_has(data: ReportData, outcome_id: str | None, values: Any) -> bool:
    outcome = next((o for o in data.outcomes if o.id == outcome_id), None)
    return outcome is not None and any(v.value in set(values or ()) for v in outcome.values)


def dpia_required(data: ReportData, mapping: Mapping[str, Any]) -> bool:
    """Whether the mapping's condition outcome has one of its trigger values."""
    cond = mapping.get("when") or {}
    return _outcome_has(data, cond.get("outcome"), cond.get("values"))


def _obligation(data: ReportData, oid: str) -> ObligationView | None:
    return next((o for o in data.obligations if o.id == oid), None)


def _stated(ob: ObligationView) -> str:
    """The status stated for an obligation, with its note (only called when a status is stated)."""
    note = f" — {esc(ob.note)}" if ob.note else ""
    return f"{esc(ob.status_label)}{note}"


def _item_html(data: ReportData, item: Mapping[str, Any]) -> str | None:
    """One mapped item as HTML, or None when the assessment does not answer it."""
    if "question" in item:
        for section in data.answers:
            for a in section.rows:
                if a.question_id == item["question"] and not a.unanswered and not a.hidden:
                    return f"<p><strong>{esc(a.question)}</strong><br />{esc(a.answer)}</p>"
        return None
    if "outcome" in item:
        o = next((o for o in data.outcomes if o.id == item["outcome"]), None)
        if o is None or not o.determined:
            return None
        return f"<p><strong>{esc(o.label)}</strong>: {esc(o.text)}</p>"
    if "obligation" in item:
        # an obligation answers a PIA question only through what the respondent stated about it
        ob = _obligation(data, item["obligation"])
        if ob is None or ob.status is None:
            return None
        return f"<p><strong>{esc(ob.title)}</strong>: {_stated(ob)}</p>"
    if "text" in item:
        return f"<p>{esc(tr(item['text'], data.lang))}</p>"
    return None


def _visible_answer(data: ReportData, qid: str) -> Any:
    """The stored answer to ``qid`` when it is shown (answered and not hidden), else None."""
    for section in data.answers:
        for a in section.rows:
            if a.question_id == qid and not a.unanswered and not a.hidden:
                return (data.payload.get("answers") or {}).get(qid)
    return None


def _impact_applies(data: ReportData, when: Mapping[str, Any]) -> bool:
    if "outcome" in when:
        return _outcome_has(data, when["outcome"], when.get("values"))
    value = _visible_answer(data, str(when.get("question")))
    if "includes" in when:
        return isinstance(value, list) and when["includes"] in value
    return value is not None and value == when.get("is")


def _timestamp(moment: datetime) -> str:
    """RFC 3339 with the offset (report times are naive UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _answers(data: ReportData, mapping: Mapping[str, Any], created: str, updated: str) -> list[dict[str, Any]]:
    answers = []
    for ref, items in (mapping.get("answers") or {}).items():
        parts = [html for item in items or () if (html := _item_html(data, item))]
        if parts:
            # the shape the tool itself writes for a text answer (its bundled example PIA)
            answers.append({"reference_to": int(ref), "data": {"text": "\n".join(parts), "gauge": 0, "list": []},
                            "created_at": created, "updated_at": updated})
    impacts = [tr(impact["text"], data.lang) for impact in mapping.get("impacts") or ()
               if _impact_applies(data, impact.get("when") or {})]
    if impacts:
        # the impacts on people of each risk; its gauges (severity, likelihood) stay for the DPO to judge
        for ref in mapping.get("impact_questions") or ():
            answers.append({"reference_to": int(ref), "data": {"text": None, "gauge": None, "list": impacts},
                            "created_at": created, "updated_at": updated})
    return answers


def _measure_content(data: ReportData, ob: ObligationView) -> str:
    parts = [markdown_html(ob.text)] if ob.text else []
    if ob.status is not None:
        parts.append(f"<p>{esc(t('status', data.lang))}: {_stated(ob)}</p>")
    if ob.owner:
        parts.append(f"<p>{esc(t('owner', data.lang))}: {esc(ob.owner)}</p>")
    return "\n".join(parts)


def _measures(data: ReportData, mapping: Mapping[str, Any], created: str, updated: str) -> list[dict[str, Any]]:
    listed = [ob for oid in mapping.get("measures") or () if (ob := _obligation(data, str(oid))) is not None]
    return [{"id": number, "title": ob.title, "content": _measure_content(data, ob),
             "placeholder": "measures.default_placeholder",   # the tool's own default hint key
             "created_at": created, "updated_at": updated} for number, ob in enumerate(listed, start=1)]


def _action_line(data: ReportData, action: ActionView) -> str:
    details = [f"{t('priority', data.lang)}: {action.priority_label}"] if action.priority_label else []
    if action.due:
        details.append(f"{t('due', data.lang)}: {fmt_date(action.due, data.lang)}")
    if action.owner:
        details.append(action.owner)
    details.append(action.status_label)
    return f"<li>{esc(action.title)} ({esc(', '.join(details))})</li>"


def _comments(data: ReportData, mapping: Mapping[str, Any], created: str, updated: str) -> list[dict[str, Any]]:
    measured = {str(oid) for oid in mapping.get("measures") or ()}
    todo = [a for a in data.actions if a.obligation_id not in measured]
    if not todo:
        return []
    intro = esc(t("pia_plan", data.lang, ref=data.meta.reference))
    text = f"<p>{intro}</p><ul>{''.join(_action_line(data, a) for a in todo)}</ul>"
    return [{"reference_to": int(mapping.get("plan_question", 111)), "description": text, "for_measure": False,
             "created_at": created, "updated_at": updated}]


def render_pia(data: ReportData, mapping: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The PIA tool's JSON import document; raises PiaNotApplicable when no DPIA is called for."""
    mapping = mapping if mapping is not None else load_mapping(data.questionnaire_id)
    if not mapping:
        raise PiaNotApplicable("no PIA mapping for this questionnaire")
    if not dpia_required(data, mapping):
        raise PiaNotApplicable("the assessment does not call for a DPIA")
    meta = data.meta
    created, updated = _timestamp(meta.created_at), _timestamp(meta.updated_at)
    return {
        # Keys as the PIA tool's importData reads them (note its spellings rejected_reason and
        # applied_adjustements). dpo_status, concerned_people_status and concerned_people_searched_opinion
        # are left out: 0 means "not OK" there, and a new PIA leaves them unset for the DPO.
        "pia": {
            "name": meta.system_name, "category": "", "author_name": meta.contact or meta.organisation,
            "evaluator_name": "", "validator_name": "", "dpo_opinion": "", "dpos_names": "",
            "concerned_people_opinion": "", "concerned_people_searched_content": "", "people_names": "",
            "rejected_reason": "", "applied_adjustements": "", "status": 0,
            "created_at": created, "updated_at": updated,
        },
        "answers": _answers(data, mapping, created, updated),
        "measures": _measures(data, mapping, created, updated),
        "evaluations": [],
        "comments": _comments(data, mapping, created, updated),
    }
