"""The respondent's side of the review: submit from the result page, see the status and the comments.

Respondents have no account: these views check the secret-link grant like every assessment page
(``wizard/web/access.py``). What they see of the review (``for_respondent``) is the state, the
decision's summary and the comments advisors chose to show them, by section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from wizard.accounts import policy
from wizard.web.access import Opened, open_assessment

from . import labels, operations
from .models import ReviewComment, Revision

bp = Blueprint("submission", __name__, url_prefix="/assessments/<reference>")
policy.public(bp, "assessment pages: every view checks the secret-link grant (web/access.py)")


def submission_of(opened: Opened) -> operations.Submission:
    """What to freeze from an opened assessment."""
    return operations.Submission(opened.assessment, opened.questionnaire, dict(opened.answers),
                                 dict(opened.statuses), opened.result)


@bp.post("/submit")
def submit(reference: str) -> Response:
    """Submit the assessment (or resubmit it after changes were requested), with an optional message."""
    opened = open_assessment(reference)
    try:
        revision = operations.submit(submission_of(opened), request.form.get("message", ""))
    except operations.ReviewError as error:
        flash(labels.refusal(error.code), "error")
        return redirect(url_for("result.result", reference=reference) + "#review", 303)
    flash(gettext("Your assessment was submitted for review (revision %(num)d). You will see the advisor’s "
                  "comments and decision here, with your private link.", num=revision.number), "success")
    return redirect(url_for("result.result", reference=reference) + "#review", 303)


@dataclass
class RespondentView:
    """The review as the respondent sees it."""

    state: str
    label: str
    revision: Revision | None
    #: Comments shown to the respondent, by section id (None: general), of the revision that asks for
    #: changes or was decided (the latest one with comments).
    comments: dict[str | None, list[ReviewComment]] = field(default_factory=dict)

    @property
    def can_submit(self) -> bool:
        return self.state in ("draft", "changes_requested")


def for_respondent(assessment_id: int, *, submitted: bool = True) -> RespondentView:
    """The state of the review and what advisors chose to show (never advisors-only comments).

    ``submitted=False``, when the caller knows no revision exists, spares the query.
    """
    revision = operations.current_revision(assessment_id) if submitted else None
    state = revision.state if revision is not None else "draft"
    view = RespondentView(state, labels.state_labels()[state], revision)
    if revision is not None and revision.final:
        for comment in revision.comments:
            if comment.visibility == "respondent":
                view.comments.setdefault(comment.section_id, []).append(comment)
    return view
