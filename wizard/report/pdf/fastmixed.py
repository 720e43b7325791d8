"""Drawing a paragraph that mixes fonts and colours in one step: reportlab's operators and links.

The paragraphs of a report that mix fragments (a coloured status dot and its label, a bold title and
"(may apply)", references with their links, the answers behind a finding) are a third of its drawing
time in reportlab's `drawPara` and `_putFragLine`. `draw_mixed` follows the same steps for the cases
the report has, left-aligned lines of text fragments in RGB colours, some of them links, and writes
the same operators and the same link annotations; anything else (underlines, backgrounds, images,
rise, word spacing, other alignments) is left to reportlab. `tests/report/test_report_fastdraw.py`
checks it against reportlab.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _doLink, _wsc_end_search

from wizard.report.pdf.fastdraw import plain_colour, restore_translated, save_and_translate, simple_layout


def _drawable_lines(para: Paragraph, canvas: Canvas) -> list[Any] | None:
    """The lines of a laid-out mixed paragraph that `draw_mixed` can draw, or None."""
    bl = getattr(para, "blPara", None)
    if bl is None or bl.kind != 1 or not bl.lines or not simple_layout(para):
        return None
    lines: list[Any] = bl.lines
    for line in lines:
        if line.extraSpace <= -1e-8:         # too wide: reportlab adds word spacing
            return None
        for f in line.words:
            if (hasattr(f, "cbDefn") or f.us_lines or getattr(f, "backColor", None) or f.rise
                    or not plain_colour(f.textColor, canvas) or not getFont(f.fontName)._dynamicFont):
                return None
    return lines


def draw_mixed(para: Paragraph, canvas: Canvas, x: float, y: float, _sW: float = 0) -> bool:  # noqa: N803
    """Draw a wrapped `para` of several fragments at (x, y) as `Flowable.drawOn` and
    `Paragraph.drawPara` would: the same operators and link annotations, the canvas' state left as
    they leave it; False (nothing drawn) when the paragraph needs reportlab."""
    lines = _drawable_lines(para, canvas)
    if lines is None:
        return False
    style = para.style
    doc = canvas._doc
    width_of = canvas.stringWidth
    link_owner = SimpleNamespace(_canvas=canvas)
    leading = style.leading
    left = style.leftIndent
    line_y = para.height - lines[0].fontSize
    # a save and translation outside (links are placed with the canvas' matrix), drawPara's own
    # save inside changes nothing the canvas keeps
    saved = save_and_translate(canvas, para._hAlignAdjust(x, _sW), y)
    code: list[str] = canvas._code
    code.append("q")
    text_ops = ["BT", f"1 0 0 1 {fp_str(left, line_y)} Tm"]
    font_name: str | None = None
    font_size: float | None = None
    font: Any = None
    subset_now = -1
    text_leading: float | None = None
    colour_now: Any = None
    for line in lines:
        cur_x = left
        if text_leading != leading:
            text_ops.append(f"{fp_str(leading)} TL")
            text_leading = leading
        words = line.words
        open_links: list[Any] = []
        links: dict[Any, Any] = {}
        for i, f in enumerate(words):
            end_x = cur_x
            if i > 0:
                space = _wsc_end_search(words[i - 1].text)
                end_x = cur_x - (width_of(space.group(), font_name, font_size) if space else 0)
            size = f.fontSize
            if (font_name, font_size) != (f.fontName, size):
                font_name, font_size, subset_now = f.fontName, size, -1
                font = getFont(font_name)
            colour = f.textColor
            if colour_now != colour:
                colour_now = colour
                text_ops.append(f"{fp_str((colour.red, colour.green, colour.blue))} rg")
                if getattr(colour, "alpha", None) is not None:
                    doc.ensureMinPdfVersion("transparency")
            changed = open_links != f.link
            if changed:
                before, now = set(open_links), set(f.link)
                started, ended = now - before, before - now
                for key in ended:
                    links[key] = links[key], end_x
            text = f.text
            ops: list[str] = []
            for subset, chunk in font.splitString(text, doc):
                if subset != subset_now:
                    ops.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(font_size)} Tf "
                               f"{fp_str(text_leading)} TL")
                    subset_now = subset
                ops.append(f"({escapePDF(chunk)}) Tj")
            text_ops.append(" ".join(ops) + (" T*" if f is words[-1] else ""))
            low, high = f.rise - 0.2 * size, f.rise + size
            if changed:
                for key in started:
                    links[key] = (key, cur_x), low, high
                open_links = f.link
            for key in open_links:
                start, lo, hi = links[key]
                if low < lo or high > hi:
                    links[key] = start, min(low, lo), max(high, hi)
            cur_x += width_of(text, font_name, font_size)
        for key in open_links:
            links[key] = links[key], cur_x
        for (((_, target), x1), lo, hi), x2 in sorted(links.values()):
            _doLink(link_owner, target, (x1, line_y + lo, x2, line_y + hi))
        line_y -= leading
    text_ops.append("ET")
    code += (" ".join(text_ops), "Q")
    restore_translated(canvas, saved)
    return True
