"""Read a page only once it is parsed: a click returns when the next page's navigation has committed,
before its <title> exists, so reading the title straight away races the browser on a busy machine."""

from __future__ import annotations

from typing import Any


def title(page: Any) -> str:
    """The title of the page the browser is now showing, after its document has been parsed."""
    page.wait_for_load_state("domcontentloaded")
    return str(page.title())
