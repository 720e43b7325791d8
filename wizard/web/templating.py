"""Template helpers: localised questionnaire text, sanitised Markdown, legal references, the language."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, request
from flask_babel import format_date, format_datetime, get_locale
from flask_wtf.csrf import generate_csrf

from wizard.questionnaire import tr

from .markup import render_markdown


def _lang() -> str:
    return str(get_locale())


def localised(text: Any) -> str:
    """``{{ question.label|tr }}``: a localised text in the interface language (plain strings pass)."""
    if isinstance(text, str):
        return text
    return tr(text, _lang())


def markdown_filter(text: Any) -> Any:
    """``{{ section.intro|md }}``: localised Markdown, sanitised."""
    return render_markdown(localised(text) if text else "")


def references(questionnaire: Any, refs: Any) -> list[tuple[str, str | None]]:
    """(label, URL or None) of legal references, in the interface language (EUR-Lex links)."""
    lang = _lang()
    found = []
    for ref in refs or ():
        try:
            found.append((questionnaire.reference_label(ref, lang), questionnaire.reference_url(ref, lang)))
        except (KeyError, ValueError, LookupError):
            found.append((str(ref), None))
    return found


def value_label(questionnaire: Any, outcome_id: str, value: Any) -> str:
    """The label of one value of an outcome (``value`` may be an id or a ValueInfo)."""
    label = getattr(value, "label", None)
    if label:
        return localised(label)
    try:
        for info in questionnaire.outcome(outcome_id).values:
            if info.value == value:
                return localised(info.label)
    except (KeyError, LookupError, AttributeError):
        pass
    return str(value)


def facts_in_words(result: Any, ids: Any) -> list[str]:
    """The facts and conclusions behind a reason, in words (a fact's label, "outcome: value"); never an id.

    The engine lists only facts that held and outcomes that have a value; one without a label is left out.
    """
    words = []
    q = result.questionnaire
    for fid in ids or ():
        fact = q.fact(fid)
        if fact is not None:
            if fact.label:
                words.append(localised(fact.label))
            continue
        outcome = result.outcomes.get(fid)
        if outcome is not None and outcome.values:
            words.append(f"{localised(outcome.label)}: {', '.join(localised(v.label) for v in outcome.values)}")
    return words


def priority_label(questionnaire: Any, priority_id: str | None) -> str:
    """The label of a priority of the action plan."""
    for priority in getattr(questionnaire, "priorities", ()) or ():
        if priority.id == priority_id:
            return localised(priority.label)
    return priority_id or ""


def context() -> dict[str, Any]:
    """Globals of every template."""
    lang = _lang()
    # The language switch returns to the current page, except a secret link (never echo the secret).
    path = request.full_path.rstrip("?") if request else "/"
    if request and request.path.startswith("/a/"):
        path = "/"
    return {"lang": lang, "today": date.today(), "other_languages": [("fr", "Français"), ("en", "English")],
            "current_path": path}


def init_app(app: Flask) -> None:
    """Register filters and globals."""
    app.add_template_filter(localised, "tr")
    app.add_template_filter(markdown_filter, "md")
    app.add_template_global(references, "references")
    app.add_template_global(value_label, "value_label")
    app.add_template_global(priority_label, "priority_label")
    app.add_template_global(facts_in_words, "facts_in_words")
    app.add_template_global(generate_csrf, "csrf_token")
    app.add_template_global(format_date, "format_date")
    app.add_template_global(format_datetime, "format_datetime")
    app.context_processor(context)
