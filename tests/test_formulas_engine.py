"""A second engine we did not write, beside LibreOffice: the PyPI package `formulas` parses and computes
every formula cell, and each must equal the value lkj-excel cached (relative 1e-9), blanks and drafts
included. The 1,000-indicator build takes minutes in this engine: bench/formulas_large.py runs it."""

from __future__ import annotations

import pytest
import xlsxwriter

from lkj_excel.api import build_file
from lkj_excel.samples import synthetic_data
from lkj_excel.template import write_template

from helpers import formulas_mismatches, simple_workbook

pytest.importorskip("formulas")


def test_the_check_catches_a_wrong_cached_value(tmp_path):
    """36/70 = 0.5142857...; a formula carrying 0.99 must be reported, or the check proves nothing."""
    path = tmp_path / "wrong.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Uji")
    ws.write_number("A1", 36)
    ws.write_number("A2", 70)
    ws.write_formula("A3", "=A1/A2", None, 0.99)
    ws.write_formula("A4", '=IF(ISNUMBER(B1),B1,"-")', None, 0)  # blank B1: the engine says "-"
    wb.close()
    count, bad = formulas_mismatches(path)
    assert count == 2 and len(bad) == 2
    assert "0.514285" in bad[0] and "'-'" in bad[1]


def test_seed_sample_matches_formulas(seed_input, tmp_path):
    out = build_file(seed_input, tmp_path / "out.xlsx").output
    count, bad = formulas_mismatches(out)
    assert count >= 20
    assert bad == []


def test_blank_realisasi_draft_matches_formulas(tmp_path):
    """Under --force a missing Turun realisasi caches "-"; unguarded, (2*7-0)/7 = 2.0 (200%) came back."""
    kinerja = [
        [1, "Menurunnya pengangguran", "Tingkat pengangguran", "%", "Turun", 7, None, None],
        [None, None, "Penempatan", "orang", "Naik", 200, None, None],
        [2, "Pelatihan", "Lulusan bekerja", "%", "Naik", None, 5, None],
    ]
    src = simple_workbook(tmp_path / "in.xlsx", kinerja, [[1, "Bursa kerja", 1, 10_000_000, 4_000_000]])
    result = build_file(src, tmp_path / "out.xlsx", force=True)
    assert result.draft
    count, bad = formulas_mismatches(result.output)
    assert count >= 20
    assert bad == []


def test_turun_indicators_match_formulas(tmp_path):
    """DOMAIN.md's Turun examples: (2*7-6.5)/7 = 107,14%; (2*8-9)/8 = 87,5%; (2*5-12)/5 < 0 gives 0."""
    import openpyxl

    kinerja = [
        [1, "Menurunnya pengangguran", "Tingkat pengangguran", "%", "Turun", 7, 6.5, None],
        [2, "Menurunnya kecelakaan kerja", "Kecelakaan kerja", "kasus", "Turun", 8, 9, "Data BPJS."],
        [3, "Menurunnya sengketa", "Sengketa industrial", "kasus", "Turun", 5, 12, None],
    ]
    anggaran = [[1, "Bursa kerja", 1, 10_000_000, 4_000_000], [2, "K3", 2, 5_000_000, 5_000_000],
                [3, "Mediasi", 3, 2_000_000, 500_000]]
    out = build_file(simple_workbook(tmp_path / "in.xlsx", kinerja, anggaran), tmp_path / "out.xlsx").output
    count, bad = formulas_mismatches(out)
    assert count >= 30
    assert bad == []
    values = openpyxl.load_workbook(out, data_only=True)["Capaian Kinerja"]
    capaian = [row[4] for row in values.iter_rows(values_only=True) if row[1] in
               ("Tingkat pengangguran", "Kecelakaan kerja", "Sengketa industrial")]
    assert capaian == [pytest.approx(7.5 / 7), pytest.approx(0.875), 0]


def test_many_sasaran_match_formulas(tmp_path):
    """Nine indicators over three sasaran (merged No/Sasaran/P/R/C cells, SUMIF per sasaran)."""
    src = write_template(tmp_path / "in.xlsx", synthetic_data(9, per_sasaran=3))
    out = build_file(src, tmp_path / "out.xlsx").output
    count, bad = formulas_mismatches(out)
    assert count >= 9 * 7
    assert bad == []


def test_a_sasaran_cut_over_pages_matches_formulas(tmp_path):
    """Issue 9's tall sasaran (40 long indicators): its merged No/Sasaran/P/R/C cells are cut per
    printed page, the continuations' P/R/C blank. Every formula still equals its cached value, so
    Cost per Outcome's Jumlah counts the sasaran's pagu once (test_libreoffice.py: the same there)."""
    import openpyxl

    from print_inputs import TALL, TALL_GROUPS, make_input

    src, _ = make_input(tmp_path, sum(TALL_GROUPS), long_texts=True, groups=TALL_GROUPS, name=TALL)
    out = build_file(src, tmp_path / "out.xlsx", force=True).output
    ws = openpyxl.load_workbook(out)["Cost per Outcome"]
    pieces = [str(m) for m in ws.merged_cells.ranges if m.min_col == 4 and m.max_row > m.min_row]
    assert len(pieces) >= 3, pieces  # the 40-row sasaran's P cut in at least two, plus sasaran 2
    count, bad = formulas_mismatches(out)
    assert count >= 6 * 42 and bad == []  # Capaian 2, Cost per Outcome 4 per indicator, and more
