"""The charts under the Perkembangan table: per indicator, the realisasi s.d. TW against the target
s.d. TW by quarter, as xlsxwriter's native column charts over the table's own formula cells.

Four charts a printed page (two rows of two), each page a block the pagination planner keeps whole,
so no chart is cut by a page end. Only the first CHART_LIMIT indicators get a chart: a thousand charts
would make the file slow to open and the pages unreadable to page through; the note above the charts
says how many of how many, and the table holds every indicator."""

from __future__ import annotations

CHART_LIMIT = 24
CHART_ROWS = 14  # rows of 15 points a chart covers (210 pt, 280 px)
GRID_ROWS = CHART_ROWS + 1  # with a blank row under it
PER_PAGE = 4
CHART_WIDTH = 410  # px; two side by side fill the sheet's 898 px
RIGHT_COL = 2  # the right-hand chart starts at column C (486 px from the left)
TITLE_CHARS = 90


def write(book, ws, row: int, header: int, blocks) -> int:
    """Charts from `row` on for the first CHART_LIMIT of `blocks` ((first row, number, indicator));
    returns the row after them."""
    from .perkembangan import PERKEMBANGAN, REALISASI_SD, TARGET_SD, TW_COL

    if not blocks:
        return row
    shown = blocks[:CHART_LIMIT]
    note = "Grafik: realisasi s.d. tribulan dibandingkan target s.d. tribulan (Rencana Aksi)."
    if len(blocks) > len(shown):
        note += (f" Grafik dibuat untuk {len(shown)} indikator pertama dari {len(blocks)}; "
                 "angka semua indikator ada di tabel di atas.")
    book.block(ws, row)
    ws.write_string(row, 0, note, book.f.note)
    row += 1
    cats = [PERKEMBANGAN, header, TW_COL, header, TW_COL + 3]
    for k, (first, n, ind) in enumerate(shown):
        if k % PER_PAGE == 0 and k:
            book.block(ws, row)
        chart = book.wb.add_chart({"type": "column"})
        for line, name, color in ((TARGET_SD, "Target s.d. TW", "#A5A5A5"), (REALISASI_SD, "Realisasi s.d. TW", "#4472C4")):
            chart.add_series({"name": name, "categories": cats,
                              "values": [PERKEMBANGAN, first + line, TW_COL, first + line, TW_COL + 3],
                              "fill": {"color": color}, "gap": 80})
        chart.set_title({"name": _title(n, ind.indikator, ind.satuan), "name_font": {"size": 9, "bold": True}})
        chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True}, "num_font": {"size": 8}})
        chart.set_x_axis({"num_font": {"size": 8}})
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
        chart.set_size({"width": CHART_WIDTH, "height": CHART_ROWS * 20})
        ws.insert_chart(row, 0 if k % 2 == 0 else RIGHT_COL, chart, {"object_position": 1})
        if k % 2 == 1 or k == len(shown) - 1:
            row += GRID_ROWS
    return row


def _title(n: int, indikator: str, satuan: str) -> str:
    text = " ".join(indikator.split())
    if len(text) > TITLE_CHARS:
        text = text[:TITLE_CHARS - 1].rstrip() + "…"
    return f"{n}. {text}" + (f" ({satuan})" if satuan else "")

