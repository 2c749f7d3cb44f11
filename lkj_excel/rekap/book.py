"""The rekap workbook's shared pieces: formats, page setup, header block and the penyusun's signature.

Printable like a unit workbook: A4 landscape, one page wide by an explicit scale, planned page breaks
(writers/pagination.py), header rows repeated, "Halaman i dari n" per sheet in the footer, the header
block (pemerintah daerah, title, period) on top and the signature block below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from xlsxwriter.worksheet import Worksheet

from ..periods import MONTHS_ID, format_date_id, roman
from ..writers import pagination, textfit
from ..writers.book import DEFAULT_HEIGHT, KEEP_ROWS  # the unit workbook's: the rekap prints alike
from ..writers.page import footer
from .consolidate import Rekap

FONT = "Arial"
MONEY = "#,##0"
PERCENT = "0.00%"
DRAFT_TEXT = "DRAF – memuat isian yang belum lolos validasi"


@dataclass(frozen=True)
class Penyusun:
    """The person who consolidates and signs the rekap."""

    nama: str = ""
    jabatan: str = ""
    nip: str = ""
    tempat: str = ""


class PlainFormulaSheet(Worksheet):
    """The rekap's formulas use only functions every Excel since 2007 knows (IF, IFERROR, N, AND, ISNUMBER, SUM,
    SUMIF, COUNT, COUNTIF, COUNTIFS, AVERAGE, AVERAGEIF): none needs the `_xlfn.` prefix, so the
    30-odd regex substitutions xlsxwriter runs per formula to add it are skipped."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula

    # Row heights for wrapped text. Neither Excel nor LibreOffice grows a row for wrapped text on load, so
    # a long Sasaran or message printed over the next row. Every wrapped string written outside a merged
    # range is measured against its column's width, and `fit_rows` sets the heights the text needs.
    def __init__(self):
        super().__init__()
        self.widths: tuple[float, ...] = ()
        self.hidden: frozenset[int] = frozenset()
        self.repeat: tuple[int, int] | None = None
        self.body: tuple[int, int] | None = None  # the table's data rows, first to end (exclusive)
        self._lines: dict[int, int] = {}
        self._size: dict[int, float] = {}

    def write_string(self, row, col, string, cell_format=None):
        if (cell_format is not None and cell_format.text_wrap and col not in self.hidden
                and (row, col) not in self.merged_cells):
            need = text_lines(string, self.widths[col] if col < len(self.widths) else 8.43)
            if need > 1:
                self._lines[row] = max(self._lines.get(row, 1), need)
        if cell_format is not None and string:
            self._size[row] = max(self._size.get(row, 10), float(cell_format.font_size or 10))
        return super().write_string(row, col, string, cell_format)

    def repeat_rows(self, first_row, last_row=None):
        self.repeat = (first_row, first_row if last_row is None else last_row)
        return super().repeat_rows(first_row, last_row)

    def fit_rows(self) -> list[float]:
        """Every row's height, set explicitly (the page planner counts them): wrapped text as many
        lines as it needs, a larger font (title, signature, DRAF banner) one line of its size,
        Excel's default 15 points for the rest. Returns the heights."""
        heights = []
        for row in range(max([self.dim_rowmax or 0, *self._lines, *self._size]) + 1):
            lines, size = self._lines.get(row, 1), self._size.get(row, 10)
            height = DEFAULT_HEIGHT if size <= 10 else textfit.row_height(1, size)
            if lines > 1:
                height = max(height, textfit.row_height(lines))
            heights.append(height)
            self.set_row(row, height)
        return heights


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapped cell `width` characters wide, wrapped at spaces, from
    Arial's real advance widths (writers/textfit.py, as the unit workbook measures)."""
    return textfit.line_count(str(text), pagination.column_points(width))


_CELL = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "top", "text_wrap": True}


class Formats:
    def __init__(self, wb):
        add = wb.add_format
        self.h1 = add({"font_name": FONT, "bold": True, "font_size": 12, "align": "center"})
        self.title = add({"font_name": FONT, "bold": True, "font_size": 12, "align": "center", "underline": 1})
        self.subtitle = add({"font_name": FONT, "font_size": 11, "align": "center"})
        self.draft = add({"font_name": FONT, "bold": True, "font_size": 14, "align": "center",
                          "font_color": "#C00000", "bg_color": "#FFE5E5", "border": 2, "border_color": "#C00000"})
        self.th = add({**_CELL, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9D9D9"})
        self.td = add(_CELL)
        self.td_center = add({**_CELL, "align": "center"})
        self.number = add({**_CELL, "num_format": "#,##0", "align": "center"})
        self.decimal = add({**_CELL, "num_format": "#,##0.00", "align": "center"})
        self.money = add({**_CELL, "num_format": MONEY})
        self.pct = add({**_CELL, "num_format": PERCENT, "align": "center"})
        self.total_label = add({**_CELL, "bold": True, "align": "center", "bg_color": "#F2F2F2"})
        self.total_number = add({**_CELL, "bold": True, "num_format": "#,##0", "align": "center",
                                 "bg_color": "#F2F2F2"})
        self.total_money = add({**_CELL, "bold": True, "num_format": MONEY, "bg_color": "#F2F2F2"})
        self.total_pct = add({**_CELL, "bold": True, "num_format": PERCENT, "align": "center", "bg_color": "#F2F2F2"})
        self.status_draft = add({**_CELL, "bold": True, "align": "center", "font_color": "#9C0006",
                                 "bg_color": "#FFC7CE"})
        self.sev_galat = add({**_CELL, "align": "center", "bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})
        self.sev_peringatan = add({**_CELL, "align": "center", "font_color": "#9C5700", "bg_color": "#FFEB9C"})
        self.link = add({**_CELL, "font_color": "blue", "underline": 1})
        self.ok = add({**_CELL, "bold": True, "align": "center", "bg_color": "#C6EFCE"})
        self.sign = add({"font_name": FONT, "font_size": 11, "align": "center"})
        self.sign_name = add({"font_name": FONT, "font_size": 11, "align": "center", "bold": True, "underline": 1})
        self.note = add({"font_name": FONT, "font_size": 9, "italic": True})


class Layout:
    """Page setup, header block and signature block for every printable sheet of one rekap."""

    def __init__(self, wb, rekap: Rekap, penyusun: Penyusun, formats: Formats):
        self.wb, self.rekap, self.penyusun, self.f = wb, rekap, penyusun, formats

    def sheet(self, name: str, widths: Sequence[float], hidden: Sequence[int] = ()):
        """`hidden` columns are kept (formulas and filters see them) but neither shown nor printed."""
        ws = self.wb.add_worksheet(name, worksheet_class=PlainFormulaSheet)
        ws.widths, ws.hidden = tuple(widths), frozenset(hidden)
        for i, w in enumerate(widths):
            ws.set_column(i, i, w, None, {"hidden": True} if i in ws.hidden else None)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        # an explicit scale, not "fit to one page wide": Excel ignores manual page breaks under fit-to
        ws.set_print_scale(pagination.print_scale([w for i, w in enumerate(widths) if i not in ws.hidden]))
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        if self.rekap.draft:
            ws.set_header(f"&C&\"{FONT},Bold\"&14&KFF0000{DRAFT_TEXT}")
        ws.set_footer(self.footer(None))
        ws.hide_gridlines(2)
        return ws

    def footer(self, pages: int | None) -> str:
        return footer(self.title(), pages)

    def paginate(self, ws) -> None:
        """Row heights, then page breaks as on the unit workbook (writers/pagination.py): each data row
        a block, the header with the first row, the last KEEP_ROWS rows with the signature block; a
        sheet that placed its own breaks (Grafik: one chart a page) keeps them. Each sheet numbers its
        own pages from 1, "dari" its planned page count (writers/page.footer_pages says why as text)."""
        heights = ws.fit_rows()
        forced = sorted(ws.hbreaks)
        breaks = list(forced)
        if ws.body:
            # rows after the last forced break (all of them without one) are planned
            top = forced[-1] if forced else 0
            first, end = ws.body
            room = pagination.page_room(ws.print_scale)
            planned = pagination.plan(heights[top:], [r - top for r in range(first, end)], room,
                                      None if forced else ws.repeat, max(first, end - KEEP_ROWS) - top)
            breaks += [top + b for b in planned]
            if breaks:
                ws.set_h_pagebreaks(breaks)
        ws.set_start_page(1)
        ws.set_footer(self.footer(len(breaks) + 1))

    def title(self) -> str:
        where = self.rekap.perangkat_daerah or self.rekap.pemerintah_daerah
        return f"Rekap LKj {self.period_short()} – {where}".strip(" –")

    def period_short(self) -> str:
        q = self.rekap.quarters
        if not q:
            return f"Tahun {self.rekap.tahun or ''}".strip()
        tw = f"TW {roman(q[0])}" if len(q) == 1 else f"TW {roman(q[0])}–{roman(q[-1])}"
        return f"{tw} {self.rekap.tahun or ''}".strip()

    def period_line(self) -> str:
        q, year = self.rekap.quarters, self.rekap.tahun
        if not q or not year:
            return ""
        last = MONTHS_ID[q[-1] * 3 - 1]
        if len(q) == 1:
            return f"Tribulan {roman(q[0])} Tahun {year} (Januari s.d. {last})"
        return f"Tribulan {roman(q[0])} s.d. {roman(q[-1])} Tahun {year}"

    def pemda_line(self) -> str:
        text = self.rekap.pemerintah_daerah.upper()
        return text if text.startswith("PEMERINTAH") or not text else f"PEMERINTAH {text}"

    def header_block(self, ws, title: str, ncols: int) -> int:
        """Writes the banner (when DRAF), the instansi lines, title and period; returns the next row."""
        row, last = 0, ncols - 1
        lines = []
        if self.rekap.draft:
            lines.append((DRAFT_TEXT, self.f.draft))
        lines += [(t, self.f.h1) for t in (self.pemda_line(), self.rekap.perangkat_daerah.upper()) if t]
        for text, fmt in lines:
            ws.merge_range(row, 0, row, last, "", fmt)
            ws.write_string(row, 0, text, fmt)
            row += 1
        row += 1
        ws.merge_range(row, 0, row, last, title, self.f.title)
        ws.merge_range(row + 1, 0, row + 1, last, self.period_line(), self.f.subtitle)
        return row + 3

    def signature_block(self, ws, row: int, ncols: int) -> None:
        """Right half: place and date, the penyusun's position, name and NIP."""
        p = self.penyusun
        tempat = p.tempat or self.rekap.tempat
        tanggal = self.rekap.tanggal
        date_text = f"{tempat}, {format_date_id(tanggal)}" if isinstance(tanggal, dt.date) else tempat
        first, last = ncols // 2, ncols - 1
        lines = [(date_text, self.f.sign), (p.jabatan or "Penyusun,", self.f.sign), ("", self.f.sign),
                 ("", self.f.sign), ("", self.f.sign), (p.nama or "(.................................)", self.f.sign_name),
                 (_nip_line(p.nip), self.f.sign)]
        for k, (text, fmt) in enumerate(lines, row + 2):
            if last > first:
                ws.merge_range(k, first, k, last, "", fmt)
            ws.write_string(k, first, text, fmt)


def _nip_line(nip: str) -> str:
    from ..nip import format_nip

    digits = "".join(ch for ch in nip if ch.isdigit())
    if len(digits) == 18 and digits.isascii():
        return f"NIP. {format_nip(digits)}"
    return f"NIP. {nip}" if nip else "NIP."

