"""The preview's storage and checks: uploads, pasted YAML, every problem with its lines, answers, cleanup."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from wizard.editor import preview

from .conftest import BUNDLED
from .test_coverage import MINI


def zipped(folder: Path, top: str = "questionnaires") -> bytes:
    """A zip of ``folder`` as an editor makes it (one top folder inside)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.rglob("*.yaml"):
            if "scenarios" not in path.parts:
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def test_a_zip_of_the_bundled_folder_is_previewed_and_walked(tmp_path: Path) -> None:
    pid = preview.create(tmp_path, filename="questionnaires.zip", data=zipped(BUNDLED))
    folder = preview.folder_of(tmp_path, pid)
    assert folder is not None
    loaded = preview.load(folder)
    assert loaded.problems == [] and loaded.questionnaire is not None
    assert loaded.questionnaire.id == "ai-compliance"
    preview.save_answers(folder, {"org_established_in_eu": True})
    assert preview.answers(folder) == {"org_established_in_eu": True}
    preview.end(tmp_path, pid)
    assert preview.folder_of(tmp_path, pid) is None and not (tmp_path / pid).exists()


def test_pasted_yaml_with_problems_shows_each_with_its_lines(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace("show_if: is_ai\n", "show_if: is_aii\n").replace(
        'label: {en: "Main sector", fr: "Secteur principal"}', 'label: {en: "Main sector"}')
    pid = preview.create(tmp_path, pasted=text)
    folder = preview.folder_of(tmp_path, pid)
    assert folder is not None
    loaded = preview.load(folder)
    assert loaded.questionnaire is None
    shown = [str(p) for p in loaded.problems]
    assert len(shown) == 2, shown
    assert shown[0].startswith("questionnaire.yaml:") and str(tmp_path) not in " ".join(shown)
    assert any("unknown name 'is_aii'" in line for line in shown)
    assert any("missing translation for 'fr'" in line for line in shown)
    problem = next(p for p in loaded.problems if "is_aii" in p.message)
    assert (problem.line, "    show_if: is_aii") in loaded.excerpts[problem]


@pytest.mark.parametrize(("name", "data"), [("notes.txt", b"x"), ("bad.zip", b"not a zip")])
def test_other_uploads_are_refused(tmp_path: Path, name: str, data: bytes) -> None:
    with pytest.raises(preview.PreviewError):
        preview.create(tmp_path, filename=name, data=data)
    assert list(tmp_path.iterdir()) == []


def test_unsafe_archives_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../escape.yaml", "id: x")
    with pytest.raises(preview.PreviewError, match="unsafe"):
        preview.create(tmp_path, filename="q.zip", data=buffer.getvalue())
    assert not (tmp_path.parent / "escape.yaml").exists()


def test_old_previews_are_purged_and_ids_are_checked(tmp_path: Path) -> None:
    pid = preview.create(tmp_path, pasted="id: x\n")
    old = time.time() - preview.MAX_AGE - 10
    os.utime(tmp_path / pid, (old, old))
    assert preview.purge(tmp_path) == 1 and preview.folder_of(tmp_path, pid) is None
    assert preview.folder_of(tmp_path, "../etc") is None
