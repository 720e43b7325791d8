"""The advisors' workspace under /review/: the queue, the review page, revisions and their diff,
verdicts, comments, the decision, reports and the audit trail of one assessment; and the
disputed-conclusions page for editors and admins.

Views are thin: parse, find the assessment (advisors never see drafts: no revision, 404), call one
operation, redirect. Every refusal comes back as a message; a stale form answers 409 with the page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from wizard import upgrades
from wizard.accounts import policy
from wizard.accounts.models import User
from wizard.audit import AuditEvent, csv_response, every_event, record
from wizard.catalog import catalog
from wizard.extensions import db
from wizard.forms import type_of
from wizard.models import Assessment
from wizard.questionnaire import tr
from wizard.report import EXTENSIONS, FORMATS, render
from wizard.report.pia import PiaNotApplicable
from wizard.reporting import report_meta, seal_key
from wizard.web.access import Opened, opened
from wizard.web.upgrade import describe, newer_for

from . import conclusions, labels, operations, queries, workflow
from .frozen import Frozen, open_revision
from .models import DECISIONS, STATES, VERDICTS, VISIBILITIES, ReviewComment, Revision, Verdict

bp = Blueprint("review", __name__, url_prefix="/review")
policy.admit(bp, "advisor", "admin")

DOWNLOADS = {"pdf": "pdf", "md": "markdown", "json": "json", "csv": "csv"}


def lang() -> str:
    return str(get_locale())


def me() -> User:
    """The signed-in reviewer (the choke point let only advisors and admins in)."""
    user: User = current_user._get_current_object()
    return user


def find(reference: str) -> tuple[Assessment, list[Revision]]:
    """The assessment and its revisions; 404 for an unknown one and for a draft (never submitted)."""
    assessment = db.session.scalar(select(Assessment).where(Assessment.reference == reference))
    revisions = operations.revisions_of(assessment.id) if assessment is not None else []
    if assessment is None or not revisions:
        abort(404)
    return assessment, revisions


def pick(revisions: list[Revision], number: int | None) -> Revision:
    """Revision ``number`` (the current one when None), or 404."""
    if number is None:
        return revisions[-1]
    found = next((r for r in revisions if r.number == number), None)
    if found is None:
        abort(404)
    return found


def _int(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isdigit() else None


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/")
def queue() -> str:
    """Submitted assessments: filters, free-text search, sorting, pages."""
    args = request.args
    dpia = {"yes": True, "no": False}.get(args.get("dpia", ""))
    filters = queries.QueueFilters(
        state=args.get("status") or "open", headline=args.get("classification") or None, dpia=dpia,
        organisation=args.get("organisation") or None, submitted_from=_date("from"), submitted_to=_date("to"),
        assigned=args.get("assigned") or None, text=args.get("q") or None,
        sort=str(args.get("sort")) if args.get("sort") in queries.SORTS else "newest",
        page=max(1, args.get("page", 1, type=int) or 1))
    page = queries.queue(filters, me().id)
    return render_template("review/queue.html", page=page, filters=filters, states=STATES,
                           state_labels=labels.state_labels(), reviewers=queries.reviewers(),
                           headlines=queries.headline_choices(
                               catalog().for_new_assessment(current_app.config["DEFAULT_QUESTIONNAIRE"]), lang()),
                           args=args, sorts=list(queries.SORTS))


def show_answer(frozen: Frozen) -> Any:
    def show(question: Any, value: Any) -> str:
        if question is None:
            return str(value)
        return type_of(question).display(question, value, lang())
    return show


@bp.get("/<reference>/")
@bp.get("/<reference>/revisions/<int:number>")
@policy.roles_required("advisor", "editor", "admin")   # editors read the reviews the disputed page links to
def assessment(reference: str, number: int | None = None, status: int = 200, problem: str | None = None) -> Any:
    """The whole revision read-only, every conclusion with its reasons, and the advisor's forms."""
    found, revisions = find(reference)
    revision = pick(revisions, number)
    frozen = open_revision(revision)
    user = me()
    mine = {v.conclusion_key: v for v in revision.verdicts if v.advisor_id == user.id}
    previous = revisions[revisions.index(revision) - 1] if revisions.index(revision) > 0 else None
    earlier = ({v.conclusion_key: v for v in previous.verdicts if v.advisor_id == user.id}
               if previous is not None else {})
    comments: dict[str | None, list[ReviewComment]] = {}
    for comment in revision.comments:
        comments.setdefault(comment.section_id, []).append(comment)
    events = db.session.scalars(every_event().where(AuditEvent.assessment_reference == reference)
                                .order_by(AuditEvent.id.desc()).limit(200)).all()
    live = opened(found)
    editable = revision.current and revision.state in workflow.OPEN_STATES and user.role in workflow.REVIEWERS
    page = render_template(
        "review/assessment.html", assessment=found, revisions=revisions, revision=revision, frozen=frozen,
        q=frozen.questionnaire, result=frozen.result, show=show_answer(frozen), mine=mine, earlier=earlier,
        previous=previous, comments=comments, events=events, editable=editable,
        state_labels=labels.state_labels(), verdict_labels=labels.verdict_labels(),
        visibility_labels=labels.visibility_labels(), verdicts=VERDICTS, visibilities=VISIBILITIES,
        decisions=[d for d in DECISIONS if workflow.allowed(user.role, revision.state, d)],
        reviewers=queries.reviewers(), problem=problem, keys={c["key"]: c for c in revision.conclusions},
        verdict_rows=[v for v in revision.verdicts], newer=newer_for(live), live=live)
    return page, status


@bp.get("/<reference>/version")
def version(reference: str) -> Any:
    """Read-only for advisors: what moving the assessment to the newer questionnaire version would
    change in its result. The move itself is the respondent's (advisors never change answers)."""
    found, _revisions = find(reference)
    live: Opened = opened(found)
    new = newer_for(live)
    if new is None:
        flash(gettext("This assessment already uses the latest version of the questionnaire."), "info")
        return redirect(url_for("review.assessment", reference=reference), 303)
    plan = upgrades.preview(found, live.questionnaire, new)
    return render_template(
        "review/version.html", assessment=found, old=live.questionnaire, new=new,
        changes=[describe(c, live.questionnaire, new) for c in plan.changes],
        new_questions=[tr(q.label, lang()) for qid in plan.questions_to_answer if (q := new.question(qid)) is not None])


def _back(reference: str, anchor: str = "") -> Response:
    return redirect(url_for("review.assessment", reference=reference) + anchor, 303)


def _refused(reference: str, error: operations.ReviewError) -> Any:
    """A refused change: the page again with the reason (409 when stale or closed, else 400)."""
    db.session.rollback()
    code = 409 if error.code in ("stale", "closed", "not_submittable") else 400
    return assessment(reference, status=code, problem=labels.refusal(error.code))


@bp.post("/<reference>/assign")
def assign(reference: str) -> Any:
    """Assign the current revision: to me, to another reviewer, or to nobody."""
    _found, revisions = find(reference)
    revision = revisions[-1]
    choice = request.form.get("assignee", "me")
    assignee: User | None = me() if choice == "me" else None
    if choice.isdigit():
        assignee = db.session.get(User, int(choice))
        if assignee is None:
            abort(400)
    try:
        operations.assign(revision, me(), assignee, _int("version"))
    except operations.ReviewError as error:
        return _refused(reference, error)
    flash(gettext("Assignment saved."), "success")
    return _back(reference)


@bp.post("/<reference>/verdicts")
def verdict(reference: str) -> Any:
    """Save my verdict on one conclusion."""
    _found, revisions = find(reference)
    key = request.form.get("conclusion", "")
    try:
        operations.save_verdict(revisions[-1], me(), key, request.form.get("verdict", ""),
                                request.form.get("comment", ""), request.form.get("legal_reference", ""),
                                _int("version"))
    except operations.ReviewError as error:
        return _refused(reference, error)
    flash(gettext("Verdict saved."), "success")
    return _back(reference, "#c-" + key.replace(":", "-"))


@bp.post("/<reference>/comments")
def comment(reference: str) -> Any:
    """Comment on a section or on the whole assessment."""
    _found, revisions = find(reference)
    section = request.form.get("section") or None
    frozen = open_revision(revisions[-1])
    if section is not None and frozen.questionnaire.section(section) is None:
        abort(400)
    try:
        operations.add_comment(revisions[-1], me(), section, request.form.get("text", ""),
                               request.form.get("visibility", "respondent"))
    except operations.ReviewError as error:
        return _refused(reference, error)
    flash(gettext("Comment added."), "success")
    return _back(reference, f"#s-{section}" if section else "#general")


@bp.post("/<reference>/comments/<int:comment_id>/resolve")
def resolve(reference: str, comment_id: int) -> Response:
    """Mark a comment resolved."""
    found, _revisions = find(reference)
    comment = db.session.get(ReviewComment, comment_id)
    if comment is None or comment.revision.assessment_id != found.id:
        abort(404)
    operations.resolve_comment(comment, me())
    return _back(reference)


@bp.post("/<reference>/decision")
def decision(reference: str) -> Any:
    """Save the summary, or take the decision with it."""
    _found, revisions = find(reference)
    revision = revisions[-1]
    summary = request.form.get("summary", "")
    chosen = request.form.get("decision", "")
    try:
        if chosen == "save":
            operations.save_summary(revision, me(), summary, _int("version"))
            flash(gettext("Summary saved."), "success")
        else:
            operations.decide(revision, me(), chosen, summary, _int("version"))
            flash(gettext("Decision recorded: %(state)s.", state=labels.state_labels()[chosen]), "success")
    except operations.ReviewError as error:
        return _refused(reference, error)
    return _back(reference)


@bp.get("/<reference>/diff")
@policy.roles_required("advisor", "editor", "admin")
def diff(reference: str) -> str:
    """What changed between two revisions (by default the current one and the one before)."""
    _found, revisions = find(reference)
    new = pick(revisions, request.args.get("to", type=int))
    index = revisions.index(new)
    old = pick(revisions, request.args.get("from", type=int)) if request.args.get("from") else (
        revisions[index - 1] if index > 0 else None)
    if old is None:
        abort(404)
    frozen = open_revision(new)
    changes = conclusions.diff(frozen.questionnaire, old, new, lang(), show_answer(frozen))
    return render_template("review/diff.html", assessment=new.assessment, old=old, new=new, changes=changes,
                           revisions=revisions)


@bp.get("/<reference>/revisions/<int:number>/report.<ext>")
def report(reference: str, number: int, ext: str) -> Response:
    """The report of one revision, with its review (sealed like every report of this server)."""
    _found, revisions = find(reference)
    revision = pick(revisions, number)
    fmt = DOWNLOADS.get(ext)
    if fmt is None:
        abort(404)
    frozen = open_revision(revision)
    try:
        data = render(fmt, frozen.questionnaire, frozen.result, frozen.answers, frozen.statuses,
                      report_meta(frozen, lang()), seal_key=seal_key())
    except PiaNotApplicable:   # not offered for revisions; kept for completeness of the formats
        abort(404)
    operations.record_export(revision, reference, ext)
    name = f"{reference}-r{revision.number}-{lang()}.{EXTENSIONS[fmt]}"
    return Response(data, mimetype=FORMATS[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/<reference>/audit.csv")
def audit_csv(reference: str) -> Response:
    """The audit trail of one assessment as CSV (the export is itself recorded)."""
    find(reference)
    record("audit_exported", reference=reference)
    db.session.commit()
    return csv_response(every_event().where(AuditEvent.assessment_reference == reference),
                        f"{reference}-audit.csv")


@bp.get("/disputed")
@policy.roles_required("editor", "admin")
def disputed() -> str:
    """Per rule: how often advisors disagreed with a conclusion it produced, with links to the reviews."""
    return render_template("review/disputed.html", rules=queries.disputed_rules(),
                           verdict_labels=labels.verdict_labels())


def conclusion_title(questionnaire: Any, conclusion: dict[str, Any]) -> str:
    """A frozen conclusion's title in the interface language."""
    return conclusions.title(questionnaire, conclusion, lang())


def conclusion_values(questionnaire: Any, conclusion: dict[str, Any]) -> list[str]:
    """The labels of a frozen outcome's values in the interface language."""
    return conclusions.value_labels(questionnaire, conclusion, lang())


bp.add_app_template_global(conclusion_title, "conclusion_title")
bp.add_app_template_global(conclusion_values, "conclusion_values")
__all__ = ["Verdict", "bp"]
