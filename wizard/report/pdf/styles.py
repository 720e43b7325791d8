"""Fonts, colours and paragraph styles of the PDF report (one place for the look)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as reportlab_paragraph

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

INK = colors.HexColor("#1B1F24")
MUTED = colors.HexColor("#5B6470")
PRIMARY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#2E6DA4")
RULE = colors.HexColor("#D5DAE1")
SHADE = colors.HexColor("#F2F4F7")
PANEL = colors.HexColor("#E8EEF5")
WARN_BG = colors.HexColor("#FFF4E0")
WARN = colors.HexColor("#8A5300")

LEVEL_COLOURS = {
    "critical": colors.HexColor("#9B1C1C"),
    "high": colors.HexColor("#D14D1F"),
    "medium": colors.HexColor("#C99A06"),
    "low": colors.HexColor("#3C8D5A"),
    "none": colors.HexColor("#2F7A4F"),
}
STATUS_COLOURS = {
    "done": colors.HexColor("#2F7A4F"),
    "in_progress": colors.HexColor("#2E6DA4"),
    "not_started": colors.HexColor("#C0392B"),
    "not_applicable": colors.HexColor("#8A94A3"),
    "unknown": colors.HexColor("#C99A06"),
}


class ReportFont(TTFont):
    """A TrueType font whose text encoding takes a shortcut: once the characters of a string have
    their codes in the document's first subset (after the first pages, nearly always), the string
    is encoded with two `str.translate` calls instead of reportlab's loop over its characters.
    The bytes are the same; anything else (a new character, another subset) takes reportlab's path."""

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        state = self.state.get(doc)
        if state is not None and isinstance(text, str) and text:
            assignments = state.assignments
            fast = getattr(state, "_report_fast", None)
            if fast is None or fast[0] != len(assignments):
                codes = {code: n for code, n in assignments.items() if n < 256}
                if 32 in codes:
                    codes[0xA0] = codes[32]     # reportlab maps a no-break space to a space
                fast = state._report_fast = (len(assignments), {code: None for code in codes},
                                             {code: chr(n) for code, n in codes.items()})
            if not text.translate(fast[1]):
                return [(0, text.translate(fast[2]).encode("latin-1"))]
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return result


_FRAG_STYLE = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def same_frag(f: Any, g: Any) -> bool:
    """Whether two paragraph fragments have the same style (reportlab's `sameFrag`).

    reportlab calls this for nearly every word of a paragraph that mixes fonts or colours. Its C
    version in rl_accel looks each attribute up by name and lets the missing ones raise and clear an
    AttributeError (8 to 13 us a call, a twentieth of the report's rendering time); reading the two
    instance dictionaries gives the same answer in well under a microsecond.
    """
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    for key in _FRAG_STYLE:
        a, b = fd.get(key), gd.get(key)
        if a is not b and a != b:
            return False
    return True


_NOT_PDFDOC_ASCII = re.compile("[\x18-\x1f]")


def pdfdoc_enc(value: Any) -> Any:
    """`pdfdoc.pdfdocEnc`: a string in PDFDocEncoding (bytes as they are). A string of ASCII but for
    the eight characters PDFDocEncoding gives other meanings (0x18 to 0x1f, which it refuses) is its
    ASCII bytes, got without the codec lookup and charmap of reportlab's "extpdfdoc" codec: writing
    a file formats some forty thousand names, numbers and strings this way."""
    if isinstance(value, str) and value.isascii() and not _NOT_PDFDOC_ASCII.search(value):
        return value.encode("ascii")
    return value.encode("extpdfdoc") if isinstance(value, str) else value     # reportlab's own


_WIDTHS: dict[tuple[str, str, float], float] = {}
_WIDTHS_LIMIT = 100_000


def string_width(text: str, fontName: str, fontSize: float, encoding: str = "utf8") -> float:  # noqa: N803
    """`pdfmetrics.stringWidth`, remembered: reportlab measures every word when it breaks a
    paragraph into lines and again when it draws it, and the same words come back all through a
    report (a twentieth of the rendering time)."""
    key = (text, fontName, fontSize)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) >= _WIDTHS_LIMIT:
            _WIDTHS.clear()
        width = _WIDTHS[key] = pdfmetrics.stringWidth(text, fontName, fontSize, encoding)
    return width


@cache
def ascent_descent(fontName: str, fontSize: float | None = None) -> tuple[float, float]:  # noqa: N803
    """`pdfmetrics.getAscentDescent`, remembered (reportlab asks for every word of a mixed paragraph)."""
    ascent, descent = pdfmetrics.getAscentDescent(fontName, fontSize)
    return ascent, descent


def clear_widths() -> None:
    """Forget the remembered string widths."""
    _WIDTHS.clear()


@cache
def register_fonts() -> None:
    """Register the bundled DejaVu Sans family once per process (embedded as subsets in each PDF), and
    give reportlab's paragraphs the faster `same_frag`, `string_width` and `ascent_descent`, and its
    file writer the faster `pdfdoc_enc`."""
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                       (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
                       (FONT_BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf")):
        pdfmetrics.registerFont(ReportFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD_ITALIC)
    reportlab_paragraph.sameFrag = same_frag
    reportlab_paragraph.stringWidth = string_width
    reportlab_paragraph.getAscentDescent = ascent_descent
    pdfdoc.pdfdocEnc = pdfdoc_enc


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {"fontName": FONT, "fontSize": 9.5, "leading": 13.5, "textColor": INK,
                               "alignment": TA_LEFT, "spaceShrinkage": 0}
    base.update(kw)
    return ParagraphStyle(name, **base)


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The named paragraph styles used across the report."""
    register_fonts()
    return {
        "body": _style("body", spaceAfter=5),
        "small": _style("small", fontSize=8, leading=10.5),
        "muted": _style("muted", fontSize=8, leading=10.5, textColor=MUTED),
        "cell": _style("cell", fontSize=8.2, leading=10.8),
        "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=8.2, leading=10.8),
        "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=8, leading=10.5,
                            textColor=colors.white),
        "bullet": _style("bullet", leftIndent=10, firstLineIndent=0, spaceAfter=2),
        "h1": _style("h1", fontName=FONT_BOLD, fontSize=17, leading=22, textColor=PRIMARY, spaceBefore=16,
                     spaceAfter=10),
        "h2": _style("h2", fontName=FONT_BOLD, fontSize=12.5, leading=16, textColor=PRIMARY, spaceBefore=12,
                     spaceAfter=5),
        "h3": _style("h3", fontName=FONT_BOLD, fontSize=10, leading=13, textColor=INK, spaceBefore=8,
                     spaceAfter=3),
        "label": _style("label", fontName=FONT_BOLD, fontSize=7.5, leading=10, textColor=MUTED),
        "cover_kicker": _style("cover_kicker", fontName=FONT_BOLD, fontSize=10, leading=13,
                               textColor=colors.HexColor("#C9D6E6")),
        "cover_title": _style("cover_title", fontName=FONT_BOLD, fontSize=26, leading=31,
                              textColor=colors.white),
        "cover_sub": _style("cover_sub", fontSize=12, leading=16, textColor=colors.white),
        "toc1": _style("toc1", fontName=FONT_BOLD, fontSize=10.5, leading=15, leftIndent=0),
        "toc2": _style("toc2", fontSize=9, leading=12.5, leftIndent=14, textColor=MUTED),
        "badge": _style("badge", fontName=FONT_BOLD, fontSize=8.5, leading=11, textColor=colors.white),
    }

# Every table style starts with this: reportlab otherwise sets Helvetica (unembedded) for each cell.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)
