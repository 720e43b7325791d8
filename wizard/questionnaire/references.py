"""Structured legal references: parsing the short form, rendering labels and EUR-Lex links."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict

from .text import Text

_LOCATOR = re.compile(
    r"""^\s*(?P<instrument>[a-z][a-z0-9_]*)
        (?:\s+(?:
            (?:Art\.?|Article)\s*(?P<article>\d+[a-z]?)
          | Annex\s+(?P<annex>[IVXLC]+)(?:\s+Section\s+(?P<section>[A-Z0-9]+))?
          | Recital\s+(?P<recital>\d+)
        ))?
        (?P<subs>(?:\s*\([0-9a-z]+\))*)\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_SUB = re.compile(r"\(([0-9a-z]+)\)", re.IGNORECASE)

# CELEX numbers: an act as published (e.g. 32024R1689) or, with a leading 0 and the date of the
# consolidation, a consolidated version on EUR-Lex (e.g. 02024R1689-20260727).
CELEX = r"^(?:[0-9A-Z()]+|0[0-9]{4}[A-Z][0-9]{4}-[0-9]{8})$"
CONSOLIDATED_CELEX = r"^0[0-9]{4}[A-Z][0-9]{4}-[0-9]{8}$"


class Reference(BaseModel):
    """A pointer into a legal instrument: article, paragraph and point, or annex, or recital."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str
    article: str | None = None
    paragraph: str | None = None
    point: str | None = None
    subpoint: str | None = None
    annex: str | None = None
    section: str | None = None
    recital: str | None = None
    note: Text | None = None

    def __hash__(self) -> int:
        # frozen, but the note is a mapping of languages: hash it as sorted pairs, so that references
        # can key the caches of labels and rendered blocks (pydantic's own hash fails on a dict)
        return hash((self.instrument, self.article, self.paragraph, self.point, self.subpoint, self.annex,
                     self.section, self.recital, tuple(sorted(self.note.items())) if self.note else None))

    def locator(self) -> str:
        """The compact locator, e.g. ``Art. 5(1)(f)`` or ``Annex III(4)(a)``."""
        subs = "".join(f"({s})" for s in (self.paragraph, self.point, self.subpoint) if s)
        if self.article:
            return f"Art. {self.article}{subs}"
        if self.annex:
            section = f" Section {self.section}" if self.section else ""
            return f"Annex {self.annex}{section}{subs}"
        if self.recital:
            return f"Recital {self.recital}"
        return ""


def parse_reference(value: Any) -> Any:
    """Turn the short string form into a mapping; leave mappings to the model's own validation."""
    if not isinstance(value, str):
        return value
    match = _LOCATOR.match(value)
    if not match:
        raise ValueError(
            f"cannot read the reference {value!r}: write '<instrument> Art. N(paragraph)(point)', "
            "'<instrument> Annex III(4)(a)' or '<instrument> Recital N', e.g. 'ai_act Art. 5(1)(f)'"
        )
    subs = _SUB.findall(match["subs"] or "")
    if len(subs) > 3:
        raise ValueError(f"reference {value!r} has more than three levels of (paragraph)(point)(sub-point)")
    out: dict[str, Any] = {"instrument": match["instrument"]}
    if match["article"]:
        out["article"] = match["article"]
        names: tuple[str, ...] = ("paragraph", "point", "subpoint")
    elif match["annex"]:
        out["annex"] = match["annex"].upper()
        if match["section"]:
            out["section"] = match["section"]
        names = ("point", "subpoint", "paragraph")
    elif match["recital"]:
        if subs:
            raise ValueError(f"reference {value!r}: a recital has no (paragraph) or (point)")
        out["recital"] = match["recital"]
        names = ()
    else:
        if subs:
            raise ValueError(f"reference {value!r}: (paragraph) or (point) needs an 'Art. N' or 'Annex N' before it")
        names = ()
    out.update(zip(names, subs, strict=False))
    return out


def parse_locator(locator: str) -> Reference:
    """A bare locator ('Art. 5(1)(ba)', 'Annex I Section B') as a reference with no instrument of its own."""
    hint = f"cannot read the provision {locator!r}: write 'Art. N(paragraph)(point)', 'Annex III(4)' or 'Recital N'"
    try:
        parsed = parse_reference(f"x {locator}")
    except ValueError:
        raise ValueError(hint) from None
    if set(parsed) == {"instrument"}:
        raise ValueError(hint)
    return Reference.model_validate(parsed)


def covers(provision: Reference, ref: Reference) -> bool:
    """Whether ``ref`` points into ``provision``: same article, annex or recital, and every level given matches.

    'Art. 5(1a)' covers 'Art. 5(1a)(a)'; 'Art. 5' covers every paragraph of Art. 5; 'Art. 5(1)(ba)' covers
    neither 'Art. 5(1)' nor 'Art. 5(1)(b)'.
    """
    for field in ("article", "annex", "section", "recital", "paragraph", "point", "subpoint"):
        want = getattr(provision, field)
        if want is not None and getattr(ref, field) != want:
            return False
    return bool(provision.article or provision.annex or provision.recital)


_WORDS = {
    "en": {"Art.": "Art.", "Annex": "Annex", "Section": "Section", "Recital": "Recital"},
    "fr": {"Art.": "art.", "Annex": "annexe", "Section": "section", "Recital": "considérant"},
}


def format_locator(ref: Reference, lang: str) -> str:
    """The locator in the reader's language: 'Art. 5(1)(f)' / 'art. 5, § 1, f)'."""
    words = _WORDS.get(lang, _WORDS["en"])
    if lang == "fr":
        if ref.article:
            parts = [f"{words['Art.']} {ref.article}"]
            if ref.paragraph:
                parts.append(f"§ {ref.paragraph}")
            parts += [f"{p})" for p in (ref.point, ref.subpoint) if p]
            return ", ".join(parts)
        if ref.annex:
            parts = [f"{words['Annex']} {ref.annex}"]
            if ref.section:
                parts.append(f"{words['Section']} {ref.section}")
            parts += [f"point {ref.point}" if ref.point else "", f"{ref.subpoint})" if ref.subpoint else ""]
            return ", ".join(p for p in parts if p)
        return f"{words['Recital']} {ref.recital}" if ref.recital else ""
    loc = ref.locator()
    return loc


def eurlex_url(celex: str, lang: str, ref: Reference) -> str:
    """A EUR-Lex link to the instrument in ``lang``, anchored at the article or annex when there is one."""
    url = f"https://eur-lex.europa.eu/legal-content/{lang.upper()}/TXT/?uri=CELEX:{celex}"
    if ref.article:
        url += f"#art_{ref.article}"
    elif ref.annex:
        url += f"#anx_{ref.annex}"
    elif ref.recital:
        url += f"#rct_{ref.recital}"
    return url
