"""The tabular chapters: obligations checklist, action plan, advisor review and the annexes."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from wizard.report.i18n import fmt_date, t
from wizard.report.integrity import ATTACHMENT_NAME
from wizard.report.model import ObligationView, ReportData
from wizard.report.pdf.common import (
    Stack,
    first_rows_height,
    grid,
    markdown,
    panel,
    para,
    refs_markup,
    status_dot,
    text,
)
from wizard.report.pdf.doc import CONTENT_W, Heading
from wizard.report.pdf.styles import PANEL, PRIMARY, styles
from wizard.report.text import esc, link

SETTLE_SHOWN = 3


def settle_markup(settle: tuple[str, ...], lang: str) -> str:
    """The questions that would settle an obligation that may apply, the first few by name and the
    rest counted: a table row cannot split across pages, and the annex lists every open question."""
    shown = " · ".join(settle[:SETTLE_SHOWN])
    more = len(settle) - SETTLE_SHOWN
    words = (t("settled_by_more", lang, questions=shown, n=more) if more > 0
             else t("settled_by", lang, questions=shown))
    return f"<font color='#8A5300' size=7>{esc(words)}</font>"


def _head(*keys: str, lang: str) -> list[object]:
    return [para(esc(t(k, lang)), "cell_head") for k in keys]


def _obligation_cell(o: ObligationView, lang: str) -> object:
    # one paragraph per line kind, not one with line breaks: a paragraph in a single font (the title,
    # the date) is broken into lines and drawn ten times faster by reportlab than a mixed one
    if o.certain:
        cell: list[Flowable] = [text(o.title, "cell_bold")]
    else:
        cell = [para(f"<b>{esc(o.title)}</b> <font color='#8A5300' size=7>"
                     f"({esc(t('may_apply', lang))})</font>", "cell")]
        if o.settle:
            cell.append(para(settle_markup(o.settle, lang), "cell"))
    if o.references:
        cell.append(para(f"<font size=7>{refs_markup(o.references)}</font>", "cell"))
    if o.date_label:
        cell.append(para(f"<font size=7 color='#5B6470'>{esc(o.date_label)}</font>", "cell"))
    return Stack(cell)


def _applies_cell(o: ObligationView, lang: str) -> object:
    when = esc(fmt_date(o.applies_from, lang)) if o.applies_from else "—"
    sub = esc(t("in_force" if o.in_force else "not_in_force", lang))
    colour = "#2F7A4F" if o.in_force else "#5B6470"
    return Stack([para(when, "cell"), para(f"<font color='{colour}' size=7>{sub}</font>", "cell")])


def obligations(data: ReportData, number: int) -> list[Flowable]:
    """The checklist, grouped by regulation then by the roles an obligation binds."""
    lang, s = data.lang, styles()
    out: list[Flowable] = [PageBreak(), Heading(f"{number}. {esc(t('obligations', lang))}", s["h1"], 0,
                                                "obligations")]
    if not data.obligation_groups:
        out.append(para(esc(t("no_obligations", lang))))
    widths = [CONTENT_W * 0.43, CONTENT_W * 0.17, CONTENT_W * 0.15, CONTENT_W * 0.25]
    no_notes = [CONTENT_W * 0.62, CONTENT_W * 0.20, CONTENT_W * 0.18]
    for i, group in enumerate(data.obligation_groups, start=1):
        out += [CondPageBreak(40 * mm),
                Heading(f"{number}.{i} {esc(group.title)}", s["h2"], 1, f"obligations-{i}")]
        for roles, items in group.roles:
            notes = any(o.note for o in items)     # no empty Note column when nobody wrote one
            keys = ("obligation", "applies_from", "status", "note")[: 4 if notes else 3]
            rows: list[list[object]] = [_head(*keys, lang=lang)]
            for o in items:
                # an obligation nobody was asked to follow up has no status: a dash, not "Not stated"
                status = para(status_dot(o.status, o.status_label), "cell") if o.tracked else para("—", "cell")
                row = [_obligation_cell(o, lang), _applies_cell(o, lang), status]
                rows.append([*row, text(o.note, "cell")] if notes else row)
            heading = para(esc(roles), "h3")
            cols = widths if notes else no_notes
            # the roles heading stays with the table's header and first row
            room = max(30 * mm, heading.wrap(CONTENT_W, 1e6)[1] + 11 + first_rows_height(rows, cols) + 6)
            out += [CondPageBreak(room), heading, grid(rows, cols)]
    return out


def action_plan(data: ReportData, number: int) -> list[Flowable]:
    """The gaps ordered by priority, with owner role and due date."""
    lang, s = data.lang, styles()
    out: list[Flowable] = [CondPageBreak(60 * mm),
                           Heading(f"{number}. {esc(t('action_plan', lang))}", s["h1"], 0, "actions")]
    if not data.actions:
        return [*out, para(esc(t("no_actions", lang)))]
    rows: list[list[object]] = [_head("priority", "action", "owner", "due", "status", lang=lang)]
    rows[0].insert(0, para("#", "cell_head"))
    for a in data.actions:
        due = esc(fmt_date(a.due, lang)) if a.due else "—"
        if a.overdue:
            late = esc(t("overdue", lang))
            due = f"<font color='#C0392B'><b>{due}</b><br/><font size=7>{late}</font></font>"
        title: list[Flowable] = [text(a.title, "cell_bold")]
        if not a.certain:
            # an obligation that may apply stays in the plan, with the questions that would settle it
            title.append(para(f"<font color='#8A5300' size=7><b>{esc(t('may_apply', lang))}</b></font>", "cell"))
            if a.settle:
                title.append(para(settle_markup(a.settle, lang), "cell"))
        if a.references:
            title.append(para(f"<font size=7>{refs_markup(a.references[:3])}</font>", "cell"))
        rows.append([
            para(str(a.rank), "cell_bold"), text(a.priority_label, "cell"), Stack(title),
            text(a.owner, "cell"), para(due, "cell"), para(status_dot(a.status, a.status_label), "cell")])
    # wide enough for a two-digit rank and for one word of a priority or an owner ("Documentation")
    widths = [10 * mm, CONTENT_W * 0.17, CONTENT_W * 0.31, CONTENT_W * 0.17, CONTENT_W * 0.13]
    widths.append(CONTENT_W - sum(widths))
    return [*out, grid(rows, widths)]


def review(data: ReportData, number: int) -> list[Flowable]:
    """The advisor's decision, summary and comments per section."""
    r = data.review
    if r is None:
        return []
    lang, s = data.lang, styles()
    head = [para(f"<b>{esc(t('decision', lang))}:</b> {esc(r.decision)}", "body")]
    if r.reviewer or r.decided_at:
        head.append(para(f"{esc(t('reviewer', lang))}: {esc(r.reviewer)} · {esc(r.decided_at)}", "muted"))
    if r.summary:
        head.append(text(r.summary, "body"))
    out: list[Flowable] = [PageBreak(), Heading(f"{number}. {esc(t('review', lang))}", s["h1"], 0, "review"),
                           panel(head, CONTENT_W, PANEL, PRIMARY), Spacer(1, 4 * mm)]
    if r.verdicts:
        out.append(para(f"<b>{esc(t('verdicts', lang))}</b>", "body"))
        verdict_rows: list[list[object]] = [_head("conclusion", "verdict", "reviewer", lang=lang)]
        for v in r.verdicts:
            detail = esc(v.verdict) + (f"<br/>{esc(v.comment)}" if v.comment else "")
            detail += f"<br/><font size=7>{esc(v.reference)}</font>" if v.reference else ""
            verdict_rows.append([text(v.conclusion, "cell_bold"), para(detail, "cell"), text(v.advisor, "cell")])
        out += [grid(verdict_rows, [CONTENT_W * 0.30, CONTENT_W * 0.50, CONTENT_W * 0.20]), Spacer(1, 4 * mm)]
    if r.comments:
        rows: list[list[object]] = [_head("questionnaire", "comments", "reviewer", lang=lang)]
        for c in r.comments:
            rows.append([text(c.section, "cell_bold"), text(c.text, "cell"),
                         para(f"{esc(c.author)}<br/><font size=7>{esc(c.created_at)}</font>", "cell")])
        out.append(grid(rows, [CONTENT_W * 0.25, CONTENT_W * 0.55, CONTENT_W * 0.20]))
    return out


def annex_answers(data: ReportData) -> list[Flowable]:
    """Annex A: every answer by section, "not sure" and unanswered questions included."""
    lang, s = data.lang, styles()
    out: list[Flowable] = [PageBreak(), Heading(esc(t("annex_answers", lang)), s["h1"], 0, "annex-answers")]
    widths = [CONTENT_W * 0.55, CONTENT_W * 0.45]
    for i, section in enumerate(data.answers, start=1):
        rows: list[list[object]] = [_head("question", "answer", lang=lang)]
        for a in section.rows:
            if a.unanswered:
                answer = f"<font color='#5B6470'><i>{esc(a.answer)}</i></font>"
            elif a.unsure:
                answer = f"<font color='#8A5300'><b>{esc(a.answer)}</b></font>"
            else:
                answer = esc(a.answer)
            if a.hidden:
                answer += f"<br/><font size=7 color='#5B6470'>{esc(t('hidden_answer', lang))}</font>"
            rows.append([text(a.question, "cell"), para(answer, "cell")])
        out += [CondPageBreak(30 * mm),
                Heading(f"A.{i} {esc(section.title)}", s["h2"], 1, f"annex-section-{i}"), grid(rows, widths)]
    return out


def annex_references(data: ReportData) -> list[Flowable]:
    """Annex B: every legal reference cited, grouped by act; each reference links to its article."""
    lang, s = data.lang, styles()
    out: list[Flowable] = [CondPageBreak(60 * mm),
                           Heading(esc(t("annex_references", lang)), s["h1"], 0, "annex-references")]
    for group in data.reference_groups:
        head = f"<b>{esc(group.name)}</b>"
        if group.title and group.title != group.name:
            head += f" — {esc(group.title)}"
        if group.url:
            head += f"<br/><font size=7>{link(group.url, esc(group.url))}</font>"
        items = " · ".join(link(r.url, esc(r.locator)) if r.url else esc(r.locator) for r in group.refs)
        out += [CondPageBreak(25 * mm), para(head, "body"), para(items, "small"), Spacer(1, 3 * mm)]
    return out


def annex_about(data: ReportData) -> list[Flowable]:
    """Annex C: disclaimer, integrity (fingerprint, embedded data) and provenance."""
    lang, s = data.lang, styles()
    out: list[Flowable] = [CondPageBreak(90 * mm),
                           Heading(esc(t("annex_about", lang)), s["h1"], 0, "annex-about"),
                           para(esc(t("disclaimer_title", lang)), "h3"), para(esc(t("disclaimer", lang))),
                           para(esc(t("integrity_title", lang)), "h3"),
                           *markdown(t("integrity_text", lang, name=ATTACHMENT_NAME))]
    rows = [[text(t("fingerprint", lang), "cell_bold"), text(data.fingerprint, "cell")],
            [text(t("questionnaire_hash", lang), "cell_bold"), text(data.questionnaire_hash, "cell")],
            [text(t("questionnaire", lang), "cell_bold"),
             text(f"{data.questionnaire_id} "
                  f"{t('questionnaire_version', lang, version=data.questionnaire_version)}", "cell")],
            [text(t("reference", lang), "cell_bold"), text(data.meta.reference, "cell")]]
    if data.meta.verify_url:
        url = esc(data.meta.verify_url)
        rows.append([text(t("verify_at", lang), "cell_bold"), para(f'<link href="{url}">{url}</link>', "cell")])
    out += [Spacer(1, 2 * mm), grid(rows, [CONTENT_W * 0.3, CONTENT_W * 0.7], header=False, zebra=False),
            Spacer(1, 4 * mm), para(esc(t("generated_by", lang)) + " — DejaVu Sans (Bitstream Vera licence)",
                                    "muted")]
    return out
