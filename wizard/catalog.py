"""The questionnaires an app offers, and the frozen questionnaire each assessment is pinned to."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from wizard.config import ConfigurationError

if TYPE_CHECKING:
    from wizard.questionnaire import Questionnaire


class Catalog:
    """Questionnaires loaded once at start-up, plus a cache of frozen copies by content hash."""

    def __init__(self, path: str | Path) -> None:
        """Load every top file of ``path``; raise ``QuestionnaireError`` (the app refuses to start)."""
        from wizard.questionnaire import load_directory

        self.path = Path(path)
        self.current: dict[str, Questionnaire] = load_directory(self.path) if self.path.is_dir() else {}
        self._frozen: dict[str, Questionnaire] = {q.content_hash: q for q in self.current.values()}
        self._lock = threading.Lock()

    def for_new_assessment(self, preferred: str | None) -> Questionnaire | None:
        """The questionnaire a new assessment starts on: ``preferred`` if present, else the only one."""
        if preferred and preferred in self.current:
            return self.current[preferred]
        if len(self.current) == 1:
            return next(iter(self.current.values()))
        return None

    def cached(self, content_hash: str) -> Questionnaire | None:
        """The questionnaire of ``content_hash`` if this process already has it (no database read)."""
        return self._frozen.get(content_hash)

    def pinned(self, content_hash: str, frozen: dict[str, Any]) -> Questionnaire:
        """The questionnaire an assessment was started on, rebuilt from its frozen copy once per process."""
        cached = self._frozen.get(content_hash)
        if cached is not None:
            return cached
        from wizard.questionnaire import load_frozen

        loaded = load_frozen(frozen)
        with self._lock:
            self._frozen[content_hash] = loaded
        return loaded


def init_app(app: Flask) -> None:
    """Load the questionnaires of ``QUESTIONNAIRES_PATH`` into ``app.extensions['catalog']``.

    Refuses to start (``ConfigurationError``) when the folder is missing or holds no questionnaire:
    an app with an empty catalogue would look alive and offer nothing to answer.
    """
    path = Path(app.config["QUESTIONNAIRES_PATH"])
    if not path.is_dir():
        raise ConfigurationError(f"QUESTIONNAIRES_PATH {path} is not a folder: point it at the questionnaires "
                                 "(the repository's questionnaires/ by default)")
    found = Catalog(path)
    if not found.current:
        raise ConfigurationError(f"QUESTIONNAIRES_PATH {path} holds no questionnaire (*.yaml at its top level)")
    app.extensions["catalog"] = found


def catalog() -> Catalog:
    """The current app's catalog."""
    found: Catalog = current_app.extensions["catalog"]
    return found
