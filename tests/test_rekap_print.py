"""The rekap's printed pages (issue 13's print check found rows printing over each other, a Ringkasan too
small to read and a cramped serapan-vs-capaian chart): page setup, row heights for wrapped text, one
chart per page, hidden Perangkat Daerah for a single Dinas. The PDF itself is looked at by hand."""

from __future__ import annotations

import re
import shutil
import zipfile

import openpyxl
import pytest

from lkj_excel.config import Config
from lkj_excel.rekap import make_rekap
from lkj_excel.rekap.book import text_lines
from lkj_excel.rekap.sheets import KINERJA, RINGKASAN

from helpers import SOFFICE, simple_workbook
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
    # Arial 10 in a width-10 column (75 px, 56.25 pt, 49.25 inside the padding): "Jumlah tenaga"
    # (65.6 pt) does not fit, nor "tenaga kerja"; a word too long is cut, 9 x's (45 pt) a line
    assert text_lines("Jumlah tenaga kerja", 10) == 3
    assert text_lines("abc\ndef", 30) == 2
    assert text_lines("x" * 33, 10) == 4


def test_long_text_rows_are_tall_enough_and_pages_are_a4_landscape(tmp_path):
    out = _rekap(tmp_path)
    wb = openpyxl.load_workbook(out)
    ws = wb[KINERJA]
    row = next(c.row for c in ws["E"] if c.value and LONG_SASARAN in str(c.value))
    # "1. " + 95 characters in a 30-wide column, wrapped at spaces, take 4 lines of Arial 10: 4 × 11,5 + 4
    # points, in whole pixels (textfit.row_height, as on the unit workbook)
    assert text_lines(f"1. {LONG_SASARAN}", 30) == 4
    assert ws.row_dimensions[row].height == 50.25
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9, sheet.title
        # one page wide by an explicit scale (Excel ignores manual page breaks under fit-to), planned
        # breaks, pages numbered per sheet from 1 "dari" the sheet's own count
        assert not (sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage), sheet.title
        assert 10 <= (sheet.page_setup.scale or 100) <= 100, sheet.title  # 100 is left out of the file
        assert sheet.page_setup.useFirstPageNumber, sheet.title
        n = len(sheet.row_breaks.brk) + 1
        assert sheet.oddFooter.right.text.endswith(f"Halaman &P dari {n}"), (sheet.title, sheet.oddFooter.right.text)
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


@pytest.mark.libreoffice
@pytest.mark.pdf
@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice and pdftotext (poppler-utils)")
def test_printed_rekap_numbers_each_sheet_and_keeps_the_signature_with_rows(tmp_path):
    """Issue 9 on the rekap: 30 units (long sasaran and kegiatan names), printed by LibreOffice.
    Every page of every sheet reads "Halaman i dari n", i running 1..n within the sheet and n its
    own printed page count; the signature page of every table sheet holds table rows too."""
    import re

    from print_inputs import pdf_pages, print_pdfs

    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(30):
        kinerja = [[1, f"{LONG_SASARAN} unit {k}", "Jumlah tenaga kerja yang dilatih di balai latihan kerja", "orang",
                    "Naik", 50, 45, None],
                   [None, None, "Jumlah dokumen kurikulum pelatihan", "dokumen", "Naik", 20, 20 - k % 5, None]]
        simple_workbook(folder / f"u{k:02d}.xlsx", kinerja, B_ANGGARAN, Unit_Kerja=f"Bidang Nomor {k:02d}")
    out = make_rekap([folder], tmp_path / "Rekap.xlsx", Config()).output
    pages = pdf_pages(print_pdfs([out], tmp_path / "pdf")[out])
    numbers = [[tuple(map(int, n)) for n in re.findall(r"Halaman (\d+) dari (\d+)", page)] for page in pages]
    assert all(len(n) == 1 for n in numbers), numbers
    sheets: list[list[int]] = []
    for page, ((i, n),) in zip(pages, numbers):
        if i == 1:
            sheets.append([])
        sheets[-1].append((i, n, page))
    assert len(sheets) == len(openpyxl.load_workbook(out).worksheets)
    assert any(len(s) > 1 for s in sheets)
    for sheet in sheets:
        assert [(i, n) for i, n, _ in sheet] == [(i, len(sheet)) for i in range(1, len(sheet) + 1)], \
            [(i, n) for i, n, _ in sheet]
        signed = [page for _, _, page in sheet if "NIP." in page]
        assert len(signed) == 1
        if "Bidang Nomor" in sheet[0][2]:  # a table of units: its last rows print with the signature
            assert "Bidang Nomor 29" in signed[0]


def test_a_title_full_of_ampersands_keeps_the_page_numbers(tmp_path):
    """Excel drops a footer over 255 characters, page numbers and all; "&" doubles when escaped
    ("&&"), so a 120-character Perangkat Daerah of "Dinas A & B & ..." must be shortened (writers/page
    .footer, as on the unit workbook), not cut at 180 characters before escaping: 90 of them would
    make 270."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = "Dinas " + "&".join("K" * 100)  # 205 characters, 99 ampersands
    unit_c(folder / "c.xlsx", Perangkat_Daerah=name)
    out = make_rekap([folder], tmp_path / "Rekap.xlsx", Config()).output
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        footers = [re.findall(r"<oddFooter>(.*?)</oddFooter>", z.read(n).decode()) for n in sheets]
    assert len(sheets) >= 4 and all(len(f) == 1 for f in footers), footers  # none dropped
    footers = [f for (f,) in footers]
    assert all("Halaman &amp;P dari " in f for f in footers), footers[0]
    assert all(len(f.replace("&amp;", "&")) <= 255 for f in footers)
