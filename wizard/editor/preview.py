"""The editor's preview: a questionnaire uploaded (file or zip) or pasted, checked, and walked as a respondent.

A preview lives in a private temporary folder named by a random id that only the editor's session
holds: the files, and the answers given while walking it. Nothing goes to the database; the folder is
deleted when the editor ends the preview, and any preview older than ``MAX_AGE`` is purged whenever a
new one starts. Flask-free: the views pass the folder under which previews live.
"""

from __future__ import annotations

import io
import json
import secrets
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..engine import evaluate
from ..engine.result import Result
from ..questionnaire import Problem, Questionnaire, QuestionnaireError, load_directory

#: Seconds a preview is kept at most.
MAX_AGE = 4 * 3600
#: Limits on what an upload may unpack to (a zip bomb is refused).
MAX_FILES = 50
MAX_BYTES = 5 * 1024 * 1024
ANSWERS = "answers.json"
FILES = "files"
PREVIEW_ID_BYTES = 16


class PreviewError(ValueError):
    """The upload cannot be used at all (not YAML or zip, too large, unsafe paths)."""


@dataclass
class Loaded:
    """A preview's questionnaire (or its problems, each with the source lines around it)."""

    questionnaire: Questionnaire | None
    problems: list[Problem] = field(default_factory=list)
    excerpts: dict[Problem, list[tuple[int, str]]] = field(default_factory=dict)


def new_id() -> str:
    """A random preview id (also the folder name: letters, digits, - and _ only)."""
    return secrets.token_urlsafe(PREVIEW_ID_BYTES)


def folder_of(root: Path, preview_id: str) -> Path | None:
    """The folder of ``preview_id`` under ``root``, or None when the id is malformed or unknown."""
    if not preview_id or len(preview_id) > 64 or not all(c.isalnum() or c in "-_" for c in preview_id):
        return None
    folder = root / preview_id
    return folder if folder.is_dir() else None


def purge(root: Path, now: float | None = None) -> int:
    """Delete previews older than ``MAX_AGE``; how many were deleted."""
    if not root.is_dir():
        return 0
    limit = (now or time.time()) - MAX_AGE
    old = [p for p in root.iterdir() if p.is_dir() and p.stat().st_mtime < limit]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    return len(old)


def create(root: Path, *, filename: str | None = None, data: bytes | None = None, pasted: str | None = None) -> str:
    """Store an upload (a YAML file or a zip of a questionnaire folder) or pasted YAML; its preview id."""
    purge(root)
    preview_id = new_id()
    files = root / preview_id / FILES
    files.mkdir(parents=True, mode=0o700)
    try:
        if pasted is not None and pasted.strip():
            (files / "questionnaire.yaml").write_text(pasted.replace("\r\n", "\n"), encoding="utf-8")
        elif data is not None and (filename or "").lower().endswith(".zip"):
            _unzip(data, files)
        elif data is not None and (filename or "").lower().endswith((".yaml", ".yml")):
            (files / "questionnaire.yaml").write_bytes(data)
        else:
            raise PreviewError("expected a .yaml or .yml file, a .zip of a questionnaire folder, or pasted YAML")
    except PreviewError:
        end(root, preview_id)
        raise
    return preview_id


def _unzip(data: bytes, target: Path) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise PreviewError("the file is not a valid zip archive") from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_FILES or sum(m.file_size for m in members) > MAX_BYTES:
        raise PreviewError(f"the archive is too large (at most {MAX_FILES} files, {MAX_BYTES // 1024 // 1024} MB)")
    names = [PurePosixPath(m.filename) for m in members]
    if any(n.is_absolute() or ".." in n.parts for n in names):
        raise PreviewError("the archive contains unsafe paths")
    # a zip of a folder: strip the common top folder, so that the top file lands at the root
    tops = {n.parts[0] for n in names if len(n.parts) > 1}
    strip = len(tops) == 1 and all(len(n.parts) > 1 for n in names)
    for member, name in zip(members, names, strict=True):
        if name.suffix.lower() not in (".yaml", ".yml"):
            continue  # only questionnaire files matter
        relative = PurePosixPath(*name.parts[1:]) if strip else name
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(archive.read(member))


def end(root: Path, preview_id: str) -> None:
    """Delete a preview and everything in it."""
    folder = folder_of(root, preview_id)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _display(folder: Path, problem: Problem) -> Problem:
    """The problem with its path relative to the preview (never the server's folders)."""
    try:
        relative = Path(problem.path).relative_to(folder / FILES).as_posix()
    except ValueError:
        relative = Path(problem.path).name
    return Problem(relative, problem.line, problem.column, problem.message)


def load(folder: Path) -> Loaded:
    """The preview's questionnaire, or every problem with the lines around it."""
    files = folder / FILES
    try:
        found = load_directory(files)
    except QuestionnaireError as exc:
        loaded = Loaded(None, [_display(folder, p) for p in exc.problems])
        for original, shown in zip(exc.problems, loaded.problems, strict=True):
            loaded.excerpts[shown] = _excerpt(Path(original.path), original.line)
        return loaded
    if not found:
        return Loaded(None, [Problem("questionnaire.yaml", 1, 1,
                                     "no questionnaire found: the top file (with id, version, languages, title) "
                                     "must be at the root of the upload")])
    return Loaded(next(iter(found.values())))


def _excerpt(path: Path, line: int, around: int = 2) -> list[tuple[int, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    if not line:
        return []
    start = max(1, line - around)
    return [(n, lines[n - 1]) for n in range(start, min(len(lines), line + around) + 1)]


def answers(folder: Path) -> dict[str, Any]:
    """The answers given so far in this preview."""
    path = folder / ANSWERS
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def save_answers(folder: Path, values: dict[str, Any]) -> None:
    """Merge a step's answers (None clears one) into the preview's answers."""
    current = answers(folder)
    for qid, value in values.items():
        if value is None:
            current.pop(qid, None)
        else:
            current[qid] = value
    (folder / ANSWERS).write_text(json.dumps(current, ensure_ascii=False), encoding="utf-8")


def panel(q: Questionnaire, given: dict[str, Any]) -> Result:
    """The evaluation the side panel shows: facts, outcomes (with the rules that fired), obligations."""
    return evaluate(q, given, {})
