"""Text in any script a user may type, made drawable by the report's font (DejaVu Sans).

reportlab draws characters one by one, left to right, without shaping: Hebrew would come out
reversed and Arabic as isolated letters, and characters the font lacks (Chinese, Japanese, Korean,
emoji...) as empty boxes. So, before drawing: right-to-left runs are put in visual order (Unicode
bidi algorithm) with Arabic letters in their joined forms, and every run of characters the font
cannot draw becomes a visible placeholder, never an empty box. The exports in other formats (CSV,
Markdown, JSON) keep the text as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase.pdfmetrics import getFont

from wizard.report.pdf.styles import FONT, register_fonts

#: what replaces a run of characters the font cannot draw
PLACEHOLDER = "[?]"
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_TAG = re.compile(r"(<[^>]*>|&[#\w]+;)")
# Latin, Greek, Cyrillic, punctuation, arrows, the bullet: drawn as they are (the common case, fast)
_SAFE = re.compile(r"[\x00-\u024f\u0370-\u03ff\u0400-\u04ff\u2000-\u206f\u20ac\u2190-\u21ff\u25cf]*")


@lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """The code points the report's font has glyphs for."""
    register_fonts()
    return frozenset(getFont(FONT).face.charWidths)


def _plain(text: str) -> str:
    if _SAFE.fullmatch(text):
        return text
    known = _drawable()
    if _RTL.search(text):
        if _ARABIC.search(text):
            text = arabic_reshaper.reshape(text)
        text = "\n".join(get_display(line) for line in text.split("\n"))
    out: list[str] = []
    missing = False
    for ch in text:
        if ord(ch) in known or ch in "\n\t":
            out.append(ch)
            missing = False
        elif not missing:
            out.append(PLACEHOLDER)
            missing = True
    return "".join(out)


@lru_cache(maxsize=4096)
def drawable(text: str) -> str:
    """Plain text, ready for the font: visual order for right-to-left runs, placeholders for the rest."""
    return _plain(text)


@lru_cache(maxsize=4096)
def drawable_markup(markup: str) -> str:
    """Paragraph markup with its text (not its tags or entities) made drawable."""
    if _SAFE.fullmatch(markup):
        return markup
    return "".join(part if _TAG.fullmatch(part) else _plain(part) for part in _TAG.split(markup))
