"""Binding the review to the app: the advisors' and the respondent's blueprints, template helpers."""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from . import respondent, views


def init_app(app: Flask) -> None:
    """Register the review blueprints and ``review_for(assessment)`` for the respondent's templates."""
    app.register_blueprint(views.bp)
    app.register_blueprint(respondent.bp)
    app.add_template_global(review_for, "review_for")


def review_for(assessment: Any) -> respondent.RespondentView:
    """The respondent's view of the review of ``assessment``, read once per request."""
    cache: dict[int, respondent.RespondentView] = g.setdefault("review_views", {})
    if assessment.id not in cache:
        # loaded with the assessment by the access check: a draft never submitted needs no query
        cache[assessment.id] = respondent.for_respondent(assessment.id,
                                                         submitted=assessment.current_revision_id is not None)
    return cache[assessment.id]
