"""The workbook being written and the pieces every sheet shares: the header block, table cells
(text always as text, numbers, sums) and the row heights wrapped text needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from .. import compute
from ..cells import ascii_digits
from ..cells import ref as cell_ref
from ..config import Config
from ..findings import Finding
from ..model import Report
from ..periods import MONTHS_ID, report_title, roman
from ..xlsxfile import new_workbook
from . import formulas, page, pagination, textfit
from .formats import DRAFT_TEXT, FONT, Formats, UnitFormats, decimals

DEFAULT_HEIGHT = 15.0  # points: Excel's default row
# Rows of the header block by the size of their text: 14 pt banner, 12 pt lines, 11 pt, 9 pt.
BANNER_HEIGHT, H12, H11, H9 = 24.0, 18.0, 16.5, 13.5
COLNUM_HEIGHT = 13.5  # the 8 pt column-number row
KEEP_ROWS = 3  # a table's last rows that print with the signature block
CONTINUED = "(lanjutan)"  # on a sasaran or text continued from the previous page


@dataclass(frozen=True)
class WriteOptions:
    config: Config = Config()
    draft: bool = False
    findings: Sequence[Finding] = ()
    source_link: str | None = None  # path of the input, relative to the output, for Validasi links
    results: compute.Results | None = None  # compute.evaluate(report, config), when the caller has it


class Book:
    def __init__(self, report: Report, options: WriteOptions):
        self.r = report
        self.opt = options
        self.res = options.results or compute.evaluate(report, options.config)
        self.ident = report.identity
        # The Normal style is Arial 10, the sheets' own font: column widths count its characters, so
        # Excel, and LibreOffice without Calibri or Carlito, give the widths pagination.py computes.
        self.wb = new_workbook({"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                                "default_format_properties": {"font_name": FONT, "font_size": 10},
                                "default_row_height": 17})
        created = dt.datetime.combine(self.ident.tanggal or dt.date(self.ident.tahun or 2000, 1, 1), dt.time())
        self.wb.set_properties(
            {
                "title": self.title_line(),
                "subject": "Laporan Kinerja Tribulan",
                "author": self.ident.nama_pelapor or "lkj-excel",
                "company": self.ident.perangkat_daerah,
                "comments": "Dibuat dengan lkj-excel",
                "created": created,
            }
        )
        self.wb.set_calc_mode("auto")
        self.f = Formats(self.wb)
        self._units = UnitFormats(self.wb)
        self._widths: dict[str, tuple[float, ...]] = {}
        self._measured: dict[tuple, float] = {}
        self._heights: dict[str, dict[int, float]] = {}
        self._merged: dict[str, list[tuple[int, int, float]]] = {}
        self._starts: dict[str, list[int]] = {}
        self._repeat: dict[str, tuple[int, int]] = {}
        self.breaks: dict[str, list[int]] = {}  # sheets that plan their own breaks (Perjanjian Kinerja)
        self._keep: dict[str, int] = {}
        # merged cells down a sasaran's rows, written in finish() once the page breaks are known
        self._deferred: dict[str, list[tuple]] = {}

    # -- row heights -------------------------------------------------------------------------

    def text_height(self, name: str, col: int, text, span: int = 1, size: float = 10, bold: bool = False) -> float:
        """Points a wrapping cell of sheet `name` (columns col..col+span-1) needs for `text`. Kept:
        the sheets that plan their pages while writing ask for a row's height before writing it, and
        measuring wrapped text is the costliest part of writing a large sheet."""
        key = (name, col, text, span, size, bold)
        height = self._measured.get(key)
        if height is None:
            width = sum(pagination.column_points(w) for w in self._widths[name][col:col + span])
            height = self._measured[key] = textfit.row_height(textfit.line_count(text, width, size, bold), size)
        return height

    def need(self, ws, row: int, col: int, text, rows: int = 1, span: int = 1, size: float = 10,
             bold: bool = False) -> None:
        """Remember the height a wrapped cell needs. Rows get explicit heights because neither Excel
        nor LibreOffice grows a row for wrapped text in merged cells on load, and because the page
        breaks are planned from them."""
        if text is None:
            return
        height = self.text_height(ws.name, col, text, span, size, bold)
        if rows == 1:
            self.set_height(ws, row, height)
        else:
            self._merged.setdefault(ws.name, []).append((row, rows, height))

    def set_height(self, ws, row: int, height: float) -> None:
        rows = self._heights.setdefault(ws.name, {})
        rows[row] = max(rows.get(row, 0.0), height)

    def sheet_heights(self, ws) -> list[float]:
        """Every row's height, from the first to the last written: what the cells need, a merged
        cell's need spread evenly over its rows, Excel's default 15 points for the rest, at most
        Excel's 409."""
        own = self._heights.get(ws.name, {})
        last = max([ws.dim_rowmax or 0, *own])
        heights = [own.get(r, DEFAULT_HEIGHT) for r in range(last + 1)]
        for row, n, need in self._merged.get(ws.name, ()):
            short = need - sum(heights[row:row + n])
            if short > 0:
                for r in range(row, row + n):
                    heights[r] += short / n
        return [min(textfit.EXCEL_MAX_ROW, textfit.as_written(h)) for h in heights]

    def predicted_heights(self, name: str, own: Sequence[float], merged) -> list[float]:
        """What sheet_heights will give rows not written yet, for the sheets that plan their pages
        while writing: the rows' `own` heights, then each merged cell down all of them ((column,
        value), in the order they will be written) taking what its text needs, spread evenly, then
        rounded and capped as sheet_heights does. A number in a merged cell needs nothing."""
        heights = list(own)
        for col, value in merged:
            if not isinstance(value, str) or not value:
                continue
            short = self.text_height(name, col, value) - sum(heights)
            if short > 0:
                heights = [h + short / len(heights) for h in heights]
        return [min(textfit.EXCEL_MAX_ROW, textfit.as_written(h)) for h in heights]

    def block(self, ws, row: int) -> None:
        """A page may start at `row` (the first row of a sasaran, a kegiatan, a finding)."""
        self._starts.setdefault(ws.name, []).append(row)

    def repeat_rows(self, ws, first: int, last: int | None = None) -> None:
        ws.repeat_rows(first, first if last is None else last)
        self._repeat[ws.name] = (first, first if last is None else last)

    def keep_tail(self, ws, first: int, end: int) -> None:
        """The table's body runs from row `first` to `end` - 1: its last KEEP_ROWS rows (the whole
        body when shorter) stay on one page with everything under them, the signature block."""
        self._keep[ws.name] = max(first, end - KEEP_ROWS)

    def finish(self) -> None:
        """Row heights on every sheet, then its page breaks (a sheet that planned its own keeps them),
        then the merged cells that a page break may cut."""
        for ws in self.wb.worksheets():
            for _ in range(4):  # a continuation's own text may need taller rows: plan again
                heights = self.sheet_heights(ws)
                breaks = self.breaks.get(ws.name)
                if breaks is None:
                    breaks = pagination.plan(heights, self._starts.get(ws.name, ()), self.room(ws.name),
                                             self._repeat.get(ws.name), self._keep.get(ws.name))
                if not self._continuations_grow(ws, heights, breaks):
                    break
            else:  # still growing after four plans: write the grown heights with the last plan's breaks
                heights = self.sheet_heights(ws)
            for r, h in enumerate(heights):
                ws.set_row(r, h)
            self._write_merges(ws, breaks)
            if breaks:
                ws.set_h_pagebreaks(breaks)
            # each sheet numbers its own pages from 1, "dari" its own page count (page.footer_pages)
            ws.set_start_page(1)
            ws.set_footer(page.footer(self.title_line(), len(breaks) + 1))

    def _continuations_grow(self, ws, heights, breaks) -> bool:
        """Give each continuation piece of a cut merged text the height its "(lanjutan)" text needs;
        True when a row grew (the pages must be planned again)."""
        grew = False
        for row, col, n, fmt, _, more, text in self._deferred.get(ws.name, ()):
            pieces = pagination.segments(row, n, breaks)
            if len(pieces) < 2:
                continue
            for k, (first, count) in enumerate(pieces):
                shown = text if k == 0 else more
                if not isinstance(shown, str) or not shown:
                    continue
                # measured in the cell's own weight: Narasi's bold "Evaluasi dan Analisis (lanjutan)"
                # takes two lines where the regular text takes one
                need = self.text_height(ws.name, col, shown, bold=bool(fmt.bold))
                if need - sum(heights[first:first + count]) > 0.5:
                    self._merged.setdefault(ws.name, []).append((first, count, need))
                    grew = True
        return grew

    def _write_merges(self, ws, breaks) -> None:
        """Each deferred merged cell as one merge per printed page: the first with its value, the
        others with the continuation (the sasaran labelled "(lanjutan)", or blank), so no page
        shows an empty sasaran cell or a table left open at its foot."""
        for row, col, n, fmt, write, more, _ in self._deferred.pop(ws.name, ()):
            for k, (first, count) in enumerate(pagination.segments(row, n, breaks)):
                if count > 1:
                    ws.merge_range(first, col, first + count - 1, col, "", fmt)
                if k == 0:
                    write(first)
                elif more:
                    ws.write_string(first, col, more, fmt)
                else:
                    ws.write_blank(first, col, None, fmt)

    def merged(self, ws, row: int, col: int, n: int, fmt, write, more: str | None = None,
               text: str | None = None) -> None:
        """A cell merged down rows row..row+n-1, `write(row)` filling it (with `text`, when it is
        text); merged in finish(), cut where a page break falls inside, the later pieces showing
        `more` (blank when None)."""
        if n > 1:
            self._deferred.setdefault(ws.name, []).append((row, col, n, fmt, write, more, text))
        else:
            write(row)

    def room(self, name: str) -> float:
        return pagination.page_room(pagination.print_scale(self._widths[name]))

    # -- text pieces -------------------------------------------------------------------------

    def title_line(self) -> str:
        return report_title(self.ident.tribulan, self.ident.tahun, self.ident.unit_kerja)

    def period_line(self) -> str:
        if not self.ident.tribulan or not self.ident.tahun:
            return ""
        last = MONTHS_ID[self.ident.tribulan * 3 - 1]
        return f"Tribulan {roman(self.ident.tribulan)} Tahun {self.ident.tahun} (Januari s.d. {last})"

    def pemda_line(self) -> str:
        text = self.ident.pemerintah_daerah.upper()
        return text if text.startswith("PEMERINTAH") else f"PEMERINTAH {text}".strip()

    # -- shared layout -----------------------------------------------------------------------

    def sheet(self, name: str, widths: Sequence[float]):
        self._widths[name] = tuple(widths)
        return page.add_sheet(self.wb, name, widths, self.opt.draft, self.title_line(),
                              pagination.print_scale(widths))

    def header_height(self, period: bool = True) -> int:
        """Rows taken by header_block: banner, three instansi lines, alamat, gap, title, period, gap."""
        return (1 if self.opt.draft else 0) + 3 + (1 if self.ident.alamat else 0) + (4 if period else 3)

    def header_block(self, ws, title: str, ncols: int, period: bool = True) -> int:
        """Writes the draft banner (when drafting), the instansi lines, the title and (unless the sheet
        is yearly, as the Perjanjian Kinerja is) the period line; returns the next row."""
        row = 0
        last = ncols - 1
        if self.opt.draft:
            ws.merge_range(row, 0, row, last, DRAFT_TEXT, self.f.draft)
            self.set_height(ws, row, BANNER_HEIGHT)
            row += 1
        for text, fmt, height in (
            (self.pemda_line(), self.f.h1, H12),
            (self.ident.perangkat_daerah.upper(), self.f.h1, H12),
            (self.ident.unit_kerja.upper(), self.f.h2, H11),
        ):
            ws.merge_range(row, 0, row, last, "", fmt)
            ws.write_string(row, 0, text, fmt)
            self.set_height(ws, row, height)
            row += 1
        if self.ident.alamat:
            ws.merge_range(row, 0, row, last, "", self.f.small_center)
            ws.write_string(row, 0, self.ident.alamat, self.f.small_center)
            self.set_height(ws, row, H9)
            row += 1
        row += 1
        ws.merge_range(row, 0, row, last, title, self.f.title)
        self.set_height(ws, row, H12)
        row += 1
        if period:
            ws.merge_range(row, 0, row, last, self.period_line(), self.f.subtitle)
            self.set_height(ws, row, H11)
            row += 1
        assert row + 1 == self.header_height(period)
        return row + 1

    def wide(self, ws, row, span, text, fmt, size: float = 10, bold: bool = False):
        """Text across columns span[0]..span[1], its row as tall as the wrapped text needs."""
        first, last = span
        if last > first:
            ws.merge_range(row, first, row, last, "", fmt)
        ws.write_string(row, first, text or "", fmt)
        self.need(ws, row, first, text or "", span=last - first + 1, size=size, bold=bold)

    def column_numbers(self, ws, row: int, labels: Sequence[str]) -> None:
        for c, label in enumerate(labels):
            ws.write_string(row, c, label, self.f.colnum)
        self.set_height(ws, row, COLNUM_HEIGHT)

    def unit_format(self, ind):
        return self._units.get(ind.satuan, decimals(ind))

    # -- table cells -------------------------------------------------------------------------

    def merged_text(self, ws, row, col, n, value, fmt, more: str | None = None):
        """A sasaran's number or text down its n rows; `more`, what a continuation page shows
        (default: the value labelled "(lanjutan)")."""
        if more is None:
            more = f"{value} {CONTINUED}" if value not in (None, "") else ""
        if isinstance(value, (int, float)):
            self.merged(ws, row, col, n, fmt, lambda r: ws.write_number(r, col, value, fmt), more)
        else:
            self.merged(ws, row, col, n, fmt, lambda r: ws.write_string(r, col, value, fmt), more, value)
            self.need(ws, row, col, value, rows=n)

    def text_cell(self, ws, row, col, text, fmt):
        ws.write_string(row, col, text, fmt)
        self.need(ws, row, col, text)

    def write_number(self, ws, row, col, value, fmt):
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)

    def sum_formula(self, ws, row, col, first, last, value):
        if last < first:
            ws.write_number(row, col, 0, self.f.money_total)
            return
        rng = f"{cell_ref(first, col)}:{cell_ref(last, col)}"
        ws.write_formula(row, col, f"=SUM({rng})", self.f.money_total, value)

    def serapan_cell(self, ws, row, col, value, fmt, p_col=3, r_col=4):
        p, r = cell_ref(row, p_col), cell_ref(row, r_col)
        ws.write_formula(row, col, formulas.serapan(p, r), fmt, formulas.cached(value))

    def kegiatan_cells(self, ws, row, k) -> None:
        """No, Kegiatan, No. Sasaran and Pagu: the columns both kegiatan tables share."""
        ws.write(row, 0, number_or_text(k.no), self.f.td_center)
        self.text_cell(ws, row, 1, k.nama, self.f.td)
        ws.write(row, 2, number_or_text(k.sasaran_no), self.f.td_center)
        self.write_number(ws, row, 3, k.pagu, self.f.money)


def number_or_text(key: str):
    return int(key) if ascii_digits(key) and len(key) < 10 else key
