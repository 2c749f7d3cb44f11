"""Perkembangan (year workbook): per indicator, TW I to IV target, realisasi and capaian.

Each indicator is a block of six rows: the quarter cells as typed (Target, Realisasi: the inputs
every s.d. formula of the workbook reads, Capaian Kinerja's included), and the live formulas over
them (Target and Realisasi s.d. TW by the Cara Hitung; capaian against the target s.d. TW and
against the yearly target, Arah and cap applied). The yearly target is read from Capaian Kinerja's
Target Tahun cell (one cell less per line: a 1,000-indicator sheet is some 36,000 cells, and every
cell costs writing time). Quarters after the report's tribulan keep their plan only. The charts
follow the table (perkembangan_charts.py)."""

from __future__ import annotations

import math

from xlsxwriter.utility import quote_sheetname, xl_col_to_name

from ..cells import ref as cell_ref
from ..compute import report_tribulan
from ..findings import show_value
from ..periods import roman
from . import formulas, pagination, perkembangan_charts, quarter_formulas, textfit
from .book import DEFAULT_HEIGHT
from .capaian import CAPAIAN
from .signature import signature_block

CAPAIAN_REF = quote_sheetname(CAPAIAN)

PERKEMBANGAN = "Perkembangan"
WIDTHS = (42, 26, 14, 14, 14, 14)
NCOLS = len(WIDTHS)
TW_COL = 2  # column of TW I; TW q is column TW_COL + q - 1
BLOCK = 6
TARGET, TARGET_SD, REALISASI, REALISASI_SD, CAPAIAN_SD, CAPAIAN_TAHUNAN = range(BLOCK)
_TW_LETTERS = tuple(xl_col_to_name(TW_COL + k) for k in range(4))
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
    return [f"{PERKEMBANGAN}!{cell_ref(first_row + line, TW_COL + q - 1)}" for q in range(1, upto + 1)]


def write(book, rows: dict[int, int], cap_rows: dict[int, int], target_col: int) -> None:
    """`cap_rows`, `target_col`: where Capaian Kinerja holds each indicator's yearly target."""
    f = book.f
    ws = book.sheet(PERKEMBANGAN, WIDTHS)
    row = book.header_block(ws, "PERKEMBANGAN CAPAIAN KINERJA PER TRIBULAN", NCOLS)
    for c, label in enumerate(("Indikator Kinerja", "Uraian", *(f"TW {roman(q)}" for q in range(1, 5)))):
        ws.write_string(row, c, label, f.th)
    book.repeat_rows(ws, row)
    ws.freeze_panes(row + 1, TW_COL)
    tw = report_tribulan(book.r)
    cap = book.opt.config.capaian_cap
    blocks = []
    for n, (s, ind) in enumerate(book.r.indicators(), 1):
        first = rows[id(ind)]
        book.block(ws, first)
        year_ref = f"{CAPAIAN_REF}!{cell_ref(cap_rows[id(ind)], target_col, True, True)}"
        _block(book, ws, first, n, s, ind, book.res.of(ind), tw, cap, year_ref)
        blocks.append((first, n, ind))
    row = header_row(book) + 1 + BLOCK * len(blocks)
    row = perkembangan_charts.write(book, ws, row + 1, header_row(book), blocks)
    signature_block(book, ws, row, NCOLS)


def _fits_block(book, text: str) -> bool:
    """True when `text` surely fits the block's six default rows, without wrapping it word by word
    (that measuring was a third of writing a 1,000-indicator sheet). A wrapped line breaks only
    when the next word does not fit, so it holds at least the room less one word and a space."""
    room = pagination.column_points(WIDTHS[0]) - textfit.CELL_PADDING
    space = textfit.word_units(" ")
    lines = 0
    for paragraph in text.split("\n"):
        # widths in whole units from the cached word widths: the same floats as text_width gives
        # for the word and the paragraph, without measuring the paragraph character by character
        units = [textfit.word_units(w) for w in paragraph.split(" ")]
        longest = max(units) * 10 / 1000 + textfit.text_width(" ", 10)
        if longest >= room:
            return False
        width = (sum(units) + space * (len(units) - 1)) * 10 / 1000
        lines += max(1, math.ceil(width / (room - longest)))
    return textfit.row_height(lines) <= BLOCK * DEFAULT_HEIGHT


def _block(book, ws, first, n, s, ind, computed, tw, cap, year_ref) -> None:
    f = book.f
    unit = book.unit_format(ind)
    target = "-" if ind.target is None else show_value(ind.target)
    about = (f"Sasaran {s.no}; target tahun {target} {ind.satuan}; {computed.cara_hitung or '-'}; "
             f"arah {ind.arah}")
    text = f"{n}. {ind.indikator}\n({' '.join(about.split())})"
    ws.merge_range(first, 0, first + BLOCK - 1, 0, "", f.td)
    ws.write_string(first, 0, text, f.td)
    if not _fits_block(book, text):
        book.need(ws, first, 0, text, rows=BLOCK)
    for line, label in enumerate(LABELS):
        ws.write_string(first + line, 1, label, f.td)
    cara = computed.cara_hitung
    # every line's TW I..IV cells, named once per block (not once per quarter and line)
    names = [[f"{letter}{first + line + 1}" for letter in _TW_LETTERS] for line in range(BLOCK)]
    for quarter in computed.quarters:
        q, col = quarter.tw, TW_COL + quarter.tw - 1
        book.write_number(ws, first + TARGET, col, quarter.target, unit)
        book.write_number(ws, first + REALISASI, col, quarter.realisasi, unit)
        t_cells = names[TARGET][:q]
        t_sd = names[TARGET_SD][q - 1]
        ws.write_formula(first + TARGET_SD, col, "=" + quarter_formulas.upto(t_cells, cara), unit,
                         formulas.cached(quarter.target_sd))
        if q > tw:  # not part of this report: left blank, so the chart shows a gap, not 0
            for line in (REALISASI_SD, CAPAIAN_SD, CAPAIAN_TAHUNAN):
                ws.write_blank(first + line, col, None, f.td)
            continue
        r_cells = names[REALISASI][:q]
        r_sd = names[REALISASI_SD][q - 1]
        ws.write_formula(first + REALISASI_SD, col, "=" + quarter_formulas.upto(r_cells, cara), unit,
                         formulas.cached(quarter.realisasi_sd))
        ws.write_formula(first + CAPAIAN_SD, col, formulas.capaian(ind, t_sd, r_sd, cap), f.pct,
                         formulas.cached(quarter.capaian_sd))
        ws.write_formula(first + CAPAIAN_TAHUNAN, col, formulas.capaian(ind, year_ref, r_sd, cap), f.pct,
                         formulas.cached(quarter.capaian_tahunan))
