"""The rekap's printed pages (issue 13's print check found rows printing over each other, a Ringkasan too
small to read and a cramped serapan-vs-capaian chart): page setup, row heights for wrapped text, one
chart per page, hidden Perangkat Daerah for a single Dinas. The PDF itself is looked at by hand."""

from __future__ import annotations

import shutil
import zipfile

import openpyxl

from lkj_excel.config import Config
from lkj_excel.rekap import make_rekap
from lkj_excel.rekap.book import text_lines
from lkj_excel.rekap.sheets import KINERJA, RINGKASAN

from helpers import simple_workbook
from test_rekap import B_ANGGARAN, SAMPLE, unit_c

LONG_SASARAN = "Meningkatnya pelaksanaan pengukuran produktivitas tingkat daerah Kabupaten/Kota secara berkala"


def _rekap(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "seed.xlsx")
    simple_workbook(folder / "b.xlsx", [[1, LONG_SASARAN, "Jumlah tenaga kerja yang dilatih", "orang", "Naik", 50, 45,
                                         None]], B_ANGGARAN, Unit_Kerja="Bidang B")
    unit_c(folder / "c.xlsx")
    return make_rekap([folder], tmp_path / "Rekap.xlsx", Config()).output


def test_text_lines_wraps_at_spaces():
    # width 10 holds 11 characters a line: "Jumlah tenaga" (13) and "tenaga kerja" (12) do not fit
    assert text_lines("Jumlah tenaga kerja", 10) == 3
    assert text_lines("abc\ndef", 30) == 2
    assert text_lines("x" * 33, 10) == 3


def test_long_text_rows_are_tall_enough_and_pages_are_a4_landscape(tmp_path):
    out = _rekap(tmp_path)
    wb = openpyxl.load_workbook(out)
    ws = wb[KINERJA]
    row = next(c.row for c in ws["E"] if c.value and LONG_SASARAN in str(c.value))
    # "1. " + 95 characters in a 30-wide column (35 a line, wrapped at spaces) take 4 lines: 4 × 12,75 + 3
    assert text_lines(f"1. {LONG_SASARAN}", 30) == 4
    assert ws.row_dimensions[row].height == 4 * 12.75 + 3
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9, sheet.title
        # one page wide (fitToWidth 1 is the default, left out of the file), as many pages tall as needed
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1), sheet.title
        assert sheet.page_setup.fitToHeight == 0, sheet.title
    # one Dinas: its name is in the header block, so the Perangkat Daerah column is hidden on every table
    assert wb[RINGKASAN].column_dimensions["B"].hidden and ws.column_dimensions["B"].hidden


def test_each_chart_starts_its_own_page(tmp_path):
    out = _rekap(tmp_path)
    ws = openpyxl.load_workbook(out)["Grafik"]
    breaks = [b.id for b in ws.row_breaks.brk]
    with zipfile.ZipFile(out) as z:
        drawing = next(n for n in z.namelist() if n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
        xml = z.read(drawing).decode()
    import re

    anchors = [int(r) for r in re.findall(r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff>"
                                           r"<xdr:row>(\d+)</xdr:row>", xml)]
    assert len(anchors) == 2 and len(breaks) == 2
    assert anchors[1] == breaks[0]  # the serapan-vs-capaian chart starts the page after the first chart
    assert breaks[1] > anchors[1] + 340 // 20  # and the data table the page after it
