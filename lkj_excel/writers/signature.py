"""The signature block under every printable sheet, as on the seed's lembar pengesahan."""

from __future__ import annotations

from ..cells import ascii_digits
from ..nip import format_nip
from ..periods import format_date_id


def signature_block(book, ws, row: int, ncols: int) -> None:
    """Left: the superior who acknowledges ("Mengetahui,"); right: place, date and the reporter."""
    i = book.ident
    row += 2
    mid = ncols // 2
    date_text = f"{i.tempat}, {format_date_id(i.tanggal)}" if i.tanggal else i.tempat
    blocks = (
        ((0, mid - 1), ["Mengetahui,", i.jabatan_atasan], i.nama_atasan, i.nip_atasan),
        ((mid, ncols - 1), [date_text, i.jabatan_pelapor], i.nama_pelapor, i.nip_pelapor),
    )
    for span, lines, name, nip in blocks:
        r = row
        for line in lines:
            book.wide(ws, r, span, line, book.f.sign)
            r += 1
        r += 3
        book.wide(ws, r, span, name, book.f.sign_name)
        book.wide(ws, r + 1, span, nip_line(nip), book.f.sign)


def nip_line(nip: str) -> str:
    if nip and ascii_digits(nip) and len(nip) == 18:
        return f"NIP. {format_nip(nip)}"
    return f"NIP. {nip}" if nip else "NIP."
