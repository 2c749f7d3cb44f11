"""The signature block under every printable sheet, as on the seed's lembar pengesahan.

Its cells wrap, and its rows are as tall as the longest jabatan needs, so a long jabatan takes two
lines instead of being cut. The pagination planner keeps the block whole and with the table's last
rows (its rows are never a page's first block)."""

from __future__ import annotations

from ..cells import ascii_digits
from ..nip import format_nip
from ..periods import format_date_id

GAP = 2  # blank rows between the table and the block
SPACE = 3  # blank rows for the signature itself
SIZE = 11


def spans_for(ncols: int) -> tuple[tuple[int, int], tuple[int, int]]:
    mid = ncols // 2
    return (0, mid - 1), (mid, ncols - 1)


def _blocks(book, spans):
    i = book.ident
    date_text = f"{i.tempat}, {format_date_id(i.tanggal)}" if i.tanggal else i.tempat
    left, right = spans
    return (
        (left, ["Mengetahui,", i.jabatan_atasan], i.nama_atasan, i.nip_atasan),
        (right, [date_text, i.jabatan_pelapor], i.nama_pelapor, i.nip_pelapor),
    )


def signature_block(book, ws, row: int, ncols: int, spans=None) -> int:
    """Left: the superior who acknowledges ("Mengetahui,"); right: place, date and the reporter.
    Returns the block's last row."""
    row += GAP
    for span, lines, name, nip in _blocks(book, spans or spans_for(ncols)):
        r = row
        for line in lines:
            book.wide(ws, r, span, line, book.f.sign, size=SIZE)
            r += 1
        r += SPACE
        book.wide(ws, r, span, name, book.f.sign_name, size=SIZE, bold=True)
        book.wide(ws, r + 1, span, nip_line(nip), book.f.sign, size=SIZE)
    return row + 2 + SPACE + 1


def heights(book, name: str, ncols: int, spans=None) -> list[float]:
    """The block's row heights (gap rows included), known before it is written: Perjanjian Kinerja
    plans its pages ahead."""
    from .book import DEFAULT_HEIGHT

    rows = [DEFAULT_HEIGHT] * (GAP + 2 + SPACE + 2)
    for span, lines, person, nip in _blocks(book, spans or spans_for(ncols)):
        cells = [(GAP, lines[0], False), (GAP + 1, lines[1], False), (GAP + 2 + SPACE, person, True),
                 (GAP + 3 + SPACE, nip_line(nip), False)]
        for r, text, bold in cells:
            h = book.text_height(name, span[0], text or "", span[1] - span[0] + 1, SIZE, bold)
            rows[r] = max(rows[r], h)
    return rows


def nip_line(nip: str) -> str:
    if nip and ascii_digits(nip) and len(nip) == 18:
        return f"NIP. {format_nip(nip)}"
    return f"NIP. {nip}" if nip else "NIP."
