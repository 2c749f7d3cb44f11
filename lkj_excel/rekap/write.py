"""Writing the rekap workbook (xlsxwriter), atomically (fileops.write_atomic: a temporary file beside the
target, flushed, renamed over it), so a reader or the drop folder never sees half a rekap. The same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path

from .. import embed_part, embedded
from ..xlsxfile import new_workbook, save_workbook
from ..config import Config
from ..fileops import write_atomic
from .book import FONT, Formats, Layout, Penyusun
from .charts import GRAFIK, grafik
from .consolidate import Rekap
from .sheets import ANGGARAN, KINERJA, PERKEMBANGAN, RINGKASAN, VALIDASI, Sheets


def write_rekap(rekap: Rekap, path: str | os.PathLike, config: Config, penyusun: Penyusun) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    def produce(tmp: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _write(rekap, str(tmp), config, penyusun, str(path))

    return write_atomic(path, produce=produce)


def _write(rekap: Rekap, tmp: str, config: Config, penyusun: Penyusun, final: str) -> None:
    # Normal style Arial 10, as on the unit workbook: LibreOffice (no Calibri) then gives the column
    # widths the page planner computes, so one page holds the sheet's width at the planned scale.
    wb = new_workbook({"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                       "default_format_properties": {"font_name": FONT, "font_size": 10}})
    layout = Layout(wb, rekap, penyusun, Formats(wb))
    created = dt.datetime.combine(rekap.tanggal or dt.date(rekap.tahun or 2000, 1, 1), dt.time())
    wb.set_properties({"title": layout.title(), "subject": "Rekapitulasi Laporan Kinerja Tribulan",
                       "author": penyusun.nama or "lkj-excel", "company": rekap.pemerintah_daerah,
                       "comments": "Dibuat dengan lkj-excel rekap", "created": created})
    wb.set_calc_mode("auto")
    embed_part.attach(wb, embedded.rekap_marker())
    nb = len(rekap.band_labels)
    # Sheets are added in reading order and filled afterwards: Ringkasan refers to rows of the detail sheets.
    # Perangkat Daerah is a column only when the units belong to several; for one it is in the header block,
    # and hiding its column leaves room for the rest on the printed page.
    pd = () if not rekap.perangkat_daerah else (1,)
    ringkasan = layout.sheet(RINGKASAN, (5, 20, 24, 4, 9, 10, *([8] * nb), 14, 14, 9, 9, 7, 16), pd)
    trend = (layout.sheet(PERKEMBANGAN, (5, 26, 30, *([10] * (2 * len(rekap.quarters)))), pd)
             if rekap.trend else None)
    chart_ws = layout.sheet(GRAFIK, (10, 48, 16, 14, 10, 10, 10, 10, 10))
    kinerja = layout.sheet(KINERJA, (7, 22, 24, 4, 30, 34, 10, 10, 10, 10, 13), pd)
    anggaran = layout.sheet(ANGGARAN, (7, 22, 24, 4, 5, 40, 8, 15, 15, 10), pd)
    validasi = layout.sheet(VALIDASI, (5, 10, 16, 26, 26, 5, 80))
    sheets = Sheets(layout, rekap, config, final)
    k_cols = sheets.kinerja(kinerja)
    a_cols = sheets.anggaran(anggaran)
    sheets.ringkasan(ringkasan, k_cols, a_cols)
    trend_rows = sheets.perkembangan(trend) if trend is not None else None
    grafik(chart_ws, sheets, rekap, trend_rows)
    sheets.validasi(validasi)
    for ws in wb.worksheets():
        layout.paginate(ws)
    ringkasan.activate()
    save_workbook(wb, tmp)
