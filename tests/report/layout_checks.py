"""Layout checks on the report's flowables: table cells that break inside a word, text cut short."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from wizard.report.pdf.common import Panel, Stack

#: a word shorter than this must never be broken across two lines of a table cell
SHORT_WORD = 15


def _line_tokens(p: Paragraph) -> list[list[str]]:
    """The words of each line of a paragraph laid out by `wrap`."""
    bl = p.blPara
    out = []
    for line in bl.lines:
        # simple paragraphs keep (width, words) per line; mixed-font ones keep fragments
        words = list(line[1]) if bl.kind == 0 else "".join(str(getattr(w, "text", "")) for w in line.words).split()
        out.append([w for w in words if w])
    return out


_SEEN: dict[tuple[Any, ...], list[str]] = {}


def broken_words(p: Paragraph, width: float) -> list[str]:
    """Words of fewer than SHORT_WORD letters that `p`, laid out `width` points wide, splits across lines."""
    # the same cells (titles, owners, priorities) come back in every report: lay each out once
    key = (tuple((str(getattr(f, "text", "")), getattr(f, "fontName", ""), getattr(f, "fontSize", 0))
                 for f in p.frags), p.style.name, width)
    if key not in _SEEN:
        _SEEN[key] = _broken(p, width)
    return _SEEN[key]


def _broken(p: Paragraph, width: float) -> list[str]:
    p.wrap(width, 1e6)
    source = set("".join(str(getattr(f, "text", "")) for f in p.frags).split())
    lines = _line_tokens(p)
    found = []
    for a, b in zip(lines, lines[1:], strict=False):
        if a and b and a[-1] not in source and (a[-1] + b[0]) in source and len(a[-1] + b[0]) < SHORT_WORD:
            found.append(f"{a[-1]} / {b[0]}")
    return found


def _paragraphs(value: Any) -> Iterator[Paragraph | Table]:
    if isinstance(value, Paragraph | Table):
        yield value
    elif isinstance(value, Stack | Panel):
        for f in value.flowables:
            yield from _paragraphs(f)
    elif isinstance(value, list | tuple):
        for f in value:
            yield from _paragraphs(f)


def table_breaks(tbl: Table) -> list[str]:
    """Short words broken inside the cells of `tbl` (and of the tables nested in it)."""
    found = []
    for r, row in enumerate(tbl._cellvalues):
        for c, value in enumerate(row):
            cell = tbl._cellStyles[r][c]
            if tbl._colWidths[c] is None:
                continue  # sized to its content (a badge): nothing is wrapped
            width = tbl._colWidths[c] - cell.leftPadding - cell.rightPadding
            for item in _paragraphs(value):
                if isinstance(item, Table):
                    found += table_breaks(item)
                else:
                    found += broken_words(item, width)
    return found


def story_tables(story: list[Flowable]) -> Iterator[Table]:
    """Every table of a story, including those kept together with a heading."""
    for f in story:
        if isinstance(f, Table):
            yield f
        elif isinstance(f, KeepTogether):
            yield from story_tables(f._content)
