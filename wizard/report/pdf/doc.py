"""The document template: page layouts, header and footer, table of contents and bookmarks."""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from wizard.report.i18n import t
from wizard.report.pdf.styles import CELL_FONT, FONT, FONT_BOLD, MUTED, PRIMARY, RULE, styles

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X


class Heading(Paragraph):
    """A heading that becomes a table-of-contents entry and a PDF bookmark at `level` (0 or 1)."""

    def __init__(self, text: str, style: Any, level: int, key: str, toc: bool = True) -> None:
        super().__init__(text, style)
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


def make_toc() -> TableOfContents:
    """The table of contents, styled to match the headings."""
    s = styles()
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [s["toc1"], s["toc2"]]
    toc.tableStyle = TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return toc


def numbered_canvas(header_left: str, header_right: str, fingerprint: str, lang: str) -> type[Canvas]:
    """A canvas class that draws the running header and footer, with "Page n of N", on every page but
    the cover (the page count is known only at the end, hence the deferred drawing)."""

    class _Canvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # without this, reportlab references an unembedded Helvetica on every page
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            self.saveState()
            top = PAGE_H - 12 * mm
            self.setFont(FONT_BOLD, 7.5)
            self.setFillColor(PRIMARY)
            left = header_left if len(header_left) <= 80 else header_left[:79] + "…"
            self.drawString(MARGIN_X, top, left)
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_W - MARGIN_X, top, header_right[:60])
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

    def __init__(self, filename: Any, **kw: Any) -> None:
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, initialFontName=FONT, **kw)
        cover = Frame(0, 0, PAGE_W, PAGE_H, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                      id="cover")
        body = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate(id="cover", frames=[cover]),
                               PageTemplate(id="body", frames=[body])])

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab API)
        if isinstance(flowable, Heading):
            text = flowable.getPlainText()
            self.canv.bookmarkPage(flowable.toc_key)
            self.canv.addOutlineEntry(text, flowable.toc_key, level=flowable.toc_level, closed=False)
            if flowable.in_toc:
                self.notify("TOCEntry", (flowable.toc_level, text, self.page, flowable.toc_key))
