"""Capaian Kinerja: target, realisasi, capaian `5=4/3` (Turun: `(2T−R)/T`), keterangan and the
coloured predikat, with the predikat scale under the table."""

from __future__ import annotations

from ..cells import ref as cell_ref
from ..model import TURUN
from . import formulas
from .formats import FONT
from .signature import signature_block

CAPAIAN = "Capaian Kinerja"


def sheet_rows(book) -> dict[int, int]:
    """Row of each indicator on this sheet (by id), known before writing so the Cost per Outcome
    sheet can reference it."""
    start = book.header_height() + 2  # header row + column-number row
    return {id(ind): start + n for n, (_, ind) in enumerate(book.r.indicators())}


def write(book, rows: dict[int, int]) -> None:
    f = book.f
    ws = book.sheet(CAPAIAN, (42, 42, 16, 16, 13, 26, 16))
    row = book.header_block(ws, "TABEL CAPAIAN KINERJA", 7)
    labels = ("Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)", "Keterangan", "Predikat")
    for c, label in enumerate(labels):
        ws.write_string(row, c, label, f.th)
    book.column_numbers(ws, row + 1, ("1", "2", "3", "4", "5=4/3", "6", "7"))
    book.repeat_rows(ws, row, row + 1)
    ws.freeze_panes(row + 2, 0)
    row += 2
    first = row
    cap = book.opt.config.capaian_cap
    bands = book.opt.config.scale.bands
    for s in book.r.sasaran:
        n = len(s.indicators)
        book.block(ws, row)
        book.merged_text(ws, row, 0, n, f"{s.no}. {s.text}" if s.text else s.no, f.td)
        for k, ind in enumerate(s.indicators):
            r = row + k
            assert rows[id(ind)] == r
            unit = book.unit_format(ind)
            book.text_cell(ws, r, 1, ind.indikator, f.td)
            book.write_number(ws, r, 2, ind.target, unit)
            computed = book.res.of(ind)
            # The realisasi s.d. tribulan from the one computation: the typed value in a version-1
            # file, the quarters added up by the Cara Hitung in a year workbook.
            book.write_number(ws, r, 3, computed.realisasi, unit)
            t_ref, r_ref = cell_ref(r, 2), cell_ref(r, 3)
            ws.write_formula(r, 4, formulas.capaian(ind, t_ref, r_ref, cap), f.pct, formulas.cached(computed.capaian))
            book.text_cell(ws, r, 5, keterangan(ind), f.td)
            band = computed.predikat
            ws.write_formula(r, 6, formulas.predikat(bands, cell_ref(r, 4)), f.td_center,
                             band.label if band else "-")
        row += n
    if row > first:
        _colours(book, ws, first, row - 1, 6)
    book.keep_tail(ws, first, row)
    _legend(book, ws, row + 1)
    signature_block(book, ws, row + 2 + len(bands), 7)


def keterangan(ind, rule: str = "(2×3−4)/3") -> str:
    """The typed Keterangan, and for Turun the formula in the table's column numbers (`rule`)."""
    note = ind.keterangan or ("-" if ind.arah != TURUN else "")
    if ind.arah == TURUN:
        # a Keterangan that ends its own sentence is not followed by ";"
        joint = " " if note.rstrip().endswith((".", "!", "?", ";")) else "; "
        note = (note.rstrip() + joint if note else "") + f"Arah turun: capaian = {rule}"
    return note


def _colours(book, ws, first, last, col):
    for band in book.opt.config.scale.bands:
        fmt = book.wb.add_format({"bg_color": band.color})
        ws.conditional_format(first, col, last, col, {
            "type": "cell", "criteria": "==", "value": f'"{formulas.q(band.label)}"', "format": fmt,
        })


def _legend(book, ws, row, caption: str = "Skala predikat capaian:"):
    ws.write_string(row, 0, caption, book.f.note_bold)
    bands = book.opt.config.scale.bands
    for i, band in enumerate(bands):
        if i == len(bands) - 1:
            text = f"≤ {_pct_text(bands[i - 1].above)}" if i else "semua"
        elif i == 0:
            text = f"> {_pct_text(band.above)}"
        else:
            text = f"> {_pct_text(band.above)} s.d. {_pct_text(bands[i - 1].above)}"
        ws.write_string(row + 1 + i, 0, text, book.f.note)
        ws.write_string(row + 1 + i, 1, band.label, book.wb.add_format({"font_name": FONT, "bg_color": band.color}))


def _pct_text(fraction: float) -> str:
    return f"{fraction * 100:g}%".replace(".", ",")
