"""The report as Markdown, readable in a git repository (same content as the PDF, plain layout)."""

from __future__ import annotations

import re

from wizard.report.i18n import fmt_date, t
from wizard.report.model import RefView, ReportData
from wizard.report.text import clean, markdown_plain

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LEADING = re.compile(r"^([#+>-])")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")


def md(value: object) -> str:
    """User or YAML text as inert Markdown: one line, every markup character escaped.

    A leading "1." is escaped after the number ("1\\."), the only form CommonMark reads as a literal
    number rather than a list item or a stray backslash.
    """
    escaped = _LEADING.sub(r"\\\1", _SPECIAL.sub(r"\\\1", " ".join(clean(value).split())))
    return _LEADING_NUMBER.sub(r"\1\\\2", escaped)


def _refs(refs: tuple[RefView, ...]) -> str:
    return ", ".join(f"[{md(r.label)}]({r.url})" if r.url else md(r.label) for r in refs)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return [*out, ""]


def _title(title: str, certain: bool, settle: tuple[str, ...], lang: str) -> str:
    """An obligation's title, marked "may apply" with the questions that would settle it when not certain."""
    if certain:
        return md(title)
    out = f"{md(title)} (*{md(t('may_apply', lang))}*)"
    if settle:
        out += f" {md(t('settled_by', lang, questions=' · '.join(settle)))}"
    return out


def render_markdown(data: ReportData) -> str:
    """The whole report as a Markdown document."""
    lang, meta = data.lang, data.meta
    version = t("questionnaire_version", lang, version=data.questionnaire_version)
    L: list[str] = [f"# {md(t('report_title', lang))}: {md(meta.system_name)}", ""]
    L += _table([md(t("ai_system", lang)), md(meta.system_name)], [
        [md(t("organisation", lang)), md(meta.organisation)],
        [md(t("assessment_date", lang)), md(fmt_date(data.as_of, lang))],
        [md(t("questionnaire", lang)), md(f"{data.title} ({data.questionnaire_id} {version})")],
        [md(t("reference", lang)), md(meta.reference)],
        [md(t("review_status", lang)), md(data.review_status or t("not_reviewed", lang))],
        [md(t("fingerprint", lang)), f"`{data.fingerprint}`"],
    ])
    L += [f"> {md(t('disclaimer', lang))}", "", f"## 1. {md(t('summary', lang))}", ""]
    if data.possible_count:
        L += [f"**{md(t('provisional_result', lang, n=data.possible_count))}**", ""]
    rows = []
    for o in data.outcomes:
        value = f"**{md(o.text)}**" + (f" ({md(t('provisional', lang))})" if o.provisional else "")
        rows.append([md(o.label), value, _refs(o.reasons[0].references[:3]) if o.reasons else ""])
    L += _table([md(t("conclusions", lang)), md(t("result", lang)), md(t("references", lang))], rows)
    counts = ", ".join(f"{md(t('status_' + k, lang))}: {n}" for k, n in data.status_counts.items() if n)
    L += [f"{md(t('obligations_by_status', lang))}: {counts or '0'}", ""]

    n = 2
    for chapter in data.chapters:
        L += [f"## {n}. {md(chapter.title)}", ""]
        for j, o in enumerate(chapter.outcomes, start=1):
            L += [f"### {n}.{j} {md(o.label)}: {md(o.text)}", ""]
            for r in o.reasons:
                if r.explanation:
                    L += [md(markdown_plain(r.explanation)), ""]
                L += [f"- {md(a.question)} **{md(a.answer)}**" for a in r.answers]
                if r.references:
                    L.append(f"- {md(t('references', lang))}: {_refs(r.references)}")
                L.append("")
            if o.provisional:
                possible = md(t("still_possible", lang, values=", ".join(o.possible))) if o.possible else ""
                L.append(f"*{md(t('provisional_long', lang))}.* {possible}")
                L += [f"- {md(t('to_settle', lang))}: {md(a.question)}" for a in o.settle]
                L.append("")
        n += 1

    L += [f"## {n}. {md(t('obligations', lang))}", ""]
    for group in data.obligation_groups:
        L += [f"### {md(group.title)}", ""]
        for roles, items in group.roles:
            L += [f"**{md(roles)}**", ""]
            keys = ("obligation", "references", "applies_from", "status", "note")
            L += _table([md(t(k, lang)) for k in keys],
                        [[_title(o.title, o.certain, o.settle, lang), _refs(o.references),
                          md(fmt_date(o.applies_from, lang)), md(o.status_label) if o.tracked else "—",
                          md(o.note)] for o in items])
    n += 1
    L += [f"## {n}. {md(t('action_plan', lang))}", ""]
    L += _table(["#", *(md(t(k, lang)) for k in ("priority", "action", "owner", "due", "status"))],
                [[str(a.rank), md(a.priority_label), _title(a.title, a.certain, a.settle, lang), md(a.owner),
                  md(fmt_date(a.due, lang)) + (f" ({md(t('overdue', lang))})" if a.overdue else ""),
                  md(a.status_label)] for a in data.actions])
    if data.review is not None:
        n += 1
        rv = data.review
        L += [f"## {n}. {md(t('review', lang))}", "", f"**{md(t('decision', lang))}:** {md(rv.decision)}", "",
              md(rv.summary), ""]
        if rv.verdicts:
            L += [f"### {md(t('verdicts', lang))}", ""]
            L += [f"- **{md(v.conclusion)}**: {md(v.verdict)}" + (f" — {md(v.comment)}" if v.comment else "")
                  + (f" ({md(v.reference)})" if v.reference else "") + f" ({md(v.advisor)})" for v in rv.verdicts]
            L.append("")
        L += [f"- **{md(c.section)}** ({md(c.author)} {md(c.created_at)}): {md(c.text)}" for c in rv.comments]
        L.append("")
    L += [f"## {md(t('annex_answers', lang))}", ""]
    for section in data.answers:
        L += [f"### {md(section.title)}", ""]
        L += _table([md(t("question", lang)), md(t("answer", lang))],
                    [[md(a.question), md(a.answer)] for a in section.rows])
    L += [f"## {md(t('annex_references', lang))}", ""]
    L += [f"- {_refs((r,))}" for r in data.references]
    L += ["", f"## {md(t('annex_about', lang))}", "", md(t("disclaimer", lang)), "",
          f"{md(t('fingerprint', lang))}: `{data.fingerprint}`  ",
          f"{md(t('questionnaire_hash', lang))}: `{data.questionnaire_hash}`", ""]
    return "\n".join(L)
