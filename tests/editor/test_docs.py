"""`questionnaires docs -o DIR`: the legal logic as HTML (SVG diagrams drawn on the server) and Markdown."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from wizard.cli import main
from wizard.editor.plainwords import in_words
from wizard.questionnaire import load_directory, load_questionnaire

from .conftest import BUNDLED
from .test_coverage import MINI

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_conditions_read_as_plain_words() -> None:
    q = load_questionnaire(MINI)
    assert in_words("is_ai and sector == \"health\"", q) == (
        "the answer to “Is it an AI system?” is yes and “Main sector” is “Health”")
    assert in_words('has_any(data_kinds, ["personal", "biometric"])', q) == (
        "“Which data does it use?” includes at least one of “Personal data”, “Biometric data”")
    assert in_words("not is_ai or tier in [\"high\", \"minimal\"]", q, "fr") == (
        "il n’est pas vrai que la réponse à «\u00a0S'agit-il d'un système d'IA ?\u00a0» est oui "
        "ou «\u00a0Niveau de risque\u00a0» est l’une des valeurs "
        "«\u00a0Haut risque\u00a0», «\u00a0Risque minimal\u00a0»")
    assert in_words(None, q) == "always"


def test_docs_writes_html_markdown_and_diagrams(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["questionnaires", "docs", "-o", str(out), "--lang", "en"])
    assert done.exit_code == 0, done.output
    folder = out / "ai-compliance" / "en"
    q = load_directory(BUNDLED)["ai-compliance"]
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert html.count("<svg ") == 1 + len(q.outcomes)  # the flow, and each outcome's decision path
    assert '<link rel="stylesheet" href="logic.css">' in html and (folder / "logic.css").is_file()
    # every obligation with its date; a reference linked to EUR-Lex; a condition in words and as written
    assert all(f'id="obligation-{ob.id}"' in html for ob in q.obligations)
    assert "2027-12-02 (High-risk rules for Annex III systems" in html
    assert 'href="https://eur-lex.europa.eu/' in html
    assert "Original text of the AI Act; postponed by Regulation (EU) 2026/1744" in html  # a date's history
    flow = (folder / "flow.svg").read_text(encoding="utf-8")
    assert flow.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "shown if: " in flow
    md = (folder / "logic.md").read_text(encoding="utf-8")
    assert md.startswith("# The legal logic of the questionnaire: AI Act and GDPR self-assessment")
    assert "![Decision path: " in md and "| Rule | Condition | Gives | References |" in md


def test_docs_from_the_command_line_in_french_and_on_a_broken_questionnaire(tmp_path: Path,
                                                                           flask_command: Run) -> None:
    """In French; and, as an editor types it (`flask --app wizard ...`), on a broken file: no traceback."""
    mini = tmp_path / "mini"
    mini.mkdir()
    (mini / "mini.yaml").write_bytes(MINI.read_bytes())
    done = CliRunner().invoke(main, ["questionnaires", "docs", str(mini), "-o", str(tmp_path / "out"), "--lang", "fr"])
    assert done.exit_code == 0, done.output
    html = (tmp_path / "out" / "mini" / "fr" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "La logique juridique du questionnaire" in html
    assert "Posée si" in html
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: '1'\nlanguages: [en]\ntitle: {en: X}\nsections: 3\n", encoding="utf-8")
    bad = flask_command("questionnaires", "docs", str(broken), "-o", str(tmp_path / "bad"))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert f"{broken}:5:11: expected a list" in bad.stderr
