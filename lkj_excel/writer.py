"""Writing edge: a `Report` -> the finished LKj workbook, with xlsxwriter.

Every computed cell is a live formula carrying its computed value (so a viewer that does not
recalculate still shows the right number); user text is always written with `write_string`, so a
Sasaran typed as "=HYPERLINK(...)" stays text. The same input gives the same bytes: document
properties come from the report, not the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from . import compute
from .cells import a1, ascii_digits
from .config import Config
from .findings import SEVERITY_LABEL, Finding, sort_findings
from .model import TURUN, Indicator, Report
from .periods import MONTHS_ID, format_date_id, report_title, roman
from .xlsxfile import new_workbook, save_workbook

PK = "Perjanjian Kinerja"
CAPAIAN = "Capaian Kinerja"
ANGGARAN_OUT = "Realisasi Anggaran"
CPO = "Cost per Outcome"
VALIDASI = "Validasi"
NARASI_OUT = "Narasi"
DRAFT_TEXT = "DRAF – belum lolos validasi"
FONT = "Arial"
MONEY = "#,##0"
PERCENT = "0.00%"
_SAFE_UNIT = re.compile(r"^[\w %/.\-]{1,30}$")


@dataclass(frozen=True)
class WriteOptions:
    config: Config = Config()
    draft: bool = False
    findings: Sequence[Finding] = ()
    source_link: str | None = None  # path of the input, relative to the output, for Validasi links
    results: compute.Results | None = None  # compute.evaluate(report, config), when the caller has it


class _PlainFormulaSheet(Worksheet):
    """A worksheet for formulas that use only functions every Excel knows (IF, N, MAX, MIN, SUM, SUMIF,
    ISNUMBER, AND): xlsxwriter's preparation runs some 30 regex substitutions per formula to add
    `_xlfn.` prefixes to newer functions, which never change these formulas and were ~40% of writing a
    10,000-indicator report. tests/test_build.py checks, formula by formula, that the result equals
    what the stock method gives."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


def write_workbook(report: Report, path: str | os.PathLike, options: WriteOptions = WriteOptions()) -> Path:
    """Write atomically: a temporary file in the target folder, renamed over the final name, so a
    reader (or the drop-folder watcher) never sees half a workbook."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".lkj-", suffix=".xlsx.tmp", dir=path.parent)
    os.close(fd)
    try:
        # No library warning reaches a user's console: what xlsxwriter could warn about (a too-long
        # header/footer) is fitted before it is written, and tests build under warnings-as-errors.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _Book(report, tmp, options).write()
        _settle(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _settle(tmp: str) -> None:
    # mkstemp makes the file 0600; a finished workbook on a shared folder must follow the umask
    # like every other office file. The fsync goes through a writable handle: Windows refuses
    # FlushFileBuffers on a read-only one (PermissionError).
    if os.name != "nt":
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
    with open(tmp, "r+b") as handle:
        os.fsync(handle.fileno())


class _Book:
    def __init__(self, report: Report, path: str, options: WriteOptions):
        self.r = report
        self.opt = options
        self.res = options.results or compute.evaluate(report, options.config)
        self.ident = report.identity
        self.path = path
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
        self.f = _Formats(self.wb)
        self._unit_formats: dict[tuple[str, int], object] = {}
        self._widths: dict[str, tuple[float, ...]] = {}
        self._lines: dict[tuple[str, int], float] = {}

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
        ws = self.wb.add_worksheet(name, worksheet_class=_PlainFormulaSheet)
        self._widths[name] = tuple(widths)
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        header = f"&C&\"{FONT},Bold\"&14&KFF0000{DRAFT_TEXT}" if self.opt.draft else ""
        ws.set_header(header)
        ws.set_footer(_footer(self.title_line()))
        ws.hide_gridlines(2)
        return ws

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

    def signature_block(self, ws, row: int, ncols: int) -> None:
        """Left: the superior who acknowledges ("Mengetahui,"); right: place, date and the reporter,
        as on the seed's lembar pengesahan."""
        i = self.ident
        row += 2
        mid = ncols // 2
        date_text = f"{i.tempat}, {format_date_id(i.tanggal)}" if i.tanggal else i.tempat
        blocks = (
            ((0, mid - 1), ["Mengetahui,", i.jabatan_atasan], i.nama_atasan, i.nip_atasan),
            ((mid, ncols - 1), [date_text, i.jabatan_pelapor], i.nama_pelapor, i.nip_pelapor),
        )
        for span, lines, name, nip in blocks:
            r = row
            for line in lines:
                self.wide(ws, r, span, line, self.f.sign)
                r += 1
            r += 3
            self.wide(ws, r, span, name, self.f.sign_name)
            self.wide(ws, r + 1, span, _nip_line(nip), self.f.sign)

    def wide(self, ws, row, span, text, fmt):
        first, last = span
        if last > first:
            ws.merge_range(row, first, row, last, "", fmt)
        ws.write_string(row, first, text or "", fmt)

    def column_numbers(self, ws, row: int, labels: Sequence[str]) -> None:
        for c, label in enumerate(labels):
            ws.write_string(row, c, label, self.f.colnum)

    def unit_format(self, satuan: str, decimals: int):
        """Targets keep their satuan inside the number format ("70 perusahaan") so they stay numbers."""
        unit = satuan.strip()
        if not _SAFE_UNIT.match(unit or "x"):
            unit = ""
        key = (unit, decimals)
        if key not in self._unit_formats:
            number = "#,##0" + ("." + "0" * decimals if decimals else "")
            fmt = number + (f'" {unit}"' if unit else "")
            self._unit_formats[key] = self.wb.add_format({**_CELL, "num_format": fmt, "align": "center"})
        return self._unit_formats[key]

    # -- sheets ------------------------------------------------------------------------------

    def write(self) -> None:
        cap_rows = self.capaian_sheet_rows()
        self.perjanjian_kinerja()
        self.capaian_kinerja(cap_rows)
        kegiatan_range = self.realisasi_anggaran()
        self.cost_per_outcome(cap_rows, kegiatan_range)
        if self.r.narasi:
            self.narasi()
        self.validasi()
        self.apply_heights()
        self.wb.worksheets()[0].activate()
        save_workbook(self.wb, self.path)

    def capaian_sheet_rows(self) -> dict[int, int]:
        """Row of each indicator on the Capaian Kinerja sheet (by id), known before writing so the
        Cost per Outcome sheet can reference it."""
        start = self.header_height() + 2  # header row + column-number row
        rows = {}
        for n, (_, ind) in enumerate(self.r.indicators()):
            rows[id(ind)] = start + n
        return rows

    def header_height(self) -> int:
        """Rows taken by header_block: banner, three instansi lines, alamat, gap, title, period, gap."""
        return (1 if self.opt.draft else 0) + 3 + (1 if self.ident.alamat else 0) + 4

    def perjanjian_kinerja(self) -> None:
        ws = self.sheet(PK, (6, 48, 48, 18))
        year = self.ident.tahun or ""
        row = self.header_block(ws, f"PERJANJIAN KINERJA TAHUN {year}", 4)
        first_header = row
        for c, label in enumerate(("No.", "Sasaran", "Indikator Kinerja", "Target")):
            ws.write_string(row, c, label, self.f.th)
        self.column_numbers(ws, row + 1, ("1", "2", "3", "4"))
        ws.repeat_rows(first_header, row + 1)
        row += 2
        for s in self.r.sasaran:
            n = len(s.indicators)
            self.merged_text(ws, row, 0, n, _number_or_text(s.no), self.f.td_center)
            self.merged_text(ws, row, 1, n, s.text, self.f.td)
            for k, ind in enumerate(s.indicators):
                self.text_cell(ws, row + k, 2, ind.indikator, self.f.td)
                self.write_number(ws, row + k, 3, ind.target, self.unit_format(ind.satuan, _decimals(ind)))
            row += n
        row += 1
        for c, label in enumerate(("No.", "Kegiatan", "Sasaran", "Anggaran (Rp)")):
            ws.write_string(row, c, label, self.f.th)
        row += 1
        first = row
        for k in self.r.kegiatan:
            self.kegiatan_cells(ws, row, k)
            row += 1
        ws.merge_range(row, 0, row, 2, "Jumlah", self.f.total_label)
        self.sum_formula(ws, row, 3, first, row - 1, self.res.total.pagu)
        self.signature_block(ws, row + 1, 4)

    def kegiatan_cells(self, ws, row, k) -> None:
        """No, Kegiatan, No. Sasaran and Pagu: the columns both kegiatan tables share."""
        ws.write(row, 0, _number_or_text(k.no), self.f.td_center)
        self.text_cell(ws, row, 1, k.nama, self.f.td)
        ws.write(row, 2, _number_or_text(k.sasaran_no), self.f.td_center)
        self.write_number(ws, row, 3, k.pagu, self.f.money)

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

    def capaian_formula(self, ind: Indicator, t_ref: str, r_ref: str) -> str:
        cap = self.opt.config.capaian_cap
        if ind.arah == TURUN:
            core = f"MAX(0,(2*{t_ref}-{r_ref})/{t_ref})"
        else:
            core = f"{r_ref}/{t_ref}"
        if cap is not None:
            core = f"MIN({_num(cap)},{core})"
        # Guard the realisasi as the target is guarded: N(blank) is 0, so an unguarded Turun formula
        # turns a missing realisasi into (2T-0)/T = 200% once Excel recalculates on load.
        return f'=IF(N({t_ref})=0,"-",IF(ISNUMBER({r_ref}),{core},"-"))'

    def capaian_kinerja(self, rows: dict[int, int]) -> None:
        ws = self.sheet(CAPAIAN, (42, 42, 16, 16, 13, 26, 16))
        row = self.header_block(ws, "TABEL CAPAIAN KINERJA", 7)
        labels = ("Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)", "Keterangan", "Predikat")
        for c, label in enumerate(labels):
            ws.write_string(row, c, label, self.f.th)
        self.column_numbers(ws, row + 1, ("1", "2", "3", "4", "5=4/3", "6", "7"))
        ws.repeat_rows(row, row + 1)
        ws.freeze_panes(row + 2, 0)
        row += 2
        first = row
        for s in self.r.sasaran:
            n = len(s.indicators)
            self.merged_text(ws, row, 0, n, f"{s.no}. {s.text}" if s.text else s.no, self.f.td)
            for k, ind in enumerate(s.indicators):
                r = row + k
                assert rows[id(ind)] == r
                unit = self.unit_format(ind.satuan, _decimals(ind))
                self.text_cell(ws, r, 1, ind.indikator, self.f.td)
                self.write_number(ws, r, 2, ind.target, unit)
                computed = self.res.of(ind)
                # The realisasi s.d. tribulan from the one computation: the typed value in a version-1
                # file, the quarters added up by the Cara Hitung in a year workbook.
                self.write_number(ws, r, 3, computed.realisasi, unit)
                value = computed.capaian
                t_ref, r_ref = xl_rowcol_to_cell(r, 2), xl_rowcol_to_cell(r, 3)
                ws.write_formula(r, 4, self.capaian_formula(ind, t_ref, r_ref), self.f.pct, _cached(value))
                note = ind.keterangan or ("-" if ind.arah != TURUN else "")
                if ind.arah == TURUN:
                    note = (note + "; " if note else "") + "Arah turun: capaian = (2×3−4)/3"
                self.text_cell(ws, r, 5, note, self.f.td)
                band = computed.predikat
                ws.write_formula(r, 6, self.predikat_formula(xl_rowcol_to_cell(r, 4)), self.f.td_center,
                                 band.label if band else "-")
            row += n
        if row > first:
            self.predikat_colours(ws, first, row - 1, 6)
        self.scale_legend(ws, row + 1)
        self.signature_block(ws, row + 2 + len(self.opt.config.scale.bands), 7)

    def predikat_formula(self, ref: str) -> str:
        bands = self.opt.config.scale.bands
        expr = f'"{_q(bands[-1].label)}"'
        for band in reversed(bands[:-1]):
            expr = f'IF({ref}>{_num(band.above)},"{_q(band.label)}",{expr})'
        return f'=IF(ISNUMBER({ref}),{expr},"-")'

    def predikat_colours(self, ws, first, last, col):
        for band in self.opt.config.scale.bands:
            fmt = self.wb.add_format({"bg_color": band.color})
            ws.conditional_format(first, col, last, col, {
                "type": "cell", "criteria": "==", "value": f'"{_q(band.label)}"', "format": fmt,
            })

    def scale_legend(self, ws, row):
        ws.write_string(row, 0, "Skala predikat capaian:", self.f.note_bold)
        bands = self.opt.config.scale.bands
        for i, band in enumerate(bands):
            if i == len(bands) - 1:
                text = f"≤ {_pct_text(bands[i - 1].above)}" if i else "semua"
            elif i == 0:
                text = f"> {_pct_text(band.above)}"
            else:
                text = f"> {_pct_text(band.above)} s.d. {_pct_text(bands[i - 1].above)}"
            ws.write_string(row + 1 + i, 0, text, self.f.note)
            ws.write_string(row + 1 + i, 1, band.label, self.wb.add_format({"font_name": FONT, "bg_color": band.color}))

    def realisasi_anggaran(self) -> tuple[int, int] | None:
        ws = self.sheet(ANGGARAN_OUT, (6, 52, 12, 18, 18, 13))
        row = self.header_block(ws, "REALISASI ANGGARAN KEGIATAN", 6)
        labels = ("No.", "Kegiatan", "No. Sasaran", "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)")
        for c, label in enumerate(labels):
            ws.write_string(row, c, label, self.f.th)
        self.column_numbers(ws, row + 1, ("1", "2", "3", "4", "5", "6=5/4"))
        ws.repeat_rows(row, row + 1)
        ws.freeze_panes(row + 2, 0)
        row += 2
        first = row
        for computed in self.res.kegiatan:
            k = computed.kegiatan
            self.kegiatan_cells(ws, row, k)
            self.write_number(ws, row, 4, computed.realisasi, self.f.money)
            self.serapan_formula(ws, row, 5, row, computed.serapan, self.f.pct)
            row += 1
        total = self.res.total
        ws.merge_range(row, 0, row, 2, "Jumlah", self.f.total_label)
        self.sum_formula(ws, row, 3, first, row - 1, total.pagu)
        self.sum_formula(ws, row, 4, first, row - 1, total.realisasi)
        self.serapan_formula(ws, row, 5, row, total.serapan, self.f.pct_total)
        self.signature_block(ws, row + 1, 6)
        return (first, row - 1) if row > first else None

    def serapan_formula(self, ws, row, col, src_row, value, fmt, p_col=3, r_col=4):
        p = xl_rowcol_to_cell(src_row, p_col)
        r = xl_rowcol_to_cell(src_row, r_col)
        ws.write_formula(row, col, f'=IF(N({p})=0,"-",{r}/{p})', fmt, _cached(value))

    def cost_per_outcome(self, cap_rows: dict[int, int], kegiatan_range: tuple[int, int] | None) -> None:
        ws = self.sheet(CPO, (6, 40, 40, 16, 16, 11, 15, 15, 11, 12))
        row = self.header_block(ws, "TABEL COST PER OUTCOME", 10)
        top = row
        for c, label in ((0, "No"), (1, "Sasaran/ Program/ Kegiatan"), (2, "Indikator Kinerja"), (9, "Efisiensi (%)")):
            ws.merge_range(row, c, row + 1, c, label, self.f.th)
        ws.merge_range(row, 3, row, 5, "Anggaran", self.f.th)
        ws.merge_range(row, 6, row, 8, "Kinerja", self.f.th)
        for c, label in zip(range(3, 9), ("P", "R", "C (%)", "T", "R", "%")):
            ws.write_string(row + 1, c, label, self.f.th)
        self.column_numbers(ws, row + 2, ("1", "2", "3", "4", "5", "6=5/4", "7", "8", "9=8/7", "10=9-6"))
        ws.repeat_rows(top, row + 2)
        ws.freeze_panes(row + 3, 0)
        row += 3
        first = row
        src = quote_sheetname(ANGGARAN_OUT)
        cap_sheet = quote_sheetname(CAPAIAN)
        for computed_sasaran in self.res.sasaran:
            s, budget = computed_sasaran.sasaran, computed_sasaran.budget
            n = len(s.indicators)
            self.merged_text(ws, row, 0, n, _number_or_text(s.no), self.f.td_center)
            self.merged_text(ws, row, 1, n, s.text, self.f.td)
            no_ref = xl_rowcol_to_cell(row, 0)
            for col, value, letter in ((3, budget.pagu, "D"), (4, budget.realisasi, "E")):
                if n > 1:
                    ws.merge_range(row, col, row + n - 1, col, "", self.f.money)
                if kegiatan_range is None:
                    ws.write_number(row, col, 0, self.f.money)
                else:
                    a, b = kegiatan_range[0] + 1, kegiatan_range[1] + 1
                    formula = f"=SUMIF({src}!$C${a}:$C${b},{no_ref},{src}!${letter}${a}:${letter}${b})"
                    ws.write_formula(row, col, formula, self.f.money, value)
            if n > 1:
                ws.merge_range(row, 5, row + n - 1, 5, "", self.f.pct)
            self.serapan_formula(ws, row, 5, row, budget.serapan, self.f.pct)
            c_ref = xl_rowcol_to_cell(row, 5)
            for k, ind in enumerate(s.indicators):
                r = row + k
                src_row = cap_rows[id(ind)] + 1
                unit = self.unit_format(ind.satuan, _decimals(ind))
                self.text_cell(ws, r, 2, ind.indikator, self.f.td)
                # A plain =Capaian!D5 turns a blank into 0; copy blanks as "-" so every formula here
                # recomputes to the value it carries.
                for col, value, letter in ((6, ind.target, "C"), (7, self.res.of(ind).realisasi, "D")):
                    ref = f"{cap_sheet}!{letter}{src_row}"
                    ws.write_formula(r, col, f'=IF(ISNUMBER({ref}),{ref},"-")', unit, _cached(value))
                computed = computed_sasaran.indicators[k]
                t_ref, r_ref = xl_rowcol_to_cell(r, 6), xl_rowcol_to_cell(r, 7)
                ws.write_formula(r, 8, self.capaian_formula(ind, t_ref, r_ref), self.f.pct, _cached(computed.capaian))
                eff = computed.efisiensi
                pct_ref = xl_rowcol_to_cell(r, 8)
                ws.write_formula(
                    r, 9, f'=IF(AND(ISNUMBER({pct_ref}),ISNUMBER({c_ref})),{pct_ref}-{c_ref},"-")',
                    self.f.pct, _cached(eff),
                )
            row += n
        total = self.res.total
        ws.merge_range(row, 0, row, 2, "Jumlah", self.f.total_label)
        self.sum_formula(ws, row, 3, first, row - 1, total.pagu)
        self.sum_formula(ws, row, 4, first, row - 1, total.realisasi)
        self.serapan_formula(ws, row, 5, row, total.serapan, self.f.pct_total)
        for c in range(6, 10):
            ws.write_blank(row, c, None, self.f.total_label)
        ws.write_string(row + 1, 0, "Efisiensi = capaian kinerja (9) − serapan anggaran (6), dalam poin persen.",
                        self.f.note)
        self.signature_block(ws, row + 2, 10)

    def narasi(self) -> None:
        ws = self.sheet(NARASI_OUT, (28, 100))
        row = self.header_block(ws, "EVALUASI DAN ANALISIS KINERJA", 2)
        titles = {"evaluasi": "Evaluasi dan Analisis", "hambatan": "Hambatan", "rencana": "Rencana Tindak Lanjut"}
        for key, title in titles.items():
            if key in self.r.narasi:
                ws.write_string(row, 0, title, self.f.th)
                self.text_cell(ws, row, 1, self.r.narasi[key], self.f.td)
                row += 1
        self.signature_block(ws, row, 2)

    def validasi(self) -> None:
        ws = self.sheet(VALIDASI, (5, 12, 24, 12, 8, 22, 90))
        row = self.header_block(ws, "HASIL VALIDASI ISIAN", 7)
        findings = sort_findings(self.opt.findings)
        if not findings:
            ws.merge_range(row, 0, row, 6, "Tidak ada temuan: semua pemeriksaan lolos.", self.f.ok)
            return
        for c, label in enumerate(("No", "Tingkat", "Kode", "Lembar", "Sel", "Nilai", "Pesan")):
            ws.write_string(row, c, label, self.f.th)
        ws.repeat_rows(row)
        ws.freeze_panes(row + 1, 0)
        ws.autofilter(row, 0, row + len(findings), 6)
        for n, f in enumerate(findings, 1):
            r = row + n
            sev_fmt = {"error": self.f.sev_error, "warning": self.f.sev_warning}.get(f.severity, self.f.td_center)
            ws.write_number(r, 0, n, self.f.td_center)
            ws.write_string(r, 1, SEVERITY_LABEL[f.severity], sev_fmt)
            self.text_cell(ws, r, 2, f.code, self.f.td)
            ws.write_string(r, 3, f.sheet or "", self.f.td)
            if f.cell and f.sheet and self.opt.source_link:
                target = f"external:{self.opt.source_link}#{quote_sheetname(f.sheet)}!{f.cell}"
                ws.write_url(r, 4, target, self.f.link, f.cell, f"Buka sel {f.cell} di berkas isian")
            else:
                ws.write_string(r, 4, f.cell or "", self.f.td_center)
            ws.write_string(r, 5, f.value or "", self.f.td)
            self.text_cell(ws, r, 6, f.message, self.f.td)


_CELL = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}


class _Formats:
    def __init__(self, wb):
        add = wb.add_format
        self.h1 = add({"font_name": FONT, "bold": True, "font_size": 12, "align": "center"})
        self.h2 = add({"font_name": FONT, "bold": True, "font_size": 11, "align": "center"})
        self.small_center = add({"font_name": FONT, "font_size": 9, "align": "center"})
        self.title = add({"font_name": FONT, "bold": True, "font_size": 12, "align": "center", "underline": 1})
        self.subtitle = add({"font_name": FONT, "font_size": 11, "align": "center"})
        self.draft = add({"font_name": FONT, "bold": True, "font_size": 14, "align": "center",
                          "font_color": "#C00000", "bg_color": "#FFE5E5", "border": 2, "border_color": "#C00000"})
        self.th = add({**_CELL, "bold": True, "align": "center", "bg_color": "#D9D9D9"})
        self.colnum = add({**_CELL, "italic": True, "align": "center", "font_size": 8, "bg_color": "#F2F2F2"})
        self.td = add({**_CELL, "valign": "top"})
        self.td_center = add({**_CELL, "align": "center", "valign": "top"})
        self.money = add({**_CELL, "num_format": MONEY})
        self.money_total = add({**_CELL, "num_format": MONEY, "bold": True})
        self.pct = add({**_CELL, "num_format": PERCENT, "align": "center"})
        self.pct_total = add({**_CELL, "num_format": PERCENT, "align": "center", "bold": True})
        self.total_label = add({**_CELL, "bold": True, "align": "center"})
        self.sign = add({"font_name": FONT, "font_size": 11, "align": "center"})
        self.sign_name = add({"font_name": FONT, "font_size": 11, "align": "center", "bold": True, "underline": 1})
        self.note = add({"font_name": FONT, "font_size": 9, "italic": True})
        self.note_bold = add({"font_name": FONT, "font_size": 9, "bold": True})
        self.ok = add({**_CELL, "bold": True, "align": "center", "bg_color": "#C6EFCE"})
        self.link = add({**_CELL, "align": "center", "font_color": "blue", "underline": 1})
        self.sev_error = add({**_CELL, "align": "center", "bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})
        self.sev_warning = add({**_CELL, "align": "center", "font_color": "#9C5700", "bg_color": "#FFEB9C"})


def _cached(value, default="-"):
    """The value a formula carries for viewers that do not recalculate; "-" mirrors the formula's own
    answer when there is nothing to divide by."""
    if value is None:
        return default
    return value


def _decimals(ind: Indicator) -> int:
    values = [v for v in (ind.target, ind.realisasi) if v is not None]
    return 0 if all(float(v).is_integer() for v in values) else 2


def _number_or_text(key: str):
    return int(key) if ascii_digits(key) and len(key) < 10 else key


def _num(value: float) -> str:
    return repr(round(value, 10)).rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _q(text: str) -> str:
    return text.replace('"', '""')


def _pct_text(fraction: float) -> str:
    return f"{fraction * 100:g}%".replace(".", ",")


def _nip_line(nip: str) -> str:
    from .nip import format_nip

    if nip and ascii_digits(nip) and len(nip) == 18:
        return f"NIP. {format_nip(nip)}"
    return f"NIP. {nip}" if nip else "NIP."


def _escape_hf(text: str) -> str:
    return text.replace("&", "&&")


_FOOTER_PAGES = "&R&8Halaman &P dari &N"
FOOTER_LIMIT = 255  # Excel's limit; xlsxwriter warns and drops a longer footer, page numbers with it


def _footer(title: str) -> str:
    """The page-number footer, with the title shortened (ending in "…") so the whole stays within
    Excel's 255 characters: a long Unit Kerja must never cost the page numbers."""
    room = FOOTER_LIMIT - len("&L&8") - len(_FOOTER_PAGES)
    text = _escape_hf(title)
    if len(text) > room:
        cut = title
        while len(_escape_hf(cut)) > room - 1:
            cut = cut[:-1]
        text = _escape_hf(cut.rstrip()) + "…"
    return f"&L&8{text}{_FOOTER_PAGES}"


def link_target(source: Path, output: Path) -> str:
    """The input's path relative to the output's folder when they share a drive, so the Validasi
    links keep working when both folders are copied together."""
    try:
        return os.path.relpath(source.resolve(), output.resolve().parent)
    except ValueError:  # different drives on Windows
        return str(source.resolve())
