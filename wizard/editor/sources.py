"""Where a questionnaire version comes from: a top file, a folder, or a git revision (``HEAD~3``)."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from ..questionnaire import Problem, Questionnaire, QuestionnaireError, load_directory, load_questionnaire


def _git(cwd: Path, *args: str) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)  # noqa: S603, S607
    if done.returncode != 0:
        raise QuestionnaireError([Problem(" ".join(args), 0, 0, done.stderr.decode(errors="replace").strip()
                                          or "git failed")])
    return done.stdout


def _from_git(spec: str, default_dir: Path, workdir: Path) -> dict[str, Questionnaire]:
    """The questionnaires folder as it was at a git revision (``REV`` or ``REV:folder``)."""
    rev, _, sub = spec.partition(":")
    base = default_dir.resolve()
    root = Path(_git(base if base.is_dir() else Path.cwd(), "rev-parse", "--show-toplevel").decode().strip())
    folder = Path(sub) if sub else base.relative_to(root)
    data = _git(root, "archive", "--format=tar", rev, "--", folder.as_posix())
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(workdir, filter="data")
    return load_directory(workdir / folder)


def load_version(spec: str, default_dir: Path) -> dict[str, Questionnaire]:
    """The questionnaires named by ``spec``, by id: a top file, a folder, else a git revision.

    Raises ``QuestionnaireError`` with every problem (or git's message) when it cannot be loaded.
    """
    path = Path(spec)
    if path.is_file():
        q = load_questionnaire(path)
        return {q.id: q}
    if path.is_dir():
        return load_directory(path)
    with tempfile.TemporaryDirectory(prefix="questionnaires-") as tmp:
        return _from_git(spec, default_dir, Path(tmp))


def pair(old: dict[str, Questionnaire], new: dict[str, Questionnaire]) -> list[tuple[Questionnaire, Questionnaire]]:
    """The questionnaires present in both versions, matched by id (or the only one of each)."""
    common = [(old[k], new[k]) for k in sorted(old.keys() & new.keys())]
    if not common and len(old) == 1 and len(new) == 1:
        common = [(next(iter(old.values())), next(iter(new.values())))]
    return common
