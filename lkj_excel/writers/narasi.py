"""Narasi: the input's evaluasi, hambatan and rencana tindak lanjut, when it has them.

A text longer than Excel's 409-point row continues in the rows below it, cut between lines, so
nothing is clipped and every row can start a page."""

from __future__ import annotations

from . import pagination, textfit
from .book import CONTINUED
from .signature import signature_block

NARASI_OUT = "Narasi"
TITLES = {"evaluasi": "Evaluasi dan Analisis", "hambatan": "Hambatan", "rencana": "Rencana Tindak Lanjut"}
WIDTHS = (28, 36, 64)
ROW_LINES = 24  # the text spans B:C; the signature's left block A:B, its right block C


def write(book) -> None:
    f = book.f
    ws = book.sheet(NARASI_OUT, WIDTHS)
    row = book.header_block(ws, "EVALUASI DAN ANALISIS KINERJA", 3)
    width = sum(pagination.column_points(w) for w in WIDTHS[1:])
    for key, title in TITLES.items():
        if key not in book.r.narasi:
            continue
        for k, part in enumerate(chunks(book.r.narasi[key], width)):
            book.block(ws, row)
            label = title if k == 0 else f"{title} {CONTINUED}"
            ws.write_string(row, 0, label, f.th)
            book.need(ws, row, 0, label, bold=True)
            ws.merge_range(row, 1, row, 2, "", f.td)
            ws.write_string(row, 1, part, f.td)
            book.need(ws, row, 1, part, span=2)
            row += 1
    signature_block(book, ws, row, 3, spans=((0, 1), (2, 2)))


def chunks(text: str, width: float) -> list[str]:
    """`text` in pieces that each fit one row of at most 409 points, cut where a line ends."""
    lines = textfit.wrap(text, width)
    # 24 lines (280 pt), well under Excel's 409: a piece also fits a page under the header block
    per_row = min(textfit.max_lines(), ROW_LINES)
    if len(lines) <= per_row:
        return [text]
    out = []
    for i in range(0, len(lines), per_row):
        group = lines[i:i + per_row]
        piece = "".join(line + end for line, end in group[:-1]) + group[-1][0]
        out.append(piece)
    return out
