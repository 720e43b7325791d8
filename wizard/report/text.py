"""Safe text for reportlab: escaping user text and turning questionnaire Markdown into Paragraph markup.

User answers are escaped (never interpreted). Questionnaire Markdown goes through Markdown, then nh3
with a small allow-list, then a converter that only emits the tags reportlab's Paragraph understands.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from xml.sax.saxutils import escape, quoteattr

import markdown as md_lib
import nh3

_ALLOWED_TAGS = {"p", "strong", "b", "em", "i", "a", "code", "ul", "ol", "li", "br"}
_ALLOWED_ATTRS = {"a": {"href"}}
_SAFE_SCHEMES = {"http", "https", "mailto"}
# C0/C1 controls (except tab/newline), lone surrogates and non-characters break PDF text or XML.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """`text` as a string without control characters, lone surrogates or non-characters."""
    s = "" if text is None else str(text)
    return _BAD_CHARS.sub("", unicodedata.normalize("NFC", s.replace("\r\n", "\n")))


def esc(text: object) -> str:
    """User text made safe for a reportlab Paragraph: cleaned, XML-escaped, newlines kept."""
    return escape(clean(text)).replace("\n", "<br/>")


def link(url: str, label: str) -> str:
    """A clickable link in Paragraph markup; `label` is already escaped markup."""
    return f'<link href={quoteattr(url)} color="#1F4E79">{label}</link>'


_CONVERTERS = threading.local()


def _converter() -> md_lib.Markdown:
    """This thread's Markdown converter: building one (its dozens of patterns) costs more than most
    conversions, and a converter is not thread-safe."""
    converter: md_lib.Markdown | None = getattr(_CONVERTERS, "md", None)
    if converter is None:
        converter = _CONVERTERS.md = md_lib.Markdown(extensions=[], output_format="html")
    return converter


def markdown_html(text: str) -> str:
    """Questionnaire Markdown as sanitised HTML (also used by the Markdown export)."""
    html = _converter().reset().convert(clean(text))
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS, url_schemes=_SAFE_SCHEMES,
                     link_rel=None)
_BULLET = re.compile(r"^(•|\d+\.)\u00a0")


class _ToParagraphs(HTMLParser):
    """Converts sanitised HTML into a list of Paragraph markup blocks (bullets prefixed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []   # (kind: "p" | "li", markup)
        self.current: list[str] = []
        self.kind = "p"
        self.lists: list[list[int]] = []           # stack of counters; -1 for unordered
        self.open_links = 0
        self.in_li = 0

    def _has_text(self) -> bool:
        return bool(_BULLET.sub("", "".join(self.current)).strip())

    def flush(self) -> None:
        text = "".join(self.current).strip()
        if self._has_text():
            self.blocks.append((self.kind, text))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            if not self.in_li:
                self.flush()
            elif self._has_text():
                self.current.append("<br/>")
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            self.flush()
            self.in_li += 1
            self.kind = "li"
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                self.current.append(f"{self.lists[-1][0]}.\u00a0")
            else:
                self.current.append("•\u00a0")
        elif tag in ("strong", "b"):
            self.current.append("<b>")
        elif tag in ("em", "i"):
            self.current.append("<i>")
        elif tag == "br":
            self.current.append("<br/>")
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.current.append(f'<link href={quoteattr(href)} color="#1F4E79">')
                self.open_links += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.in_li:
            return
        if tag in ("p", "li"):
            self.flush()
            if tag == "li":
                self.in_li = max(0, self.in_li - 1)
            self.kind = "li" if self.lists else "p"
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
            self.kind = "li" if self.lists else "p"
        elif tag in ("strong", "b"):
            self.current.append("</b>")
        elif tag in ("em", "i"):
            self.current.append("</i>")
        elif tag == "a" and self.open_links:
            self.current.append("</link>")
            self.open_links -= 1

    def handle_data(self, data: str) -> None:
        if not data.strip() and not self._has_text():
            return
        self.current.append(escape(data.replace("\n", " ")))


def markdown_blocks(text: object) -> list[tuple[str, str]]:
    """Questionnaire Markdown as Paragraph markup blocks: [("p" | "li", markup), ...]."""
    if not text:
        return []
    return list(_markdown_blocks(str(text)))


def clear_markdown_cache() -> None:
    """Forget the converted Markdown."""
    _markdown_blocks.cache_clear()


@lru_cache(maxsize=2048)
def _markdown_blocks(text: str) -> tuple[tuple[str, str], ...]:
    """Cached: the same explanations come back in every report of a questionnaire."""
    parser = _ToParagraphs()
    parser.feed(markdown_html(text))
    parser.close()
    parser.flush()
    return tuple(parser.blocks)


def markdown_inline(text: object) -> str:
    """Questionnaire Markdown flattened into one Paragraph's markup (blocks joined by line breaks)."""
    return "<br/>".join(markup for _, markup in markdown_blocks(text))


def markdown_plain(text: object) -> str:
    """Questionnaire Markdown reduced to plain text (CSV, metadata)."""
    inline = markdown_inline(text)
    plain = re.sub(r"<br/>", "\n", inline)
    plain = re.sub(r"<[^>]+>", "", plain)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
