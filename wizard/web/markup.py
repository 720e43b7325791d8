"""Markdown from questionnaires, made safe for pages: Markdown to HTML, then nh3 (an allow-list)."""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
#: Texts up to this length are converted once per process, then served from memory.
CACHED_LENGTH = 4000


def render_markdown(text: str | None) -> Markup:
    """Sanitised HTML of ``text`` (Markdown): raw HTML, scripts and ``javascript:`` links never pass."""
    if not text:
        return Markup("")
    # long texts (a user's, not the questionnaire's) are not kept: the cache stays small
    return _rendered(text) if len(text) <= CACHED_LENGTH else _rendered.__wrapped__(text)


#: Questionnaire texts are a few thousand strings that never change while a process runs: each is
#: converted and cleaned once (Markdown's parser set-up and nh3 cost about a millisecond a text).
@lru_cache(maxsize=8192)
def _rendered(text: str) -> Markup:
    """``render_markdown`` without the cache (the cache key is the text itself)."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel="noopener noreferrer")
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
