"""Realisasi Anggaran: each kegiatan's pagu, realisasi and serapan `6=5/4`, with Jumlah."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname

from ..compute import report_tribulan
from . import formulas, quarter_formulas, serapan_quarters
from .signature import signature_block

ANGGARAN_OUT = "Realisasi Anggaran"


def write(book) -> tuple[int, int] | None:
    """Returns the kegiatan rows (first, last), which Cost per Outcome sums over with SUMIF."""
    f = book.f
    ws = book.sheet(ANGGARAN_OUT, (6, 52, 12, 18, 18, 13))
    row = book.header_block(ws, "REALISASI ANGGARAN KEGIATAN", 6)
    labels = ("No.", "Kegiatan", "No. Sasaran", "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)")
    for c, label in enumerate(labels):
        ws.write_string(row, c, label, f.th)
    book.column_numbers(ws, row + 1, ("1", "2", "3", "4", "5", "6=5/4"))
    book.repeat_rows(ws, row, row + 1)
    ws.freeze_panes(row + 2, 0)
    row += 2
    first = row
    tw = report_tribulan(book.r)
    # In a year workbook the realisasi s.d. TW of a kegiatan with quarters is a SUM over its
    # quarter cells on Cost per Outcome, whose rows are known once that sheet is written (link_quarters).
    live = serapan_quarters.wanted(book.r)
    for computed in book.res.kegiatan:
        book.block(ws, row)
        book.kegiatan_cells(ws, row, computed.kegiatan)
        if not (live and serapan_quarters.from_quarters(computed, tw)):
            book.write_number(ws, row, 4, computed.realisasi, f.money)
        book.serapan_cell(ws, row, 5, computed.serapan, f.pct)
        row += 1
    book.keep_tail(ws, first, row)
    total = book.res.total
    ws.merge_range(row, 0, row, 2, "Jumlah", f.total_label)
    book.sum_formula(ws, row, 3, first, row - 1, total.pagu)
    book.sum_formula(ws, row, 4, first, row - 1, total.realisasi)
    book.serapan_cell(ws, row, 5, total.serapan, f.pct_total)
    signature_block(book, ws, row + 1, 6)
    return (first, row - 1) if row > first else None


def link_quarters(book, kegiatan_range: tuple[int, int], spent_rows: list[int]) -> None:
    """The realisasi s.d. TW left for it by `write`: SUM of TW I..the tribulan of each kegiatan's
    Realisasi line on Cost per Outcome (`spent_rows`, in book.res.kegiatan's order)."""
    from .cost_outcome import CPO

    ws = book.wb.get_worksheet_by_name(ANGGARAN_OUT)
    tw = report_tribulan(book.r)
    sheet = quote_sheetname(CPO)
    for i, (computed, spent) in enumerate(zip(book.res.kegiatan, spent_rows)):
        if serapan_quarters.from_quarters(computed, tw):
            cells = serapan_quarters.spent_refs(sheet, spent, tw)
            ws.write_formula(kegiatan_range[0] + i, 4, "=" + quarter_formulas.money_upto(cells), book.f.money,
                             formulas.cached(computed.realisasi))
