"""Perjanjian Kinerja: the sasaran with their indicators and targets, then the kegiatan and their
anggaran with a SUM Jumlah.

Two tables on one sheet, so no repeated print rows (they would put the indicator header above the
kegiatan pages): the pages are planned while writing, and a page that continues a table starts with
a copy of that table's header. Jumlah's SUM runs over the kegiatan rows, copies included: SUM skips
their text."""

from __future__ import annotations

from . import signature
from .book import COLNUM_HEIGHT, CONTINUED, DEFAULT_HEIGHT, KEEP_ROWS, number_or_text
from .pagination import TALL_START, Pager, place as _place

PK = "Perjanjian Kinerja"
WIDTHS = (6, 48, 48, 18)
INDICATOR_HEAD = ("No.", "Sasaran", "Indikator Kinerja", "Target")
KEGIATAN_HEAD = ("No.", "Kegiatan", "Sasaran", "Anggaran (Rp)")


def write(book) -> None:
    f = book.f
    ws = book.sheet(PK, WIDTHS)
    row = book.header_block(ws, f"PERJANJIAN KINERJA TAHUN {book.ident.tahun or ''}", 4, period=False)
    pager = Pager(book.room(PK))
    written = book.sheet_heights(ws)[:row]
    pager.used = sum(written) + DEFAULT_HEIGHT * (row - len(written))  # the blank row under the title too

    def indicator_head(r):
        for c, label in enumerate(INDICATOR_HEAD):
            ws.write_string(r, c, label, f.th)
        book.column_numbers(ws, r + 1, ("1", "2", "3", "4"))

    def kegiatan_head(r):
        for c, label in enumerate(KEGIATAN_HEAD):
            ws.write_string(r, c, label, f.th)

    ind_head = (indicator_head, [DEFAULT_HEIGHT, COLNUM_HEIGHT])
    keg_head = (kegiatan_head, [DEFAULT_HEIGHT])
    sasaran = book.r.sasaran
    indicator_head(row)
    row += 2
    head_rows = [DEFAULT_HEIGHT, COLNUM_HEIGHT]
    for n, s in enumerate(sasaran):
        heights = _sasaran_heights(book, s)
        if sum(heights) > pager.room - sum(head_rows):
            row = _tall_sasaran(book, ws, pager, row, s, heights, ind_head, first=n == 0)
            continue
        # the header goes with the first sasaran, so it never ends a page alone
        row = _place(pager, row, (head_rows if n == 0 else []) + heights,
                     ind_head if n else None, lead=2 if n == 0 else 0)
        count = len(s.indicators)
        book.merged_text(ws, row, 0, count, number_or_text(s.no), f.td_center, more=str(s.no))
        book.merged_text(ws, row, 1, count, s.text, f.td)
        for k, ind in enumerate(s.indicators):
            book.text_cell(ws, row + k, 2, ind.indikator, f.td)
            book.write_number(ws, row + k, 3, ind.target, book.unit_format(ind))
        row += count

    kegiatan = book.r.kegiatan
    sign = signature.heights(book, PK, 4)
    keg_heights = [book.text_height(PK, 1, k.nama) for k in kegiatan]
    # gap + header + first kegiatan together; the last KEEP_ROWS kegiatan (all of them when fewer),
    # Jumlah and the signature together
    if len(kegiatan) <= KEEP_ROWS:
        tail_from = 0  # all placed with the first block
        first_block = [DEFAULT_HEIGHT, DEFAULT_HEIGHT] + keg_heights + [DEFAULT_HEIGHT] + sign
    else:
        tail_from = len(kegiatan) - KEEP_ROWS
        first_block = [DEFAULT_HEIGHT, DEFAULT_HEIGHT] + keg_heights[:1]
    row = _place(pager, row, first_block, None)
    row += 1
    kegiatan_head(row)
    row += 1
    first = row
    for n, k in enumerate(kegiatan):
        if n > 0 and n == tail_from:
            row = _place(pager, row, keg_heights[n:] + [DEFAULT_HEIGHT] + sign, keg_head)
        elif 0 < n < tail_from:
            row = _place(pager, row, [keg_heights[n]], keg_head)
        book.kegiatan_cells(ws, row, k)
        row += 1
    ws.merge_range(row, 0, row, 2, "Jumlah", f.total_label)
    book.sum_formula(ws, row, 3, first, row - 1, book.res.total.pagu)
    signature.signature_block(book, ws, row + 1, 4)
    book.breaks[PK] = pager.breaks


def _tall_sasaran(book, ws, pager: Pager, row: int, s, heights, ind_head, first: bool) -> int:
    """A sasaran taller than a page (the one allowed exception): its rows placed one by one, a
    page that continues it starting with the indicator header copy and its No/Sasaran cell again,
    the sasaran labelled "(lanjutan)". Returns the row after it."""
    f = book.f
    write_head, head_heights = ind_head
    if not first and pager.used > pager.room * TALL_START:
        pager.new_page(row, sum(head_heights))
        write_head(row)
        row += len(head_heights)
    pieces: list[list[int]] = []
    for k, ind in enumerate(s.indicators):
        lead = first and k == 0
        at = _place(pager, row, (head_heights if lead else []) + [heights[k]], None if lead else ind_head,
                    lead=len(head_heights) if lead else 0)
        if at != row or not pieces:
            pieces.append([at, 0])
        pieces[-1][1] += 1
        book.text_cell(ws, at, 2, ind.indikator, f.td)
        book.write_number(ws, at, 3, ind.target, book.unit_format(ind))
        row = at + 1
    for k, (at, count) in enumerate(pieces):
        text = s.text if k == 0 else f"{s.text} {CONTINUED}".strip()
        book.merged_text(ws, at, 0, count, number_or_text(s.no) if k == 0 else str(s.no), f.td_center)
        book.merged_text(ws, at, 1, count, text, f.td)
    # the last piece's sasaran text may need taller rows than its indicators: the page knows
    at, count = pieces[-1]
    short = book.text_height(PK, 1, text) - sum(heights[len(s.indicators) - count:])
    if short > 0:
        pager.used += short
    return row


def _sasaran_heights(book, s) -> list[float]:
    """What Book.sheet_heights will give these rows: each indicator's own need, the merged No and
    Sasaran cells' need spread evenly."""
    own = [max(DEFAULT_HEIGHT, book.text_height(PK, 2, ind.indikator)) for ind in s.indicators]
    return book.predicted_heights(PK, own, ((0, number_or_text(s.no)), (1, s.text)))
