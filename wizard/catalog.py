"""The questionnaires an app offers, and the frozen questionnaire each assessment is pinned to."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo
from flask_babel import gettext

from wizard.config import ConfigurationError
from wizard.questionnaire import QuestionnaireError, load_directory, load_frozen

if TYPE_CHECKING:
    from wizard.questionnaire import Problem, Questionnaire

log = logging.getLogger(__name__)

#: Seconds between two looks at the questionnaire files when reloading in development.
RELOAD_INTERVAL = 1.0


def _signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when an editor saves a questionnaire file (scenarios and exports left out)."""
    if not path.is_dir():
        return ()
    found = []
    for file in sorted(path.rglob("*.y*ml")):
        parts = file.relative_to(path).parts
        if parts and parts[0] in ("scenarios", "exports"):
            continue
        try:
            stat = file.stat()
        except OSError:  # removed while we looked
            continue
        found.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class Catalog:
    """Questionnaires loaded once at start-up, plus a cache of frozen copies by content hash."""

    def __init__(self, path: str | Path, problems: list[Problem] | None = None) -> None:
        """Load every top file of ``path``; raise ``QuestionnaireError`` (the app refuses to start).

        With ``problems`` (the app was built by the ``flask`` command line for an editor's command),
        nothing is loaded and the app answers 503 to every request.
        """
        self.path = Path(path)
        self.problems: list[Problem] = list(problems or [])
        self._signature = _signature(self.path)
        self.current: dict[str, Questionnaire] = (
            load_directory(self.path) if self.path.is_dir() and problems is None else {})
        self._frozen: dict[str, Questionnaire] = {q.content_hash: q for q in self.current.values()}
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        #: Problems of the last reload attempt (the previous questionnaires stay in use meanwhile).
        self.reload_problems: list[Problem] = []

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
        loaded = load_frozen(frozen)
        with self._lock:
            self._frozen[content_hash] = loaded
        return loaded

    def reload_if_changed(self, force: bool = False) -> bool:
        """Reload the questionnaires when their files changed on disk (development); True if reloaded.

        A file saved with problems keeps the previous questionnaires in use and records the problems
        in ``reload_problems`` (and the log), so that a half-edited file never breaks the running app.
        """
        now = time.monotonic()
        if not force and now - self._checked < RELOAD_INTERVAL:
            return False
        self._checked = now
        signature = _signature(self.path)
        if signature == self._signature and not force:
            return False
        with self._lock:
            self._signature = signature
            try:
                fresh = load_directory(self.path)
            except QuestionnaireError as exc:
                self.reload_problems = exc.problems
                log.warning("questionnaires not reloaded, %d problem(s):\n%s", len(exc.problems), exc)
                return False
            self.current = fresh
            self.problems = []
            self.reload_problems = []
            for q in fresh.values():
                self._frozen.setdefault(q.content_hash, q)
        log.info("questionnaires reloaded: %s", ", ".join(f"{q.id} {q.version}" for q in fresh.values()))
        return True


def _built_by_flask_command() -> bool:
    """True when the ``flask`` command line is building the app (to run one of its commands)."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and ctx.find_object(ScriptInfo) is not None


def _refuse_to_serve() -> tuple[str, int, dict[str, str]]:
    """Every request while the questionnaires are invalid: 503, and what the operator should run."""
    text = gettext("The questionnaires have %(count)d problem(s): this service cannot run until they are "
                   "fixed. Run: flask --app wizard questionnaires check",
                   count=len(catalog().problems))
    return text + "\n", 503, {"Content-Type": "text/plain; charset=utf-8", "Retry-After": "60"}


def _reload_before_request() -> None:
    catalog().reload_if_changed()


def init_app(app: Flask) -> None:
    """Load the questionnaires of ``QUESTIONNAIRES_PATH`` into ``app.extensions['catalog']``.

    An invalid questionnaire raises ``QuestionnaireError``: the app refuses to start. Only when the
    ``flask`` command line builds the app (for ``questionnaires check`` and the other editors'
    commands, which read the files themselves) is the app built anyway, answering 503 to every request.
    Refuses to start (``ConfigurationError``) when the folder is missing or holds no questionnaire:
    an app with an empty catalogue would look alive and offer nothing to answer. With
    ``QUESTIONNAIRES_RELOAD`` (on by default outside production) a changed file is reloaded at the next
    request, without a restart.
    """
    path = Path(app.config["QUESTIONNAIRES_PATH"])
    if not path.is_dir():
        raise ConfigurationError(f"QUESTIONNAIRES_PATH {path} is not a folder: point it at the questionnaires "
                                 "(the repository's questionnaires/ by default)")
    try:
        found = Catalog(path)
    except QuestionnaireError as exc:
        if not _built_by_flask_command():
            raise
        app.extensions["catalog"] = Catalog(path, problems=exc.problems)
        app.before_request(_refuse_to_serve)
        return
    if not found.current:
        raise ConfigurationError(f"QUESTIONNAIRES_PATH {path} holds no questionnaire (*.yaml at its top level)")
    app.extensions["catalog"] = found
    reload = app.config.get("QUESTIONNAIRES_RELOAD")
    if reload is None:
        reload = str(app.config.get("ENV", "")).lower() != "production"
    if reload:
        app.before_request(_reload_before_request)


def catalog() -> Catalog:
    """The current app's catalog."""
    found: Catalog = current_app.extensions["catalog"]
    return found
