"""Text in any script a user may type is drawn legibly in the PDF, or replaced by a visible placeholder."""

from __future__ import annotations

from typing import Any

import pytest
from report_helpers import full_text, make_meta

from wizard.report.pdf import render_pdf
from wizard.report.pdf.scripts import PLACEHOLDER, drawable, drawable_markup


def test_hebrew_is_put_in_visual_order() -> None:
    """reportlab draws left to right: the letters of a right-to-left word are reordered for it."""
    assert drawable("שלום") == "םולש"


def test_arabic_letters_are_joined_and_ordered() -> None:
    shaped = drawable("مرحبا")
    assert shaped != "مرحبا" and PLACEHOLDER not in shaped
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped), "presentation forms, drawn joined"


@pytest.mark.parametrize("typed", ["中文名称", "日本語のテキスト", "🚀🤖"])
def test_characters_the_font_lacks_become_a_placeholder_never_empty_boxes(typed: str) -> None:
    assert drawable(f"Bot {typed} v2") == f"Bot {PLACEHOLDER} v2"


def test_latin_text_and_markup_are_left_alone() -> None:
    assert drawable("Évaluation d’un système « IA »") == "Évaluation d’un système « IA »"
    assert drawable_markup("<b>שלום</b> &amp; 中") == f"<b>םולש</b> &amp; {PLACEHOLDER}"


def test_a_report_with_every_script_renders_with_no_empty_box(case: dict[str, Any]) -> None:
    name = "Clara 中文 שלום مرحبا 🚀"
    pdf = render_pdf(case["questionnaire"], case["result"], {**case["answers"], "purpose": name},
                     case["statuses"], make_meta("en", system_name=name, organisation="Org 日本"))
    text = full_text(pdf)
    assert "中" not in text and "🚀" not in text and "日本" not in text
    assert "Clara [?]" in text and "םולש" in text
