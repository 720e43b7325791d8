"""Classification and findings chapters: each outcome with its reasoning chain."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from wizard.report.i18n import t
from wizard.report.model import OutcomeView, ReasonView, ReportData
from wizard.report.pdf.common import badge, markdown, panel, para, refs_markup, text
from wizard.report.pdf.doc import CONTENT_W, Heading
from wizard.report.pdf.styles import LEVEL_COLOURS, WARN, WARN_BG, styles
from wizard.report.text import esc


def _reason(r: ReasonView, lang: str) -> list[Flowable]:
    out: list[Flowable] = []
    if r.explanation:
        out += markdown(r.explanation, "body")
    if r.answers:
        # one paragraph for the whole list: many tiny paragraphs cost more to lay out than to read
        lines = [f"<b>{esc(t('based_on_answers', lang))}</b>"]
        for a in r.answers:
            colour = "#8A5300" if a.unsure else "#1B1F24"
            lines.append(f"•\u00a0{esc(a.question)} <font color='{colour}'><b>{esc(a.answer)}</b></font>")
        out.append(para("<br/>".join(lines), "small"))
    if r.facts:
        out.append(para(f"<font color='#5B6470'>{esc(' · '.join(r.facts))}</font>", "small"))
    if r.references:
        out.append(para(f"<b>{esc(t('references', lang))}:</b> {refs_markup(r.references)}", "small"))
    return out


def _outcome(o: OutcomeView, number: str, lang: str) -> list[Flowable]:
    s = styles()
    head: list[Flowable] = [
        CondPageBreak(45 * mm),
        Heading(f"{number} {esc(o.label)}", s["h2"], 1, f"outcome-{o.id}"),
        badge(o.text + (f" ({t('provisional', lang)})" if o.provisional else ""),
              o.level if o.determined else "undetermined"),
        Spacer(1, 2.5 * mm),
    ]
    body: list[Flowable] = []
    if o.description:
        body += markdown(o.description, "body")
    for r in o.reasons:
        block = _reason(r, lang)
        if block:
            body.append(panel(block, CONTENT_W, border=LEVEL_COLOURS.get(o.level)))
            body.append(Spacer(1, 2 * mm))
    if not o.reasons:
        body.append(para(esc(t("no_reason", lang)), "muted"))
    if o.provisional or o.settle:
        warn: list[Flowable] = [para(f"<b>{esc(t('provisional_long', lang))}</b>", "small")]
        if o.possible:
            warn.append(para(esc(t("still_possible", lang, values=", ".join(o.possible))), "small"))
        if o.settle:
            # a paragraph per line: plain lines in one font are laid out far faster than one
            # paragraph with line breaks
            warn += [text(f"{t('to_settle', lang)}:", "small"), *(text(f"•\u00a0{a.question}", "small")
                                                                   for a in o.settle)]
        body.append(panel(warn, CONTENT_W, WARN_BG, WARN))
    # keep the heading with the start of its explanation
    return [KeepTogether([*head, *body[:1]]), *body[1:], Spacer(1, 3 * mm)]


def findings(data: ReportData, first_number: int) -> list[Flowable]:
    """One chapter per instrument the outcomes refer to, in questionnaire order."""
    lang, s = data.lang, styles()
    out: list[Flowable] = []
    for i, chapter in enumerate(data.chapters):
        n = first_number + i
        out += [PageBreak(), Heading(f"{n}. {esc(chapter.title)}", s["h1"], 0, f"chapter-{n}")]
        for j, o in enumerate(chapter.outcomes, start=1):
            out += _outcome(o, f"{n}.{j}", lang)
    return out
