"""The report's data tables without reportlab's `Table`: the same layout, splits and operators.

A report has a few dozen data tables (`common.grid`): cells of flowables, top-aligned, the same padding
everywhere, a dark header row repeated on each page, zebra rows, a light rule below each row. reportlab's
`Table` handles far more (spans, string cells, every style command), and pays for it on every wrap,
split and draw: a style object per cell, the style commands applied cell by cell, each cell measured
again when drawn. `Grid` does what `Table` does for those tables only, with reportlab's arithmetic
(row heights, compensated sums of row positions, where a table splits, what the part on the next page
keeps), and draws the very same operators in the same order through the canvas: the PDF is byte for
byte the one `Table` gives (`tests/report/test_report_grid.py`, `bench/compare_pdfs.py`). The one case
it leaves to reportlab is a split inside a row (no whole row fits below the header): it hands the
table over as a `Table` with the same rows and commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from wizard.report.pdf.styles import CELL_FONT, PRIMARY, RULE, SHADE

PAD_X, PAD_TOP, PAD_BOTTOM = 5, 4, 5
RULE_WEIGHT = 0.4
# reportlab's default cell style, which the report's tables keep but for the font
CELL_COLOUR, CELL_SIZE, CELL_LEADING = "black", 10, 12

Cell = tuple[Flowable, ...]


def grid_commands(header: bool, zebra: bool, continued: bool = False, nrows: int = 0, ncols: int = 0) -> list[Any]:
    """The `TableStyle` commands of a data table of `nrows` rows and `ncols` columns.

    `continued` for a part that a split sent to the next page: the commands `Table` gives that part,
    row numbers counted out and a rule above its first row (on the rule below the header when there
    is one). They draw what the first form draws, but a split inside a row (`Table._stretchCommands`)
    treats them differently, and `Grid.as_table` must hand reportlab the table it would have."""
    cmds: list[Any] = [
        CELL_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
    ]
    if not continued:
        cmds.append(("LINEBELOW", (0, 0), (-1, -1), RULE_WEIGHT, RULE))
        if header:
            cmds += [("BACKGROUND", (0, 0), (-1, 0), PRIMARY), ("LINEBELOW", (0, 0), (-1, 0), 0, PRIMARY)]
        if zebra:
            cmds.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, SHADE]))
        return cmds
    last_col, last_row = ncols - 1, nrows - 1
    if header:
        cmds += [("LINEABOVE", (0, 1), (last_col, 1), RULE_WEIGHT, RULE),
                 ("LINEBELOW", (0, 0), (last_col, 0), RULE_WEIGHT, RULE),
                 ("LINEBELOW", (0, 1), (last_col, last_row), RULE_WEIGHT, RULE),
                 ("BACKGROUND", (0, 0), (-1, 0), PRIMARY), ("LINEBELOW", (0, 0), (last_col, 0), 0, PRIMARY)]
        if zebra:
            cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, last_row), [colors.white, SHADE]))
    else:
        cmds += [("LINEABOVE", (0, 0), (last_col, 0), RULE_WEIGHT, RULE),
                 ("LINEBELOW", (0, 0), (last_col, last_row), RULE_WEIGHT, RULE)]
        if zebra:
            cmds.append(("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, SHADE]))
    return cmds


def table_grid(rows: list[list[Any]], widths: Sequence[float], header: bool = True, zebra: bool = True,
               continued: bool = False) -> Table:
    """The data table as reportlab's `Table` (what `Grid` stands for, and hands a split in a row to)."""
    tbl = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT")
    tbl.setStyle(TableStyle(grid_commands(header, zebra, continued, len(rows), len(widths))))
    return tbl


def grid_cell(value: Any) -> Cell | None:
    """A cell's flowables as `Table` would take them (a flowable, or a flat list of flowables), or None
    for anything `Grid` leaves to `Table` (text, nested lists, indenters, split-only flowables)."""
    items = value if isinstance(value, (list, tuple)) else [value]
    for item in items:
        if not isinstance(item, Flowable) or getattr(item, "__split_only__", None) or hasattr(item, "frameAction"):
            return None
    return tuple(items)


def row_positions(heights: Sequence[float]) -> tuple[list[float], float]:
    """The y of each row boundary from the top one down to 0, and the total height, summed as
    `Table._calc_height` sums them (from the bottom, with a compensation term)."""
    positions: list[float] = []
    height = c = 0.0
    for i in range(len(heights) - 1, -1, -1):
        positions.append(height)
        y = heights[i] - c
        t = height + y
        c = (t - height) - y
        height = t
    positions.append(height)
    positions.reverse()
    return positions, height


class Grid(Flowable):
    """A data table of flowable cells (see the module's docstring); `grid_cell` says which cells fit."""

    def __init__(self, rows: list[list[Cell]], widths: Sequence[float], header: bool = True, zebra: bool = True,
                 continued: bool = False, heights: tuple[float, list[float]] | None = None) -> None:
        super().__init__()
        self.rows, self.widths = rows, list(widths)
        self.header, self.zebra, self.continued = header, zebra, continued
        self.hAlign, self.vAlign = "LEFT", "MIDDLE"
        self._heights = heights              # (available width, every row's height) once measured
        self.width = 0.0
        for w in self.widths:
            self.width = self.width + w
        self.height = 0.0

    def row_heights(self, avail_width: float) -> list[float]:
        """Every row's height as `Table._calc_height` measures it (at this width, the same for any)."""
        if self._heights is not None and self._heights[0] == avail_width:
            return self._heights[1]
        canv = getattr(self, "canv", None)
        aH = 72000 - PAD_TOP - PAD_BOTTOM  # noqa: N806 (reportlab's availHeight for a cell)
        heights: list[float] = []
        for i, row in enumerate(self.rows):
            h = 0.0
            for j, (cell, w) in enumerate(zip(row, self.widths, strict=True)):
                if not cell:
                    t: float = 0
                else:
                    widest = t = 0
                    first_before: float | None = None
                    after = 0.0
                    for v in cell:
                        vw, vh = v.wrapOn(canv, w - PAD_X - PAD_X, aH)
                        before, after = v.getSpaceBefore(), v.getSpaceAfter()
                        widest = max(widest, vw)
                        t += vh + after + before
                        if first_before is None:
                            first_before = before
                    t = t - (first_before or 0) - after
                    if widest + PAD_X + PAD_X > w and not rl_config.allowTableBoundsErrors & 1:
                        raise LayoutError(f"Flowable {cell[0].identity(30)} too wide for cell({i},{j})")
                t += PAD_BOTTOM + PAD_TOP
                if t > h:
                    h = t
            heights.append(h)
        self._heights = (avail_width, heights)
        return heights

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # every row, whatever the room: Table stops measuring early only for tables with spans
        self.height = row_positions(self.row_heights(availWidth))[1]
        return self.width, self.height

    def _split_at(self, heights: list[float], avail_height: float) -> int:
        """`Table._getFirstPossibleSplitRowPosition`: the number of whole rows that fit."""
        h: float = 0
        n = 0
        for rh in heights:
            if h + rh > avail_height:
                break
            n += 1
            h = h + rh
        return n

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        heights = self.row_heights(availWidth)
        if self.width > availWidth and not rl_config.allowTableBoundsErrors & 1:
            return []
        n = self._split_at(heights, availHeight)
        if self.header and n == 0:
            return []       # not even the header fits: reportlab gives up before splitting in a row
        if n <= (1 if self.header else 0):
            # no data row fits whole: reportlab splits inside a row, leave it to its Table, unless
            # that split is bound to fail (most of the time, at the foot of a page)
            if n == len(self.rows):
                return [self]       # a table of its header row alone
            if self._row_split_fails(heights, n, availHeight):
                return []
            table = self.as_table()
            parts: list[Flowable] = table.splitOn(getattr(self, "canv", None), availWidth, availHeight)
            return parts
        if n == len(self.rows):
            return [self]
        head = self.rows[:1] if self.header else []
        head_heights = heights[:1] if self.header else []
        return [Grid(self.rows[:n], self.widths, self.header, self.zebra, self.continued,
                     (availWidth, heights[:n])),
                Grid(head + self.rows[n:], self.widths, self.header, self.zebra, True,
                     (availWidth, head_heights + heights[n:]))]

    def _row_split_fails(self, heights: list[float], n: int, avail_height: float) -> bool:
        """Whether `Table._splitRows` would fail to split row `n` in two for certain: a cell begins with
        a flowable that neither fits above the split nor splits (`splits = False`, as a `Stack`)."""
        used: float = sum(heights[:n])
        split_point = min(avail_height - used, heights[n])
        if split_point + 1 < 1:     # splitInRow=1: less than a point left
            return True
        for cell in self.rows[n]:
            if cell and not getattr(cell[0], "splits", True):
                first = cell[0]
                if not 0 + first.height + first.getSpaceBefore() <= split_point - PAD_TOP:
                    return True
        return False

    def as_table(self) -> Table:
        """This table as reportlab's `Table`, in the same state."""
        rows: list[list[Any]] = [[list(cell) for cell in row] for row in self.rows]
        return table_grid(rows, self.widths, self.header, self.zebra, self.continued)

    def draw(self) -> None:
        c = self.canv
        heights = self.row_heights(self._heights[0] if self._heights else self.width)
        rows_y, _ = row_positions(heights)
        cols_x = [0.0]
        for w in self.widths:
            cols_x.append(cols_x[-1] + w)
        right = cols_x[-1]
        nrows = len(heights)
        c.saveState()
        # backgrounds, as Table._drawBkgrnd: the header, then one rectangle per zebra row
        if self.header:
            c.setFillColor(PRIMARY)
            c.rect(0, rows_y[0], right, rows_y[1] - rows_y[0], stroke=0, fill=1)
        if self.zebra:
            first = 1 if self.header else 0
            y0 = rows_y[first]
            cycle = [colors.toColorOrNone(colours) for colours in (colors.white, SHADE)]
            for i in range(nrows - first):
                colour = cycle[i % 2]
                h = heights[first + i]
                if colour:
                    c.setFillColor(colour)
                    c.rect(0, y0, right, -h, stroke=0, fill=1)
                y0 = y0 - h
        # the cells, as Table._drawCell: the cell style's colour and font set once, flowables top-down
        c.setFillColor(CELL_COLOUR)
        c.setFont(CELL_FONT[3], CELL_SIZE, CELL_LEADING)
        for row, row_y, row_h in zip(self.rows, rows_y[1:], heights, strict=True):
            room = row_h - PAD_TOP - PAD_BOTTOM
            for cell, col_x, col_w in zip(row, cols_x, self.widths, strict=False):
                if not cell:
                    continue
                sizes = [v.wrapOn(c, col_w - PAD_X - PAD_X, room)[1] for v in cell]
                y = row_y + row_h - PAD_TOP + cell[0].getSpaceBefore()
                x = col_x + PAD_X
                for v, h in zip(cell, sizes, strict=True):
                    y -= v.getSpaceBefore()
                    y -= h
                    v.drawOn(c, x, y)
                    y -= v.getSpaceAfter()
        self._draw_rules(rows_y, right)
        c.restoreState()

    def _draw_rules(self, rows_y: list[float], right: float) -> None:
        """The rules, as Table._drawLines (the commands' order, colours and widths set when they change)."""
        c = self.canv
        c.saveState()
        colour: Any = None
        weight: Any = None
        rounded = False

        def rules(ys: Sequence[float], w: float, col: Any) -> None:
            nonlocal colour, weight, rounded
            if not rounded:     # Table's default cap and join for line commands: round
                c.setLineCap(1)
                c.setLineJoin(1)
                rounded = True
            if col and col != colour:
                c.setStrokeColor(col)
                colour = col
            if w and w != weight:
                c.setLineWidth(w)
                weight = w
            for y in ys:
                c.line(0, y, right, y)

        if self.continued:
            first = 1 if self.header else 0
            rules(rows_y[first:first + 1], RULE_WEIGHT, RULE)
        rules(rows_y[1:], RULE_WEIGHT, RULE)
        if self.header:
            rules(rows_y[1:2], 0, PRIMARY)
        c.restoreState()
