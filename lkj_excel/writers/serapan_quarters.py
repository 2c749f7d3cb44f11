"""Serapan by quarter (year workbook with quarterly Anggaran): the second table of Cost per Outcome.

One block of rows per kegiatan, then the Jumlah block, over the columns TW I..IV:
- Realisasi (Rp): the money spent in the quarter, as typed. These are the quarter cells every
  formula of the block reads (and the Jumlah sums by their label);
- Realisasi s.d. TW: SUM of TW I..q, and Serapan s.d. TW against the pagu;
- when the input has Rencana TW columns (anggaran kas): the plan as typed, the plan s.d. TW and the
  serapan against it.
Quarters after the report's tribulan are not part of it: their realisasi lines are left blank (no
formula, no value); the plan is known for the whole year and is shown for every quarter.

Every cached value is compute.MoneyQuarter's (compute.Results): the writer computes nothing."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..compute import report_tribulan
from ..periods import roman
from ..quarters import KUMULATIF
from . import formulas, quarter_formulas
from .book import DEFAULT_HEIGHT, H12, number_or_text
from .pagination import place

# Labels are also the SUMIF criteria of the Jumlah block: each must be unique and free of the
# criteria's wildcards (* ? ~) and leading operators.
SPENT, SPENT_SD, SERAPAN_SD = "Realisasi (Rp)", "Realisasi s.d. TW (Rp)", "Serapan s.d. TW (% pagu)"
PLAN, PLAN_SD, SERAPAN_PLAN = "Rencana / anggaran kas (Rp)", "Rencana s.d. TW (Rp)", "Serapan thd rencana s.d. TW (%)"
NO_COL, NAME_COL, LABEL_COL, PAGU_COL, TW_COL = 0, 1, 2, 3, 4  # TW q is column TW_COL + q - 1
NCOLS = TW_COL + 4
_TW_LETTERS = tuple(xl_col_to_name(TW_COL + k) for k in range(4))


def wanted(report) -> bool:
    """Only a year workbook whose Anggaran has quarterly realisasi gains the table."""
    return any(k.realisasi_tw for k in report.kegiatan)


def lines(report) -> tuple[str, ...]:
    with_plan = any(k.rencana_tw for k in report.kegiatan)
    return (SPENT, SPENT_SD, SERAPAN_SD, *((PLAN, PLAN_SD, SERAPAN_PLAN) if with_plan else ()))


def write(book, ws, row: int, pager, sign_heights: list[float]) -> tuple[int, list[int]]:
    """The table from `row` (a blank row, then its title), its pages planned on `pager` with the
    signature block (`sign_heights`) kept with the Jumlah block. Returns the row after the table and
    each kegiatan's Realisasi line (0-based rows, in book.res.kegiatan's order): Realisasi Anggaran's
    realisasi s.d. TW is a SUM over it."""
    from .cost_outcome import spread  # the same row heights the main table predicts

    f = book.f
    tw = report_tribulan(book.r)
    names = lines(book.r)
    n = len(names)

    def head(r):
        for c, label in enumerate(("No", "Kegiatan", "Uraian", "Pagu (Rp)", *(f"TW {roman(q)}" for q in range(1, 5)))):
            ws.write_string(r, c, label, f.th)

    def heights(k=None):
        rows = [DEFAULT_HEIGHT] * n
        return rows if k is None else spread(book, rows, ((NO_COL, number_or_text(k.no)), (NAME_COL, k.nama)))

    copy = (head, [DEFAULT_HEIGHT])
    kegiatan = book.res.kegiatan  # wanted(): at least one
    # the gap, the title, the header and the first kegiatan together
    pager.place(row, [DEFAULT_HEIGHT, H12, DEFAULT_HEIGHT] + heights(kegiatan[0].kegiatan))
    row += 1
    ws.merge_range(row, 0, row, NCOLS - 1, f"SERAPAN ANGGARAN PER TRIBULAN (s.d. TW {roman(tw)})", f.title)
    book.set_height(ws, row, H12)
    head(row + 1)
    row += 2
    first = row
    spent_rows = []
    for i, computed in enumerate(kegiatan):
        k = computed.kegiatan
        if i:
            row = place(pager, row, heights(k), copy)
        _label_cells(book, ws, row, names, number_or_text(k.no), k.nama)
        spent_rows.append(row + names.index(SPENT))
        if n > 1:
            ws.merge_range(row, PAGU_COL, row + n - 1, PAGU_COL, "", f.money)
        book.write_number(ws, row, PAGU_COL, k.pagu, f.money)
        _quarters(book, ws, row, names, computed.quarters, tw, None)
        row += n
    last = row - 1
    row = place(pager, row, heights() + sign_heights, copy)  # Jumlah with the signature block
    total = book.res.total
    _label_cells(book, ws, row, names, "Jumlah", None)
    if n > 1:
        ws.merge_range(row, PAGU_COL, row + n - 1, PAGU_COL, "", f.money_total)
    pagu = [xl_rowcol_to_cell(r, PAGU_COL) for r in (first, last)]
    ws.write_formula(row, PAGU_COL, f"=SUM({pagu[0]}:{pagu[1]})", f.money_total, total.pagu)
    _quarters(book, ws, row, names, total.quarters, tw, (first, last))
    return row + n, spent_rows


def spent_refs(sheet: str, row: int, tw: int) -> list[str]:
    """TW I..TW `tw` of a kegiatan's Realisasi line, qualified with the sheet's name."""
    return [f"{sheet}!{xl_rowcol_to_cell(row, TW_COL + k)}" for k in range(tw)]


def from_quarters(computed, tw: int) -> bool:
    """Whether a kegiatan's realisasi s.d. TW is the sum of its quarters; without any quarter filled
    up to the tribulan it is the single Realisasi column (compute.kegiatan_realisasi)."""
    return any(v is not None for v in computed.kegiatan.realisasi_tw[:tw])


def _label_cells(book, ws, row, names, no, name) -> None:
    f = book.f
    n = len(names)
    if name is None:  # Jumlah: across No and Kegiatan
        ws.merge_range(row, NO_COL, row + n - 1, NAME_COL, "Jumlah", f.total_label)
    else:
        book.merged_text(ws, row, NO_COL, n, no, f.td_center)
        book.merged_text(ws, row, NAME_COL, n, name, f.td)
    for line, label in enumerate(names):
        ws.write_string(row + line, LABEL_COL, label, f.total_label if name is None else f.td)


def _quarters(book, ws, row, names, quarters, tw, sums) -> None:
    """One block's quarter cells. `sums`: the kegiatan rows the Jumlah block adds up (None for a
    kegiatan, whose Realisasi and Rencana lines are the typed values)."""
    f = book.f
    money, pct = (f.money, f.pct) if sums is None else (f.money_total, f.pct_total)
    at = {name: row + line for line, name in enumerate(names)}
    pagu = xl_rowcol_to_cell(row, PAGU_COL, True, True)
    refs = {name: [f"{letter}{r + 1}" for letter in _TW_LETTERS] for name, r in at.items()}  # named once
    for mq in quarters:
        q, col = mq.tw, TW_COL + mq.tw - 1

        def cells(line):  # TW I..q of one line of this block
            return refs[line][:q]

        def typed(line, value):
            if sums is None:
                book.write_number(ws, at[line], col, value, money)
            else:
                ws.write_formula(at[line], col, _sum_of(sums, line, col), money, formulas.cached(value))

        if PLAN in at:
            typed(PLAN, mq.rencana)
            ws.write_formula(at[PLAN_SD], col, "=" + quarter_formulas.upto(cells(PLAN), KUMULATIF), money,
                             formulas.cached(mq.rencana_sd))
        if q > tw:
            for line in (SPENT, SPENT_SD, SERAPAN_SD, SERAPAN_PLAN):
                if line in at:
                    ws.write_blank(at[line], col, None, f.td)
            continue
        typed(SPENT, mq.realisasi)
        spent_sd = refs[SPENT_SD][q - 1]
        ws.write_formula(at[SPENT_SD], col, "=" + quarter_formulas.money_upto(cells(SPENT)), money,
                         formulas.cached(mq.realisasi_sd))
        ws.write_formula(at[SERAPAN_SD], col, formulas.serapan(pagu, spent_sd), pct, formulas.cached(mq.serapan_sd))
        if PLAN in at:
            plan_sd = refs[PLAN_SD][q - 1]
            ws.write_formula(at[SERAPAN_PLAN], col, formulas.serapan(plan_sd, spent_sd), pct,
                             formulas.cached(mq.serapan_rencana))


def _sum_of(sums, line, col) -> str:
    """The Jumlah of one quarter of a typed line: the kegiatan lines with that label, added up; "-"
    when none of them holds a value (compute's column sum is None then). SUMPRODUCT counts the
    numbers, as both engines agree on it (the `formulas` package miscounts COUNTIFS "<>")."""
    a, b = sums
    labels = f"{xl_rowcol_to_cell(a, LABEL_COL, True, True)}:{xl_rowcol_to_cell(b, LABEL_COL, True, True)}"
    values = f"{xl_rowcol_to_cell(a, col, True)}:{xl_rowcol_to_cell(b, col, True)}"
    label = formulas.q(line)
    return (f'=IF(SUMPRODUCT(({labels}="{label}")*ISNUMBER({values}))=0,"-",'
            f'SUMIF({labels},"{label}",{values}))')
