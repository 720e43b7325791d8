"""Template helpers: localised questionnaire text, sanitised Markdown, legal references, the language."""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import date
from typing import Any

from flask import Flask, current_app, g, request, session, url_for
from flask.templating import Environment as FlaskEnvironment
from flask_babel import format_date, format_datetime, get_locale, get_translations
from flask_wtf.csrf import generate_csrf

from wizard.questionnaire import tr

from .fragments import FragmentCache
from .lru import LRU
from .markup import render_markdown
from .progress import steps_key


class Environment(FlaskEnvironment):
    """Flask's Jinja environment, whose templates share the environment's globals dictionary.

    Jinja gives every template a ``ChainMap`` over the environment's globals, and every
    ``{% from ... import ... %}`` then compares the importing context's global names with that
    ChainMap's keys, key by key through the chain (17 µs per import, two or three per page). A
    template without globals of its own gets the environment's dictionary itself, whose key view
    Python compares at C speed. Globals are all registered at start-up (``init_app`` functions),
    before any template is loaded, and nothing here passes template-specific globals.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        if not d:
            return self.globals
        return super().make_globals(d)


def _lang() -> str:
    """The interface language, looked up once per request (templates ask for it thousands of times)."""
    found = g.get("_wizard_lang")
    if found is None:
        found = g._wizard_lang = str(get_locale())
    return str(found)


def _translations() -> Any:
    """This request's catalogue, looked up once (Flask-Babel finds it again on every ``_()`` call)."""
    found = g.get("_wizard_translations")
    if found is None:
        found = g._wizard_translations = get_translations()
    return found


def _gettext(message: str) -> str:
    return str(_translations().ugettext(message))


def _ngettext(singular: str, plural: str, num: int) -> str:
    return str(_translations().ungettext(singular, plural, num))


def _pgettext(context: str, message: str) -> str:
    return str(_translations().upgettext(context, message))


def _npgettext(context: str, singular: str, plural: str, num: int) -> str:
    return str(_translations().unpgettext(context, singular, plural, num))


def cached_url_for(endpoint: str, **values: Any) -> str:
    """``url_for`` remembered for the request: a result page links the same steps hundreds of times."""
    memo: dict[Any, str] | None = g.get("_wizard_urls")
    if memo is None:
        memo = g._wizard_urls = {}
    try:
        key: Any = (endpoint, tuple(sorted(values.items())))
        found = memo.get(key)
    except TypeError:  # an unhashable value: built every time
        return url_for(endpoint, **values)
    if found is None:
        found = memo[key] = url_for(endpoint, **values)
    return found


#: Signed CSRF tokens by (secret, raw token in the session): signing costs a twentieth of a step page.
_SIGNED_TOKENS: LRU[str] = LRU(10000)


def csrf_token() -> str:
    """Flask-WTF's ``generate_csrf()``, signed once per session's token rather than once per page.

    A signed token carries the time it was signed; with ``WTF_CSRF_TIME_LIMIT`` unset (the default
    here: tokens live as long as the session), that time is never checked, so an earlier signature
    of the same session token is as valid as a new one. With a time limit, every page signs anew.
    """
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None or not isinstance(raw, str) or field in g:
        return str(generate_csrf())
    key = (str(current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key), raw)
    signed = _SIGNED_TOKENS.get_or_compute(key, lambda: str(generate_csrf()))
    setattr(g, field, signed)   # as generate_csrf does: the same token for the rest of the request
    return signed


def localised(text: Any) -> str:
    """``{{ question.label|tr }}``: a localised text in the interface language (plain strings pass)."""
    if isinstance(text, str):
        return text
    return tr(text, _lang())


def markdown_filter(text: Any) -> Any:
    """``{{ section.intro|md }}``: localised Markdown, sanitised."""
    return render_markdown(localised(text) if text else "")


#: Reference labels and links by (questionnaire hash, references, language): they depend on nothing else.
_REFERENCES: dict[tuple[Any, ...], list[tuple[str, str | None]]] = {}
_REFERENCES_LIMIT = 20000


def references(questionnaire: Any, refs: Any) -> list[tuple[str, str | None]]:
    """(label, URL or None) of legal references, in the interface language (EUR-Lex links)."""
    if not refs:
        return []
    lang = _lang()
    try:
        key = (getattr(questionnaire, "content_hash", None), tuple(refs), lang)
        cached = _REFERENCES.get(key)
    except TypeError:  # an unhashable reference: computed every time
        key, cached = None, None
    if cached is None:
        cached = _reference_links(questionnaire, refs, lang)
        if key is not None and key[0] is not None:
            if len(_REFERENCES) >= _REFERENCES_LIMIT:
                _REFERENCES.clear()
            _REFERENCES[key] = cached
    return cached


def _reference_links(questionnaire: Any, refs: Any, lang: str) -> list[tuple[str, str | None]]:
    """``references`` without the cache."""
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
    # csrf_token here, not only as a global: Flask-WTF's own context processor would hide the global
    return {"lang": lang, "today": date.today(), "other_languages": [("fr", "Français"), ("en", "English")],
            "current_path": path, "csrf_token": csrf_token}


def init_app(app: Flask) -> None:
    """Register filters and globals."""
    app.add_template_filter(localised, "tr")
    app.add_template_filter(markdown_filter, "md")
    app.add_template_global(references, "references")
    app.add_template_global(value_label, "value_label")
    app.add_template_global(priority_label, "priority_label")
    app.add_template_global(facts_in_words, "facts_in_words")
    app.add_template_global(steps_key, "steps_key")
    # for imported macros, which do not see the template context's ``lang``
    app.add_template_global(_lang, "interface_lang")
    app.add_template_global(csrf_token, "csrf_token")
    app.add_template_global(cached_url_for, "url_for")
    app.add_template_global(format_date, "format_date")
    app.add_template_global(format_datetime, "format_datetime")
    app.context_processor(context)
    app.jinja_env.add_extension(FragmentCache)
    env: Any = app.jinja_env
    env.fragment_lang = _lang
    env.fragment_enabled = True   # and off whenever templates reload on change (debug mode)
    # after Flask-Babel's own: the same catalogue, found once per request instead of once per string
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True)


def compile_templates(app: Flask) -> int:
    """Compile every template of ``app`` now; return how many.

    For a server that loads the app once and then forks its workers (gunicorn's ``preload_app``):
    compiled once in the parent, the templates are shared by every worker, and a worker that
    replaces another (``max_requests``) serves its first pages without compiling them again.
    """
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
