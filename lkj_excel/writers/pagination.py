"""The printed page as a computed layout: explicit print scale and horizontal page breaks.

Excel ignores manual page breaks while "fit to N pages" is on, so each sheet gets the scale that
fits its columns on one A4-landscape width, and the planner below places breaks from the row heights
the book set: a block of rows (a sasaran, a kegiatan, the last rows with the signature block under
them, a table header with its first rows) never splits. A block taller than a whole page (a sasaran
with very many indicators) is the one allowed exception: it is cut at row boundaries, as few times
as the page height forces, never inside the table's last rows and the signature block under them;
its merged cells are written per page (Book.finish), the continuation repeating the sasaran with
"(lanjutan)", so every page's table is closed and names its sasaran.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28  # A4 landscape, points
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.7}  # inches, as page.add_sheet sets them
# Room kept free: LibreOffice counts a column character as Liberation Sans's digit (7.4 px, Excel 7 px),
# and rounds row heights a little differently.
WIDTH_SLACK = 0.93
HEIGHT_SLACK = 0.96
TALL_START = 0.75  # a block taller than a page starts on a new page only when the page is this full


def column_points(width: float) -> float:
    """Excel's column width (characters of the default font) in points: 7 px a character plus 5 px."""
    return (int(width * 7 + 0.5) + 5) * 0.75 if width >= 1 else int(width * 12 + 0.5) * 0.75


def print_scale(widths: Sequence[float]) -> int:
    """The percentage that prints all columns on one page width (never enlarged)."""
    room = PAGE_WIDTH - 72 * (MARGINS["left"] + MARGINS["right"])
    total = sum(column_points(w) for w in widths)
    return max(10, min(100, int(100 * room * WIDTH_SLACK / total)))


def page_room(scale: int) -> float:
    """Points of rows (at 100%) one printed page holds at `scale` percent."""
    return (PAGE_HEIGHT - 72 * (MARGINS["top"] + MARGINS["bottom"])) * HEIGHT_SLACK * 100 / scale


class Pager:
    """Fills pages top to bottom; `breaks` are the rows that start a new page."""

    def __init__(self, room: float):
        self.room = room
        self.used = 0.0
        self.repeat = 0.0  # height of the header printed on top of the current page
        self.breaks: list[int] = []

    def fits(self, height: float) -> bool:
        return self.used + height <= self.room

    def new_page(self, row: int, repeat: float = 0.0) -> None:
        self.breaks.append(row)
        self.used = self.repeat = repeat

    def place(self, row: int, heights: Sequence[float], repeat: float = 0.0, glue: int | None = None) -> bool:
        """Rows `row`.. with these heights, kept together; `repeat` is the header height a new page
        starts with. Returns whether a page break was put before `row`. A block taller than a page
        is cut at row boundaries where the page ends, but never inside its rows from offset `glue`
        on (the table's last rows with the signature block)."""
        total = sum(heights)
        broke = False
        # a block that no page holds starts on the current page, unless little of the page is left
        tall = total > self.room - repeat
        if not self.fits(total) and self.used > self.repeat and (not tall or self.used > self.room * TALL_START):
            self.new_page(row, repeat)
            broke = True
        if self.fits(total):
            self.used += total
            return broke
        cut = len(heights) if glue is None else max(0, glue)
        units = [[h] for h in heights[:cut]] + ([list(heights[cut:])] if cut < len(heights) else [])
        i = 0
        for unit in units:  # taller than a page: cut where the page ends
            if not self.fits(sum(unit)) and self.used > self.repeat:
                self.new_page(row + i, repeat)
            self.used += sum(unit)
            i += len(unit)
        return broke


def plan(heights: Sequence[float], starts: Sequence[int], room: float, repeat: tuple[int, int] | None,
         keep: int | None = None) -> list[int]:
    """Page breaks for a sheet whose rows have these `heights`: blocks run from each of `starts` to
    the next; rows before the second start (title, table header, first block) form the first block,
    so a header never ends a page. `repeat`: the rows printed again on top of every later page.
    `keep`: rows from this one to the end (the table's last rows and the signature block) are
    never split, not even when the block they end is taller than a page."""
    repeat_h = sum(heights[repeat[0]:repeat[1] + 1]) if repeat else 0.0
    cuts = sorted(set(starts))[1:]
    if keep is not None:
        cuts = [c for c in cuts if c <= keep]
    bounds = [0, *[c for c in cuts if 0 < c < len(heights)], len(heights)]
    pager = Pager(room)
    for a, b in zip(bounds, bounds[1:]):
        glue = keep - a if keep is not None and a <= keep < b else None
        pager.place(a, heights[a:b], repeat_h, glue)
    return pager.breaks


def segments(first: int, count: int, breaks: Sequence[int]) -> list[tuple[int, int]]:
    """Rows first..first+count-1 as (first row, row count) pieces, one per printed page. `breaks`
    ascend (Pager appends them top to bottom): the cuts are found by bisection, not by a scan of
    every break for each of a sheet's thousands of merged cells."""
    cuts = breaks[bisect_right(breaks, first):bisect_left(breaks, first + count)]
    bounds = [first, *cuts, first + count]
    return [(a, b - a) for a, b in zip(bounds, bounds[1:])]


def place(pager: Pager, row: int, heights: list[float], head, lead: int = 0) -> int:
    """For a sheet that plans its pages while writing (two tables on one sheet, so no repeated print
    rows): place a block at `row` (`lead` of its rows already written); when it starts a new page
    inside a table, write that table's header copy first. `head`: (write(row), its row heights) or
    None. Returns the row the block's content starts at."""
    total = sum(heights)
    if head is not None and not pager.fits(total) and pager.used > pager.repeat:
        write_head, head_heights = head
        pager.new_page(row, sum(head_heights))
        write_head(row)
        row += len(head_heights)
    pager.place(row - lead, heights)
    return row
