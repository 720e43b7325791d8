"""The editors' pages: the legal logic document, and the preview of a questionnaire being written.

Editors and admins only, through the access choke point (the logic document is also served to anyone at
``/logic`` when ``PUBLISH_LOGIC`` is on: a regulator publishes its logic). Every state change is a POST
with CSRF, then a redirect.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext
from werkzeug.wrappers import Response

from wizard.accounts import policy
from wizard.catalog import catalog
from wizard.forms import type_of
from wizard.forms.step import build_step_form, read_answers
from wizard.questionnaire import Questionnaire, tr

from . import document, preview

#: Who may use the editors' pages (declared to the access choke point below).
EDITOR_ROLES = ("editor", "admin")

bp = Blueprint("editor", __name__, url_prefix="/editor")
policy.admit(bp, *EDITOR_ROLES)

SESSION_KEY = "previews"
_rendered: dict[tuple[str, str], str] = {}
_rendered_lock = threading.Lock()


def _lang() -> str:
    return str(get_locale())


def _root() -> Path:
    """Where previews live: ``PREVIEW_FOLDER``, else ``instance/previews``."""
    configured = current_app.config.get("PREVIEW_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "previews"


def _questionnaire() -> Questionnaire:
    found = catalog().for_new_assessment(current_app.config.get("DEFAULT_QUESTIONNAIRE"))
    if found is None:
        abort(404)
    return found


@bp.get("/")
def index() -> str:
    """The editors' home: the logic document and the preview."""
    return render_template("editor/index.html", q=_questionnaire())


@bp.get("/logic")
def logic() -> str:
    """The legal logic of the current questionnaire, as a document, for editors and admins."""
    return _logic_document()


def _logic_document() -> str:
    """The document of the current questionnaire in the reader's language (rendered once per version)."""
    q = _questionnaire()
    lang = _lang() if _lang() in q.languages else q.languages[0]
    key = (q.content_hash, lang)
    html = _rendered.get(key)
    if html is None:
        html = document.render_html(q, lang, url_for("static", filename="css/logic.css"))
        with _rendered_lock:
            _rendered[key] = html
    return html


#: The same document for anyone, when the operator publishes it (a regulator publishing its logic).
published = Blueprint("logic", __name__)
policy.public(published, "the legal logic document, published only when PUBLISH_LOGIC is on (else 404)")


@published.get("/logic")
def published_logic() -> str:
    """The legal logic document for anyone, when ``PUBLISH_LOGIC`` is on; 404 otherwise."""
    if not current_app.config.get("PUBLISH_LOGIC"):
        abort(404)
    return _logic_document()


# ---------------------------------------------------------------------- preview
def _previews() -> list[str]:
    found = session.get(SESSION_KEY) or []
    return [p for p in found if isinstance(p, str)]


def _folder(preview_id: str) -> Path:
    """A preview of this session, or 404 (another editor's preview id opens nothing)."""
    folder = preview.folder_of(_root(), preview_id) if preview_id in _previews() else None
    if folder is None:
        abort(404)
    return folder


@bp.route("/preview", methods=["GET", "POST"])
def preview_start() -> str | Response | tuple[str, int]:
    """Upload a questionnaire (YAML file or zip of a folder) or paste YAML."""
    if request.method == "GET":
        return render_template("editor/preview_upload.html", previews=_previews())
    upload = request.files.get("file")
    pasted = request.form.get("yaml", "")
    try:
        if pasted.strip():
            preview_id = preview.create(_root(), pasted=pasted)
        elif upload is not None and upload.filename:
            preview_id = preview.create(_root(), filename=upload.filename, data=upload.read())
        else:
            raise preview.PreviewError("")
    except preview.PreviewError:
        message = gettext("Choose a questionnaire file (.yaml, .yml, or a .zip of a questionnaire folder) "
                          "or paste YAML.")
        return render_template("editor/preview_upload.html", previews=_previews(), error=message,
                               pasted=pasted), 400
    session[SESSION_KEY] = [*_previews(), preview_id][-5:]
    return redirect(url_for("editor.preview_show", preview_id=preview_id), 303)


@bp.get("/preview/<preview_id>")
def preview_show(preview_id: str) -> str | Response | tuple[str, int]:
    """The problems of the previewed questionnaire, or its first section."""
    loaded = preview.load(_folder(preview_id))
    if loaded.questionnaire is None:
        return render_template("editor/preview_problems.html", preview_id=preview_id, loaded=loaded), 422
    first = loaded.questionnaire.sections[0].id if loaded.questionnaire.sections else None
    if first is None:
        abort(404)
    return redirect(url_for("editor.preview_step", preview_id=preview_id, section_id=first), 303)


def _views(questions: list[Any], form: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    views = []
    for question in questions:
        kind = type_of(question)
        views.append({"question": question, "field": form[question.id], "macro": kind.macro,
                      "choices": kind.choices(question, _lang()) if hasattr(kind, "choices") else [],
                      "error": errors.get(question.id), "conflict": None})
    return views


@bp.route("/preview/<preview_id>/steps/<section_id>", methods=["GET", "POST"])
def preview_step(preview_id: str, section_id: str) -> str | Response | tuple[str, int]:
    """Walk the previewed questionnaire as a respondent; the side panel shows what the answers produce."""
    folder = _folder(preview_id)
    loaded = preview.load(folder)
    q = loaded.questionnaire
    if q is None:
        return redirect(url_for("editor.preview_show", preview_id=preview_id), 303)
    section = q.section(section_id)
    if section is None:
        abort(404)
    given = preview.answers(folder)
    result = preview.panel(q, given)
    questions = [x for x in section.questions if result.visibility.question_visible(x.id)]
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = build_step_form(questions, _lang(), formdata=request.form)
        values, errors = read_answers(questions, form)
        if not errors:
            preview.save_answers(folder, values)
            after = preview.panel(q, preview.answers(folder))
            visible = [s.id for s in after.visibility.sections()]
            later = visible[visible.index(section_id) + 1:] if section_id in visible else []
            target = later[0] if later else section_id
            return redirect(url_for("editor.preview_step", preview_id=preview_id, section_id=target), 303)
    else:
        form = build_step_form(questions, _lang(), answers=given)
    visible_sections = [s for s in q.sections if result.visibility.section_visible(s.id)]
    return render_template("editor/preview_step.html", q=q, preview_id=preview_id, section=section,
                           fields=_views(questions, form, errors), errors=errors, result=result,
                           sections=visible_sections, section_shown=result.visibility.section_visible(section_id),
                           labels={x.id: tr(x.label, _lang()) for x in questions}), (400 if errors else 200)


@bp.post("/preview/<preview_id>/end")
def preview_end(preview_id: str) -> Response:
    """End a preview: its files and answers are deleted."""
    _folder(preview_id)
    preview.end(_root(), preview_id)
    session[SESSION_KEY] = [p for p in _previews() if p != preview_id]
    flash(gettext("The preview was ended and its files deleted."), "success")
    return redirect(url_for("editor.preview_start"), 303)
