"""The one-page executive summary: headline classification, conclusions, status chart, next steps."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from wizard.report.i18n import fmt_date, fmt_status, t
from wizard.report.model import STATUSES, ReportData
from wizard.report.pdf.charts import status_bars, tier_ladder
from wizard.report.pdf.common import grid, level_dot, para, refs_markup, status_dot, text
from wizard.report.pdf.doc import CONTENT_W, Heading
from wizard.report.pdf.styles import CELL_FONT, RULE, WARN, styles
from wizard.report.text import esc

COL_GAP = 8 * mm


def _headline(data: ReportData, width: float) -> list[Flowable]:
    lang = data.lang
    out: list[Flowable] = [para(esc(t("risk_level", lang)).upper(), "label")]
    h = data.headline
    if h is None:
        return out
    out += [para(f"<b>{esc(h.label)}</b>", "small"), Spacer(1, 2 * mm), tier_ladder(h, width)]
    warn = WARN.hexval().replace("0x", "#")
    if h.provisional:
        out.append(para(f'<font color="{warn}">{esc(t("provisional_long", lang))}</font>', "small"))
    if data.possible_count:
        # the classification may be settled while duties are not: the headline says the result is provisional
        out.append(para(f'<font color="{warn}"><b>{esc(t("provisional_result", lang, n=data.possible_count))}'
                        "</b></font>", "small"))
    return out


def _chart(data: ReportData, width: float) -> list[Flowable]:
    lang = data.lang
    labels = {k: fmt_status(k if k in STATUSES else None, lang) for k in data.status_counts}
    total = sum(data.status_counts.values())
    return [para(esc(t("obligations_by_status", lang)).upper(), "label"),
            para(esc(t("obligations_count", lang, n=total)), "small"), Spacer(1, 2 * mm),
            status_bars(data.status_counts, labels, width)]


def summary(data: ReportData) -> list[Flowable]:
    """Flowables of the summary; shrunk if need be so that it always fits on one page."""
    lang = data.lang
    half = (CONTENT_W - COL_GAP) / 2
    top = Table([[_headline(data, half), "", _chart(data, half)]], colWidths=[half, COL_GAP, half])
    top.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))

    head = [para(esc(t(k, lang)), "cell_head") for k in ("conclusions", "result", "references")]
    rows: list[list[object]] = [head]
    for o in data.outcomes:
        result = level_dot(o.level, o.text) if o.determined else esc(o.text)
        if o.provisional:
            result += f' <font color="#8A5300" size=7>({esc(t("provisional", lang))})</font>'
        basis = o.reasons[0].references[:3] if o.reasons else ()
        rows.append([text(o.label, "cell"), para(result, "cell"), para(refs_markup(basis), "cell")])
    conclusions = grid(rows, [CONTENT_W * 0.34, CONTENT_W * 0.36, CONTENT_W * 0.30])

    actions: list[Flowable] = [para(esc(t("top_actions", lang)).upper(), "label"), Spacer(1, 1.5 * mm)]
    for a in data.actions[:5]:
        due = f" — {esc(t('due', lang))} {esc(fmt_date(a.due, lang))}" if a.due else ""
        late = f' <font color="#C0392B">({esc(t("overdue", lang))})</font>' if a.overdue else ""
        maybe = "" if a.certain else f' <font color="#8A5300">({esc(t("may_apply", lang))})</font>'
        actions.append(para(f"<b>{a.rank}.</b> {esc(a.title)}{maybe}<br/><font color='#5B6470' size=7>"
                            f"{esc(a.priority_label)}{due}</font>{late}", "small"))
        actions.append(Spacer(1, 1.2 * mm))
    if not data.actions:
        actions.append(para(esc(t("no_actions", lang)), "small"))
    if len(data.actions) > 5:
        actions.append(para(esc(t("more_actions", lang, n=len(data.actions) - 5,
                                  chapter=action_plan_number(data))), "muted"))

    dates: list[Flowable] = [para(esc(t("next_dates", lang)).upper(), "label"), Spacer(1, 1.5 * mm)]
    for d, label, n in data.next_dates:
        dates.append(para(f"<b>{esc(fmt_date(d, lang))}</b><br/>{esc(label)} "
                          f"<font color='#5B6470'>({n})</font>", "small"))
        dates.append(Spacer(1, 1.2 * mm))
    if not data.next_dates:
        dates.append(para(esc(t("no_upcoming_dates", lang)), "small"))
    bottom = Table([[actions, "", dates]], colWidths=[half, COL_GAP, half])
    bottom.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
                                ("TOPPADDING", (0, 0), (-1, -1), 6)]))
    status_line = " · ".join(status_dot(k, f"{fmt_status(k, lang)}: {n}")
                             for k, n in data.status_counts.items() if k in STATUSES and n)
    body: list[Flowable] = [top, Spacer(1, 6 * mm), conclusions, Spacer(1, 2 * mm)]
    if status_line:
        body.append(para(status_line, "muted"))
    body += [Spacer(1, 5 * mm), bottom]
    # flows on (a long summary takes a second page) rather than shrinking to fit one: a shrunk
    # summary drew its tables at half the page's width, off the axis of the rest of the report
    return [Heading(f"1. {esc(t('summary', lang))}", styles()["h1"], 0, "summary"), *body]


def action_plan_number(data: ReportData) -> int:
    """The chapter number of the action plan: after the summary, the findings and the checklist."""
    return 2 + len(data.chapters) + 1


