"""Narasi: the input's evaluasi, hambatan and rencana tindak lanjut, when it has them.

A text longer than one piece (12 lines) continues in the rows below it, cut between lines, so
nothing is clipped, no row passes Excel's 409 points and every row can start a page; the title cell
runs down the pieces of one page, "(lanjutan)" on the next."""

from __future__ import annotations

from . import pagination, textfit
from .book import CONTINUED
from .signature import signature_block

NARASI_OUT = "Narasi"
TITLES = {"evaluasi": "Evaluasi dan Analisis", "hambatan": "Hambatan", "rencana": "Rencana Tindak Lanjut"}
WIDTHS = (28, 36, 64)
ROW_LINES = 12  # the text spans B:C; the signature's left block A:B, its right block C


def write(book) -> None:
    f = book.f
    ws = book.sheet(NARASI_OUT, WIDTHS)
    row = book.header_block(ws, "EVALUASI DAN ANALISIS KINERJA", 3)
    width = sum(pagination.column_points(w) for w in WIDTHS[1:])
    for key, title in TITLES.items():
        if key not in book.r.narasi:
            continue
        parts = chunks(book.r.narasi[key], width)
        # one title cell down the text's rows, cut per printed page: a continuation page reads
        # "Evaluasi dan Analisis (lanjutan)" once, beside the rest of the text
        book.merged(ws, row, 0, len(parts), f.th, lambda r, title=title: ws.write_string(r, 0, title, f.th),
                    f"{title} {CONTINUED}", title)
        book.need(ws, row, 0, title, bold=True)
        for part in parts:
            book.block(ws, row)
            ws.merge_range(row, 1, row, 2, "", f.td)
            ws.write_string(row, 1, part, f.td)
            book.need(ws, row, 1, part, span=2)
            row += 1
    signature_block(book, ws, row, 3, spans=((0, 1), (2, 2)))


def chunks(text: str, width: float) -> list[str]:
    """`text` in pieces that each fit one row of at most 409 points, cut where a line ends."""
    lines = textfit.wrap(text, width)
    # 12 lines (142 pt), well under Excel's 409: pages fill to within a piece of their foot
    per_row = min(textfit.max_lines(), ROW_LINES)
    if len(lines) <= per_row:
        return [text]
    out = []
    for i in range(0, len(lines), per_row):
        group = lines[i:i + per_row]
        piece = "".join(line + end for line, end in group[:-1]) + group[-1][0]
        out.append(piece)
    return out
