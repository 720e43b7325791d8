"""Small building blocks shared by the report's parts: paragraphs, tables, badges, Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any, cast

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paragraph import _FUZZ, cleanBlockQuotedText
from reportlab.platypus.paragraph import _wsc as reportlab_whitespace
from reportlab.platypus.paraparser import ParaFrag

from wizard.report.model import RefView
from wizard.report.pdf.breaks import break_plain
from wizard.report.pdf.fastdraw import draw_plain, restore_translated, save_and_translate
from wizard.report.pdf.fastmixed import draw_mixed
from wizard.report.pdf.grid import PAD_BOTTOM, PAD_TOP, PAD_X, Cell, Grid, grid_cell, table_grid
from wizard.report.pdf.lines import Layout, ParaKey, recall, remember
from wizard.report.pdf.scripts import drawable, drawable_markup
from wizard.report.pdf.styles import (
    CELL_FONT,
    LEVEL_COLOURS,
    MUTED,
    SHADE,
    STATUS_COLOURS,
    styles,
)
from wizard.report.text import clean, esc, link, markdown_blocks


class Para(Paragraph):
    """A Paragraph that remembers its last wrap: tables wrap each cell two or three times with the
    same width (height, split, draw), and line breaking is most of the report's rendering time.
    Made by `para`, `text` or `Heading`, it also knows what it is made of (`key`), and its first
    layout at a width is shared with every paragraph made of the same thing (`lines.py`)."""

    _wrapped: tuple[float, tuple[float, float]] | None = None
    key: ParaKey | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            return self._wrapped[1]
        key, self.key = self.key, None     # line breaking changes the fragments: only the first counts
        if key is None or self.bulletText or availWidth < _FUZZ:
            size = super().wrap(availWidth, availHeight)
        else:
            size = self._wrap_shared(key, availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size

    def _wrap_shared(self, key: ParaKey, width: float, height: float) -> tuple[float, float]:
        """`Paragraph.wrap`, or the same state from the remembered layout of `key` at `width`."""
        found = recall(key, width)
        if found is None:
            size: tuple[float, float] = super().wrap(width, height)
            state: dict[str, Any] = self.__dict__      # reportlab's attributes, untyped
            if not (state["_hyphenations"] or state["_splitLongWordCount"]):
                remember(key, width, Layout(state["blPara"], state["frags"], state["height"], state["_width_max"]))
            return size
        style = self.style
        # the attributes `Paragraph.wrap` and `breakLines` set
        self.__dict__.update(
            width=width, blPara=found.bl_para, frags=found.frags, height=found.height, _width_max=found.width_max,
            _splitLongWordCount=0, _hyphenations=0,
            _wrapWidths=[width - (style.leftIndent + style.firstLineIndent) - style.rightIndent,
                         width - style.leftIndent - style.rightIndent])
        return width, found.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        self._wrapped = None
        return super().split(availWidth, availHeight)

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (reportlab API)
        # a paragraph in one font is broken by reportlab's steps without its general machinery
        found = break_plain(self, width)
        return found if found is not None else super().breakLines(width)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        # most paragraphs are in one font and colour: their operators are written in one step
        if not (draw_plain(self, canvas, x, y, _sW) or draw_mixed(self, canvas, x, y, _sW)):
            super().drawOn(canvas, x, y, _sW)


def copy_frag(frag: Any, **changes: Any) -> Any:
    """`frag.clone(**changes)`: a shallow copy of a parsed fragment with `changes` applied. For
    reportlab's `ParaFrag`, whose constructor only fills the instance dictionary, the copy skips the
    keyword-argument round trip (a report copies some twenty thousand fragments)."""
    if type(frag) is not ParaFrag:
        return frag.clone(**changes)
    new = object.__new__(ParaFrag)
    state = new.__dict__
    state.update(frag.__dict__)
    if changes:
        state.update(changes)
    return new


_PARSED: dict[tuple[str, str], list[Any]] = {}
_PARSED_LIMIT = 4096
# markup the parser would leave as it is: words (no tag, entity or character reportlab or Python
# counts as a space, but for the no-break space) separated by single spaces
_NOT_WORD = re.escape("".join(sorted((set(reportlab_whitespace) | {chr(c) for c in range(0x3001) if chr(c).isspace()}
                                      | {"<", "&"}) - {"\u00a0"})))
_PLAIN = re.compile(f"[^{_NOT_WORD}]+(?: [^{_NOT_WORD}]+)*")


# references as the report writes them: links and plain text, maybe in one <font size=...>
_LINKS = re.compile(r'(?:<font size=(\d+)>)?((?:[^<]|<link href="[^"<\s]*" color="#[0-9A-Fa-f]{6}">[^<]*</link>)*)'
                    r"(</font>)?")
_LINK_TOKEN = re.compile(r'<link href="([^"<\s]*)" color="(#[0-9A-Fa-f]{6})">([^<]*)</link>|([^<]+)')


def _links(markup: str, style: str) -> list[Any] | None:
    """The fragments of references markup (see `_LINKS`), built from fragments of a small parsed
    template rather than by reportlab's parser, which costs as much on these paragraphs as laying them
    out; None for any other markup."""
    if "<link" not in markup or "\n" in markup:
        return None
    found = _LINKS.fullmatch(markup)
    if found is None or (found.group(1) is None) != (found.group(3) is None):
        return None
    size = found.group(1)
    clean_markup = cleanBlockQuotedText(markup)
    body = _LINKS.fullmatch(clean_markup)
    if body is None:
        return None
    frags: list[Any] = []
    links = 0
    for token in _LINK_TOKEN.finditer(body.group(2)):
        href, colour, label, plain = token.groups()
        if "&" in (label or plain or ""):
            return None      # reportlab's parser cuts text at entities: leave those to it
        template = f'<link href="h" color="{colour or "#000000"}">a</link>b'
        if size is not None:
            template = f"<font size={size}>{template}</font>"
        key = (template, style)
        if key not in _PARSED:
            _PARSED[key] = Paragraph(template, styles()[style]).frags
        proto_link, proto_text = _PARSED[key]
        if plain is not None:
            frags.append(copy_frag(proto_text, text=html.unescape(plain)))
        else:
            if label:
                frags.append(copy_frag(proto_link, text=html.unescape(label),
                                       link=[(links, html.unescape(href))]))
            links += 1
    return frags


# markup made of these tags and text without entities is parsed as a template (`_templated`)
_TEMPLATE_TAGS = re.compile(r"<(?:/?(?:b|i|font|link)|br/?)(?:\s[^<>]*)?>")
_TAG_SPLIT = re.compile(r"(<[^<>]*>)")


def _templated(markup: str, style: str) -> list[Any] | None:
    """The fragments of `markup` from those of its template: the same tags with every run of text
    replaced by one letter, parsed by reportlab once (a report's markup comes in a few dozen shapes:
    a bold title and a note in brown, a coloured dot and a label...), each fragment given back its
    text. reportlab's parser makes one fragment per run of text between tags in the style the tags
    around it set, whatever the text (no entity, no special tag); None for any other markup, or
    if the template's fragments do not line up with the runs."""
    if "&" in markup or "\n" in markup:
        return None
    clean_markup = cleanBlockQuotedText(markup)
    pieces = _TAG_SPLIT.split(clean_markup)
    runs: list[str | None] = []       # the text of each fragment, None for a line break
    template: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            if not _TEMPLATE_TAGS.fullmatch(piece):
                return None
            template.append(piece)
            if piece.startswith("<br"):
                runs.append(None)
        elif piece:
            if "<" in piece or ">" in piece:
                return None
            template.append("x")
            runs.append(piece)
    key = ("".join(template), style)
    protos = _PARSED.get(key)
    if protos is None:
        protos = Paragraph(key[0], styles()[style]).frags
        _PARSED[key] = protos
    if len(protos) != len(runs):
        return None
    frags: list[Any] = []
    for proto, run in zip(protos, runs, strict=True):
        if run is None:
            if not getattr(proto, "lineBreak", False):
                return None
            frags.append(copy_frag(proto))
        elif proto.text != "x" or getattr(proto, "lineBreak", False):
            return None
        else:
            frags.append(copy_frag(proto, text=run))
    return frags


def parsed(markup: str, style: str) -> list[Any]:
    """The parsed fragments of `markup`, cached: labels, dates and statuses repeat in every table, and
    reportlab's XML parsing is a third of the rendering time. Copies are returned (frags are data)."""
    key = (markup, style)
    found = _PARSED.get(key)
    if found is None:
        if _PLAIN.fullmatch(markup) and markup != "x":
            # no tag, no entity, no space to collapse: the parser would give one fragment in the
            # style's font (and it costs as much as breaking the paragraph into lines)
            return [copy_frag(parsed("x", style)[0], text=markup)]
        found = _links(markup, style)
        if found is None:
            found = _templated(markup, style)
        if found is None:
            found = Paragraph(markup, styles()[style]).frags
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[key] = found
    return [copy_frag(f) for f in found]


def clear_parsed() -> None:
    """Forget the parsed markup."""
    _PARSED.clear()


def para(markup: str, style: str = "body") -> Paragraph:
    """A Paragraph from markup that is already safe (escaped user text or converted Markdown)."""
    markup = drawable_markup(markup)
    p = Para(markup, styles()[style], frags=parsed(markup, style))
    p.key = ("markup", markup, style)
    return p


def text(value: object, style: str = "body") -> Paragraph:
    """A Paragraph of plain user text: never parsed as markup (one fragment in the style's font)."""
    plain = drawable(clean(value))
    if not plain.strip() or "\n" in plain:
        return para(esc(value), style)
    proto = parsed("x", style)[0]
    p = Para(plain, styles()[style], frags=[copy_frag(proto, text=plain)])
    p.key = ("text", plain, style)
    return p


def markdown(md: str, style: str = "body") -> list[Flowable]:
    """Questionnaire Markdown (sanitised) as Paragraphs, list items indented."""
    out: list[Flowable] = []
    for kind, markup in markdown_blocks(md):
        out.append(para(markup, "bullet" if kind == "li" else style))
    return out


def refs_markup(refs: Sequence[RefView], sep: str = " · ") -> str:
    """References as linked labels (EUR-Lex when known)."""
    return sep.join(link(r.url, esc(r.label)) if r.url else esc(r.label) for r in refs)


def dot(colour: colors.Color, label: str, bold: bool = False) -> str:
    """A coloured bullet followed by an (escaped) label, as Paragraph markup."""
    body = f"<b>{esc(label)}</b>" if bold else esc(label)
    return f'<font color="{colour.hexval().replace("0x", "#")}">●</font>\u00a0{body}'


def status_dot(status: str | None, label: str) -> str:
    return dot(STATUS_COLOURS.get(status or "unknown", MUTED), label)


def level_dot(level: str, label: str, bold: bool = True) -> str:
    return dot(LEVEL_COLOURS.get(level, MUTED), label, bold)


def badge(label: str, level: str, width: float | None = None) -> Table:
    """A filled label in the colour of a level (critical ... none)."""
    tbl = Table([[Para(esc(label), styles()["badge"])]], colWidths=[width] if width else None,
                hAlign="LEFT")
    tbl.setStyle(TableStyle([CELL_FONT,
        ("BACKGROUND", (0, 0), (-1, -1), LEVEL_COLOURS.get(level, MUTED)),
        ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 7),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("ROUNDEDCORNERS", [3, 3, 3, 3]),
    ]))
    return tbl


GRID_PAD_X, GRID_PAD_TOP, GRID_PAD_BOTTOM = PAD_X, PAD_TOP, PAD_BOTTOM


def first_rows_height(rows: list[list[Any]], widths: Sequence[float], count: int = 2) -> float:
    """The height of the first `count` rows of a `grid` (to keep a heading with them)."""
    total = 0.0
    for row in rows[:count]:
        heights = [0.0]
        for cell, width in zip(row, widths, strict=False):
            for f in cell if isinstance(cell, list) else [cell]:
                if isinstance(f, Flowable):
                    heights.append(f.wrap(width - 2 * GRID_PAD_X, 1e6)[1])
        total += max(heights) + GRID_PAD_TOP + GRID_PAD_BOTTOM
    return total


def grid(rows: list[list[Any]], widths: Sequence[float], header: bool = True,
         zebra: bool = True) -> Flowable:
    """A data table: a dark header row repeated on each page, light rules, rows split across pages.
    A `Grid` (reportlab's `Table` laid out and drawn faster) when every cell is made of flowables."""
    cells = [[grid_cell(value) for value in row] for row in rows]
    if not rows or any(cell is None for row in cells for cell in row) or any(len(row) != len(widths) for row in rows):
        return table_grid(rows, widths, header, zebra)
    return Grid(cast(list[list[Cell]], cells), widths, header, zebra)


class Stack(Flowable):
    """Short paragraphs one under the other, in a table cell, kept together like one paragraph of as
    many lines (a paragraph of two or three lines does not split: no line left alone at a page end).
    Several single-font paragraphs are laid out much faster than one that mixes fonts."""

    splits = False      # `split` gives nothing, whatever the room (`grid.Grid` relies on it)

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__()
        self.flowables = flowables
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._sizes = [f.wrap(availWidth, availHeight) for f in self.flowables]
        self.width = max((w for w, _ in self._sizes), default=0)
        self.height = sum(h for _, h in self._sizes)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        # `Flowable.drawOn`'s operators; paragraphs leave the canvas' state as they find it, so only
        # the matrix needs saving (a report draws a few hundred stacks)
        if getattr(self, "_showBoundary", 0) or not all(isinstance(f, Para) for f in self.flowables):
            super().drawOn(canvas, x, y, _sW)
            return
        saved = save_and_translate(canvas, self._hAlignAdjust(x, _sW), y)
        self.canv = canvas
        self.draw()
        del self.canv
        restore_translated(canvas, saved)

    def draw(self) -> None:
        y = self.height
        for f, (_, h) in zip(self.flowables, self._sizes, strict=True):
            y -= h
            f.drawOn(self.canv, 0, y)


class Panel(Flowable):
    """Flowables in a shaded box with an optional coloured left rule; splits between (and inside)
    its flowables across pages. Much lighter than a one-cell Table, which re-measures its content at
    every step of the layout."""

    PAD_X, PAD_TOP, PAD_BOTTOM = 9.0, 7.0, 6.0

    def __init__(self, flowables: list[Flowable], background: colors.Color,
                 border: colors.Color | None) -> None:
        super().__init__()
        self.flowables, self.background, self.border = flowables, background, border
        self._sizes: list[tuple[float, float]] = []

    def _gap(self, i: int) -> float:
        return 0.0 if i == 0 else max(self.flowables[i - 1].getSpaceAfter(), self.flowables[i].getSpaceBefore())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        inner = availWidth - 2 * self.PAD_X
        self._sizes = [f.wrapOn(self.canv, inner, 1e9) for f in self.flowables]
        self.width = availWidth
        self.height = (self.PAD_TOP + self.PAD_BOTTOM + sum(h for _, h in self._sizes)
                       + sum(self._gap(i) for i in range(len(self.flowables))))
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        room = availHeight - self.PAD_TOP - self.PAD_BOTTOM
        inner = availWidth - 2 * self.PAD_X
        used = 0.0
        for i, (f, (_, h)) in enumerate(zip(self.flowables, self._sizes, strict=True)):
            gap = self._gap(i)
            if used + gap + h <= room:
                used += gap + h
                continue
            parts = f.splitOn(self.canv, inner, room - used - gap) if room - used - gap > 20 else []
            head = self.flowables[:i] + parts[:1]
            tail = parts[1:] + self.flowables[i + 1:] if parts else self.flowables[i:]
            if not head:
                return []
            return [Panel(head, self.background, self.border), Panel(tail, self.background, self.border)]
        return [self]

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.background)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.border is not None:
            c.setStrokeColor(self.border)
            c.setLineWidth(2.5)
            c.line(1.25, 0, 1.25, self.height)
        c.restoreState()
        y = self.height - self.PAD_TOP
        for i, (f, (_, h)) in enumerate(zip(self.flowables, self._sizes, strict=True)):
            y -= self._gap(i) + h
            f.drawOn(c, self.PAD_X, y)


def panel(flowables: list[Flowable], width: float, background: colors.Color = SHADE,
          border: colors.Color | None = None) -> Flowable:
    """Flowables in a shaded box (splits across pages if long); `width` is the frame's."""
    return Panel(flowables, background, border)
