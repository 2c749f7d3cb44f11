"""Cost per Outcome: per indicator, the sasaran's P and R (SUMIF over its kegiatan on Realisasi
Anggaran), C `6=5/4`, T and R (from Capaian Kinerja), % `9=8/7` and Efisiensi `10=9-6`.

A year workbook with quarterly Anggaran adds a second table below, the serapan by quarter
(serapan_quarters.py). Two tables on one sheet cannot share repeated print rows (the indicator
header would print above the kegiatan pages), so that sheet plans its pages while writing, as
Perjanjian Kinerja does: a page that continues a table starts with a copy of that table's header."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname

from ..cells import ref as cell_ref
from . import formulas, serapan_quarters, signature
from .anggaran import ANGGARAN_OUT
from .book import COLNUM_HEIGHT, DEFAULT_HEIGHT, number_or_text
from .capaian import CAPAIAN
from .pagination import Pager, place
from .signature import signature_block

CPO = "Cost per Outcome"
WIDTHS = (6, 40, 40, 16, 16, 11, 15, 15, 11, 12)
# With the serapan by quarter, columns F and I carry money too (TW II and the s.d. TW, up to
# 999.999.999.999 in #,##0) and widen; a version-1 sheet keeps its widths (and its bytes).
WIDTHS_QUARTERS = (6, 40, 40, 16, 16, 16, 15, 15, 16, 12)
NCOLS = len(WIDTHS)
HEAD_HEIGHTS = [DEFAULT_HEIGHT, DEFAULT_HEIGHT, COLNUM_HEIGHT]


def write(book, cap_rows: dict[int, int], kegiatan_range: tuple[int, int] | None,
          cap_cols: tuple[str, str] = ("C", "D")) -> list[int] | None:
    """`cap_cols`: the Capaian Kinerja columns of the yearly target and the realisasi s.d. TW.
    Returns, with the serapan by quarter, each kegiatan's Realisasi line (serapan_quarters.write)."""
    f = book.f
    quarters = serapan_quarters.wanted(book.r)
    ws = book.sheet(CPO, WIDTHS_QUARTERS if quarters else WIDTHS)
    row = book.header_block(ws, "TABEL COST PER OUTCOME", NCOLS)
    _head(book, ws, row)
    pager = None
    if quarters:
        pager = Pager(book.room(CPO))
        pager.used = sum(book.sheet_heights(ws)[:row])
    else:
        book.repeat_rows(ws, row, row + 2)
    ws.freeze_panes(row + 3, 0)
    row += 3
    first = row
    computed = book.res.sasaran
    head = (lambda r: _head(book, ws, r), HEAD_HEIGHTS)
    for i, computed_sasaran in enumerate(computed):
        if pager is None:
            book.block(ws, row)  # a sasaran's P/R/C stay on the page with its name
        else:
            # the header goes with the first sasaran; the last one with Jumlah and the note
            heights = (HEAD_HEIGHTS if i == 0 else []) + sasaran_heights(book, computed_sasaran.sasaran)
            heights += [DEFAULT_HEIGHT] * 2 if i == len(computed) - 1 else []
            row = place(pager, row, heights, head if i else None, lead=3 if i == 0 else 0)
        _sasaran(book, ws, row, computed_sasaran, cap_rows, kegiatan_range, cap_cols)
        row += len(computed_sasaran.sasaran.indicators)
    if pager is None:
        book.keep_tail(ws, first, row)
    elif not computed:
        place(pager, row, HEAD_HEIGHTS + [DEFAULT_HEIGHT] * 2, None, lead=3)
    total = book.res.total
    ws.merge_range(row, 0, row, 2, "Jumlah", f.total_label)
    book.sum_formula(ws, row, 3, first, row - 1, total.pagu)
    book.sum_formula(ws, row, 4, first, row - 1, total.realisasi)
    book.serapan_cell(ws, row, 5, total.serapan, f.pct_total)
    for c in range(6, 10):
        ws.write_blank(row, c, None, f.total_label)
    ws.write_string(row + 1, 0, "Efisiensi = capaian kinerja (9) − serapan anggaran (6), dalam poin persen.", f.note)
    row += 2
    spent_rows = None
    if pager is not None:
        row, spent_rows = serapan_quarters.write(book, ws, row, pager, signature.heights(book, CPO, NCOLS))
        book.breaks[CPO] = pager.breaks
    signature_block(book, ws, row, NCOLS)
    return spent_rows


def _head(book, ws, row) -> None:
    """The table header (two rows) and its column-number row; copied on top of a continued page
    when the sheet plans its own pages."""
    f = book.f
    for c, label in ((0, "No"), (1, "Sasaran/ Program/ Kegiatan"), (2, "Indikator Kinerja"), (9, "Efisiensi (%)")):
        ws.merge_range(row, c, row + 1, c, label, f.th)
    ws.merge_range(row, 3, row, 5, "Anggaran", f.th)
    ws.merge_range(row, 6, row, 8, "Kinerja", f.th)
    for c, label in zip(range(3, 9), ("P", "R", "C (%)", "T", "R", "%")):
        ws.write_string(row + 1, c, label, f.th)
    book.column_numbers(ws, row + 2, ("1", "2", "3", "4", "5", "6=5/4", "7", "8", "9=8/7", "10=9-6"))


def sasaran_heights(book, s) -> list[float]:
    """What Book.sheet_heights will give a sasaran's rows: each indicator's own need, then the
    merged No and Sasaran cells' need spread evenly."""
    own = [max(DEFAULT_HEIGHT, book.text_height(CPO, 2, ind.indikator)) for ind in s.indicators]
    return book.predicted_heights(CPO, own, ((0, number_or_text(s.no)), (1, s.text)))


def _sasaran(book, ws, row, computed_sasaran, cap_rows, kegiatan_range, cap_cols) -> None:
    f = book.f
    src = quote_sheetname(ANGGARAN_OUT)
    cap_sheet = quote_sheetname(CAPAIAN)
    s, budget = computed_sasaran.sasaran, computed_sasaran.budget
    n = len(s.indicators)
    # Cut by a page break (a sasaran taller than a page), the continuation repeats the number and
    # the sasaran "(lanjutan)" and leaves P, R and C blank: Jumlah's SUM must count them once.
    book.merged_text(ws, row, 0, n, number_or_text(s.no), f.td_center, more=str(s.no))
    book.merged_text(ws, row, 1, n, s.text, f.td)
    no_ref = cell_ref(row, 0)
    for col, value, letter in ((3, budget.pagu, "D"), (4, budget.realisasi, "E")):
        if kegiatan_range is None:
            book.merged(ws, row, col, n, f.money, lambda r, col=col: ws.write_number(r, col, 0, f.money))
        else:
            a, b = kegiatan_range[0] + 1, kegiatan_range[1] + 1
            formula = f"=SUMIF({src}!$C${a}:$C${b},{no_ref},{src}!${letter}${a}:${letter}${b})"
            book.merged(ws, row, col, n, f.money,
                        lambda r, col=col, formula=formula, value=value: ws.write_formula(r, col, formula, f.money, value))
    book.merged(ws, row, 5, n, f.pct, lambda r: book.serapan_cell(ws, r, 5, budget.serapan, f.pct))
    c_ref = cell_ref(row, 5)
    cap = book.opt.config.capaian_cap
    for k, ind in enumerate(s.indicators):
        r = row + k
        src_row = cap_rows[id(ind)] + 1
        unit = book.unit_format(ind)
        book.text_cell(ws, r, 2, ind.indikator, f.td)
        # A plain =Capaian!D5 turns a blank into 0; copy blanks as "-" so every formula here
        # recomputes to the value it carries.
        for col, value, letter in ((6, ind.target, cap_cols[0]), (7, book.res.of(ind).realisasi, cap_cols[1])):
            ref = f"{cap_sheet}!{letter}{src_row}"
            ws.write_formula(r, col, f'=IF(ISNUMBER({ref}),{ref},"-")', unit, formulas.cached(value))
        computed = computed_sasaran.indicators[k]
        t_ref, r_ref = cell_ref(r, 6), cell_ref(r, 7)
        ws.write_formula(r, 8, formulas.capaian(ind, t_ref, r_ref, cap), f.pct, formulas.cached(computed.capaian))
        pct_ref = cell_ref(r, 8)
        ws.write_formula(
            r, 9, f'=IF(AND(ISNUMBER({pct_ref}),ISNUMBER({c_ref})),{pct_ref}-{c_ref},"-")',
            f.pct, formulas.cached(computed.efisiensi),
        )
