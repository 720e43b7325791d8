"""The PDF report. `render_pdf` is the entry point used by the web views, the CLI and the API."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from wizard.report.i18n import t
from wizard.report.integrity import ATTACHMENT_NAME, envelope_bytes, new_seal_slot, seal_document
from wizard.report.meta import ReportMeta
from wizard.report.model import ReportData, build_report
from wizard.report.pdf.common import clear_parsed
from wizard.report.pdf.cover import cover
from wizard.report.pdf.doc import (
    Heading,
    ReportDoc,
    TocSlot,
    TocState,
    attach_file,
    clear_uris,
    numbered_canvas,
)
from wizard.report.pdf.findings import findings
from wizard.report.pdf.lines import clear_layouts
from wizard.report.pdf.styles import clear_widths, register_fonts, styles
from wizard.report.pdf.summary import summary
from wizard.report.pdf.tables import (
    action_plan,
    annex_about,
    annex_answers,
    annex_references,
    obligations,
    review,
)
from wizard.report.text import clean, clear_markdown_cache, esc

__all__ = ["clear_caches", "collector_paused", "render_pdf", "render_report_pdf"]


def _story(data: ReportData, toc: TocState) -> list[Flowable]:
    lang, s = data.lang, styles()
    story: list[Flowable] = [*cover(data), PageBreak(),
                             Heading(esc(t("contents", lang)), s["h1"], 0, "contents", toc=False), TocSlot(toc),
                             *summary(data)]
    n = 2
    story += findings(data, n)
    n += len(data.chapters)
    story += obligations(data, n)
    story += action_plan(data, n + 1)
    n += 2
    if data.review is not None:
        story += review(data, n)
    story += annex_answers(data)
    story += annex_references(data)
    story += annex_about(data)
    return story


def clear_caches() -> None:
    """Forget what rendering remembers between reports (parsed markup, line breaks, Markdown, string
    widths), as in a fresh process: the benchmark uses it to time a cold render."""
    clear_parsed()
    clear_layouts()
    clear_uris()
    clear_markdown_cache()
    clear_widths()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report is built.

    A report allocates hundreds of thousands of short-lived objects, most of them alive until the
    file is written, so the collector keeps scanning them and promoting them, and every few reports
    runs a full collection of the whole process (0.1 to 0.3 s in a web worker with its questionnaires
    loaded). Reference counting still frees nearly everything; the few cycles left are collected
    once the collector runs again. Left alone when something else already paused it.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def render_report_pdf(data: ReportData, *, seal_key: bytes | None = None) -> bytes:
    """Lay out a prepared `ReportData` as a PDF, with the assessment embedded for verification."""
    with collector_paused():
        return _render(data, seal_key)


def _render(data: ReportData, seal_key: bytes | None) -> bytes:
    register_fonts()
    buf = io.BytesIO()
    meta = data.meta
    toc = TocState()
    doc = ReportDoc(
        buf, toc, title=clean(f"{t('report_title', data.lang)}: {meta.system_name}"),
        author=clean(meta.organisation),
        subject=clean(" — ".join(part for part in (data.title, meta.system_name) if part.strip())),
        keywords=[data.questionnaire_id, data.questionnaire_version, meta.reference, data.fingerprint],
        creator="ai-compliance-wizard", producer="ai-compliance-wizard (reportlab)", lang=data.lang,
        pageCompression=1)

    slot = new_seal_slot() if seal_key else None

    def attach(canvas: Canvas) -> None:
        envelope = envelope_bytes(data.payload, seal_slot=slot)
        attach_file(canvas, ATTACHMENT_NAME, envelope, t("integrity_title", data.lang))
        canvas.showOutline()

    title = " — ".join(part for part in (meta.system_name, meta.organisation) if part.strip())
    canvas = numbered_canvas(title, meta.reference, data.fingerprint,
                             data.lang, toc, on_save=attach)
    doc.build(_story(data, toc), canvasmaker=canvas)
    pdf = buf.getvalue()
    # the seal covers the finished file, byte for byte, so it is written last, into its slot
    return seal_document(pdf, slot, seal_key) if seal_key and slot else pdf


def render_pdf(questionnaire: Any, result: Any, answers: Mapping[str, Any],
               statuses: Mapping[str, Any] | None, meta: ReportMeta, *, seal_key: bytes | None = None,
               as_of: date | None = None,
               headline: str | None = None) -> bytes:
    """The assessment report as PDF bytes, in `meta.lang`, with its data embedded and fingerprinted."""
    with collector_paused():
        data = build_report(questionnaire, result, answers, statuses or {}, meta, headline=headline, as_of=as_of)
        return render_report_pdf(data, seal_key=seal_key)
