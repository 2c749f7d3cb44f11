"""A 200-indicator LKj document prints to PDF through headless LibreOffice with its tables whole:
every capaian row keeps its cells together and in order, and the header rows repeat on each page."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from lkj_excel.api import build_file
from lkj_excel.document import compose
from lkj_excel.samples import synthetic_data
from lkj_excel.template import write_template

from helpers import SOFFICE

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")]


def test_200_indicators_print_to_pdf_with_whole_tables(tmp_path):
    source = write_template(tmp_path / "n200.xlsx", synthetic_data(200, per_sasaran=3))
    result = build_file(source, tmp_path / "n200-hasil.xlsx", document=True, pdf=True)
    assert result.notes == [] and result.pdf == tmp_path / "n200-hasil.pdf"
    info = subprocess.run(["pdfinfo", str(result.pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.3" in info and "841.89" in info  # A4 portrait
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 20
    raw = subprocess.run(["pdftotext", "-raw", str(result.pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    flat = re.sub(r"\s+", "", raw)
    doc = compose(result.check.report, result.check.results, result.check.findings)
    rows = doc.tables["capaian"].rows
    assert len(rows) == 200
    for row in rows:  # name, target, realisasi and capaian side by side: the row was not torn apart
        cells = "".join(re.sub(r"\s+", "", row[k]) for k in ("indikator", "target", "realisasi", "capaian"))
        assert cells in flat, row
    # the capaian and cost tables each run over several pages and carry their column numbers on each
    assert flat.count("5=4/3") >= 4 and flat.count("10=9-6") >= 4
