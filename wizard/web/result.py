"""After the questions: check your answers, the result, the report download, deletion."""

from __future__ import annotations

import functools
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext
from werkzeug.wrappers import Response

from wizard import assessments
from wizard.accounts import policy
from wizard.extensions import limit_from_config, limiter
from wizard.forms import type_of
from wizard.forms.statuses import STATUS_LABELS
from wizard.questionnaire import tr
from wizard.report import EXTENSIONS, FORMATS, render
from wizard.report.pia import PiaNotApplicable, load_mapping
from wizard.report_cache import render_cached
from wizard.reporting import report_meta, seal_key
from wizard.review.operations import record_export

from . import access
from .access import Opened, open_assessment
from .progress import tracked_obligations
from .steps import all_steps
from .templating import facts_in_words

bp = Blueprint("result", __name__, url_prefix="/assessments/<reference>")
policy.public(bp, "assessment pages: every view checks the secret-link grant (web/access.py)")


def lang() -> str:
    """The interface language of this request."""
    return str(get_locale())


def show(opened: Opened, qid: str) -> str:
    """A stored answer as a person reads it ("Not answered" when there is none).

    Remembered for the request: the result page shows the same answer under many conclusions.
    """
    shown = opened.shown
    found = shown.get(qid)
    if found is None:
        question = opened.questionnaire.question(qid)
        if qid not in opened.answers or question is None:
            found = gettext("Not answered")
        else:
            found = type_of(question).display(question, opened.answers[qid], lang())
        shown[qid] = found
    return found


def reason_key(opened: Opened, result: Any, reason: Any, words: list[str],
               shows_refs: bool) -> tuple[Any, ...]:
    """Everything a reason's rendered block depends on besides the questionnaire and the language.

    The rule and its explanation, the answers as a person reads them, the facts in words, and
    whether its references are shown: the same reason under thirty obligations, or for another
    respondent with the same answers, is rendered once.
    """
    explanation = tuple(sorted(reason.explanation.items())) if reason.explanation else ()
    return (reason.rule_id, reason.kind, explanation, tuple(reason.references) if shows_refs else None,
            tuple((qid, show(opened, qid)) for qid, _value in reason.answers), tuple(words))


def reasons_key(opened: Opened, result: Any, reasons: Any, skip_refs: Any = ()) -> tuple[Any, ...]:
    """The keys of a list of reasons, as ``reasons_list`` renders them (``skip_refs``: references
    already shown above the list)."""
    skip = list(skip_refs)
    return tuple(reason_key(opened, result, reason, facts_in_words(result, reason.facts),
                            list(reason.references) != skip) for reason in reasons)


def obligation_key(opened: Opened, result: Any, item: Any) -> tuple[Any, ...]:
    """Everything an obligation's section of the result page shows besides the questionnaire and the
    language: when it applies, its status and note, the questions that settle it, why it applies.

    After an answer changes, the obligations it does not touch keep their key: their sections are
    not rendered again.
    """
    return (item.id, item.certain, item.applies_from, item.in_force, item.status, item.note,
            tuple(item.settle), reasons_key(opened, result, item.reasons, item.obligation.references))


def outcome_key(opened: Opened, result: Any, outcome: Any) -> tuple[Any, ...]:
    """Everything an outcome's section of the result page shows besides the questionnaire and the
    language: its values, whether it is provisional and what is still possible, why."""
    return (outcome.id, tuple(v.value for v in outcome.values), outcome.provisional,
            tuple(v.value for v in outcome.possible), tuple(outcome.settle),
            reasons_key(opened, result, outcome.reasons))


def hidden_answers(opened: Opened) -> list[tuple[str, str]]:
    """(question label, answer) of answers kept but ignored: their question no longer applies."""
    found = []
    for qid in opened.visibility.hidden_answers():
        question = opened.questionnaire.question(qid)
        if question is not None:
            found.append((tr(question.label, lang()), show(opened, qid)))
    return found


@bp.get("/summary")
def summary(reference: str) -> str:
    """Check your answers: every answer by section, each with a Change link back to its step."""
    opened = open_assessment(reference, read_only=True)
    sections = [(section, list(opened.visibility.questions(section.id)))
                for section in opened.visibility.sections()]
    return render_template("summary.html", opened=opened, sections=sections, show=show,
                           tracked=tracked_obligations(opened), status_labels=STATUS_LABELS,
                           steps=all_steps(opened), hidden=hidden_answers(opened),
                           missing=[q for _s, qs in sections for q in qs
                                    if q.required and q.id not in opened.answers])


@bp.post("/complete")
def complete(reference: str) -> Response:
    """Confirm the answers (the assessment stops being a draft), then show the result."""
    opened = open_assessment(reference)
    assessments.complete(opened.assessment)
    return redirect(url_for("result.result", reference=reference), 303)


def obligation_groups(opened: Opened) -> list[tuple[str, str, list[Any]]]:
    """The applicable obligations by regulation, in the questionnaire's order: (id, title, obligations)."""
    groups: dict[str, list[Any]] = {}
    for item in opened.result.obligations:
        groups.setdefault(item.obligation.regulation, []).append(item)
    found = []
    for regulation, items in groups.items():
        instrument = opened.questionnaire.instrument(regulation)
        title = tr(instrument.short or instrument.title, lang()) if instrument else regulation
        found.append((regulation, title, items))
    return found


@bp.get("/result")
def result(reference: str) -> str:
    """The result: classifications, conclusions, obligations and actions, each with its reasons."""
    opened = open_assessment(reference, read_only=True)
    return render_template("result.html", opened=opened, result=opened.result, show=show, reason_key=reason_key,
                           obligation_key=obligation_key, outcome_key=outcome_key,
                           status_labels=STATUS_LABELS, pia=pia_available(opened),
                           groups=obligation_groups(opened))


#: The PIA mapping file is read once per process, not on every result page (it is questionnaire content,
#: deployed with the questionnaires, which are loaded once too).
_pia_mapping = functools.lru_cache(maxsize=32)(load_mapping)

#: The downloads of the result page: file extension in the URL → report format.
DOWNLOADS = {"pdf": "pdf", "csv": "csv", "md": "markdown", "json": "json", "pia.json": "pia"}


def pia_available(opened: Opened) -> bool:
    """Whether the CNIL PIA export applies: the questionnaire maps one, and its trigger outcome fired.

    The same test as the report package's ``dpia_required``, read off the result the page already has.
    """
    mapping = _pia_mapping(opened.questionnaire.id)
    if not mapping:
        return False
    when = mapping.get("when") or {}
    outcome = opened.result.outcomes.get(str(when.get("outcome")))
    if outcome is None:
        return False
    return any(info.value in set(when.get("values") or ()) for info in outcome.values)


@bp.get("/report.pdf", defaults={"ext": "pdf"})
@bp.get("/report.csv", defaults={"ext": "csv"})
@bp.get("/report.md", defaults={"ext": "md"})
@bp.get("/report.json", defaults={"ext": "json"})
@bp.get("/report.pia.json", defaults={"ext": "pia.json"})
@limiter.limit(limit_from_config("RATELIMIT_DOWNLOAD"))
def report(reference: str, ext: str = "pdf") -> Response:
    """The report of this assessment as a download: PDF, action plan CSV, Markdown, JSON or PIA import."""
    opened = open_assessment(reference)
    fmt = DOWNLOADS[ext]
    try:
        # sealed with this server's key, so the verification page can tell a PDF came from here
        data = render_cached(fmt, opened, lang(), lambda: render(
            fmt, opened.questionnaire, opened.result, opened.answers, opened.statuses,
            report_meta(opened, lang()), seal_key=seal_key()))
    except PiaNotApplicable:
        flash(gettext("There is no file for the CNIL PIA tool: your answers do not call for a data "
                      "protection impact assessment."), "info")
        return redirect(url_for("result.result", reference=reference), 303)
    record_export(None, opened.assessment.reference, ext)   # the audit trail notes every export
    name = f"{opened.assessment.reference}-{lang()}.{EXTENSIONS[fmt]}"
    return Response(data, content_type=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/delete", methods=["GET"])
def confirm_delete(reference: str) -> str:
    """Ask for confirmation before deleting."""
    opened = open_assessment(reference)
    return render_template("delete.html", opened=opened)


@bp.post("/delete")
def delete(reference: str) -> Response:
    """Delete the assessment for good, forget it in this browser, and say so."""
    opened = open_assessment(reference)
    name = opened.assessment.system_name
    assessments.remove(opened.assessment)
    access.revoke(reference)
    flash(gettext("The assessment of “%(name)s” and all its answers were deleted.", name=name), "success")
    return redirect(url_for("home.index"), 303)


def reference_links(opened: Opened, refs: Any) -> list[tuple[str, str | None]]:
    """(label, EUR-Lex URL or None) for legal references, in the interface language."""
    q = opened.questionnaire
    return [(q.reference_label(ref, lang()), q.reference_url(ref, lang())) for ref in (refs or ())]


__all__ = ["bp", "reference_links", "tr"]
