"""The workbook being written and the pieces every sheet shares: the header block, table cells
(text always as text, numbers, sums) and the row heights wrapped text needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from xlsxwriter.utility import xl_rowcol_to_cell

from .. import compute
from ..cells import ascii_digits
from ..config import Config
from ..findings import Finding
from ..model import Report
from ..periods import MONTHS_ID, report_title, roman
from ..xlsxfile import new_workbook
from . import formulas, page
from .formats import DRAFT_TEXT, Formats, UnitFormats, decimals


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
        self.wb = new_workbook({"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
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
        self._lines: dict[tuple[str, int], float] = {}

    # -- row heights -------------------------------------------------------------------------

    def need(self, ws, row: int, col: int, text: str, rows: int = 1, span: int = 1) -> None:
        """Remember how many text lines a wrapped cell needs. Rows get explicit heights because
        neither Excel nor LibreOffice grows a row for wrapped text in merged cells on load."""
        width = sum(self._widths[ws.name][col:col + span])
        chars = max(1.0, width * 1.15)  # Arial 10 fits a little more than one character per width unit
        if text is None or (len(text) <= chars and "\n" not in text):
            return  # one line: the default height fits
        lines = sum(max(1, -(-len(part) // int(chars))) for part in (text or "").split("\n"))
        per_row = lines / rows
        for r in range(row, row + rows):
            key = (ws.name, r)
            self._lines[key] = max(self._lines.get(key, 1), per_row)

    def apply_heights(self) -> None:
        sheets = {ws.name: ws for ws in self.wb.worksheets()}
        for (name, row), lines in self._lines.items():
            if lines > 1:
                sheets[name].set_row(row, 13.0 * -(-lines // 1) + 2)

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
        return page.add_sheet(self.wb, name, widths, self.opt.draft, self.title_line())

    def header_height(self) -> int:
        """Rows taken by header_block: banner, three instansi lines, alamat, gap, title, period, gap."""
        return (1 if self.opt.draft else 0) + 3 + (1 if self.ident.alamat else 0) + 4

    def header_block(self, ws, title: str, ncols: int) -> int:
        """Writes the draft banner (when drafting), the instansi lines and the title; returns the next row."""
        row = 0
        last = ncols - 1
        if self.opt.draft:
            ws.merge_range(row, 0, row, last, DRAFT_TEXT, self.f.draft)
            row += 1
        for text, fmt in (
            (self.pemda_line(), self.f.h1),
            (self.ident.perangkat_daerah.upper(), self.f.h1),
            (self.ident.unit_kerja.upper(), self.f.h2),
        ):
            ws.merge_range(row, 0, row, last, "", fmt)
            ws.write_string(row, 0, text, fmt)
            row += 1
        if self.ident.alamat:
            ws.merge_range(row, 0, row, last, "", self.f.small_center)
            ws.write_string(row, 0, self.ident.alamat, self.f.small_center)
            row += 1
        row += 1
        ws.merge_range(row, 0, row, last, title, self.f.title)
        row += 1
        ws.merge_range(row, 0, row, last, self.period_line(), self.f.subtitle)
        assert row + 2 == self.header_height()
        return row + 2

    def wide(self, ws, row, span, text, fmt):
        first, last = span
        if last > first:
            ws.merge_range(row, first, row, last, "", fmt)
        ws.write_string(row, first, text or "", fmt)

    def column_numbers(self, ws, row: int, labels: Sequence[str]) -> None:
        for c, label in enumerate(labels):
            ws.write_string(row, c, label, self.f.colnum)

    def unit_format(self, ind):
        return self._units.get(ind.satuan, decimals(ind))

    # -- table cells -------------------------------------------------------------------------

    def merged_text(self, ws, row, col, n, value, fmt):
        if n > 1:
            ws.merge_range(row, col, row + n - 1, col, "", fmt)
        if isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, value, fmt)
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
        rng = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"
        ws.write_formula(row, col, f"=SUM({rng})", self.f.money_total, value)

    def serapan_cell(self, ws, row, col, value, fmt, p_col=3, r_col=4):
        p, r = xl_rowcol_to_cell(row, p_col), xl_rowcol_to_cell(row, r_col)
        ws.write_formula(row, col, formulas.serapan(p, r), fmt, formulas.cached(value))

    def kegiatan_cells(self, ws, row, k) -> None:
        """No, Kegiatan, No. Sasaran and Pagu: the columns both kegiatan tables share."""
        ws.write(row, 0, number_or_text(k.no), self.f.td_center)
        self.text_cell(ws, row, 1, k.nama, self.f.td)
        ws.write(row, 2, number_or_text(k.sasaran_no), self.f.td_center)
        self.write_number(ws, row, 3, k.pagu, self.f.money)


def number_or_text(key: str):
    return int(key) if ascii_digits(key) and len(key) < 10 else key
