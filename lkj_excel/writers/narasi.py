"""Narasi: the input's evaluasi, hambatan and rencana tindak lanjut, when it has them."""

from __future__ import annotations

from .signature import signature_block

NARASI_OUT = "Narasi"
TITLES = {"evaluasi": "Evaluasi dan Analisis", "hambatan": "Hambatan", "rencana": "Rencana Tindak Lanjut"}


def write(book) -> None:
    ws = book.sheet(NARASI_OUT, (28, 100))
    row = book.header_block(ws, "EVALUASI DAN ANALISIS KINERJA", 2)
    for key, title in TITLES.items():
        if key in book.r.narasi:
            ws.write_string(row, 0, title, book.f.th)
            book.text_cell(ws, row, 1, book.r.narasi[key], book.f.td)
            row += 1
    signature_block(book, ws, row, 2)
