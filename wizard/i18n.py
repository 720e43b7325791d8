"""Languages of the interface: choose from the session, then the browser; French and English."""

from __future__ import annotations

from flask import current_app, request, session

SESSION_KEY = "lang"


def supported() -> list[str]:
    """The interface languages, in order of preference when nothing else decides."""
    languages: list[str] = current_app.config["LANGUAGES"]
    return languages


def select_locale() -> str:
    """The language of this request: chosen in this browser, else the best match of Accept-Language."""
    chosen = session.get(SESSION_KEY)
    if chosen in supported():
        return str(chosen)
    return request.accept_languages.best_match(supported()) or supported()[0]


def choose(lang: str) -> bool:
    """Remember ``lang`` for this browser; False when it is not a supported language."""
    if lang not in supported():
        return False
    session[SESSION_KEY] = lang
    return True
