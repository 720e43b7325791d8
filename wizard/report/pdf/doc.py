"""The document template: page layouts, header and footer, table of contents and bookmarks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
    PDFString,
)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
)

from wizard.report.i18n import t
from wizard.report.pdf.common import Para, parsed
from wizard.report.pdf.scripts import drawable
from wizard.report.pdf.styles import FONT, FONT_BOLD, MUTED, PRIMARY, RULE, string_width, styles

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X
COVER_BAND_H = 105 * mm


class Heading(Para):
    """A heading that becomes a table-of-contents entry and a PDF bookmark at `level` (0 or 1)."""

    def __init__(self, text: str, style: Any, level: int, key: str, toc: bool = True) -> None:
        name: str = style.name
        super().__init__(text, style, frags=parsed(text, name))
        if styles().get(name) is style:     # its layout is shared only in the report's own styles
            self.key = ("markup", text, name)
        self.toc_level = level
        self.toc_key = key
        self.in_toc = toc


class Bookmark(Flowable):
    """An invisible anchor that adds a PDF bookmark (for pages without a visible heading entry)."""

    def __init__(self, title: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


@dataclass
class TocState:
    """The table of contents, drawn after layout: headings register here, the slot marks its page.

    Drawing it at save time (when every heading's page is known) needs one layout pass instead of
    the two or three of reportlab's multiBuild; the slot always fills the rest of its page, and the
    entries shrink to fit, so the pagination never depends on the contents.
    """

    entries: list[tuple[int, str, int, str]] = field(default_factory=list)  # level, title, page, key
    page: int = 0
    rect: tuple[float, float, float, float] = (0, 0, 0, 0)


class TocSlot(Flowable):
    """Reserves the rest of the page for the table of contents."""

    def __init__(self, state: TocState) -> None:
        super().__init__()
        self.state = state

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        self.state.page = canvas.getPageNumber()
        self.state.rect = (x, y, self.width, self.height)

    def draw(self) -> None:
        pass


def _toc_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` broken into lines of at most `width` points (a word longer than a line stays whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


TOC_NUMBER_W = 14 * mm
TOC_PAD_TOP, TOC_PAD_BOTTOM = 1.5, 2.0


def draw_toc(canvas: Canvas, state: TocState) -> None:
    """Draw the collected entries into the reserved slot: each entry links to its heading, its page
    number right-aligned on its last line, a dotted rule below; shrunk if the entries overflow.

    Drawn straight on the canvas (no Table of Paragraphs): this page is drawn once, at save time.
    """
    if not state.entries:
        return
    s = styles()
    x, y, w, h = state.rect

    def layout(width: float) -> tuple[list[tuple[Any, list[str], int, str]], float]:
        rows = []
        total = 0.0
        for level, title, page, key in state.entries:
            style = s["toc1"] if level == 0 else s["toc2"]
            lines = _toc_lines(title, style.fontName, style.fontSize,
                               width - TOC_NUMBER_W - style.leftIndent) or [""]
            rows.append((style, lines, page, key))
            total += TOC_PAD_TOP + len(lines) * style.leading + TOC_PAD_BOTTOM
        return rows, total

    scale = 1.0
    rows, total = layout(w)
    for _ in range(8):               # like KeepInFrame(mode="shrink"): wider and smaller until it fits
        if total <= h / scale + 1e-6:
            break
        scale = min(scale * 0.97, h / total * 0.999)
        rows, total = layout(w / scale)
    width = w / scale
    canvas.saveState()
    canvas.translate(x, y + h)
    canvas.scale(scale, scale)
    top = 0.0
    for style, lines, page, key in rows:
        height = TOC_PAD_TOP + len(lines) * style.leading + TOC_PAD_BOTTOM
        bottom = top - height
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        baseline = top - TOC_PAD_TOP - style.fontSize
        for line in lines:
            canvas.drawString(style.leftIndent, baseline, line)
            baseline -= style.leading
        baseline += style.leading
        canvas.drawRightString(width, baseline, str(page))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        canvas.setDash(1, 2)
        canvas.line(0, bottom, width, bottom)
        canvas.setDash()
        canvas.linkRect("", key, (style.leftIndent, bottom, width, top), relative=1, thickness=0)
        top = bottom
    canvas.restoreState()


def attach_file(canvas: Canvas, name: str, data: bytes, description: str) -> None:
    """Embed `data`, uncompressed, as a document-level file attachment (PDF EmbeddedFiles name tree).

    Uncompressed so that the report's seal can be written into the finished file (integrity.py).
    """
    doc = canvas._doc
    stream = RawStream(PDFDictionary({"Type": PDFName("EmbeddedFile"),
                                      "Params": PDFDictionary({"Size": len(data)})}), data)
    spec = PDFDictionary({"Type": PDFName("Filespec"), "F": PDFString(name), "UF": PDFString(name),
                          "Desc": PDFString(description), "EF": PDFDictionary({"F": doc.Reference(stream)})})
    doc.Catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({
        "Names": PDFArray([PDFString(name), doc.Reference(spec)])})})


class RawStream(PDFStream):
    """A stream written as is: no filter, whatever the document's default compression."""

    def format(self, document: Any) -> bytes:
        dictionary = PDFDictionary(self.dictionary.dict.copy())
        dictionary["Length"] = len(self.content)
        return dictionary.format(document) + b"\nstream\n" + self.content + b"\nendstream\n"


_URIS: dict[str, bytes] = {}
_URIS_LIMIT = 4096


def _uri_string(url: str, document: Any) -> bytes:
    """`PDFString(url).format(document)`, remembered for unencrypted documents (where it depends on
    the address alone): a report links the same few hundred articles again and again."""
    if not isinstance(document.encrypt, NoEncryption):
        formatted: bytes = PDFString(url).format(document)
        return formatted
    found = _URIS.get(url)
    if found is None:
        if len(_URIS) >= _URIS_LIMIT:
            _URIS.clear()
        found = _URIS[url] = PDFString(url).format(document)
    return found


def clear_uris() -> None:
    """Forget the formatted link addresses."""
    _URIS.clear()


class UriLink(PDFObject):
    """A link annotation to a URI, formatted in one go: the same bytes as `Canvas.linkURL` with no
    border, without its nested dictionaries (a report has hundreds of links, and formatting those
    dictionaries was a fifth of the time spent writing the file)."""

    def __init__(self, url: str, rect: tuple[float, float, float, float]) -> None:
        self.url, self.rect = url, rect

    def format(self, document: Any) -> bytes:
        return (b"<<\n/A <<\n/S /URI /Type /Action /URI " + _uri_string(self.url, document)
                + b"\n>> /Border [ 0 0 0 ] /Rect [ " + fp_str(*self.rect).encode("ascii")
                + b" ] /Subtype /Link /Type /Annot\n>>")


def numbered_canvas(header_left: str, header_right: str, fingerprint: str, lang: str, toc: TocState,
                    on_save: Callable[[Canvas], None] | None = None) -> type[Canvas]:
    """A canvas class that draws the running header and footer, with "Page n of N", on every page but
    the cover (the page count is known only at the end, hence the deferred drawing)."""

    class _Canvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # without this, reportlab references an unembedded Helvetica on every page
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def linkURL(self, url: str, rect: Any, relative: int = 0, thickness: float = 0,  # noqa: N802
                    color: Any = None, dashArray: Any = None, kind: str = "URI", **kw: Any) -> None:  # noqa: N803
            if kind != "URI" or thickness or color or dashArray or kw:
                super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
                return
            self._addAnnotation(UriLink(url, self._absRect(rect, relative)))

        def stringWidth(self, text: str, fontName: str | None = None,  # noqa: N802, N803
                        fontSize: float | None = None) -> float:  # noqa: N803
            return string_width(text, fontName or self._fontname,
                                self._fontsize if fontSize is None else fontSize)

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            annotations: int = getattr(self, "_annotationCount", 0)   # late links must not reuse names
            for state in self._pages:
                self.__dict__.update(state)
                self._annotationCount = annotations
                if self._pageNumber > 1:
                    self._furniture(total)
                if self._pageNumber == toc.page:
                    draw_toc(self, toc)
                    annotations = self._annotationCount
                super().showPage()
            if on_save is not None:
                on_save(self)
            super().save()

        def _furniture(self, total: int) -> None:
            self.saveState()
            top = PAGE_H - 12 * mm
            self.setFont(FONT_BOLD, 7.5)
            self.setFillColor(PRIMARY)
            left = drawable(header_left if len(header_left) <= 80 else header_left[:79] + "…")
            self.drawString(MARGIN_X, top, left)
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_W - MARGIN_X, top, drawable(header_right[:60]))
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, top - 2.5 * mm, PAGE_W - MARGIN_X, top - 2.5 * mm)
            bottom = 11 * mm
            self.line(MARGIN_X, bottom + 4 * mm, PAGE_W - MARGIN_X, bottom + 4 * mm)
            self.setFont(FONT, 6.5)
            self.drawString(MARGIN_X, bottom, f"{t('fingerprint', lang)} {fingerprint}")
            self.setFont(FONT, 7.5)
            self.drawRightString(PAGE_W - MARGIN_X, bottom, t("page_of", lang, page=self._pageNumber,
                                                               total=total))
            self.restoreState()

    return _Canvas


class ReportDoc(BaseDocTemplate):
    """A4 report: a full-bleed cover template and a content template; headings feed TOC and outline."""

    def __init__(self, filename: Any, toc: TocState, **kw: Any) -> None:
        self.toc = toc
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, initialFontName=FONT, **kw)
        # the cover: a full-bleed title band, then the details within the normal margins
        band = Frame(0, PAGE_H - COVER_BAND_H, PAGE_W, COVER_BAND_H, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0, id="band")
        cover = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - COVER_BAND_H - MARGIN_BOTTOM - 10 * mm,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="cover")
        body = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate(id="cover", frames=[band, cover]),
                               PageTemplate(id="body", frames=[body])])

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab API)
        if isinstance(flowable, Heading):
            text = flowable.getPlainText()
            self.canv.bookmarkPage(flowable.toc_key)
            self.canv.addOutlineEntry(text, flowable.toc_key, level=flowable.toc_level, closed=False)
            if flowable.in_toc:
                self.toc.entries.append((flowable.toc_level, text, self.page, flowable.toc_key))
