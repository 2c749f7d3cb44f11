"""An engine we did not write recomputes the output: every formula cell must match its cached value."""

from __future__ import annotations

import pytest
import xlsxwriter

from lkj_excel.api import build_file

from helpers import SOFFICE, formula_mismatches, recalculate, simple_workbook

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")]


def test_the_check_catches_a_wrong_cached_value(tmp_path):
    """Proves LibreOffice really recalculates on load: a formula carrying a wrong value is caught."""
    path = tmp_path / "wrong.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_number("A1", 36)
    ws.write_number("A2", 70)
    ws.write_formula("A3", "=A1/A2", None, 0.99)
    wb.close()
    count, bad = formula_mismatches(path, recalculate(path, tmp_path / "lo"))
    assert count == 1 and len(bad) == 1 and "0.514285" in bad[0]


def test_seed_output_matches_libreoffice(seed_input, tmp_path):
    out = build_file(seed_input, tmp_path / "out.xlsx").output
    count, bad = formula_mismatches(out, recalculate(out, tmp_path / "lo"))
    assert count >= 20
    assert bad == []


def test_turun_cap_draft_and_many_indicators_match_libreoffice(tmp_path):
    from lkj_excel.config import Config

    kinerja = [
        [1, "Menurunnya pengangguran", "Tingkat pengangguran", "%", "Turun", 7, 6.5, None],
        [None, None, "Penempatan", "orang", "Naik", 200, 260, None],
        [2, "Pelatihan", "Lulusan bekerja", "%", "Turun", 8, 17, None],
        [3, "Tanpa target", "Indikator baru", "dokumen", "Naik", 0, 3, None],
    ]
    anggaran = [[1, "Bursa kerja", 1, 10_000_000, 4_000_000], [2, "Penyuluhan", 1, 5_000_000, 1_000_000],
                [3, "Pelatihan", 2, 0, 0]]
    src = simple_workbook(tmp_path / "in.xlsx", kinerja, anggaran)
    config = Config.from_mapping({"report": {"capaian_cap_percent": 120}})
    result = build_file(src, tmp_path / "out.xlsx", config, force=True)
    assert result.draft
    count, bad = formula_mismatches(result.output, recalculate(result.output, tmp_path / "lo"))
    assert count >= 30
    assert bad == []


def test_blank_realisasi_under_force_recomputes_to_dash(tmp_path):
    """Issue 9: an empty Realisasi caches "-"; before the fix LibreOffice computed (2*7-0)/7 = 2.0 for
    Turun (200%, "Sangat Tinggi") and 0/200 = 0 for Naik. Missing must stay "-" after recalculation,
    on Capaian Kinerja and on Cost per Outcome (whose T/R cells copy the blanks)."""
    kinerja = [
        [1, "Menurunnya pengangguran", "Tingkat pengangguran", "%", "Turun", 7, None, None],
        [None, None, "Penempatan", "orang", "Naik", 200, None, None],
        [2, "Pelatihan", "Lulusan bekerja", "%", "Naik", None, 5, None],
    ]
    anggaran = [[1, "Bursa kerja", 1, 10_000_000, 4_000_000]]
    src = simple_workbook(tmp_path / "in.xlsx", kinerja, anggaran)
    result = build_file(src, tmp_path / "out.xlsx", force=True)
    assert result.draft
    count, bad = formula_mismatches(result.output, recalculate(result.output, tmp_path / "lo"))
    assert count >= 20
    assert bad == []


def test_a_sasaran_cut_over_pages_matches_libreoffice(tmp_path):
    """Issue 9's tall sasaran, its merged cells cut per printed page (test_formulas_engine.py)."""
    from print_inputs import TALL, TALL_GROUPS, make_input

    src, _ = make_input(tmp_path, sum(TALL_GROUPS), long_texts=True, groups=TALL_GROUPS, name=TALL)
    out = build_file(src, tmp_path / "out.xlsx", force=True).output
    count, bad = formula_mismatches(out, recalculate(out, tmp_path / "lo"))
    assert count >= 6 * 42 and bad == []
