"""The PDF report. `render_pdf` is the entry point used by the web views, the CLI and the API."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from wizard.report.i18n import t
from wizard.report.integrity import embed
from wizard.report.meta import ReportMeta
from wizard.report.model import ReportData, build_report
from wizard.report.pdf.cover import cover
from wizard.report.pdf.doc import Heading, ReportDoc, make_toc, numbered_canvas
from wizard.report.pdf.findings import findings
from wizard.report.pdf.styles import register_fonts, styles
from wizard.report.pdf.summary import summary
from wizard.report.pdf.tables import (
    action_plan,
    annex_about,
    annex_answers,
    annex_references,
    obligations,
    review,
)
from wizard.report.text import clean, esc

__all__ = ["render_pdf", "render_report_pdf"]


def _story(data: ReportData) -> list[Flowable]:
    lang, s = data.lang, styles()
    story: list[Flowable] = [*cover(data), NextPageTemplate("body"), PageBreak(),
                             Heading(esc(t("contents", lang)), s["h1"], 0, "contents", toc=False), make_toc(),
                             PageBreak(), *summary(data)]
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


def render_report_pdf(data: ReportData, *, seal_key: bytes | None = None) -> bytes:
    """Lay out a prepared `ReportData` as a PDF, with the assessment embedded for verification."""
    register_fonts()
    buf = io.BytesIO()
    meta = data.meta
    doc = ReportDoc(
        buf, title=clean(f"{t('report_title', data.lang)}: {meta.system_name}"),
        author=clean(meta.organisation), subject=clean(t("subject", data.lang, title=data.title)),
        keywords=[data.questionnaire_id, data.questionnaire_version, meta.reference, data.fingerprint],
        creator="ai-compliance-wizard", producer="ai-compliance-wizard (reportlab)", lang=data.lang,
        pageCompression=1)
    canvas = numbered_canvas(f"{meta.system_name} — {meta.organisation}", meta.reference, data.fingerprint,
                             data.lang)
    doc.multiBuild(_story(data), canvasmaker=canvas)
    return embed(buf.getvalue(), data.payload, seal_key=seal_key)


def render_pdf(questionnaire: Any, result: Any, answers: Mapping[str, Any],
               statuses: Mapping[str, Any] | None, meta: ReportMeta, *, seal_key: bytes | None = None,
               as_of: date | None = None,
               headline: str | None = None) -> bytes:
    """The assessment report as PDF bytes, in `meta.lang`, with its data embedded and fingerprinted."""
    data = build_report(questionnaire, result, answers, statuses or {}, meta, headline=headline, as_of=as_of)
    return render_report_pdf(data, seal_key=seal_key)
