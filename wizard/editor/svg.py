"""Diagrams of a questionnaire's logic, drawn as SVG on the server (no script, no style attribute).

Two kinds: the flow of sections (each box says when the section is shown), and an outcome's
decision path (its rules in order: the first whose condition holds gives the value). Text is
escaped; long lines are wrapped. Pure.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from ..questionnaire import Outcome, Questionnaire, tr
from .plainwords import in_words

WIDTH = 960
FONT = 13
LINE = 17
INK = "#1d1d1b"
BOX = "#f3f2f1"
EDGE = "#505a5f"
ACCENT = "#1d70b8"


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def _text(x: int, y: int, lines: list[str], bold: bool = False, anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{x}" y="{y}" font-size="{FONT}" fill="{INK}" text-anchor="{anchor}"{weight}>{spans}</text>'


def _svg(uid: str, height: int, body: list[str], title: str, desc: str) -> str:
    """The SVG document; ``uid`` keeps its ids unique when several diagrams share one HTML page."""
    arrow = f"{uid}-arrow"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
            f'height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d" font-family="sans-serif">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
            f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE}"/></marker></defs>'
            + "".join(body).replace("url(#arrow)", f"url(#{arrow})") + "</svg>\n")


def section_flow(q: Questionnaire, lang: str) -> str:
    """The sections in the order they are asked; a conditional one is dashed, with its condition."""
    body: list[str] = []
    y = 12
    box_w = 330
    for i, section in enumerate(q.sections):
        heading = _lines(f"{i + 1}. {tr(section.title, lang)}", 44)
        cond = _lines(in_words(section.show_if, q, lang), 80) if section.show_if else []
        height = max(len(heading) * LINE + 14, 34)
        dash = ' stroke-dasharray="6 4"' if section.show_if else ""
        body.append(f'<rect x="10" y="{y}" width="{box_w}" height="{height}" rx="4" fill="{BOX}" '
                    f'stroke="{ACCENT if section.show_if else EDGE}" stroke-width="1.5"{dash}/>')
        body.append(_text(22, y + 21, heading, bold=True))
        if cond:
            label = ("affichée si : " if lang == "fr" else "shown if: ") + cond[0]
            body.append(_text(box_w + 30, y + 16, [label, *cond[1:]]))
        bottom = y + height
        y += max(height, len(cond) * LINE + 10)
        if i < len(q.sections) - 1:
            body.append(f'<line x1="{10 + box_w // 2}" y1="{bottom}" x2="{10 + box_w // 2}" y2="{y + 22}" '
                        f'stroke="{EDGE}" stroke-width="1.5" marker-end="url(#arrow)"/>')
            y += 24
    title = "Déroulement des sections" if lang == "fr" else "Flow of sections"
    desc = ("Les sections dans l’ordre où elles sont posées ; en pointillés, celles qui ne sont posées que sous "
            "condition." if lang == "fr" else
            "The sections in the order they are asked; dashed, those asked only under a condition.")
    return _svg("flow", y + 14, body, title, desc)


def decision_path(q: Questionnaire, outcome: Outcome, lang: str) -> str:
    """An outcome's rules as a ladder: each condition, the value it gives, 'otherwise' to the next."""
    body: list[str] = []
    y = 12
    cond_w = 600
    first = outcome.mode == "first"
    for i, rule in enumerate(outcome.rules):
        info = outcome.value_info(rule.value)
        value = tr(info.label, lang) if info else rule.value
        always = rule.if_.strip() == "true"
        cond = _lines(("dans tous les autres cas" if lang == "fr" else "in every other case") if always else
                      ("si " if lang == "fr" else "if ") + in_words(rule.if_, q, lang), 86)
        height = len(cond) * LINE + 14
        body.append(f'<rect x="10" y="{y}" width="{cond_w}" height="{height}" rx="4" fill="{BOX}" stroke="{EDGE}" '
                    'stroke-width="1.5"/>')
        body.append(_text(20, y + 20, cond))
        mid = y + height // 2
        body.append(f'<line x1="{10 + cond_w}" y1="{mid}" x2="{cond_w + 60}" y2="{mid}" stroke="{ACCENT}" '
                    'stroke-width="1.5" marker-end="url(#arrow)"/>')
        vlines = _lines(value, 36)
        vh = len(vlines) * LINE + 12
        body.append(f'<rect x="{cond_w + 62}" y="{mid - vh // 2}" width="{WIDTH - cond_w - 72}" height="{vh}" rx="12" '
                    f'fill="#ffffff" stroke="{ACCENT}" stroke-width="2"/>')
        body.append(_text(cond_w + 74, mid - vh // 2 + 18, vlines, bold=True))
        y += max(height, vh)
        if i < len(outcome.rules) - 1:
            label = ("sinon" if lang == "fr" else "otherwise") if first else ("puis" if lang == "fr" else "and also")
            body.append(f'<line x1="60" y1="{y}" x2="60" y2="{y + 26}" stroke="{EDGE}" stroke-width="1.5" '
                        'marker-end="url(#arrow)"/>')
            body.append(_text(70, y + 18, [label]))
            y += 28
    if first and outcome.rules[-1].if_.strip() != "true":
        y += 8
        body.append(_text(20, y + 12, [("si aucune règle ne s’applique : pas de valeur" if lang == "fr" else
                                          "if no rule applies: no value")]))
        y += 18
    title = tr(outcome.label, lang)
    mode = (("la première règle remplie donne la valeur" if lang == "fr" else "the first rule that holds gives the "
             "value") if first else ("chaque règle remplie ajoute sa valeur" if lang == "fr" else
                                     "every rule that holds adds its value"))
    return _svg(f"outcome-{outcome.id}", y + 14, body, title, mode)
