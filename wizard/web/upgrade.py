"""Re-evaluation on a newer questionnaire version: what would change, accept it, the versions left behind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date, get_locale, gettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from wizard import upgrades
from wizard.accounts import policy
from wizard.catalog import catalog
from wizard.engine import evaluate
from wizard.engine.compare import ResultChange
from wizard.extensions import db
from wizard.forms import type_of
from wizard.models import PastVersion
from wizard.questionnaire import Questionnaire, tr

from .access import Opened, open_assessment

bp = Blueprint("upgrade", __name__, url_prefix="/assessments/<reference>")
policy.public(bp, "assessment pages: every view checks the secret-link grant (web/access.py)")


def _lang() -> str:
    return str(get_locale())


def newer_for(opened: Opened) -> Questionnaire | None:
    """The newer version this assessment may move to, if any."""
    current = catalog().current.get(opened.questionnaire.id)
    return upgrades.newer_version(current, opened.questionnaire)


def _date(value: Any) -> str:
    return format_date(dt.date.fromisoformat(value), "long") if value else gettext("no date")


def _values(q: Questionnaire, outcome_id: str, value: Any) -> str:
    outcome = q.outcome(outcome_id)
    values = value if isinstance(value, tuple | list) else (value,)
    labels = []
    for item in values:
        if item is None:
            continue
        info = outcome.value_info(item) if outcome is not None else None
        labels.append(tr(info.label, _lang()) if info else str(item))
    return ", ".join(labels) or gettext("none")


def describe(change: ResultChange, old: Questionnaire, new: Questionnaire) -> str:
    """One change of the result as a sentence in the reader's language."""
    lang = _lang()
    if change.kind == "outcome":
        outcome = new.outcome(change.item) or old.outcome(change.item)
        label = tr(outcome.label, lang) if outcome else change.item
        return gettext("%(what)s: %(before)s becomes %(after)s", what=label,
                       before=_values(old, change.item, change.before), after=_values(new, change.item, change.after))
    ob = new.obligation(change.item) or old.obligation(change.item)
    title = tr(ob.title, lang) if ob else change.item
    if change.kind == "obligation_added":
        if change.after:
            return gettext("New obligation: %(title)s, from %(date)s", title=title, date=_date(change.after))
        return gettext("New obligation: %(title)s", title=title)
    if change.kind == "obligation_removed":
        return gettext("No longer an obligation: %(title)s", title=title)
    return gettext("%(title)s: the deadline moves from %(before)s to %(after)s", title=title,
                   before=_date(change.before), after=_date(change.after))


def _answer_rows(q: Questionnaire, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(question as asked, answer as given) for answers whose question is in ``q``."""
    rows = []
    for qid, value in answers.items():
        question = q.question(qid)
        if question is None:
            rows.append((qid, str(value)))
            continue
        try:
            shown = type_of(question).display(question, value, _lang())
        except (ValueError, TypeError, KeyError):  # an answer the question no longer accepts
            shown = str(value)
        rows.append((tr(question.label, _lang()), shown))
    return rows


@bp.get("/version")
def review(reference: str) -> str | Response:
    """What moving to the newer version would change, before the respondent accepts it."""
    opened = open_assessment(reference)
    new = newer_for(opened)
    if new is None:
        flash(gettext("Your assessment already uses the latest version of the questionnaire."), "info")
        return redirect(url_for("steps.overview", reference=reference), 303)
    plan = upgrades.preview(opened.assessment, opened.questionnaire, new)
    old = opened.questionnaire
    return render_template(
        "upgrade.html", opened=opened, plan=plan, new=new,
        changes=[describe(c, old, new) for c in plan.changes],
        new_questions=[tr(q.label, _lang()) for qid in plan.questions_to_answer
                       if (q := new.question(qid)) is not None],
        removed=_answer_rows(old, plan.carried.removed), invalid=_answer_rows(old, plan.carried.invalid))


@bp.post("/version")
def accept(reference: str) -> Response:
    """Move the assessment to the newer version; the old one stays in its history."""
    opened = open_assessment(reference)
    new = newer_for(opened)
    if new is None:
        return redirect(url_for("steps.overview", reference=reference), 303)
    plan = upgrades.upgrade(opened.assessment, opened.questionnaire, new, moved_by="respondent")
    if plan.questions_to_answer:
        flash(gettext("Your assessment now uses version %(version)s. Answer the %(count)d new question(s), "
                      "then confirm your answers again.", version=new.version,
                      count=len(plan.questions_to_answer)), "success")
        return redirect(url_for("steps.resume", reference=reference), 303)
    flash(gettext("Your assessment now uses version %(version)s.", version=new.version), "success")
    return redirect(url_for("result.result", reference=reference), 303)


@bp.get("/history/<int:past_id>")
def past(reference: str, past_id: int) -> str:
    """The result as it was on a version the assessment has left (re-evaluated from what was kept)."""
    opened = open_assessment(reference)
    found = db.session.scalar(select(PastVersion).where(PastVersion.id == past_id,
                                                        PastVersion.assessment_id == opened.assessment.id))
    if found is None:
        abort(404)
    q = catalog().pinned(found.snapshot.content_hash, found.snapshot.frozen)
    result = evaluate(q, found.answers, {}, found.moved_at.date())
    return render_template("past_version.html", opened=opened, past=found, q=q, result=result,
                           answers=_answer_rows(q, {k: v for k, v in found.answers.items() if k in q.questions}))


@bp.app_context_processor
def upgrade_helpers() -> dict[str, Any]:
    """``newer_version(opened)`` and ``past_versions(opened)`` for the task list and the result page."""
    return {"newer_version": newer_for, "past_versions": lambda opened: upgrades.history(opened.assessment)}
