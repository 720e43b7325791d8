"""The legal logic of a questionnaire as a document a lawyer reads: HTML (with SVG diagrams) and Markdown.

Every section and question (options, help), every condition in plain words (with its source), every
rule of every outcome, every obligation with its date and the date's history, every reference linked.
The same HTML is written by ``questionnaires docs -o DIR`` and served in the app (``/editor/logic``,
and ``/logic`` when published).
Headless: Jinja2 without Flask; the headings are in the small bilingual table below, like the report's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..config import ROOT
from ..questionnaire import Questionnaire, Reference, tr
from ..questionnaire.model import Obligation
from ..web.markup import render_markdown
from .diff import day
from .plainwords import in_words
from .svg import decision_path, section_flow

_HEADINGS: dict[str, tuple[str, str]] = {
    "document": ("The legal logic of the questionnaire", "La logique juridique du questionnaire"),
    "version": ("Version", "Version"),
    "fingerprint": ("Fingerprint (SHA-256)", "Empreinte (SHA-256)"),
    "generated": ("Generated on", "Produit le"),
    "contents": ("Contents", "Sommaire"),
    "flow": ("Flow of sections", "Déroulement des sections"),
    "sections": ("Sections and questions", "Sections et questions"),
    "facts": ("Facts (intermediate conclusions)", "Faits (conclusions intermédiaires)"),
    "outcomes": ("Outcomes and their rules", "Conclusions et leurs règles"),
    "obligations": ("Obligations", "Obligations"),
    "dates": ("Dates and their history", "Dates et leur historique"),
    "instruments": ("Legal instruments", "Textes de référence"),
    "shown_if": ("Shown if", "Posée si"),
    "asked_always": ("Always asked", "Toujours posée"),
    "type": ("Answer", "Réponse"),
    "options": ("Options", "Choix"),
    "help": ("Help", "Aide"),
    "references": ("References", "Références"),
    "rule": ("Rule", "Règle"),
    "condition": ("Condition", "Condition"),
    "gives": ("Gives", "Donne"),
    "explanation": ("Explanation", "Explication"),
    "mode_first": ("The first rule that holds gives the value.", "La première règle remplie donne la valeur."),
    "mode_all": ("Every rule that holds adds its value.", "Chaque règle remplie ajoute sa valeur."),
    "values": ("Possible values", "Valeurs possibles"),
    "applies_if": ("Applies if", "S’applique si"),
    "applies_from": ("Applies from", "S’applique à partir du"),
    "binds": ("Binds", "Concerne"),
    "priority": ("Priority", "Priorité"),
    "history": ("Earlier dates", "Dates antérieures"),
    "until": ("until", "jusqu’au"),
    "immediately": ("as soon as it applies", "dès qu’elle s’applique"),
    "source": ("Source", "Source"),
    "diagram": ("Decision path", "Chemin de décision"),
    "yes_no": ("yes or no", "oui ou non"),
    "yes_no_unsure": ("yes, no or not sure", "oui, non ou je ne sais pas"),
    "single": ("one choice", "un choix"),
    "multiple": ("several choices", "plusieurs choix"),
    "text": ("a short text", "un texte court"),
    "long_text": ("a text", "un texte"),
    "number": ("a number", "un nombre"),
    "date": ("a date", "une date"),
    "exclusive": ("excludes the others", "exclut les autres"),
    "unsure_allowed": ("“not sure” allowed", "« je ne sais pas » admis"),
    "optional": ("optional", "facultative"),
    "disclaimer": ("This document describes the logic of the questionnaire; it is not legal advice.",
                   "Ce document décrit la logique du questionnaire ; il ne constitue pas un conseil juridique."),
}


def heading(key: str, lang: str) -> str:
    """A heading of the document in ``lang`` (English for any language but French)."""
    en, fr = _HEADINGS[key]
    return fr if lang == "fr" else en


@dataclass(frozen=True)
class LogicDocument:
    """The document's two renderings."""

    html: str
    markdown: str


class _View:
    """What the template and the Markdown writer read: texts in one language, conditions in words."""

    def __init__(self, q: Questionnaire, lang: str) -> None:
        self.q, self.lang = q, lang

    def t(self, text: Any) -> str:
        return tr(text, self.lang) if text else ""

    def h(self, key: str) -> str:
        return heading(key, self.lang)

    def words(self, condition: str | None) -> str:
        return in_words(condition, self.q, self.lang)

    def md(self, text: Any) -> Markup:
        return render_markdown(self.t(text))

    def refs(self, refs: Any) -> list[tuple[str, str | None]]:
        return [(self.q.reference_label(r, self.lang), self.q.reference_url(r, self.lang)) for r in refs]

    def day(self, value: str) -> str:
        date, date_id = self.q.resolve_date(value)
        spec = self.q.date_spec(date_id) if date_id else None
        return f"{date.isoformat()} ({self.t(spec.label)})" if spec else date.isoformat()

    def applies_from(self, ob: Obligation) -> list[tuple[str | None, str]]:
        """(condition in words or None, date in words) for each alternative of an obligation's date."""
        return [(self.words(alt.if_) if alt.if_ else None, self.day(alt.date)) for alt in ob.applies_from]

    def value_label(self, outcome: Any, value: str) -> str:
        info = outcome.value_info(value)
        return self.t(info.label) if info else value

    def named(self, kind: str, ident: str | None) -> str:
        if not ident:
            return ""
        found = getattr(self.q, kind)(ident)
        return self.t(getattr(found, "label", None) or getattr(found, "title", None)) if found else ident


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(ROOT / "templates")),
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def diagrams(q: Questionnaire, lang: str) -> dict[str, str]:
    """Every diagram of the document as SVG text: ``flow``, and ``outcome-<id>`` for each outcome."""
    out = {"flow": section_flow(q, lang)}
    out.update({f"outcome-{o.id}": decision_path(q, o, lang) for o in q.outcomes})
    return out


def render_html(q: Questionnaire, lang: str, css_href: str, svgs: dict[str, str] | None = None,
                today: dt.date | None = None) -> str:
    """The HTML document (a whole page, diagrams inline; its CSS is at ``css_href``)."""
    svgs = svgs if svgs is not None else diagrams(q, lang)
    template = _environment().get_template("editor/logic_document.html")
    return template.render(q=q, v=_View(q, lang), lang=lang, css_href=css_href,
                           svgs={k: Markup(s) for k, s in svgs.items()},  # noqa: S704 - built and escaped by svg.py
                           today=(today or dt.date.today()).isoformat())


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown_document(q: Questionnaire, lang: str, svg_dir: str | None = None,
                             today: dt.date | None = None) -> str:
    """The same document in Markdown; diagrams as image links into ``svg_dir`` when given."""
    v = _View(q, lang)
    h = v.h
    out = [f"# {h('document')}: {v.t(q.title)}", "",
           f"{h('version')} {q.version} · {h('fingerprint')} `{q.content_hash}` · "
           f"{h('generated')} {(today or dt.date.today()).isoformat()}", "", f"_{h('disclaimer')}_", ""]

    def refs(items: Any) -> str:
        return "; ".join(f"[{label}]({url})" if url else label for label, url in v.refs(items))

    def image(name: str, alt: str) -> None:
        if svg_dir is not None:
            out.extend([f"![{alt}]({svg_dir}/{name}.svg)", ""])

    out += [f"## {h('flow')}", ""]
    image("flow", h("flow"))
    out += [f"## {h('sections')}", ""]
    for i, section in enumerate(q.sections, 1):
        out += [f"### {i}. {v.t(section.title)} (`{section.id}`)", ""]
        out += [f"**{h('shown_if')}:** {v.words(section.show_if)}" + (f" — `{section.show_if}`" if section.show_if
                                                                        else ""), ""]
        for question in section.questions:
            flags = [h(question.type)] + ([h("optional")] if not question.required else []) + (
                [h("unsure_allowed")] if question.allow_unsure else [])
            out += [f"- **{v.t(question.label)}** (`{question.id}`, {', '.join(flags)})"]
            if question.show_if:
                out += [f"  - {h('shown_if')}: {v.words(question.show_if)} — `{question.show_if}`"]
            for option in question.options:
                extra = f" ({h('exclusive')})" if option.exclusive else ""
                out += [f"  - `{option.value}`: {v.t(option.label)}{extra}"]
            if question.help:
                out += [f"  - {h('help')}: {_md_escape(v.t(question.help))}"]
            if question.references:
                out += [f"  - {h('references')}: {refs(question.references)}"]
        out += [""]
    out += [f"## {h('facts')}", ""]
    for fact in q.facts:
        name = v.t(fact.label) or fact.id
        out += [f"- **{name}** (`{fact.id}`): {v.words(fact.value)} — `{fact.value}`"]
    out += ["", f"## {h('outcomes')}", ""]
    for outcome in q.outcomes:
        out += [f"### {v.t(outcome.label)} (`{outcome.id}`)", "", h("mode_first" if outcome.mode == "first"
                                                                      else "mode_all"), ""]
        image(f"outcome-{outcome.id}", f"{h('diagram')}: {v.t(outcome.label)}")
        out += [f"| {h('rule')} | {h('condition')} | {h('gives')} | {h('references')} |", "| --- | --- | --- | --- |"]
        for rule in outcome.rules:
            out += [f"| `{rule.id}` | {_md_escape(v.words(rule.if_))} (`{_md_escape(rule.if_)}`) | "
                    f"{_md_escape(v.value_label(outcome, rule.value))} | {refs(rule.references)} |"]
        out += [""]
    out += [f"## {h('obligations')}", ""]
    for ob in q.obligations:
        out += [f"### {v.t(ob.title)} (`{ob.id}`)", ""]
        if ob.text:
            out += [v.t(ob.text), ""]
        out += [f"- {h('applies_if')}: {v.words(ob.applies_if)} — `{ob.applies_if}`"]
        dates = v.applies_from(ob)
        out += [f"- {h('applies_from')}: " + ("; ".join(f"{d} ({c})" if c else d for c, d in dates)
                                             if dates else h("immediately"))]
        if ob.binds:
            out += [f"- {h('binds')}: " + ", ".join(v.named("role", r) for r in ob.binds)]
        if ob.priority:
            out += [f"- {h('priority')}: {v.named('priority', ob.priority)}"]
        if ob.references:
            out += [f"- {h('references')}: {refs(ob.references)}"]
        out += [""]
    out += [f"## {h('dates')}", ""]
    for spec in q.dates:
        out += [f"- **{day(spec.date)}** — {v.t(spec.label)} (`{spec.id}`)"]
        for change in spec.history:
            until = f" {h('until')} {day(change.until)}" if change.until else ""
            out += [f"  - {h('history')}: {day(change.date)}{until}: {v.t(change.changed_by)}"]
    out += ["", f"## {h('instruments')}", ""]
    for instrument in q.instruments:
        label = v.t(instrument.title)
        link = q.reference_url(_instrument_ref(instrument.id), lang)
        out += [f"- [{label}]({link})" if link else f"- {label}"]
    return "\n".join(out) + "\n"


def _instrument_ref(instrument_id: str) -> Reference:
    """A reference to a whole instrument (for its address)."""
    return Reference(instrument=instrument_id)


def write(q: Questionnaire, folder: Path, lang: str) -> list[Path]:
    """Write ``index.html`` (diagrams inline), ``logic.md``, ``logic.css`` and one SVG per diagram."""
    folder.mkdir(parents=True, exist_ok=True)
    svgs = diagrams(q, lang)
    written = []
    for name, svg in svgs.items():
        path = folder / f"{name}.svg"
        path.write_text(svg, encoding="utf-8")
        written.append(path)
    css = folder / "logic.css"
    css.write_text((ROOT / "static" / "css" / "logic.css").read_text(encoding="utf-8"), encoding="utf-8")
    html = folder / "index.html"
    html.write_text(render_html(q, lang, "logic.css", svgs), encoding="utf-8")
    md = folder / "logic.md"
    md.write_text(render_markdown_document(q, lang, "."), encoding="utf-8")
    return [html, md, css, *written]
