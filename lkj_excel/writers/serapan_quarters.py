"""Serapan by quarter (year workbook with quarterly Anggaran): the second table of Cost per Outcome.

Per kegiatan, then for the Jumlah, the quarters across (TW I..IV) and the report's s.d. TW at the
end, as a realisasi-anggaran-per-triwulan table reads:
- Realisasi (Rp): the money spent in each quarter, as typed (the quarter cells every formula reads,
  the Jumlah sums them by their label), its SUM s.d. TW and the serapan against the pagu;
- when the input has Rencana TW columns (anggaran kas), a second line: the plan as typed, its sum
  s.d. TW and the serapan against it (realisasi s.d. TW / rencana s.d. TW; for the Jumlah, the
  realisasi of the kegiatan that have a plan s.d. TW only).
Quarters after the report's tribulan are not part of it: their realisasi is left blank (no formula,
no value); the plan is known for the whole year and is shown for every quarter.

One line per kind of money rather than a line per running total: a kegiatan takes two rows instead
of six (the cumulative lines repeated the typed ones quarter by quarter), and the table holds less
than half the cells, which bench/year.py counts against the version-1 build.

Every cached value is compute.MoneyQuarter's (compute.Results): the writer computes nothing."""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from ..cells import ref as cell_ref
from ..compute import report_tribulan
from ..periods import roman
from ..quarters import KUMULATIF
from . import formulas, quarter_formulas
from .book import DEFAULT_HEIGHT, H12, number_or_text
from .pagination import place

# Labels are also the SUMIF criteria of the Jumlah block: each must be unique and free of the
# criteria's wildcards (* ? ~) and leading operators.
SPENT, PLAN = "Realisasi (Rp)", "Rencana / anggaran kas (Rp)"
NO_COL, NAME_COL, LABEL_COL, PAGU_COL, TW_COL = 0, 1, 2, 3, 4  # TW q is column TW_COL + q - 1
SD_COL, SERAPAN_COL = TW_COL + 4, TW_COL + 5
NCOLS = SERAPAN_COL + 1
_TW_LETTERS = tuple(xl_col_to_name(TW_COL + k) for k in range(4))


def wanted(report) -> bool:
    """Only a year workbook whose Anggaran has quarterly realisasi gains the table."""
    return any(k.realisasi_tw for k in report.kegiatan)


def lines(report) -> tuple[str, ...]:
    return (SPENT, PLAN) if any(k.rencana_tw for k in report.kegiatan) else (SPENT,)


def note(tw: int, with_plan: bool) -> str:
    sd = f"realisasi s.d. TW {roman(tw)}"
    if not with_plan:
        return f"Serapan (%) = {sd} ÷ pagu."
    return (f"Serapan (%) = {sd} ÷ pagu pada baris Realisasi, ÷ rencana s.d. TW {roman(tw)} pada baris Rencana "
            f"(pada Jumlah: realisasi kegiatan yang memiliki rencana).")


def write(book, ws, row: int, pager, sign_heights: list[float]) -> tuple[int, list[int]]:
    """The table from `row` (a blank row, then its title), its pages planned on `pager` with the
    signature block (`sign_heights`) kept with the Jumlah block and the note. Returns the row after
    the table and each kegiatan's Realisasi line (0-based rows, in book.res.kegiatan's order):
    Realisasi Anggaran's realisasi s.d. TW is a SUM over it."""
    f = book.f
    tw = report_tribulan(book.r)
    names = lines(book.r)
    n = len(names)

    def head(r):
        labels = ("No", "Kegiatan", "Uraian", "Pagu (Rp)", *(f"TW {roman(q)}" for q in range(1, 5)),
                  f"s.d. TW {roman(tw)} (Rp)", "Serapan (%)")
        for c, label in enumerate(labels):
            ws.write_string(r, c, label, f.th)

    def heights(k=None):
        rows = [DEFAULT_HEIGHT] * n
        return rows if k is None else book.predicted_heights(ws.name, rows, ((NO_COL, number_or_text(k.no)),
                                                                             (NAME_COL, k.nama)))

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
        spent_rows.append(row)
        if n > 1:
            ws.merge_range(row, PAGU_COL, row + n - 1, PAGU_COL, "", f.money)
        book.write_number(ws, row, PAGU_COL, k.pagu, f.money)
        _quarters(book, ws, row, n, computed.quarters, tw, None)
        row += n
    last = row - 1
    row = place(pager, row, heights() + [DEFAULT_HEIGHT] + sign_heights, copy)  # Jumlah, note, signature
    total = book.res.total
    _label_cells(book, ws, row, names, "Jumlah", None)
    if n > 1:
        ws.merge_range(row, PAGU_COL, row + n - 1, PAGU_COL, "", f.money_total)
    pagu = [cell_ref(r, PAGU_COL) for r in (first, last)]
    ws.write_formula(row, PAGU_COL, f"=SUM({pagu[0]}:{pagu[1]})", f.money_total, total.pagu)
    _quarters(book, ws, row, n, total.quarters, tw, (first, last))
    ws.write_string(row + n, 0, note(tw, n > 1), f.note)
    return row + n + 1, spent_rows


def spent_refs(sheet: str, row: int, tw: int) -> list[str]:
    """TW I..TW `tw` of a kegiatan's Realisasi line, qualified with the sheet's name."""
    return [f"{sheet}!{cell_ref(row, TW_COL + k)}" for k in range(tw)]


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


def _quarters(book, ws, row, n, quarters, tw, sums) -> None:
    """One block's quarter cells, its s.d. TW and serapan. `sums`: the kegiatan rows the Jumlah block
    adds up (None for a kegiatan, whose lines are the typed values)."""
    f = book.f
    money, pct = (f.money, f.pct) if sums is None else (f.money_total, f.pct_total)
    spent_row, plan_row = row, row + 1  # the plan line only when n == 2
    pagu = cell_ref(row, PAGU_COL, True, True)

    def typed(r, line, col, value):
        if sums is None:
            book.write_number(ws, r, col, value, money)
        else:
            ws.write_formula(r, col, _sum_of(sums, line, col), money, formulas.cached(value))

    for mq in quarters:
        col = TW_COL + mq.tw - 1
        if mq.tw <= tw:
            typed(spent_row, SPENT, col, mq.realisasi)
        else:
            ws.write_blank(spent_row, col, None, f.td if sums is None else f.total_label)
        if n > 1:
            typed(plan_row, PLAN, col, mq.rencana)
    at_tw = quarters[tw - 1]

    def upto(r):  # TW I..the tribulan of one line
        return [f"{letter}{r + 1}" for letter in _TW_LETTERS[:tw]]

    spent_sd = cell_ref(spent_row, SD_COL)
    ws.write_formula(spent_row, SD_COL, "=" + quarter_formulas.money_upto(upto(spent_row)), money,
                     formulas.cached(at_tw.realisasi_sd))
    ws.write_formula(spent_row, SERAPAN_COL, formulas.serapan(pagu, spent_sd), pct, formulas.cached(at_tw.serapan_sd))
    if n > 1:
        plan_sd = cell_ref(plan_row, SD_COL)
        ws.write_formula(plan_row, SD_COL,
                         "=" + quarter_formulas.upto(upto(plan_row), KUMULATIF),
                         money, formulas.cached(at_tw.rencana_sd))
        spent_of_planned = spent_sd if sums is None else _planned_spent(sums)
        ws.write_formula(plan_row, SERAPAN_COL, formulas.serapan(plan_sd, spent_of_planned), pct,
                         formulas.cached(at_tw.serapan_rencana))


def _planned_spent(sums) -> str:
    """The Jumlah's spending measured against the plan: the realisasi s.d. TW of each kegiatan whose
    plan s.d. TW is a number (compute._planned_spent). A kegiatan's plan line is the row under its
    Realisasi line, so the two ranges are one row apart; header copies are neither line."""
    a, b = sums
    labels = f"{cell_ref(a + 1, LABEL_COL, True, True)}:{cell_ref(b, LABEL_COL, True, True)}"
    plans = f"{cell_ref(a + 1, SD_COL, True)}:{cell_ref(b, SD_COL, True)}"
    spent = f"{cell_ref(a, SD_COL, True)}:{cell_ref(b - 1, SD_COL, True)}"
    return f'SUMPRODUCT(({labels}="{formulas.q(PLAN)}")*ISNUMBER({plans}),{spent})'


def _sum_of(sums, line, col) -> str:
    """The Jumlah of one quarter of a typed line: the kegiatan lines with that label, added up; "-"
    when none of them holds a value (compute's column sum is None then). SUMPRODUCT counts the
    numbers, as both engines agree on it (the `formulas` package miscounts COUNTIFS "<>")."""
    a, b = sums
    labels = f"{cell_ref(a, LABEL_COL, True, True)}:{cell_ref(b, LABEL_COL, True, True)}"
    values = f"{cell_ref(a, col, True)}:{cell_ref(b, col, True)}"
    label = formulas.q(line)
    return (f'=IF(SUMPRODUCT(({labels}="{label}")*ISNUMBER({values}))=0,"-",'
            f'SUMIF({labels},"{label}",{values}))')
