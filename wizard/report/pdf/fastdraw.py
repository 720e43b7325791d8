"""Drawing a plain paragraph in one step: reportlab's PDF operators, without its text object.

Most of the report's paragraphs are in one font and colour, left aligned (table cells, questions,
dates). reportlab draws each of them through a graphics-state save, a translation, a second save,
a colour setter, a text object, a font setter and a restore per level: most of the time it spends
drawing a page. `draw_plain` writes the very same operators straight into the canvas' code for
those paragraphs and leaves anything else (mixed fonts, links, underlines, bullets, justification,
backgrounds, right-to-left text) to reportlab. `tests/report/test_report_speedups.py` checks the
operators against reportlab's.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph


def simple_layout(para: Paragraph) -> bool:
    """Whether a paragraph's style and state leave its lines to be drawn from the left margin one
    under the other, with no bullet, background, border, indent, justification or direction."""
    style = para.style
    return not (style.alignment != TA_LEFT or style.firstLineIndent or style.backColor or style.endDots
                or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
                or para.bulletText or para.debug or hasattr(para, "_offsets") or getattr(para, "_showBoundary", 0)
                or style.wordWrap in ("LTR", "RTL", "CJK")
                or getattr(para, "autoLeading", getattr(style, "autoLeading", "")) in ("max", "min"))


def plain_colour(colour: Any, canvas: Canvas) -> bool:
    """Whether reportlab sets `colour` with an "rg" operator alone (RGB, no change of transparency)."""
    alpha = getattr(colour, "alpha", None)
    return (isinstance(colour, Color) and not isinstance(colour, CMYKColor) and not canvas._enforceColorSpace
            and (alpha is None or alpha == canvas._extgstate.getValue("ca")))


def _plain_lines(para: Paragraph) -> list[Any] | None:
    """The lines of a laid-out paragraph that `draw_plain` can draw, or None when reportlab must."""
    bl = getattr(para, "blPara", None)
    if bl is None or bl.kind != 0:
        return None
    lines: list[Any] = bl.lines
    if lines and (bl.us_lines or bl.link):
        return None
    if not simple_layout(para):
        return None
    # a line wider than its width (one long word apart) gets word spacing from reportlab
    if any(line[0] <= -1e-8 for line in lines):
        return None
    return lines


def save_and_translate(canvas: Canvas, x: float, y: float) -> tuple[float, ...]:
    """`canvas.saveState(); canvas.translate(x, y)` for drawing that changes nothing else of the
    canvas' state (paragraphs drawn here, or by reportlab inside their own save and restore): the same
    operators, and only the matrix is kept to be put back, not the twenty-odd attributes `saveState`
    copies. Returns what `restore_translated` needs."""
    canvas._code.append("q")
    saved: tuple[float, ...] = canvas._currentMatrix
    canvas.translate(x, y)
    return saved


def restore_translated(canvas: Canvas, saved: tuple[float, ...]) -> None:
    """`canvas.restoreState()` after `save_and_translate`."""
    canvas._code.append("Q")
    canvas._currentMatrix = saved


def draw_plain(para: Paragraph, canvas: Canvas, x: float, y: float, _sW: float = 0) -> bool:  # noqa: N803
    """Draw a wrapped `para` at (x, y) as `Flowable.drawOn` and `Paragraph.drawPara` would, with the
    same operators in the canvas' code and the canvas' state left as they leave it; False (nothing
    drawn) when the paragraph needs reportlab (see the module's docstring)."""
    lines = _plain_lines(para)
    if lines is None:
        return False
    code: list[str] = canvas._code
    x = para._hAlignAdjust(x, _sW)
    if not lines:
        code += ("q", f"{fp_str(1, 0, 0, 1, x, y)} cm", "Q")
        return True
    bl = para.blPara
    colour = bl.textColor
    font = getFont(bl.fontName)
    if not (plain_colour(colour, canvas) and font._dynamicFont):
        return False
    doc = canvas._doc
    if getattr(colour, "alpha", None) is not None:
        doc.ensureMinPdfVersion("transparency")     # as reportlab's colour setter does: a PDF 1.4
    style = para.style
    font_op = f" {fp_str(bl.fontSize)} Tf {fp_str(style.leading)} TL"
    text = ["BT", f"1 0 0 1 {fp_str(style.leftIndent, para.height - bl.fontSize)} Tm"]
    subset_now = -1
    for _, words in lines:
        ops: list[str] = []
        for subset, chunk in font.splitString(" ".join(words), doc):
            if subset != subset_now:
                ops.append(font.getSubsetInternalName(subset, doc) + font_op)
                subset_now = subset
            ops.append(f"({escapePDF(chunk)}) Tj")
        text.append(" ".join(ops) + " T*")
    text.append("ET")
    code += ("q", f"{fp_str(1, 0, 0, 1, x, y)} cm", "q",
             f"{fp_str((colour.red, colour.green, colour.blue))} rg", " ".join(text), "Q", "Q")
    return True
