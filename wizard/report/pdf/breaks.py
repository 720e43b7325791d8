"""Breaking a paragraph in one font into lines: reportlab's own steps, without its general machinery.

Two thirds of the paragraphs of a report are one fragment of text in one font (questions, titles,
dates, owners, notes), and breaking them into lines is a good part of a first report's time: reportlab's
`Paragraph.breakLines` prepares hyphenation, bidirectional text, shaping and long-word splitting for
every one of them and pops its words one by one. `break_plain` takes the same decisions with the same
arithmetic for the case where none of those can happen (no hyphenation, no soft hyphen, no word wider
than a line, left-to-right, no bullet) and gives the same line structure; anything else is left to
reportlab. `tests/report/test_report_breaks.py` checks it against reportlab.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as reportlab_paragraph

_SHY = "\xad"


def break_plain(para: Paragraph, width: float | list[float]) -> Any | None:
    """`para.breakLines(width)` for a single-fragment paragraph whose words all fit a line; None (and
    the paragraph untouched) when reportlab must break it."""
    frags = para.frags
    style = para.style
    if (len(frags) != 1 or reportlab_paragraph._processed_frags(frags) or para.bulletText or style.endDots
            or style.shaping or style.hyphenationLang or style.uriWasteReduce or style.embeddedHyphenation
            or (style.wordWrap and style.wordWrap.upper() in ("RTL", "LTR"))):
        return None
    f = frags[0]
    fd = f.__dict__
    if "text" not in fd or "cbDefn" in fd or "backColor" in fd or _SHY in f.text:
        return None
    max_widths = list(width) if isinstance(width, (tuple, list)) else [width]
    font_name, font_size = f.fontName, f.fontSize
    # looked up at call time: the report gives reportlab's paragraphs remembered widths and ascents
    string_width = reportlab_paragraph.stringWidth
    encoding = para.encoding
    text = reportlab_paragraph.strip(f.text)
    words = reportlab_paragraph.split(text) if text else []
    widths = [string_width(word, font_name, font_size, encoding) for word in words]
    if widths and max(widths) > min(max_widths):
        return None         # a word wider than a line: reportlab splits it
    ascent, descent = reportlab_paragraph.getAscentDescent(font_name, font_size)
    para._width_max = 0
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0
    if not words:
        return f.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=font_size)
    space = string_width(" ", font_name, font_size, encoding)
    shrink = style.spaceShrinkage * space
    last = len(max_widths) - 1
    lineno = 0
    max_width = max_widths[0]
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    current = -space        # reportlab's start: no space before the first word
    width_max: float = 0
    for word, word_width in zip(words, widths, strict=True):
        new_width = current + space + word_width
        if new_width <= max_width + shrink * len(line) or not line:
            line.append(word)
            current = new_width
        else:
            if current > width_max:
                width_max = current
            lines.append((max_width - current, line))
            line = [word]
            current = word_width
            lineno += 1
            max_width = max_widths[min(last, lineno)]
    if current > width_max:
        width_max = current
    lines.append((max_width - current, line))
    para._width_max = width_max
    return f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=font_size)
