"""Page setup every printable sheet shares: A4 landscape, one page wide, the draft header and the
page-number footer."""

from __future__ import annotations

from typing import Sequence

from xlsxwriter.worksheet import Worksheet

from . import sheet_rows
from .sheet_cells import DirectCells
from .formats import DRAFT_TEXT, FONT


class PlainFormulaSheet(DirectCells):
    """A worksheet for formulas that use only functions every Excel knows (IF, N, MAX, MIN, SUM, SUMIF,
    ISNUMBER, AND): xlsxwriter's preparation runs some 30 regex substitutions per formula to add
    `_xlfn.` prefixes to newer functions, which never change these formulas and were ~40% of writing a
    10,000-indicator report. tests/test_build.py checks, formula by formula, that the result equals
    what the stock method gives."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula

    def _write_rows(self):
        """sheet_rows.write_rows: the same rows with far less work per cell (saving is a third of a
        year workbook's build); xlsxwriter's own method for what it does not cover."""
        if self.constant_memory or self.comments:
            return Worksheet._write_rows(self)
        return sheet_rows.write_rows(self)


def add_sheet(wb, name: str, widths: Sequence[float], draft: bool, title: str, scale: int):
    """`scale` instead of "fit to one page wide": Excel ignores manual page breaks under fit-to."""
    ws = wb.add_worksheet(name, worksheet_class=PlainFormulaSheet)
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_print_scale(scale)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    header = f"&C&\"{FONT},Bold\"&14&KFF0000{DRAFT_TEXT}" if draft else ""
    ws.set_header(header)
    ws.set_footer(footer(title))
    ws.hide_gridlines(2)
    return ws


def _escape_hf(text: str) -> str:
    return text.replace("&", "&&")


FOOTER_LIMIT = 255  # Excel's limit; xlsxwriter warns and drops a longer footer, page numbers with it


def footer_pages(pages: int | None) -> str:
    """"Halaman i dari n" for one sheet. &P counts from the sheet's own first page (Book.finish sets
    the start page to 1), but &N would count the pages of the whole printed workbook: a signed sheet
    would read "Halaman 7 dari 12". Neither Excel nor LibreOffice has a per-sheet page-count field,
    so n is the planner's page count written as text. Trade-off: n goes stale if staff add rows and
    the sheet then prints on more pages; rebuilding the workbook puts it right. Without a count (a
    sheet not yet planned), the whole-document &N."""
    return f"&R&8Halaman &P dari {pages if pages else '&N'}"


def footer(title: str, pages: int | None = None) -> str:
    """The page-number footer, with the title shortened (ending in "…") so the whole stays within
    Excel's 255 characters: a long Unit Kerja must never cost the page numbers."""
    tail = footer_pages(pages)
    room = FOOTER_LIMIT - len("&L&8") - len(tail)
    text = _escape_hf(title)
    if len(text) > room:
        cut = title
        while len(_escape_hf(cut)) > room - 1:
            cut = cut[:-1]
        text = _escape_hf(cut.rstrip()) + "…"
    return f"&L&8{text}{tail}"
