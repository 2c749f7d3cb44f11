"""The rekap's formulas recomputed by engines we did not write: LibreOffice (recalculation forced on load)
and the PyPI package `formulas`; every formula cell must equal the value lkj-excel cached, the "-" of a
capaian that cannot be computed and a DRAF rekap included. openxml-audit reports 0 errors."""

from __future__ import annotations

import datetime as dt

import pytest

from lkj_excel.config import Config
from lkj_excel.rekap import make_rekap

from helpers import SOFFICE, formula_mismatches, formulas_mismatches, recalculate, simple_workbook
from ooxml import audit_errors, structural_errors
from test_rekap import B_ANGGARAN, B_KINERJA, B_UNIT, SAMPLE, unit_b, unit_c


@pytest.fixture(scope="module")
def rekaps(tmp_path_factory):
    """A one-quarter rekap (the sample and units B and C, plus a forced input with an error and a target 0)
    and a four-quarter one (Perkembangan and the trend chart)."""
    import shutil

    base = tmp_path_factory.mktemp("rekap")
    one = base / "satu"
    one.mkdir()
    shutil.copy(SAMPLE, one / "seed.xlsx")
    unit_b(one / "b.xlsx")
    unit_c(one / "c.xlsx")
    # target 0 (an error: capaian "-") and a blank realisasi, taken in with force: DRAF
    kinerja = [[1, "S", "Indikator target nol", "orang", "Naik", 0, 5, None],
               [None, None, "Indikator kosong", "orang", "Naik", 10, None, None]]
    simple_workbook(one / "d.xlsx", kinerja, [[1, "Kegiatan D", 1, 0, 0]], Unit_Kerja="Bidang D")
    first = make_rekap([one], base / "Rekap TW II.xlsx", Config(), force=True).output
    four = base / "empat"
    four.mkdir()
    for q in (1, 2, 3, 4):
        when = dt.date(2023 + (q == 4), (q * 3) % 12 + 1, 5)
        kinerja = [[1, B_KINERJA[0][1], B_KINERJA[0][2], "orang", "Naik", 50, 10 * q, None], B_KINERJA[1]]
        simple_workbook(four / f"b-{q}.xlsx", kinerja, B_ANGGARAN, Unit_Kerja=B_UNIT, Tribulan=q,
                        Tanggal_Laporan=when)
        unit_c(four / f"c-{q}.xlsx", Tribulan=q, Tanggal_Laporan=when)
    second = make_rekap([four], base / "Rekap 2023.xlsx", Config()).output
    return {"one quarter, DRAF": first, "four quarters": second}


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recomputes_every_rekap_formula_to_its_cached_value(rekaps, tmp_path):
    for kind, path in rekaps.items():
        count, bad = formula_mismatches(path, recalculate(path, tmp_path / kind.replace(" ", "-")))
        assert count > 50, kind
        assert bad == [], kind


def test_formulas_package_recomputes_every_rekap_formula(rekaps):
    pytest.importorskip("formulas")
    for kind, path in rekaps.items():
        count, bad = formulas_mismatches(path)
        assert count > 50, kind
        assert bad == [], kind


def test_rekap_passes_openxml_audit(rekaps):
    pytest.importorskip("openxml_audit")
    for kind, path in rekaps.items():
        assert audit_errors(path) == [], kind
        assert structural_errors(path) == [], kind
