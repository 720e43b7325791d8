"""Vector graphics of the summary page: the headline classification ladder and obligations by status."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from wizard.report.model import OutcomeView
from wizard.report.pdf.styles import (
    FONT,
    FONT_BOLD,
    INK,
    LEVEL_COLOURS,
    MUTED,
    RULE,
    SHADE,
    STATUS_COLOURS,
    register_fonts,
)


def _tint(colour: colors.Color, amount: float) -> colors.Color:
    """`colour` mixed with white; amount 0 = colour, 1 = white."""
    return colors.Color(colour.red + (1 - colour.red) * amount, colour.green + (1 - colour.green) * amount,
                        colour.blue + (1 - colour.blue) * amount)


def _drawing(width: float, height: float) -> Drawing:
    """A Drawing whose initial font is ours (reportlab's default would add an unembedded Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName = FONT
    return d


def tier_ladder(outcome: OutcomeView, width: float) -> Drawing:
    """Every value of the headline outcome as a stacked scale, the value found highlighted.

    A long label wraps onto more lines and its bar grows to hold them: nothing is cut off.
    """
    register_fonts()
    scale = outcome.scale or outcome.values
    found = {v.value for v in outcome.values}
    n = max(len(scale), 1)
    row = 19.0 if n <= 5 else max(11.0, 95.0 / n)
    gap = 3.0
    marker = 12.0
    text_w = width - marker - 12
    bars = []
    for v in scale:
        current = v.value in found
        size = 9 if current else 8
        font = FONT_BOLD if current else FONT
        lines = simpleSplit(v.label, font, size, text_w) or [""]
        bars.append((v, current, size, font, lines, max(row, len(lines) * size * 1.2 + 6)))
    height = sum(b[5] for b in bars) + (len(bars) - 1) * gap
    d = _drawing(width, height)
    top = height
    for v, current, size, font, lines, h in bars:
        y = top - h
        top = y - gap
        base = LEVEL_COLOURS.get(v.level, MUTED)
        fill = base if current else _tint(base, 0.82)
        d.add(Rect(marker, y, width - marker, h, fillColor=fill, strokeColor=None, rx=2.5, ry=2.5))
        leading = size * 1.2
        first = y + h / 2 + (len(lines) - 1) * leading / 2 - size * 0.35
        for i, line in enumerate(lines):
            d.add(String(marker + 6, first - i * leading, line, fontName=font, fontSize=size,
                         fillColor=colors.white if current else _tint(INK, 0.25)))
        if current:
            mid = y + h / 2
            d.add(Polygon([0, mid + 5, 0, mid - 5, marker - 3, mid], fillColor=base, strokeColor=None))
    return d


def status_bars(counts: dict[str, int], labels: dict[str, str], width: float) -> Drawing:
    """Horizontal bars of obligations per status, with the count at the end of each bar."""
    register_fonts()
    keys = [k for k in counts if counts[k] or k != "unknown"]
    row, gap = 15.0, 5.0
    label_w = max((stringWidth(labels[k], FONT, 8) for k in keys), default=40) + 8
    count_w = 22.0
    bar_w = max(width - label_w - count_w, 20)
    top = max(counts.values(), default=0) or 1
    height = len(keys) * row + (len(keys) - 1) * gap
    d = _drawing(width, height)
    for i, k in enumerate(keys):
        y = height - (i + 1) * row - i * gap
        d.add(String(0, y + row / 2 - 3, labels[k], fontName=FONT, fontSize=8, fillColor=INK))
        d.add(Rect(label_w, y, bar_w, row, fillColor=SHADE, strokeColor=RULE, strokeWidth=0.4))
        w = bar_w * counts[k] / top
        if w:
            d.add(Rect(label_w, y, w, row, fillColor=STATUS_COLOURS.get(k, MUTED), strokeColor=None))
        d.add(String(label_w + bar_w + 5, y + row / 2 - 3.2, str(counts[k]), fontName=FONT_BOLD, fontSize=9,
                     fillColor=INK))
    return d
