"""The questions, one step (section) at a time: task list, resume, secret link, steps and statuses."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from sqlalchemy.exc import DBAPIError
from werkzeug.wrappers import Response

from wizard import assessments
from wizard.accounts import policy
from wizard.extensions import db
from wizard.forms import build_status_form, build_step_form, read_answers, read_statuses, type_of
from wizard.forms.statuses import STATUS_LABELS, note_field, status_field
from wizard.forms.step import VERSIONS_FIELD, dump_versions, load_versions, shown_fields
from wizard.questionnaire import tr

from . import access, evaluations
from .access import Opened, open_assessment
from .progress import STATUS_STEP, Step, first_open, neighbours, steps, tracked_obligations

bp = Blueprint("steps", __name__, url_prefix="/assessments/<reference>")
policy.public(bp, "assessment pages: every view checks the secret-link grant (web/access.py)")


def lang() -> str:
    """The interface language of this request."""
    return str(get_locale())


def all_steps(opened: Opened) -> list[Step]:
    """The steps of ``opened`` with the status step titled in the interface language."""
    return steps(opened, gettext("Status of your obligations"))


def step_url(opened: Opened, step: Step | None, **extra: Any) -> str:
    """URL of ``step``; the summary when ``step`` is None."""
    reference = opened.assessment.reference
    if step is None:
        return url_for("result.summary", reference=reference)
    if not step.is_section:
        return url_for("steps.statuses", reference=reference, **extra)
    return url_for("steps.step", reference=reference, section_id=step.id, **extra)


@bp.get("/")
def overview(reference: str) -> str:
    """The task list: every step with its status."""
    opened = open_assessment(reference, read_only=True)
    return render_template("task_list.html", opened=opened, steps=all_steps(opened), step_url=step_url)


@bp.get("/resume")
def resume(reference: str) -> Response:
    """Go to the first step not yet done (or the summary)."""
    opened = open_assessment(reference, read_only=True)
    return redirect(step_url(opened, first_open(all_steps(opened))), 303)


@bp.get("/link")
def link(reference: str) -> str:
    """The secret link of this assessment, to keep (shown after start and on demand)."""
    opened = open_assessment(reference)
    token = assessments.link_token(opened.assessment, access.link_key())
    secret_url = url_for("home.open_link", token=token, _external=True) if token else None
    return render_template("link.html", opened=opened, secret_url=secret_url,
                           new=request.args.get("new") == "1")


@bp.post("/link")
def rotate_link(reference: str) -> Response:
    """Make a new secret link: the old one, and every browser it was opened in, lose access at once."""
    opened = open_assessment(reference)
    assessments.rotate_link(opened.assessment, access.link_key())
    access.grant(opened.assessment)
    flash(gettext("A new link was made. The old link no longer works, in any browser."), "success")
    return redirect(url_for("steps.link", reference=reference), 303)


def field_views(opened: Opened, questions: list[Any], form: Any, errors: dict[str, str],
                conflicts: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """What the template needs per question: the bound field, its macro, choices, error, conflict."""
    views = []
    language, content_hash = lang(), opened.questionnaire.content_hash
    for question in questions:
        kind = type_of(question)
        field = form[question.id]
        error, conflict = errors.get(question.id), conflicts.get(question.id)
        views.append({
            "question": question, "field": field, "macro": kind.macro,
            "choices": _choices(kind, question, content_hash, language),
            "error": error, "conflict": conflict,
            "cache_key": None if error or conflict else block_key(question.id, field.data),
        })
    return views


#: Longest typed value whose question block is remembered (longer texts are one respondent's own).
BLOCK_VALUE_LIMIT = 200


def block_key(question_id: str, data: Any) -> tuple[Any, ...] | None:
    """The key under which a question's rendered block is remembered, or None not to remember it.

    Without an error or a conflict, the block is a function of the question and its field's value
    (plus the questionnaire, the language and whether it is the page heading, which the template
    adds). Values are kept in the key only when short and of a plain type, so that the store holds
    choices and short entries, never long free texts.
    """
    if data is None:
        return (question_id, None)
    if isinstance(data, str):
        return (question_id, data) if len(data) <= BLOCK_VALUE_LIMIT else None
    if isinstance(data, list | tuple) and all(isinstance(v, str) for v in data):
        picked = tuple(data)
        return (question_id, picked) if sum(map(len, picked)) <= BLOCK_VALUE_LIMIT else None
    return None


#: Choices (value, label, hint) by (questionnaire hash, question id, language): labels come from the
#: questionnaire and the catalogue, so they are computed once per process.
_CHOICES: dict[tuple[str, str, str], list[Any]] = {}


def _choices(kind: Any, question: Any, content_hash: str, language: str) -> list[Any]:
    """``kind.choices(question, language)``, remembered (empty for types without choices)."""
    if not hasattr(kind, "choices"):
        return []
    key = (content_hash, question.id, language)
    found = _CHOICES.get(key)
    if found is None:
        if len(_CHOICES) >= 20000:
            _CHOICES.clear()
        found = _CHOICES[key] = kind.choices(question, language)
    return found


def render_step(opened: Opened, section_id: str, questions: list[Any], form: Any, *, versions: str,
                errors: dict[str, str] | None = None, conflicts: dict[str, tuple[str, str]] | None = None,
                message: str | None = None, status: int = 200) -> tuple[str, int]:
    """Render one question step (with its progress, back link, errors and conflicts)."""
    section = opened.questionnaire.section(section_id)
    every = all_steps(opened)
    before, _after = neighbours(every, section_id)
    current = next((s for s in every if s.id == section_id), None)
    back = (url_for("result.summary", reference=opened.assessment.reference)
            if request.args.get("return") == "summary"
            else step_url(opened, before) if before else url_for("steps.overview",
                                                                  reference=opened.assessment.reference))
    views = field_views(opened, questions, form, errors or {}, conflicts or {})
    keys = tuple(view["cache_key"] for view in views)
    # "more" names the first new question: anything else in the URL shows nothing, and keys nothing
    more = request.args.get("more") if not errors else None
    return render_template(
        "step.html", opened=opened, section=section, fields=views,
        fields_key=None if None in keys else keys,
        errors=errors or {}, conflicts=conflicts or {}, versions=versions, versions_field=VERSIONS_FIELD,
        steps=every, current=current, back_url=back, message=message, step_url=step_url,
        return_to=request.args.get("return"), more=more if more in {q.id for q in questions} else None,
        follow_ups=url_for("steps.step_questions", reference=opened.assessment.reference, section_id=section_id),
        controls=controlling(opened, section_id),
    ), status


def controlling(opened: Opened, section_id: str) -> list[str]:
    """Questions of a step that a condition of another question of the same step reads.

    Only a change to one of them can bring or take away a follow-up on the page: the script asks the
    server again for those, and for no other answer. Depends on the questionnaire only: worked out
    once per section.
    """
    key = ("controlling", opened.questionnaire.content_hash, section_id)
    return list(evaluations.derived(key, lambda: _controlling(opened.questionnaire, section_id)))


def _controlling(questionnaire: Any, section_id: str) -> tuple[str, ...]:
    """``controlling`` without the memo."""
    from wizard.questionnaire.loader import compiled_of

    compiled = compiled_of(questionnaire)
    section = questionnaire.section(section_id)
    ids = [q.id for q in section.questions] if section is not None else []
    found: dict[str, None] = {}
    for qid in ids:
        condition = compiled.question_show.get(qid)
        if condition is not None:
            found.update(dict.fromkeys(r for r in compiled.questions_of(condition.names) if r in ids and r != qid))
    return tuple(found)


def waiting(opened: Opened, questions: list[Any]) -> set[str]:
    """Questions of a step whose condition reads a question of the same step that was not answered yet.

    They are left off the page at first: once the step is saved, the ones that apply come back on the
    same page ("your answers show more questions"), so nobody reads follow-ups that do not concern them.
    """
    from wizard.questionnaire.loader import compiled_of

    compiled = compiled_of(opened.questionnaire)
    unanswered = {q.id for q in questions if q.id not in opened.versions}
    found = set()
    for question in questions:
        condition = compiled.question_show.get(question.id)
        if condition is not None and unanswered & set(compiled.questions_of(condition.names)) - {question.id}:
            found.add(question.id)
    return found


def visible_section(opened: Opened, section_id: str) -> list[Any] | Response:
    """The questions shown in ``section_id``; a redirect with a message when the section is hidden."""
    if opened.questionnaire.section(section_id) is None:
        abort(404)
    if not opened.visibility.section_visible(section_id):
        flash(gettext("This section does not apply given your answers, so nothing was saved there."), "info")
        return redirect(url_for("steps.overview", reference=opened.assessment.reference), 303)
    return list(opened.visibility.questions(section_id))


def posted_step(opened: Opened, section_id: str,
                questions: list[Any]) -> tuple[dict[str, Any], dict[str, str], Any, list[Any]]:
    """Read a posted step: values and errors for the questions visible once the new answers count."""
    form = build_step_form(questions, lang(), content_hash=opened.questionnaire.content_hash, formdata=request.form)
    values, errors = read_answers(questions, form)
    merged = {**opened.answers, **{k: v for k, v in values.items() if v is not None}}
    for qid, value in values.items():
        if value is None:
            merged.pop(qid, None)
    after = evaluations.visibility_of(opened.questionnaire, merged)
    shown = [q for q in questions if after.question_visible(q.id)]
    shown_ids = {q.id for q in shown}
    return ({k: v for k, v in values.items() if k in shown_ids},
            {k: v for k, v in errors.items() if k in shown_ids}, form, shown)


@bp.route("/steps/<section_id>", methods=["GET", "POST"])
def step(reference: str, section_id: str) -> Response | tuple[str, int]:
    """Ask one section; a valid POST saves every answer of it at once, then goes to the next step."""
    opened = open_assessment(reference, read_only=request.method == "GET")
    questions = visible_section(opened, section_id)
    if isinstance(questions, Response):
        return questions
    later = waiting(opened, questions)
    if request.method == "GET":
        questions = [q for q in questions if q.id not in later]
        return render_step(opened, section_id, questions, shown_fields(questions, opened.answers),
                           versions=dump_versions(opened.versions, [q.id for q in questions]))
    # a follow-up left off the page is not part of this post (unless a client posts it anyway)
    questions = [q for q in questions if q.id not in later or q.id in request.form]
    keys = [q.id for q in questions]
    values, errors, form, shown = posted_step(opened, section_id, questions)
    posted_versions = request.form.get(VERSIONS_FIELD, "")
    if errors:
        return render_step(opened, section_id, questions, form, versions=posted_versions, errors=errors,
                           status=400)
    try:
        assessments.save_answers(opened.assessment, values, load_versions(posted_versions))
    except DBAPIError:
        # the database failed mid-save: the transaction is rolled back (earlier answers untouched)
        # and the page comes back with what was typed, so that nothing is lost
        db.session.rollback()
        current_app.logger.warning("a step could not be saved: the database failed")
        return render_step(opened, section_id, questions, form, versions=posted_versions, status=503,
                           message=gettext("Your answers to this page could not be saved just now. They are "
                                           "still in the form below: try again in a moment."))
    except assessments.ConflictError as error:
        fresh = opened.refresh()
        by_id = {q.id: q for q in questions}
        conflicts = {c.key: (type_of(by_id[c.key]).display(by_id[c.key], c.theirs["value"], lang())
                             if c.theirs["value"] is not None else gettext("Not answered"),
                             type_of(by_id[c.key]).display(by_id[c.key], c.mine["value"], lang())
                             if c.mine["value"] is not None else gettext("Not answered"))
                     for c in error.conflicts if c.key in by_id}
        return render_step(fresh, section_id, questions, form, versions=dump_versions(fresh.versions, keys),
                           conflicts=conflicts, status=409,
                           message=gettext("Nothing was saved: someone else changed some answers of this "
                                           "step while you were editing it."))
    fresh = opened.refresh()
    unanswered = [q for q in fresh.visibility.questions(section_id) if q.id not in fresh.versions]
    if unanswered:  # the new answers showed more questions in this same step
        # said next to the first new question (the page scrolls there), not at the top out of sight
        query: dict[str, Any] = {**request.args.to_dict(), "more": unanswered[0].id}
        return redirect(url_for("steps.step", reference=reference, section_id=section_id,
                                _anchor="more-questions", **query), 303)
    if request.args.get("return") == "summary":
        return redirect(url_for("result.summary", reference=reference, _anchor=f"section-{section_id}"), 303)
    _before, after = neighbours(all_steps(fresh), section_id)
    return redirect(step_url(fresh, after), 303)


@bp.post("/steps/<section_id>/questions")
def step_questions(reference: str, section_id: str) -> tuple[str, int]:
    """The questions of a step that apply given the answers on the page, not saved: for the script.

    The page's script posts the form as it stands whenever an answer changes, with the ids of the
    questions on the page (``__page``); the engine decides which questions apply, so the conditions
    exist once, on the server. The answer is an HTML fragment of every question that applies, in
    order; the script adds the new ones and removes those that no longer apply. Nothing is stored.
    """

    opened = open_assessment(reference)
    section = opened.questionnaire.section(section_id)
    if section is None or not opened.visibility.section_visible(section_id):
        abort(404)
    on_page = set(request.form.get("__page", "").split(","))
    posted = [q for q in section.questions if q.id in on_page]
    values, _errors = read_answers(posted, build_step_form(posted, lang(), formdata=request.form))
    merged = dict(opened.answers)
    for question in posted:  # what the page says now, answered or cleared, counts instead of what is stored
        if values.get(question.id) is not None:
            merged[question.id] = values[question.id]
        else:
            merged.pop(question.id, None)
    after = evaluations.visibility_of(opened.questionnaire, merged)
    shown = [q for q in section.questions if after.question_visible(q.id)]
    form = build_step_form(shown, lang(), answers=merged)
    return render_template("step_questions.html", opened=opened,
                           fields=field_views(opened, shown, form, {}, {})), 200


def render_statuses(opened: Opened, form: Any, *, versions: str, errors: dict[str, str] | None = None,
                    message: str | None = None, status: int = 200) -> tuple[str, int]:
    """Render the obligations status step."""
    every = all_steps(opened)
    before, _after = neighbours(every, STATUS_STEP)
    current = next((s for s in every if s.id == STATUS_STEP), None)
    back = (url_for("result.summary", reference=opened.assessment.reference)
            if request.args.get("return") == "summary" else step_url(opened, before))
    items = [{"result": o, "status": form[status_field(o.id)], "note": form[note_field(o.id)]}
             for o in tracked_obligations(opened)]
    return render_template("statuses.html", opened=opened, items=items,
                           groups=status_groups(opened, items, errors or {}), errors=errors or {},
                           versions=versions, versions_field=VERSIONS_FIELD, steps=every, current=current,
                           back_url=back, message=message, status_labels=STATUS_LABELS, step_url=step_url,
                           status_field=status_field, note_field=note_field), status


def status_groups(opened: Opened, items: list[dict[str, Any]], errors: dict[str, str]) -> list[dict[str, Any]]:
    """The status items by regulation and by the roles they bind, each group open or folded.

    A group is open when it has an error, and the first group with an obligation not answered yet is
    open too: the page starts where there is something to do, the rest one click away.
    """
    q = opened.questionnaire
    grouped: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for item in items:
        ob = item["result"].obligation
        grouped.setdefault((ob.regulation, tuple(ob.binds)), []).append(item)
    groups = []
    first_open = False
    for (regulation, binds), members in grouped.items():
        instrument = q.instrument(regulation)
        roles = [tr(role.label, lang()) for role in (q.role(r) for r in binds) if role is not None]
        answered = sum(1 for m in members if m["result"].id in opened.statuses)
        wrong = any(status_field(m["result"].id) in errors or note_field(m["result"].id) in errors for m in members)
        todo = answered < len(members) and not first_open
        first_open = first_open or todo
        groups.append({"id": f"{regulation}-{'-'.join(binds) or 'all'}",
                       "regulation": tr(instrument.short or instrument.title, lang()) if instrument else regulation,
                       "roles": ", ".join(roles) or gettext("All roles"), "items": members,
                       "answered": answered, "open": wrong or todo,
                       "may_apply": any(not m["result"].certain for m in members)})
    return groups


@bp.route("/obligations", methods=["GET", "POST"])
def statuses(reference: str) -> Response | tuple[str, int]:
    """Ask where the organisation stands on each applicable obligation."""
    opened = open_assessment(reference, read_only=request.method == "GET")
    ids = [o.id for o in tracked_obligations(opened)]
    if not ids:  # nothing to ask (no obligation applies, or none is tracked)
        return redirect(url_for("result.summary", reference=reference), 303)
    if request.method == "GET":
        form = build_status_form(ids, statuses=_stored_statuses(opened))
        return render_statuses(opened, form, versions=dump_versions(opened.status_versions, ids))
    form = build_status_form(ids, formdata=request.form)
    values, errors = read_statuses(ids, form)
    posted_versions = request.form.get(VERSIONS_FIELD, "")
    if errors:
        return render_statuses(opened, form, versions=posted_versions, errors=errors, status=400)
    try:
        assessments.save_statuses(opened.assessment, values, load_versions(posted_versions))
    except assessments.ConflictError as error:
        fresh = opened.refresh()
        keys = ", ".join(tr(getattr(fresh.questionnaire.obligation(c.key), "title", None), lang())
                         for c in error.conflicts)
        return render_statuses(fresh, form, versions=dump_versions(fresh.status_versions, ids), status=409,
                               message=gettext("Nothing was saved: someone else changed these statuses "
                                               "while you were editing them: %(names)s.", names=keys))
    return redirect(url_for("result.summary", reference=reference), 303)


def _stored_statuses(opened: Opened) -> dict[str, dict[str, str]]:
    """Stored statuses including rows without a status (notes only)."""
    from sqlalchemy import select

    from wizard.extensions import db
    from wizard.models import ObligationStatus

    rows = db.session.scalars(select(ObligationStatus)
                              .where(ObligationStatus.assessment_id == opened.assessment.id))
    return {r.obligation_id: {"status": r.status or "", "note": r.note or ""} for r in rows}


def csrf_failed(reason: str) -> tuple[str, int] | None:
    """Re-render a posted step with what was typed when its CSRF token failed (nothing is saved)."""
    endpoint, args = request.endpoint, request.view_args or {}
    message = gettext("For your security this page had expired, so your answers were not saved yet. "
                      "Check them and continue again.")
    if endpoint == "steps.step":
        opened = open_assessment(args["reference"])
        questions = visible_section(opened, args["section_id"])
        if isinstance(questions, Response):
            return None
        form = build_step_form(questions, lang(), content_hash=opened.questionnaire.content_hash, formdata=request.form)
        return render_step(opened, args["section_id"], questions, form,
                           versions=request.form.get(VERSIONS_FIELD, ""), message=message, status=400)
    if endpoint == "steps.statuses":
        opened = open_assessment(args["reference"])
        ids = [o.id for o in tracked_obligations(opened)]
        form = build_status_form(ids, formdata=request.form)
        return render_statuses(opened, form, versions=request.form.get(VERSIONS_FIELD, ""), message=message,
                               status=400)
    return None
