"""The Grafik sheet: xlsxwriter's native charts over a small data table of live references.

- average capaian per unit for the latest tribulan, as bars sorted from highest to lowest;
- serapan against capaian per unit (bars in pairs: the efisiensi picture);
- the trend by TW (average over units of capaian and serapan, plus one line per unit when there are
  few enough units to tell the lines apart), when the rekap spans more than one tribulan.
"""

from __future__ import annotations

from ..periods import roman
from .consolidate import Rekap
from .sheets import PERKEMBANGAN, Sheets

GRAFIK = "Grafik"
TREND_UNIT_LINES = 8
_PX_PER_ROW = 20


def grafik(ws, sheets: Sheets, rekap: Rekap, perkembangan_rows: tuple[int, int, int] | None) -> None:
    layout, f = sheets.L, sheets.f
    row = layout.header_block(ws, "GRAFIK CAPAIAN KINERJA DAN SERAPAN ANGGARAN", 9)
    latest = rekap.quarters[-1] if rekap.quarters else None
    entries = [e for e in rekap.entries if e.unit.tribulan == latest]
    # Highest first; a unit without a computable capaian last.
    entries.sort(key=lambda e: (e.average is None, -(e.average or 0), e.unit.unit_kerja))
    serapan_col = 8 + len(rekap.band_labels)
    n = len(entries)

    # One chart per printed page (A4 landscape holds about 33 rows of 20 px at this sheet's width):
    # charts stacked on one page were cramped, and a chart cut by a page break prints on neither page.
    small = n > 20  # many units: thinner bars and a smaller label font keep a chart on one page
    bar_height = _clamp(90 + 22 * n, 300, 520)
    both_height = _clamp(120 + 34 * n, 340, 620)
    trend_height = 480 if perkembangan_rows else 0
    pages = [row + _rows(bar_height) + 1]  # chart 2 starts a page
    if perkembangan_rows:
        pages.append(pages[-1] + _rows(both_height) + 1)
    table = pages[-1] + _rows(trend_height if perkembangan_rows else both_height) + 2
    pages.append(table - 1)  # the data table and the signature start a page
    ws.set_h_pagebreaks(pages)
    ws.write_string(table - 1, 0, f"Data grafik (Tribulan {roman(latest) if latest else '-'}, diambil dari lembar "
                                  f"Ringkasan):", f.note)
    for c, label in enumerate(("Peringkat", "Unit Kerja", "Rata-rata Capaian (%)", "Serapan (%)")):
        ws.write_string(table, c, label, f.th)
    for k, e in enumerate(entries, 1):
        r = table + k
        ws.write_number(r, 0, k, f.td_center)
        ws.write_string(r, 1, _label(e, several=not rekap.perangkat_daerah), f.td)
        ws.write_formula(r, 2, f"={sheets.summary_ref(e.no, 5)}", f.pct, _cached(e.average))
        ws.write_formula(r, 3, f"={sheets.summary_ref(e.no, serapan_col)}", f.pct, _cached(e.unit.serapan))
    last = table + max(n, 1)
    ws.body = (table + 1, table + 1 + n)  # after the forced chart pages, planned like a table
    cats = [GRAFIK, table + 1, 1, last, 1]
    label_font = {"size": 8 if small else 10}

    bar = layout.wb.add_chart({"type": "bar"})
    bar.add_series({"name": "Rata-rata capaian", "categories": cats, "values": [GRAFIK, table + 1, 2, last, 2],
                    "fill": {"color": "#4472C4"}, "gap": 60,
                    "data_labels": {"value": True, "num_format": "0.0%", "font": label_font}})
    bar.set_title({"name": "Rata-rata capaian kinerja per unit", "name_font": {"size": 12}})
    bar.set_x_axis({"num_format": "0%", "min": 0, "major_gridlines": {"visible": True}})
    bar.set_y_axis({"reverse": True, "num_font": label_font})  # the first (highest) unit on top
    bar.set_legend({"none": True})
    bar.set_size({"width": 900, "height": bar_height})
    ws.insert_chart(row, 0, bar)

    # Serapan against capaian: horizontal bars in pairs, so long unit names read level instead of slanted
    # under narrow columns.
    both = layout.wb.add_chart({"type": "bar"})
    for col, name, color in ((2, "Rata-rata capaian", "#4472C4"), (3, "Serapan anggaran", "#ED7D31")):
        both.add_series({"name": name, "categories": cats, "values": [GRAFIK, table + 1, col, last, col],
                         "fill": {"color": color}, "gap": 50,
                         "data_labels": {"value": True, "num_format": "0%", "font": label_font}})
    both.set_title({"name": "Serapan anggaran dan capaian kinerja per unit (efisiensi)", "name_font": {"size": 12}})
    both.set_x_axis({"num_format": "0%", "min": 0, "major_gridlines": {"visible": True}})
    both.set_y_axis({"reverse": True, "num_font": label_font})
    both.set_legend({"position": "top"})
    both.set_size({"width": 900, "height": both_height})
    ws.insert_chart(pages[0], 0, both)

    if perkembangan_rows:
        first, last_unit, average_row = perkembangan_rows
        nq = len(rekap.quarters)
        header = first - 1
        trend = layout.wb.add_chart({"type": "line"})
        tw_cats = [PERKEMBANGAN, header, 3, header, 2 + nq]
        for offset, name in ((0, "Rata-rata capaian seluruh unit"), (nq, "Rata-rata serapan seluruh unit")):
            trend.add_series({"name": name, "categories": tw_cats,
                              "values": [PERKEMBANGAN, average_row, 3 + offset, average_row, 2 + nq + offset],
                              "line": {"width": 3}, "marker": {"type": "circle"}})
        if len(rekap.trend) <= TREND_UNIT_LINES:
            for k in range(len(rekap.trend)):
                r = first + k
                trend.add_series({"name": [PERKEMBANGAN, r, 2], "categories": tw_cats,
                                  "values": [PERKEMBANGAN, r, 3, r, 2 + nq],
                                  "line": {"width": 1.25, "dash_type": "dash"}, "marker": {"type": "square"}})
        trend.set_title({"name": "Perkembangan capaian per tribulan", "name_font": {"size": 12}})
        trend.set_y_axis({"num_format": "0%", "min": 0})
        trend.set_legend({"position": "bottom"})
        trend.set_size({"width": 900, "height": trend_height})
        ws.insert_chart(pages[1], 0, trend)
    layout.signature_block(ws, last, 9)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _rows(height_px: int) -> int:
    return -(-height_px // _PX_PER_ROW)


def _label(e, several: bool) -> str:
    # Every Dinas has a "Sekretariat": across perangkat daerah the unit name alone is ambiguous.
    unit = e.unit.unit_kerja or e.unit.source
    if several and e.unit.perangkat_daerah:
        unit = f"{unit} – {e.unit.perangkat_daerah}"
    return unit if len(unit) <= 60 else unit[:59] + "…"


def _cached(value):
    return "-" if value is None else value
