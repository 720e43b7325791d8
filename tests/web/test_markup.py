"""[12] Markdown from questionnaires goes through Markdown then nh3: a table of cases."""

from __future__ import annotations

import pytest

from wizard.web.markup import render_markdown

CASES = [
    ("**bold** and *it*", "<strong>bold</strong>", None),
    ("<script>alert(1)</script>", None, "<script"),
    ("[x](javascript:alert(1))", None, "javascript:"),
    ('<img src=x onerror="alert(1)">', None, "onerror"),
    ("<a href='https://eur-lex.europa.eu' onclick='x()'>l</a>", 'href="https://eur-lex.europa.eu"',
     "onclick"),
    ("[EUR-Lex](https://eur-lex.europa.eu/eli/reg/2024/1689/oj)", 'rel="noopener noreferrer"', None),
    ("<iframe src='https://evil.example'></iframe>", None, "<iframe"),
    ("<style>body{display:none}</style>", None, "<style"),
    ("- a\n- b", "<li>a</li>", None),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>", None),
    ('<p style="color:red">x</p>', None, "style="),
    ("[data](data:text/html;base64,PHNjcmlwdD4=)", None, "data:text"),
]


@pytest.mark.parametrize(("source", "present", "absent"), CASES)
def test_markdown_is_sanitised(source: str, present: str | None, absent: str | None) -> None:
    """Allowed markup stays; scripts, handlers, styles and dangerous URLs go."""
    html = str(render_markdown(source))
    if present:
        assert present in html
    if absent:
        assert absent not in html


def test_empty_markdown() -> None:
    """None and '' give nothing."""
    assert str(render_markdown(None)) == "" and str(render_markdown("")) == ""
