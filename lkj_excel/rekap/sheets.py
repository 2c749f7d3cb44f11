"""The rekap's sheets: Ringkasan over the detail sheets, Rincian Kinerja, Rincian Anggaran, Perkembangan
and Validasi. Every computed cell is a live formula carrying the value consolidation computed, so a
viewer that does not recalculate shows the same numbers (held to it by the LibreOffice test).

Ringkasan finds a unit's rows on the detail sheets by its number (column "No. Unit"), not by position:
sorting or filtering the detail sheets in Excel does not change the summary.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell

from ..config import Config
from ..model import TURUN
from ..periods import roman
from .book import Layout
from .consolidate import GALAT, PERINGATAN, Entry, Rekap, quarter_averages

RINGKASAN = "Ringkasan"
KINERJA = "Rincian Kinerja"
ANGGARAN = "Rincian Anggaran"
PERKEMBANGAN = "Perkembangan"
VALIDASI = "Validasi"
MAX_LINKS = 60_000  # Excel allows 65,530 hyperlinks per sheet


@dataclass(frozen=True)
class Column:
    """An absolute range on a detail sheet: 'Rincian Kinerja'!$A$9:$A$20."""

    sheet: str
    col: int
    first: int
    last: int

    def __str__(self) -> str:
        letter = xl_col_to_name(self.col)
        return f"{quote_sheetname(self.sheet)}!${letter}${self.first + 1}:${letter}${self.last + 1}"


class Sheets:
    def __init__(self, layout: Layout, rekap: Rekap, config: Config, output: str):
        self.L, self.r, self.config, self.f = layout, rekap, config, layout.f
        self.output_dir = os.path.dirname(os.path.abspath(output))
        self.summary_rows: dict[int, int] = {}  # entry no -> its row on Ringkasan

    # -- Rincian Kinerja ----------------------------------------------------------------------

    def kinerja(self, ws) -> tuple[Column, Column, Column]:
        row = self.L.header_block(ws, "RINCIAN CAPAIAN KINERJA PER UNIT", 11)
        labels = ("No. Unit", "Perangkat Daerah", "Unit Kerja", "TW", "Sasaran", "Indikator Kinerja", "Satuan",
                  "Target", "Realisasi", "Capaian (%)", "Predikat")
        for c, label in enumerate(labels):
            ws.write_string(row, c, label, self.f.th)
        ws.repeat_rows(row)
        ws.freeze_panes(row + 1, 0)
        first = r = row + 1
        for e in self.r.entries:
            u = e.unit
            for ind in u.indicators:
                self._unit_cells(ws, r, e)
                ws.write_string(r, 4, f"{ind.sasaran_no}. {ind.sasaran}" if ind.sasaran else ind.sasaran_no, self.f.td)
                ws.write_string(r, 5, ind.indikator, self.f.td)
                ws.write_string(r, 6, ind.satuan, self.f.td_center)
                self._number(ws, r, 7, ind.target)
                self._number(ws, r, 8, ind.realisasi)
                t, x = xl_rowcol_to_cell(r, 7), xl_rowcol_to_cell(r, 8)
                ws.write_formula(r, 9, self._capaian(ind.arah, t, x), self.f.pct, _cached(ind.capaian))
                ws.write_formula(r, 10, self._predikat(xl_rowcol_to_cell(r, 9)), self.f.td_center,
                                 ind.predikat or "-")
                r += 1
        last = max(first, r - 1)
        ws.autofilter(row, 0, last, 10)
        for band in self.config.scale.bands:
            ws.conditional_format(first, 10, last, 10, {
                "type": "cell", "criteria": "==", "value": f'"{_q(band.label)}"',
                "format": self.L.wb.add_format({"bg_color": band.color})})
        ws.body = (first, r)
        self.L.signature_block(ws, last + 1, 11)
        return Column(KINERJA, 0, first, last), Column(KINERJA, 9, first, last), Column(KINERJA, 10, first, last)

    def _unit_cells(self, ws, r: int, e: Entry) -> None:
        ws.write_number(r, 0, e.no, self.f.td_center)
        ws.write_string(r, 1, e.unit.perangkat_daerah, self.f.td)
        ws.write_string(r, 2, e.unit.unit_kerja, self.f.td)
        ws.write_string(r, 3, roman(e.unit.tribulan), self.f.td_center)

    def _number(self, ws, r, c, value) -> None:
        if value is None:
            ws.write_blank(r, c, None, self.f.number)
        else:
            ws.write_number(r, c, value, self.f.number if float(value).is_integer() else self.f.decimal)

    def _capaian(self, arah: str, t: str, x: str) -> str:
        """The unit workbook's capaian formula: the same cap, the same guards for a blank or zero target."""
        core = f"MAX(0,(2*{t}-{x})/{t})" if arah == TURUN else f"{x}/{t}"
        if self.config.capaian_cap is not None:
            core = f"MIN({_num(self.config.capaian_cap)},{core})"
        return f'=IF(N({t})=0,"-",IF(ISNUMBER({x}),{core},"-"))'

    def _predikat(self, ref: str) -> str:
        bands = self.config.scale.bands
        expr = f'"{_q(bands[-1].label)}"'
        for band in reversed(bands[:-1]):
            expr = f'IF({ref}>{_num(band.above)},"{_q(band.label)}",{expr})'
        return f'=IF(ISNUMBER({ref}),{expr},"-")'

    # -- Rincian Anggaran ---------------------------------------------------------------------

    def anggaran(self, ws) -> tuple[Column, Column, Column]:
        row = self.L.header_block(ws, "RINCIAN REALISASI ANGGARAN PER UNIT", 10)
        labels = ("No. Unit", "Perangkat Daerah", "Unit Kerja", "TW", "No.", "Kegiatan", "No. Sasaran",
                  "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)")
        for c, label in enumerate(labels):
            ws.write_string(row, c, label, self.f.th)
        ws.repeat_rows(row)
        ws.freeze_panes(row + 1, 0)
        first = r = row + 1
        for e in self.r.entries:
            for k in e.unit.kegiatan:
                self._unit_cells(ws, r, e)
                ws.write_string(r, 4, k.no, self.f.td_center)
                ws.write_string(r, 5, k.nama, self.f.td)
                ws.write_string(r, 6, k.sasaran_no, self.f.td_center)
                self._money(ws, r, 7, k.pagu)
                self._money(ws, r, 8, k.realisasi)
                self._serapan(ws, r, 9, r, k.serapan, self.f.pct, 7, 8)
                r += 1
        last = max(first, r - 1)
        ws.autofilter(row, 0, last, 9)
        t = self.r.totals
        ws.merge_range(last + 1, 0, last + 1, 6, "Jumlah", self.f.total_label)
        for c, value in ((7, t.pagu), (8, t.realisasi)):
            rng = f"{xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(last, c)}"
            ws.write_formula(last + 1, c, f"=SUM({rng})", self.f.total_money, value)
        self._serapan(ws, last + 1, 9, last + 1, t.serapan, self.f.total_pct, 7, 8)
        ws.body = (first, r)
        self.L.signature_block(ws, last + 2, 10)
        return Column(ANGGARAN, 0, first, last), Column(ANGGARAN, 7, first, last), Column(ANGGARAN, 8, first, last)

    def _money(self, ws, r, c, value) -> None:
        if value is None:
            ws.write_blank(r, c, None, self.f.money)
        else:
            ws.write_number(r, c, value, self.f.money)

    def _serapan(self, ws, r, c, src_row, value, fmt, p_col, r_col) -> None:
        p, x = xl_rowcol_to_cell(src_row, p_col), xl_rowcol_to_cell(src_row, r_col)
        ws.write_formula(r, c, f'=IF(N({p})=0,"-",{x}/{p})', fmt, _cached(value))

    # -- Ringkasan ----------------------------------------------------------------------------

    def ringkasan(self, ws, kinerja: tuple[Column, Column, Column], anggaran: tuple[Column, Column, Column]) -> None:
        bands = self.r.band_labels
        n = 12 + len(bands)
        row = self.L.header_block(ws, "REKAPITULASI CAPAIAN KINERJA DAN REALISASI ANGGARAN", n)
        before = ("No.", "Perangkat Daerah", "Unit Kerja", "TW", "Jumlah Indikator", "Rata-rata Capaian (%)")
        after = ("Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)", "Efisiensi (%)", "Status", "Berkas")
        for c, label in enumerate(before):
            ws.merge_range(row, c, row + 1, c, label, self.f.th)
        ws.merge_range(row, 6, row, 5 + len(bands), "Jumlah Indikator per Predikat", self.f.th)
        for k, label in enumerate(bands):
            ws.write_string(row + 1, 6 + k, label, self.f.th)
        for k, label in enumerate(after):
            c = 6 + len(bands) + k
            ws.merge_range(row, c, row + 1, c, label, self.f.th)
        ws.repeat_rows(row, row + 1)
        ws.freeze_panes(row + 2, 3)
        key, cap, pred = (str(c) for c in kinerja)
        a_key, a_pagu, a_real = (str(c) for c in anggaran)
        pc = 6 + len(bands)  # the pagu column
        first = r = row + 2
        for e in self.r.entries:
            self.summary_rows[e.no] = r
            u, me = e.unit, f"$A{r + 1}"
            ws.write_number(r, 0, e.no, self.f.td_center)
            ws.write_string(r, 1, u.perangkat_daerah, self.f.td)
            ws.write_string(r, 2, u.unit_kerja, self.f.td)
            ws.write_string(r, 3, roman(u.tribulan), self.f.td_center)
            ws.write_formula(r, 4, f"=COUNTIF({key},{me})", self.f.number, e.indicators)
            # AVERAGEIF skips the "-" of an incomputable capaian and is #DIV/0! when none is left. Not
            # COUNTIFS(...,"<>-"): the `formulas` engine counts that criterion wrongly.
            ws.write_formula(r, 5, f'=IFERROR(AVERAGEIF({key},{me},{cap}),"-")',
                             self.f.pct, _cached(e.average))
            for k, label in enumerate(bands):
                ws.write_formula(r, 6 + k, f'=COUNTIFS({key},{me},{pred},"={_criterion(label)}")', self.f.number,
                                 e.counts[k])
            ws.write_formula(r, pc, f"=SUMIF({a_key},{me},{a_pagu})", self.f.money, u.pagu)
            ws.write_formula(r, pc + 1, f"=SUMIF({a_key},{me},{a_real})", self.f.money, u.realisasi)
            self._serapan(ws, r, pc + 2, r, u.serapan, self.f.pct, pc, pc + 1)
            self._efisiensi(ws, r, pc + 3, xl_rowcol_to_cell(r, 5), xl_rowcol_to_cell(r, pc + 2), e.efisiensi,
                            self.f.pct)
            ws.write_string(r, pc + 4, "DRAF" if e.draft else "Lolos", self.f.status_draft if e.draft else self.f.td_center)
            ws.write_string(r, pc + 5, os.path.basename(u.source), self.f.td)
            r += 1
        last = r - 1
        t = self.r.totals
        ws.merge_range(r, 0, r, 3, "Jumlah / Rata-rata", self.f.total_label)
        col_sum = lambda c: f"=SUM({xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(max(first, last), c)})"  # noqa: E731
        ws.write_formula(r, 4, col_sum(4), self.f.total_number, t.indicators)
        ws.write_formula(r, 5, f'=IF(COUNT({cap})=0,"-",AVERAGE({cap}))', self.f.total_pct, _cached(t.average))
        for k in range(len(bands)):
            ws.write_formula(r, 6 + k, col_sum(6 + k), self.f.total_number, t.counts[k])
        ws.write_formula(r, pc, col_sum(pc), self.f.total_money, t.pagu)
        ws.write_formula(r, pc + 1, col_sum(pc + 1), self.f.total_money, t.realisasi)
        self._serapan(ws, r, pc + 2, r, t.serapan, self.f.total_pct, pc, pc + 1)
        self._efisiensi(ws, r, pc + 3, xl_rowcol_to_cell(r, 5), xl_rowcol_to_cell(r, pc + 2), t.efisiensi,
                        self.f.total_pct)
        for c in (pc + 4, pc + 5):
            ws.write_blank(r, c, None, self.f.total_label)
        notes = ("Rata-rata capaian per unit: rata-rata capaian indikator yang dapat dihitung; baris Jumlah / "
                 "Rata-rata: rata-rata seluruh indikator.",
                 "Efisiensi = rata-rata capaian − serapan anggaran, dalam poin persen.")
        for k, text in enumerate(notes, 1):
            ws.write_string(r + k, 0, text, self.f.note)
        ws.body = (first, last + 1)
        self.L.signature_block(ws, r + len(notes), n)

    def _efisiensi(self, ws, r, c, cap_ref, ser_ref, value, fmt) -> None:
        ws.write_formula(r, c, f'=IF(AND(ISNUMBER({cap_ref}),ISNUMBER({ser_ref})),{cap_ref}-{ser_ref},"-")', fmt,
                         _cached(value))

    def summary_ref(self, entry_no: int, col: int) -> str:
        return f"{quote_sheetname(RINGKASAN)}!{xl_rowcol_to_cell(self.summary_rows[entry_no], col, True, True)}"

    # -- Perkembangan -------------------------------------------------------------------------

    def perkembangan(self, ws) -> tuple[int, int, int]:
        """Capaian and serapan per TW, per unit; returns (first row, last unit row, average row)."""
        quarters = self.r.quarters
        nq = len(quarters)
        ncols = 3 + 2 * nq
        row = self.L.header_block(ws, "PERKEMBANGAN CAPAIAN KINERJA DAN SERAPAN ANGGARAN PER TRIBULAN", ncols)
        for c, label in enumerate(("No.", "Perangkat Daerah", "Unit Kerja")):
            ws.merge_range(row, c, row + 1, c, label, self.f.th)
        ws.merge_range(row, 3, row, 2 + nq, "Rata-rata Capaian (%)", self.f.th)
        ws.merge_range(row, 3 + nq, row, 2 + 2 * nq, "Serapan Anggaran (%)", self.f.th)
        for k, q in enumerate(quarters):
            ws.write_string(row + 1, 3 + k, f"TW {roman(q)}", self.f.th)
            ws.write_string(row + 1, 3 + nq + k, f"TW {roman(q)}", self.f.th)
        ws.repeat_rows(row, row + 1)
        ws.freeze_panes(row + 2, 3)
        serapan_col = 8 + len(self.r.band_labels)  # Ringkasan's serapan column
        first = r = row + 2
        for n, trend in enumerate(self.r.trend, 1):
            ws.write_number(r, 0, n, self.f.td_center)
            ws.write_string(r, 1, trend.perangkat_daerah, self.f.td)
            ws.write_string(r, 2, trend.unit_kerja, self.f.td)
            for k, q in enumerate(quarters):
                e = trend.by_tribulan.get(q)
                for c, col, value in ((3 + k, 5, e and e.average), (3 + nq + k, serapan_col, e and e.unit.serapan)):
                    if e is None:  # blank, not "-": the trend chart leaves a gap instead of plotting 0%
                        ws.write_blank(r, c, None, self.f.td_center)
                    else:
                        ref = self.summary_ref(e.no, col)
                        ws.write_formula(r, c, f"={ref}", self.f.pct, _cached(value))
            r += 1
        last = r - 1
        ws.merge_range(r, 0, r, 2, "Rata-rata seluruh unit", self.f.total_label)
        averages = quarter_averages(self.r)
        for k, q in enumerate(quarters):
            for c, value in ((3 + k, averages[q][0]), (3 + nq + k, averages[q][1])):
                rng = f"{xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(max(first, last), c)}"
                ws.write_formula(r, c, f'=IF(COUNT({rng})=0,"-",AVERAGE({rng}))', self.f.total_pct, _cached(value))
        ws.write_string(r + 1, 0, "Sel '-': unit itu tidak punya laporan tribulan tersebut di rekap ini.", self.f.note)
        ws.body = (first, last + 1)
        self.L.signature_block(ws, r + 1, ncols)
        return first, last, r

    # -- Validasi -----------------------------------------------------------------------------

    def validasi(self, ws) -> None:
        row = self.L.header_block(ws, "HASIL VALIDASI REKAP", 7)
        issues = self.r.issues
        if not issues:
            ws.merge_range(row, 0, row, 6, "Tidak ada temuan: semua berkas terbaca dan lolos pemeriksaan.", self.f.ok)
            self.L.signature_block(ws, row, 7)
            return
        for c, label in enumerate(("No", "Tingkat", "Jenis", "Berkas", "Unit Kerja", "TW", "Keterangan")):
            ws.write_string(row, c, label, self.f.th)
        ws.repeat_rows(row)
        ws.freeze_panes(row + 1, 0)
        ws.autofilter(row, 0, row + len(issues), 6)
        links = 0
        for n, issue in enumerate(issues, 1):
            r = row + n
            sev = {GALAT: self.f.sev_galat, PERINGATAN: self.f.sev_peringatan}.get(issue.severity, self.f.td_center)
            ws.write_number(r, 0, n, self.f.td_center)
            ws.write_string(r, 1, issue.severity, sev)
            ws.write_string(r, 2, issue.kind, self.f.td)
            name = os.path.basename(issue.source) if issue.source else ""
            target = self._link(issue)
            if target and links < MAX_LINKS and len(target) < 2000:
                tip = f"Buka sel {issue.cell} di berkas ini" if issue.cell else "Buka berkas ini"
                ws.write_url(r, 3, target, self.f.link, name, tip)
                links += 1
            else:
                ws.write_string(r, 3, name, self.f.td)
            ws.write_string(r, 4, issue.unit, self.f.td)
            ws.write_string(r, 5, roman(issue.tribulan) if issue.tribulan else "", self.f.td_center)
            ws.write_string(r, 6, issue.message, self.f.td)
        ws.body = (row + 1, row + 1 + len(issues))
        self.L.signature_block(ws, row + len(issues), 7)

    def _link(self, issue) -> str | None:
        if not issue.source:
            return None
        try:
            path = os.path.relpath(os.path.abspath(issue.source), self.output_dir)
        except ValueError:  # another drive on Windows
            path = os.path.abspath(issue.source)
        target = f"external:{path}"
        if issue.sheet and issue.cell:
            target += f"#{quote_sheetname(issue.sheet)}!{issue.cell}"
        return target


def _cached(value, default="-"):
    return default if value is None else value


def _num(value: float) -> str:
    return repr(round(value, 10)).rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _q(text: str) -> str:
    return text.replace('"', '""')


def _criterion(label: str) -> str:
    """A predikat label as an exact COUNTIFS criterion: ~ * ? are wildcards there, quotes are doubled."""
    return _q(label.replace("~", "~~").replace("*", "~*").replace("?", "~?"))
