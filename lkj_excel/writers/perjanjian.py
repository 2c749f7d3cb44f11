"""Perjanjian Kinerja: the sasaran with their indicators and targets, then the kegiatan and their
anggaran with a SUM Jumlah."""

from __future__ import annotations

from .book import number_or_text
from .signature import signature_block

PK = "Perjanjian Kinerja"


def write(book) -> None:
    f = book.f
    ws = book.sheet(PK, (6, 48, 48, 18))
    year = book.ident.tahun or ""
    row = book.header_block(ws, f"PERJANJIAN KINERJA TAHUN {year}", 4)
    first_header = row
    for c, label in enumerate(("No.", "Sasaran", "Indikator Kinerja", "Target")):
        ws.write_string(row, c, label, f.th)
    book.column_numbers(ws, row + 1, ("1", "2", "3", "4"))
    ws.repeat_rows(first_header, row + 1)
    row += 2
    for s in book.r.sasaran:
        n = len(s.indicators)
        book.merged_text(ws, row, 0, n, number_or_text(s.no), f.td_center)
        book.merged_text(ws, row, 1, n, s.text, f.td)
        for k, ind in enumerate(s.indicators):
            book.text_cell(ws, row + k, 2, ind.indikator, f.td)
            book.write_number(ws, row + k, 3, ind.target, book.unit_format(ind))
        row += n
    row += 1
    for c, label in enumerate(("No.", "Kegiatan", "Sasaran", "Anggaran (Rp)")):
        ws.write_string(row, c, label, f.th)
    row += 1
    first = row
    for k in book.r.kegiatan:
        book.kegiatan_cells(ws, row, k)
        row += 1
    ws.merge_range(row, 0, row, 2, "Jumlah", f.total_label)
    book.sum_formula(ws, row, 3, first, row - 1, book.res.total.pagu)
    signature_block(book, ws, row + 1, 4)
