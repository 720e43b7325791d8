"""The report's data tables (`pdf/grid.py`): a `Grid` lays out, splits and draws as reportlab's `Table`
with the same rows and style commands, byte for byte."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from wizard.report.pdf.common import Stack, grid, para, text
from wizard.report.pdf.grid import Grid, grid_cell, row_positions, table_grid
from wizard.report.pdf.styles import FONT, register_fonts

_WORD = st.sampled_from(["risk", "management", "système", "d'IA", "Article 9(2)", "—", "obligations",
                         "évaluation", "x", "data-protection-impact-assessment", "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ"])
_TEXT = st.lists(_WORD, min_size=0, max_size=60).map(" ".join)
# a cell: plain text, markup mixing fonts, or a stack of short paragraphs (as the report's cells are)
_CELL = st.one_of(
    st.tuples(st.just("text"), _TEXT),
    st.tuples(st.just("markup"), _TEXT),
    st.tuples(st.just("stack"), st.lists(_TEXT, min_size=1, max_size=3)),
)


def _cell(kind: str, value: Any, head: bool) -> Flowable:
    if head:
        return para(str(value)[:30] or "#", "cell_head")
    if kind == "text":
        return text(value, "cell")
    if kind == "markup":
        words = str(value).split(" ")
        return para(f"<b>{' '.join(words[:3])}</b> <font color='#8A5300' size=7>{' '.join(words[3:])}</font>",
                    "cell")
    return Stack([text(v, "cell_bold" if i == 0 else "cell") for i, v in enumerate(value)])


def _rows(spec: list[list[tuple[str, Any]]], header: bool) -> list[list[Any]]:
    """Fresh flowables for the drawn cells (each implementation gets its own)."""
    return [[_cell(kind, value, header and i == 0) for kind, value in row] for i, row in enumerate(spec)]


def _pdf(story: list[Flowable], page_height: float) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(A4[0], page_height), leftMargin=40, rightMargin=40, topMargin=40,
                            bottomMargin=40, initialFontName=FONT)
    doc.build(story)
    return buf.getvalue()


def _invariant(fn: Callable[[], bytes]) -> bytes:
    saved = rl_config.invariant
    rl_config.invariant = 1
    try:
        return fn()
    finally:
        rl_config.invariant = saved


_TABLES = st.integers(min_value=1, max_value=4).flatmap(lambda ncols: st.tuples(
    st.lists(st.lists(_CELL, min_size=ncols, max_size=ncols), min_size=1, max_size=14),
    st.lists(st.floats(min_value=0.1, max_value=1), min_size=ncols, max_size=ncols),
    st.booleans(), st.booleans()))


@settings(max_examples=40, deadline=None)
@given(_TABLES, st.floats(min_value=0, max_value=500), st.floats(min_value=180, max_value=700))
def test_a_grid_gives_reportlabs_table_byte_for_byte(table: tuple[list[list[tuple[str, Any]]], list[float],
                                                                  bool, bool],
                                                     before: float, page_height: float) -> None:
    """Random cells and column widths, a table starting anywhere on short or long pages (split between
    rows, inside a row, across several pages): the same PDF as with reportlab's Table."""
    register_fonts()
    spec, shares, header, zebra = table
    widths = [515.0 * s / sum(shares) for s in shares]

    def story(make: Callable[[list[list[Any]], list[float], bool, bool], Flowable]) -> list[Flowable]:
        return [Spacer(1, min(before, page_height - 100)), make(_rows(spec, header), widths, header, zebra),
                para("after the table", "body")]

    ours = story(grid)
    assert isinstance(ours[1], Grid)
    theirs = story(table_grid)
    try:
        expected = _invariant(lambda: _pdf(theirs, page_height))
    except Exception as error:  # noqa: BLE001 (reportlab's own failure: ours must fail too)
        try:
            _invariant(lambda: _pdf(ours, page_height))
        except type(error):
            return
        raise AssertionError(f"reportlab failed ({error!r}), the grid did not") from error
    assert _invariant(lambda: _pdf(ours, page_height)) == expected


@settings(max_examples=60, deadline=None)
@given(_TABLES, st.floats(min_value=1, max_value=2000))
def test_a_grid_measures_as_reportlabs_table(table: tuple[list[list[tuple[str, Any]]], list[float], bool, bool],
                                             room: float) -> None:
    """The same width, height and row positions at any available height, and the same parts when split
    there."""
    register_fonts()
    spec, shares, header, zebra = table
    widths = [515.0 * s / sum(shares) for s in shares]
    ours = grid(_rows(spec, header), widths, header, zebra)
    theirs = table_grid(_rows(spec, header), widths, header, zebra)
    assert ours.wrap(515, room) == theirs.wrap(515, room)
    assert row_positions(ours.row_heights(515))[0] == theirs._rowpositions
    parts, expected = ours.split(515, room), theirs.split(515, room)
    assert len(parts) == len(expected)
    for part, table in zip(parts, expected, strict=True):
        assert part.wrap(515, 1e6) == table.wrap(515, 1e6)


def test_cells_grid_leaves_to_reportlab() -> None:
    """Text cells, nested lists and rows of another length make a reportlab Table."""
    cell = para("a", "cell")
    assert grid_cell(cell) == (cell,)
    assert grid_cell([cell, cell]) == (cell, cell)
    assert grid_cell("text") is None
    assert grid_cell([cell, [cell]]) is None
    assert not isinstance(grid([["text", cell]], [100, 100]), Grid)
    with pytest.raises(ValueError, match="at least a row"):      # as before: reportlab refuses it
        grid([], [100])
    assert isinstance(grid([[cell, [cell]]], [100, 100]), Grid)
