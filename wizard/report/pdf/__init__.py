"""The PDF report. `render_pdf` is the entry point used by the web views and the CLI."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from wizard.report.meta import ReportMeta

_FONTS = __import__("pathlib").Path(__file__).resolve().parent.parent / "fonts"


def _register() -> None:
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(_FONTS / "DejaVuSans.ttf")))


def _tr(text: Any, lang: str) -> str:
    if isinstance(text, dict):
        return str(text.get(lang) or next(iter(text.values()), ""))
    return "" if text is None else str(text)


def render_pdf(questionnaire: Any, result: Any, answers: dict, statuses: dict, meta: ReportMeta) -> bytes:
    """Render the assessment report as PDF bytes (provisional first version; full layout follows)."""
    _register()
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("b", fontName="DejaVuSans")
    head = styles["Heading2"].clone("h", fontName="DejaVuSans")
    story: list[Any] = [Paragraph(escape(meta.system_name), head),
                        Paragraph(escape(f"{meta.organisation} — {meta.reference}"), body), Spacer(1, 6 * mm)]
    for oid, out in getattr(result, "outcomes", {}).items():
        value = getattr(out, "value", None)
        shown = ", ".join(value) if isinstance(value, (tuple, list)) else str(value)
        story.append(Paragraph(escape(f"{_tr(getattr(out, 'label', oid), meta.lang)}: {shown}"), body))
    story.append(Spacer(1, 6 * mm))
    for qid, value in answers.items():
        story.append(Paragraph(escape(f"{qid}: {value}"), body))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=meta.system_name).build(story)
    return buf.getvalue()
