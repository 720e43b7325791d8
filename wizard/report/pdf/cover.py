"""The cover page: identity of the system and the assessment, and how to read the report."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    FrameBreak,
    KeepInFrame,
    NextPageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from wizard.report.i18n import fmt_date, t
from wizard.report.model import ReportData
from wizard.report.pdf.common import markdown, panel, para, text
from wizard.report.pdf.doc import CONTENT_W, COVER_BAND_H, MARGIN_X, PAGE_W, Bookmark
from wizard.report.pdf.styles import CELL_FONT, PANEL, PRIMARY, RULE, styles
from wizard.report.text import esc


def _short(value: str, limit: int) -> str:
    """A name cut to `limit` characters for the title band (it is given in full below it)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def cover(data: ReportData) -> list[Flowable]:
    """Flowables of the cover page (drawn in the full-bleed cover frame)."""
    lang, meta, s = data.lang, data.meta, styles()
    band = Table([[
        [Paragraph(esc(t("report_title", lang)).upper(), s["cover_kicker"]), Spacer(1, 5 * mm),
         Paragraph(esc(_short(meta.system_name, 120)), s["cover_title"]), Spacer(1, 3 * mm),
         Paragraph(esc(_short(meta.organisation, 160)), s["cover_sub"]), Spacer(1, 6 * mm),
         Paragraph(esc(_short(data.title, 200)), s["cover_sub"])],
    ]], colWidths=[PAGE_W], rowHeights=[COVER_BAND_H])
    band.setStyle(TableStyle([CELL_FONT,
        ("BACKGROUND", (0, 0), (-1, -1), PRIMARY),
        ("LEFTPADDING", (0, 0), (-1, -1), MARGIN_X), ("RIGHTPADDING", (0, 0), (-1, -1), MARGIN_X),
        ("TOPPADDING", (0, 0), (-1, -1), 30 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 12 * mm),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))

    review = data.review_status or t("not_reviewed", lang)
    rows = [
        (t("ai_system", lang), text(meta.system_name, "cell_bold")),
        (t("organisation", lang), text(meta.organisation, "cell")),
        *([(t("contact", lang), text(meta.contact, "cell"))] if meta.contact else []),
        (t("assessment_date", lang), text(fmt_date(data.as_of, lang), "cell")),
        (t("last_updated", lang), text(fmt_date(meta.updated_at, lang), "cell")),
        (t("questionnaire", lang), para(
            f"{esc(data.title)}<br/><font color='#5B6470'>{esc(data.questionnaire_id)} · "
            f"{esc(t('questionnaire_version', lang, version=data.questionnaire_version))}</font>", "cell")),
        (t("reference", lang), text(meta.reference, "cell_bold")),
        (t("review_status", lang), text(review, "cell")),
        (t("fingerprint", lang), para(f"<font size=7>{esc(data.fingerprint)}</font>", "cell")),
    ]
    details = Table([[Paragraph(esc(label), s["label"]), value] for label, value in rows],
                    colWidths=[45 * mm, CONTENT_W - 45 * mm], hAlign="LEFT", splitInRow=1)
    details.setStyle(TableStyle([CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    how = panel([para(f"<b>{esc(t('how_to_read', lang))}</b>", "body"),
                 para(t("how_to_read_text", lang), "small")], CONTENT_W, PANEL, PRIMARY)
    return [
        Bookmark(_short(meta.system_name, 120), "cover"),
        KeepInFrame(PAGE_W, COVER_BAND_H, [band], mode="shrink"),
        FrameBreak(),
        NextPageTemplate("body"),      # should the details overflow, they continue on normal pages
        details,
        Spacer(1, 8 * mm),
        how,
        Spacer(1, 5 * mm),
        *markdown(f"**{t('disclaimer_title', lang)}.** {t('disclaimer', lang)}", "muted"),
    ]
