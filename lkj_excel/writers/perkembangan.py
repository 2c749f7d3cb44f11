"""Perkembangan (year workbook): per indicator, TW I to IV target, realisasi and capaian.

Each indicator is a block of six rows: the quarter cells as typed (Target, Realisasi: the inputs
every s.d. formula of the workbook reads, Capaian Kinerja's included), and the live formulas over
them (Target and Realisasi s.d. TW by the Cara Hitung; capaian against the target s.d. TW and
against the yearly target, Arah and cap applied). Quarters after the report's tribulan keep their
plan only. The charts follow the table (perkembangan_charts.py)."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..compute import report_tribulan
from ..periods import roman
from . import formulas, perkembangan_charts, quarter_formulas
from .signature import signature_block

PERKEMBANGAN = "Perkembangan"
WIDTHS = (5, 40, 24, 13, 13, 13, 13, 14)
NCOLS = len(WIDTHS)
TW_COL = 3  # column of TW I; TW q is column TW_COL + q - 1
YEAR_COL = 7  # the yearly (PK) target, merged over the block
BLOCK = 6
TARGET, TARGET_SD, REALISASI, REALISASI_SD, CAPAIAN_SD, CAPAIAN_TAHUNAN = range(BLOCK)
LABELS = ("Target", "Target s.d. TW", "Realisasi", "Realisasi s.d. TW", "Capaian thd target s.d. TW (%)",
          "Capaian thd target tahunan (%)")


def header_row(book) -> int:
    return book.header_height()


def sheet_rows(book) -> dict[int, int]:
    """First row of each indicator's block (by id), known before writing: Capaian Kinerja's s.d.
    formulas read the quarter cells here."""
    start = header_row(book) + 1
    return {id(ind): start + BLOCK * n for n, (_, ind) in enumerate(book.r.indicators())}


def quarter_refs(first_row: int, line: int, upto: int) -> list[str]:
    """Cells of TW I..TW `upto` on one line of a block, qualified with this sheet's name."""
    return [f"{PERKEMBANGAN}!{xl_rowcol_to_cell(first_row + line, TW_COL + q - 1)}" for q in range(1, upto + 1)]


def write(book, rows: dict[int, int]) -> None:
    f = book.f
    ws = book.sheet(PERKEMBANGAN, WIDTHS)
    row = book.header_block(ws, "PERKEMBANGAN CAPAIAN KINERJA PER TRIBULAN", NCOLS)
    for c, label in enumerate(("No", "Indikator Kinerja", "Uraian", *(f"TW {roman(q)}" for q in range(1, 5)),
                               "Target Tahun")):
        ws.write_string(row, c, label, f.th)
    book.repeat_rows(ws, row)
    ws.freeze_panes(row + 1, 3)
    tw = report_tribulan(book.r)
    cap = book.opt.config.capaian_cap
    blocks = []
    for n, (s, ind) in enumerate(book.r.indicators(), 1):
        first = rows[id(ind)]
        book.block(ws, first)
        _block(book, ws, first, n, s, ind, book.res.of(ind), tw, cap)
        blocks.append((first, n, ind))
    row = header_row(book) + 1 + BLOCK * len(blocks)
    row = perkembangan_charts.write(book, ws, row + 1, header_row(book), blocks)
    signature_block(book, ws, row, NCOLS)


def _block(book, ws, first, n, s, ind, computed, tw, cap) -> None:
    f = book.f
    unit = book.unit_format(ind)
    book.merged_text(ws, first, 0, BLOCK, n, f.td_center)
    about = f"Sasaran {s.no}; satuan {ind.satuan or '-'}; {computed.cara_hitung or '-'}; arah {ind.arah}"
    text = f"{ind.indikator}\n({about})"
    ws.merge_range(first, 1, first + BLOCK - 1, 1, "", f.td)
    ws.write_string(first, 1, text, f.td)
    book.need(ws, first, 1, text, rows=BLOCK)
    for line, label in enumerate(LABELS):
        ws.write_string(first + line, 2, label, f.td)
    ws.merge_range(first, YEAR_COL, first + BLOCK - 1, YEAR_COL, "", unit)
    book.write_number(ws, first, YEAR_COL, ind.target, unit)
    year_ref = xl_rowcol_to_cell(first, YEAR_COL)
    cara = computed.cara_hitung
    for quarter in computed.quarters:
        q, col = quarter.tw, TW_COL + quarter.tw - 1
        book.write_number(ws, first + TARGET, col, quarter.target, unit)
        book.write_number(ws, first + REALISASI, col, quarter.realisasi, unit)
        t_cells = [xl_rowcol_to_cell(first + TARGET, TW_COL + k) for k in range(q)]
        t_sd = xl_rowcol_to_cell(first + TARGET_SD, col)
        ws.write_formula(first + TARGET_SD, col, "=" + quarter_formulas.upto(t_cells, cara), unit,
                         formulas.cached(quarter.target_sd))
        if q > tw:  # not part of this report: left blank, so the chart shows a gap, not 0
            for line in (REALISASI_SD, CAPAIAN_SD, CAPAIAN_TAHUNAN):
                ws.write_blank(first + line, col, None, f.td)
            continue
        r_cells = [xl_rowcol_to_cell(first + REALISASI, TW_COL + k) for k in range(q)]
        r_sd = xl_rowcol_to_cell(first + REALISASI_SD, col)
        ws.write_formula(first + REALISASI_SD, col, "=" + quarter_formulas.upto(r_cells, cara), unit,
                         formulas.cached(quarter.realisasi_sd))
        ws.write_formula(first + CAPAIAN_SD, col, formulas.capaian(ind, t_sd, r_sd, cap), f.pct,
                         formulas.cached(quarter.capaian_sd))
        ws.write_formula(first + CAPAIAN_TAHUNAN, col, formulas.capaian(ind, year_ref, r_sd, cap), f.pct,
                         formulas.cached(quarter.capaian_tahunan))
