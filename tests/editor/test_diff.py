"""`questionnaires diff`: what changed between two versions, in words, from files, folders or git."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from wizard.cli import main
from wizard.editor.diff import diff, to_markdown
from wizard.questionnaire import load_directory

from .conftest import AI_ACT, BUNDLED, CURRENT_VERSION, NEW_DATE, NEW_VERSION, OLD_DATE, copy_bundled, edit

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_a_moved_date_is_named_with_both_dates_and_the_obligations_it_moves(moved: Path, flask_command: Run) -> None:
    done = flask_command("questionnaires", "diff", str(BUNDLED), str(moved))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith(f"ai-compliance {CURRENT_VERSION} → ai-compliance {NEW_VERSION}: 2 change(s)")
    assert f"version {CURRENT_VERSION} → {NEW_VERSION}" in out
    assert ("annex_iii_high_risk: “High-risk rules for Annex III systems (Art. 6(2), Chapter III Sections 1-3)” "
            "moved from 2 December 2027 to 2 June 2028") in out
    assert "deployer_fria" in out  # an obligation that takes its date from it


def test_markdown_change_log_groups_changes_under_headings(moved: Path) -> None:
    old, new = load_directory(BUNDLED)["ai-compliance"], load_directory(moved)["ai-compliance"]
    text = to_markdown(diff(old, new), old, new)
    assert text.splitlines()[:3] == [f"## ai-compliance {NEW_VERSION}", "",
                                     f"Changes since version {CURRENT_VERSION}: 2."]
    assert "### Dates\n\n- **annex_iii_high_risk** (changed): " in text


def test_questions_options_rules_and_conditions_are_described(tmp_path: Path) -> None:
    folder = copy_bundled(tmp_path / "q")
    edit(folder, AI_ACT, "show_if: annex_iii_candidate\n", "show_if: annex_iii_candidate or annex_iii_use\n")
    edit(folder, "modules/common.yaml", "      - id: org_type\n",
         "      - id: org_staff\n        type: number\n        label: {en: Staff?, fr: Effectif ?}\n"
         "      - id: org_type\n")
    old, new = load_directory(BUNDLED)["ai-compliance"], load_directory(folder)["ai-compliance"]
    lines = [f"{c.kind} {c.item} {c.action}: {c.text}" for c in diff(old, new)]
    assert "question org_staff added: added in section 'organisation': “Staff?” (number)" in lines
    removed = [c.text for c in diff(new, old) if c.action == "removed"]
    assert removed == ["removed: “Staff?” (answers already given are kept and flagged)"]
    assert any("condition for asking it changed from `annex_iii_candidate` to "
               "`annex_iii_candidate or annex_iii_use`" in line for line in lines), lines


def test_git_revisions_are_compared(tmp_path: Path, flask_command: Run) -> None:
    """`diff HEAD~1 HEAD` reads both versions from git, in the repository of the questionnaires folder."""
    repo = tmp_path / "repo"
    repo.mkdir()
    copy_bundled(repo / "questionnaires")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
                       cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "first")
    edit(repo / "questionnaires", AI_ACT, OLD_DATE, NEW_DATE)
    git("commit", "-qam", "move the Annex III date")
    done = flask_command("questionnaires", "diff", "HEAD~1", "HEAD", "--format", "markdown",
                         env={"WIZARD_QUESTIONNAIRES_PATH": str(repo / "questionnaires")}, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "moved from 2 December 2027 to 2 June 2028" in done.stdout
    bad = CliRunner().invoke(main, ["questionnaires", "diff", "no-such-revision"])
    assert bad.exit_code == 1
    assert "cannot load 'no-such-revision'" in bad.output
    shutil.rmtree(repo)
