"""Paragraphs broken into lines, remembered between reports.

Breaking paragraphs into lines is a fifth of a report's rendering time, and most paragraphs come
back in every report of a questionnaire: its questions, obligation titles, references, dates,
statuses, headings. A paragraph's lines depend only on what it is made of (its markup, or its plain
text, and its style) and on the width it is laid out in, so that is the key: two languages, two
questionnaires or two users' notes make different paragraphs and never share an entry.

The remembered layout is shared by every paragraph made of the same thing: reportlab only reads it
once made (drawing and splitting a paragraph build new objects); layouts that reportlab may alter
when splitting (hyphenated or cut words) are not remembered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: what a paragraph is made of: ("markup" or "text", its markup or plain text, its style's name)
ParaKey = tuple[str, str, str]


@dataclass(frozen=True)
class Layout:
    """A paragraph's state after reportlab's `Paragraph.wrap` at some width."""

    bl_para: Any           # the lines (reportlab's ParaLines)
    frags: list[Any]       # the fragments as line breaking left them (words, for mixed fonts)
    height: float
    width_max: float


_LAYOUTS: dict[tuple[str, str, str, float], Layout] = {}
#: about 1,700 paragraphs make the largest bundled report; an entry is 1 to 2 KB
LIMIT = 8192


def recall(key: ParaKey, width: float) -> Layout | None:
    """The remembered layout of the paragraph made of `key` at `width`, if any."""
    return _LAYOUTS.get((*key, width))


def remember(key: ParaKey, width: float, layout: Layout) -> None:
    """Remember a layout (all of them are forgotten once `LIMIT` are held: the next reports refill)."""
    if len(_LAYOUTS) >= LIMIT:
        _LAYOUTS.clear()
    _LAYOUTS[(*key, width)] = layout


def clear_layouts() -> None:
    """Forget every remembered layout."""
    _LAYOUTS.clear()


def layout_count() -> int:
    """How many layouts are remembered (for tests)."""
    return len(_LAYOUTS)
