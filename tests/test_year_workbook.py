"""The finished year workbook (issue 10): Capaian Kinerja with Target s.d. TW and both capaian,
Perkembangan with its charts, and Cost per Outcome's serapan by quarter, every number a live formula
over the quarter cells that LibreOffice and the `formulas` engine recompute to its cached value.

The expected numbers are worked out by hand here (DOMAIN §2 and §8; test_year.py has the same
examples computed by compute.py)."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from lkj_excel.api import build_file
from lkj_excel.config import Config
from lkj_excel.samples import seed_year_data
from lkj_excel.template import write_template

from helpers import SOFFICE, formula_mismatches, formulas_mismatches, identitas, recalculate, write_workbook
from ooxml import audit_errors, structural_errors
from test_year import ANGGARAN_V2, KINERJA_V2

needs_lo = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
SEED_2 = "Jumlah perusahaan yang diukur produktivitas tenaga kerjanya"
SEED_1 = "Prosentase Perusahaan kecil yang melakukan konsultasi produktivitas"

# The seed filled quarter by quarter (samples.SEED_YEAR_*), by hand:
# indicator 2, Kumulatif Naik, yearly 70, TW targets 10, 20, 20, 20, realisasi 12, 24, 18, 14:
#   TW I   10, 12 -> 12/10 = 120%,  12/70 = 17,14%
#   TW II  30, 36 -> 36/30 = 120%,  36/70 = 51,43%   (the seed's own 51,43%)
#   TW III 50, 54 -> 54/50 = 108%,  54/70 = 77,14%
#   TW IV  70, 68 -> 68/70 = 97,14% both
# indicator 1, Nilai Akhir Naik (%), yearly 100, TW targets 25, 50, 75, 100, realisasi 20, 51,43, 75, 98:
#   TW I 25, 20 -> 80%, 20%; TW II 50, 51,43 -> 102,86%, 51,43%; TW III 75, 75 -> 100%, 75%;
#   TW IV 100, 98 -> 98% both
SEED_BY_QUARTER = {
    1: {SEED_2: (10, 12, 1.2, 12 / 70, "Sangat Rendah"), SEED_1: (25, 20, 0.8, 0.2, "Sangat Rendah")},
    2: {SEED_2: (30, 36, 1.2, 36 / 70, "Rendah"), SEED_1: (50, 51.43, 51.43 / 50, 0.5143, "Rendah")},
    3: {SEED_2: (50, 54, 1.08, 54 / 70, "Tinggi"), SEED_1: (75, 75, 1.0, 0.75, "Sedang")},
    4: {SEED_2: (70, 68, 68 / 70, 68 / 70, "Sangat Tinggi"), SEED_1: (100, 98, 0.98, 0.98, "Sangat Tinggi")},
}


def assert_engines_agree(out, lo_dir, at_least: int = 60, audit: bool = True) -> None:
    """`formulas` and, where installed, LibreOffice recompute every formula cell of `out` to its cached
    value; with `audit`, openxml-audit and the structural check find nothing."""
    count, bad = formulas_mismatches(out)
    assert count >= at_least and bad == []
    if audit:
        assert audit_errors(out) == [] and structural_errors(out) == []
    if SOFFICE is not None:
        count, bad = formula_mismatches(out, recalculate(out, lo_dir))
        assert count >= at_least and bad == []


def capaian_rows(path) -> dict[str, tuple]:
    ws = openpyxl.load_workbook(path, data_only=True)["Capaian Kinerja"]
    return {row[1]: row for row in ws.iter_rows(values_only=True) if row[1] in (SEED_1, SEED_2)}


def build_quarter(tmp_path, tw: int, config=Config()):
    isian = write_template(tmp_path / f"isian-tw{tw}.xlsx", seed_year_data(tw))
    result = build_file(isian, tmp_path / f"hasil-tw{tw}.xlsx", config)
    assert not result.draft
    return result.output


def test_seed_filled_quarter_by_quarter_shows_both_capaian(tmp_path):
    for tw, expected in SEED_BY_QUARTER.items():
        rows = capaian_rows(build_quarter(tmp_path, tw))
        for name, (t_sd, r_sd, against_sd, yearly, predikat) in expected.items():
            got = rows[name]
            assert got[4:8] == (t_sd, r_sd, pytest.approx(against_sd), pytest.approx(yearly)), (tw, name)
            assert got[9] == predikat, (tw, name)
    assert round(capaian_rows(tmp_path / "hasil-tw2.xlsx")[SEED_2][7] * 100, 2) == 51.43


def test_capaian_cells_are_formulas_over_the_perkembangan_quarters(tmp_path):
    ws = openpyxl.load_workbook(build_quarter(tmp_path, 2))["Capaian Kinerja"]
    row = next(r for r in ws.iter_rows() if r[1].value == SEED_2)
    target_sd, realisasi_sd = row[4].value, row[5].value
    # Kumulatif: SUM of TW I..II of the indicator's Target and Realisasi lines on Perkembangan
    assert target_sd.startswith('=IF(COUNT(Perkembangan!C') and "SUM(Perkembangan!C" in target_sd
    assert ":D" in target_sd and ":D" in realisasi_sd
    one = next(r for r in ws.iter_rows() if r[1].value == SEED_1)
    assert one[5].value.startswith("=IF(ISNUMBER(Perkembangan!D")  # Nilai Akhir: the last filled quarter
    assert row[9].value.startswith(f"=IF(ISNUMBER(H{row[9].row})")  # the predikat reads the yearly capaian


def test_predikat_follows_the_configured_capaian(tmp_path):
    """predikat_capaian = "triwulan" at TW II: 120% and 102,86% are both Sangat Tinggi."""
    config = Config.from_mapping({"report": {"predikat_capaian": "triwulan"}})
    out = build_quarter(tmp_path, 2, config)
    rows = capaian_rows(out)
    assert rows[SEED_2][9] == rows[SEED_1][9] == "Sangat Tinggi"
    ws = openpyxl.load_workbook(out)["Capaian Kinerja"]
    cell = next(r for r in ws.iter_rows() if r[1].value == SEED_2)[9]
    assert cell.value.startswith(f"=IF(ISNUMBER(G{cell.row})")


def test_perkembangan_holds_each_quarter_and_a_chart(tmp_path):
    out = build_quarter(tmp_path, 3)
    ws = openpyxl.load_workbook(out, data_only=True)["Perkembangan"]
    rows = list(ws.iter_rows(values_only=True))
    first = next(i for i, r in enumerate(rows) if r[0] and r[0].startswith(f"2. {SEED_2}\n"))
    assert "target tahun 70 perusahaan; Kumulatif; arah Naik" in rows[first][0]
    block = [r[1:6] for r in rows[first:first + 6]]
    assert block[0] == ("Target", 10, 20, 20, 20)
    assert block[1] == ("Target s.d. TW", 10, 30, 50, 70)
    assert block[2] == ("Realisasi", 12, 24, 18, None)
    assert block[3] == ("Realisasi s.d. TW", 12, 36, 54, None)  # TW IV is after the report
    assert block[4][1:4] == (pytest.approx(1.2), pytest.approx(1.2), pytest.approx(1.08))
    assert block[5][1:4] == (pytest.approx(12 / 70), pytest.approx(36 / 70), pytest.approx(54 / 70))
    formula = openpyxl.load_workbook(out)["Perkembangan"].cell(first + 6, 3).value
    assert formula.startswith("=IF(N('Capaian Kinerja'!$D$") and "/'Capaian Kinerja'!$D$" in formula
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2  # one per indicator
        xml = z.read(charts[1]).decode()
    assert "<c:barChart>" in xml and "Perkembangan!$C$" in xml


def test_quarter_by_quarter_recomputes_in_libreoffice_and_formulas(tmp_path):
    pytest.importorskip("formulas")
    for tw in (1, 2, 3, 4):
        out = build_quarter(tmp_path, tw)
        count, bad = formulas_mismatches(out)
        # each quarter reported adds realisasi s.d., both capaian: 3 formulas for each of 2 indicators
        assert count >= 40 + 6 * tw and bad == [], (tw, bad[:5])
        assert audit_errors(out) == [] and structural_errors(out) == []
        if SOFFICE is not None:
            count, bad = formula_mismatches(out, recalculate(out, tmp_path / f"lo{tw}"))
            assert count >= 40 + 6 * tw and bad == [], (tw, bad[:5])


# Kumulatif and Nilai Akhir, Naik and Turun, Rata-rata, in one TW II workbook (test_year.py's examples):
WORKED = [
    # Kumulatif Naik: 36/30 = 120%, 36/70 = 51,43%
    [1, "Pengukuran", "Perusahaan diukur", "perusahaan", "Naik", "Kumulatif", 70, 10, 20, 20, 20, 12, 24,
     None, None, None],
    # Nilai Akhir Turun: (2×7,3 − 6,5)/7,3 = 110,96%; (2×7 − 6,5)/7 = 107,14%
    [2, "Pengangguran", "Tingkat pengangguran", "%", "Turun", "Nilai Akhir", 7, 7.5, 7.3, 7.1, 7, 7.8, 6.5,
     None, None, None],
    # Kumulatif Turun floored: 4 + 25 = 29; (20 − 29)/10 < 0 → 0%; (40 − 29)/20 = 55%
    [3, "Kecelakaan kerja", "Kasus kecelakaan", "kasus", "Turun", "Kumulatif", 20, 5, 5, 5, 5, 4, 25,
     None, None, None],
    # Rata-rata: (80 + 90)/2 = 85 against (80 + 82)/2 = 81 → 104,94%; 85/82 = 103,66%
    [4, "Kepuasan", "Indeks kepuasan", "indeks", "Naik", "Rata-rata", 82, 80, 82, 84, 86, 80, 90,
     None, None, None],
]
ANGGARAN = [
    [1, "Pengukuran produktivitas", 1, 20_000_000, 5_000_000, 5_000_000, 5_000_000, 5_000_000,
     2_000_000, 6_000_000, None, None],
    [2, "Bursa kerja", 2, 10_000_000, None, None, None, None, 1_000_000, 1_500_000, None, None],
]


def year_input(path, kinerja, anggaran=ANGGARAN, **ident):
    return write_workbook(path, {"Identitas": identitas(**ident), "Kinerja": [KINERJA_V2, *kinerja],
                                 "Anggaran": [ANGGARAN_V2, *anggaran]})


def test_worked_examples_naik_turun_kumulatif_nilai_akhir_rata_rata(tmp_path):
    result = build_file(year_input(tmp_path / "in.xlsx", WORKED), tmp_path / "out.xlsx", force=True)
    ws = openpyxl.load_workbook(result.output, data_only=True)["Capaian Kinerja"]
    got = {r[1]: r[4:8] for r in ws.iter_rows(values_only=True) if r[2] in ("Kumulatif", "Nilai Akhir", "Rata-rata")}
    assert got["Perusahaan diukur"] == (30, 36, pytest.approx(1.2), pytest.approx(36 / 70))
    t, r, sd, yearly = got["Tingkat pengangguran"]
    assert (t, r, round(sd * 100, 2), round(yearly * 100, 2)) == (7.3, 6.5, 110.96, 107.14)
    assert got["Kasus kecelakaan"] == (10, 29, 0, pytest.approx(0.55))
    t, r, sd, yearly = got["Indeks kepuasan"]
    assert (t, r, round(sd * 100, 2), round(yearly * 100, 2)) == (81, 85, 104.94, 103.66)


@pytest.mark.parametrize("cap", [None, 120])
def test_worked_examples_recompute_in_both_engines(tmp_path, cap):
    pytest.importorskip("formulas")
    config = Config.from_mapping({"report": {"capaian_cap_percent": cap}} if cap else {})
    out = build_file(year_input(tmp_path / "in.xlsx", WORKED), tmp_path / "out.xlsx", config, force=True).output
    assert_engines_agree(out, tmp_path / "lo", at_least=80, audit=False)


# A draft (--force) with blanks: the report's own quarter empty (isian-kosong), a target line empty,
# a Turun indicator with no realisasi at all. Missing stays "-" in every formula: a Turun blank must
# not become (2T − 0)/T = 200%.
BLANKS = [
    # TW II empty under Kumulatif: realisasi s.d. TW II = TW I's 12; 12/30 = 40%, 12/70 = 17,14%
    [1, "Pengukuran", "Perusahaan diukur", "perusahaan", "Naik", "Kumulatif", 70, 10, 20, 20, 20, 12, None,
     None, None, None],
    # no realisasi at all, Turun: "-" everywhere, predikat "-"
    [2, "Pengangguran", "Tingkat pengangguran", "%", "Turun", "Nilai Akhir", 7, 7.5, 7.3, 7.1, 7, None, None,
     None, None, None],
    # no quarterly targets: target s.d. TW "-", capaian s.d. TW "-"; yearly 5/10 = 50%
    [3, "Pelatihan", "Peserta pelatihan", "orang", "Naik", "Kumulatif", 10, None, None, None, None, 2, 3,
     None, None, None],
]


def test_draft_with_blanks_gives_dashes_in_both_engines(tmp_path):
    result = build_file(year_input(tmp_path / "in.xlsx", BLANKS), tmp_path / "out.xlsx", force=True)
    assert result.draft
    ws = openpyxl.load_workbook(result.output, data_only=True)["Capaian Kinerja"]
    got = {r[1]: r[4:10] for r in ws.iter_rows(values_only=True) if r[2] in ("Kumulatif", "Nilai Akhir")}
    assert got["Perusahaan diukur"][:4] == (30, 12, pytest.approx(0.4), pytest.approx(12 / 70))
    assert got["Tingkat pengangguran"] == (7.3, "-", "-", "-", "Arah turun: capaian = (2×5−6)/5 dan (2×4−6)/4", "-")
    assert got["Peserta pelatihan"][:4] == ("-", 5, "-", pytest.approx(0.5))
    pytest.importorskip("formulas")
    assert_engines_agree(result.output, tmp_path / "lo")


# ---------------------------------------------------------------------------------------------
# Cost per Outcome's serapan by quarter (DOMAIN §2: serapan = RA / P), worked out by hand:
#   kegiatan 1: pagu 20.000.000, spent TW I 5.000.000 and TW II 3.000.000, anggaran kas 6.000.000,
#     4.000.000, 5.000.000, 5.000.000:
#     s.d. TW I  5.000.000 / 20.000.000 = 25,00%;  against the plan 5.000.000 / 6.000.000 = 83,33%
#     s.d. TW II 8.000.000 / 20.000.000 = 40,00%;  against the plan 8.000.000 / 10.000.000 = 80,00%
#   kegiatan 2: the seed's 6.300.000 with nothing spent: 0 / 6.300.000 = 0%; no plan typed: "-"
#   Jumlah: pagu 26.300.000; s.d. TW II 8.000.000 / 26.300.000 = 30,42%; plan s.d. TW II 10.000.000: 80%
SERAPAN_ANGGARAN = [
    [1, "Pengukuran produktivitas", 1, 20_000_000, 6_000_000, 4_000_000, 5_000_000, 5_000_000,
     5_000_000, 3_000_000, None, None],
    [2, "Bursa kerja", 2, 6_300_000, None, None, None, None, 0, 0, None, None],
]
SERAPAN_TITLE = "SERAPAN ANGGARAN PER TRIBULAN"


def serapan_blocks(path, data_only=True, tw="II") -> dict[str, dict[str, tuple]]:
    """Cost per Outcome's serapan table: kegiatan (or "Jumlah") -> Uraian line ->
    (Pagu, TW I..IV, s.d. TW, Serapan)."""
    ws = openpyxl.load_workbook(path, data_only=data_only)["Cost per Outcome"]
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith(SERAPAN_TITLE))
    assert rows[start + 1][3:10] == ("Pagu (Rp)", "TW I", "TW II", "TW III", "TW IV", f"s.d. TW {tw} (Rp)", "Serapan (%)")
    blocks, name = {}, None
    for r in rows[start + 2:]:
        if r[2] is None:  # the note under the Jumlah
            break
        if r[2] == "Uraian":  # a header copy on a continued page
            continue
        if r[1] is not None or r[0] == "Jumlah":
            name = r[1] or r[0]
        blocks.setdefault(name, {})[r[2]] = r[3:10]
    return blocks


def serapan_note(path) -> str:
    ws = openpyxl.load_workbook(path)["Cost per Outcome"]
    return next(c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str) and c.startswith("Serapan (%) ="))


def test_cost_per_outcome_gains_the_serapan_by_quarter(tmp_path):
    out = build_file(year_input(tmp_path / "in.xlsx", WORKED[:2], SERAPAN_ANGGARAN), tmp_path / "out.xlsx",
                     force=True).output
    got = serapan_blocks(out)
    # kegiatan 1 at TW II, by hand: spent 5.000.000 + 3.000.000 = 8.000.000 of the pagu 20.000.000 = 40%;
    # the plan 6.000.000 + 4.000.000 = 10.000.000 s.d. TW II, so 8/10 = 80% of it; TW III, IV not reported
    one = got["Pengukuran produktivitas"]
    assert one["Realisasi (Rp)"] == (20_000_000, 5_000_000, 3_000_000, None, None, 8_000_000, 0.40)
    assert one["Rencana / anggaran kas (Rp)"] == (None, 6_000_000, 4_000_000, 5_000_000, 5_000_000, 10_000_000,
                                                  pytest.approx(0.8))  # the plan: all year
    # kegiatan 2, the seed's nothing spent: 0 of 6.300.000 = 0%; no plan typed: "-"
    two = got["Bursa kerja"]
    assert two["Realisasi (Rp)"] == (6_300_000, 0, 0, None, None, 0, 0)
    assert two["Rencana / anggaran kas (Rp)"] == (None, None, None, None, None, "-", "-")
    # Jumlah: 8.000.000 of 20.000.000 + 6.300.000 = 26.300.000 = 30,42%; against the plan 8/10 = 80%
    total = got["Jumlah"]
    assert total["Realisasi (Rp)"][:6] == (26_300_000, 5_000_000, 3_000_000, None, None, 8_000_000)
    assert round(total["Realisasi (Rp)"][6] * 100, 2) == 30.42
    assert total["Rencana / anggaran kas (Rp)"][1:] == (6_000_000, 4_000_000, 5_000_000, 5_000_000, 10_000_000,
                                                       pytest.approx(0.8))
    assert serapan_note(out) == ("Serapan (%) = realisasi s.d. TW II ÷ pagu pada baris Realisasi, ÷ rencana s.d. "
                                 "TW II pada baris Rencana (pada Jumlah: realisasi kegiatan yang memiliki rencana).")
    # live formulas over the quarter cells: SUM of the Realisasi line, divided by the block's pagu
    f = serapan_blocks(out, data_only=False)["Pengukuran produktivitas"]
    spent, plan = f["Realisasi (Rp)"], f["Rencana / anggaran kas (Rp)"]
    assert spent[5].startswith("=SUM(E") and ":F" in spent[5] and spent[6].startswith("=IF(N($D$")
    assert plan[5].startswith('=IF(COUNT(E') and plan[6].startswith("=IF(N(I")  # against the plan s.d. TW
    assert spent[2] == 3_000_000  # the typed quarter, not a copy
    assert "SUMIF(" in serapan_blocks(out, data_only=False)["Jumlah"]["Realisasi (Rp)"][1]
    # Realisasi Anggaran's realisasi s.d. TW II is the SUM of those quarter cells (8.000.000), so the
    # main table's R (a SUMIF over it) follows a quarter changed on Cost per Outcome
    wb, values = openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)
    row = next(r for r in wb["Realisasi Anggaran"].iter_rows() if r[1].value == "Pengukuran produktivitas")
    assert row[4].value.startswith("=SUM('Cost per Outcome'!E") and ":F" in row[4].value
    assert values["Realisasi Anggaran"][row[4].coordinate].value == 8_000_000


def test_serapan_by_quarter_without_a_plan_and_absent_from_year_workbooks_without_quarterly_money(tmp_path):
    header = ANGGARAN_V2[:4] + ANGGARAN_V2[8:]  # Realisasi TW only
    rows = [r[:4] + r[8:] for r in SERAPAN_ANGGARAN]
    src = write_workbook(tmp_path / "in.xlsx", {"Identitas": identitas(), "Kinerja": [KINERJA_V2, *WORKED[:2]],
                                                  "Anggaran": [header, *rows]})
    out = build_file(src, tmp_path / "out.xlsx", force=True).output
    got = serapan_blocks(out)
    assert list(got["Jumlah"]) == ["Realisasi (Rp)"]  # one line per kegiatan
    assert got["Pengukuran produktivitas"]["Realisasi (Rp)"] == (20_000_000, 5_000_000, 3_000_000, None, None,
                                                                 8_000_000, 0.40)
    assert serapan_note(out) == "Serapan (%) = realisasi s.d. TW II ÷ pagu."
    # quarterly Kinerja, yearly money: no serapan table
    src = write_workbook(tmp_path / "v2k.xlsx", {"Identitas": identitas(), "Kinerja": [KINERJA_V2, *WORKED[:2]],
                                                   "Anggaran": [ANGGARAN_V2[:4] + ["Realisasi"],
                                                                [1, "Pengukuran", 1, 20_000_000, 8_000_000]]})
    out = build_file(src, tmp_path / "v2k-out.xlsx", force=True).output
    ws = openpyxl.load_workbook(out)["Cost per Outcome"]
    assert not any(isinstance(c, str) and c.startswith(SERAPAN_TITLE) for r in ws.iter_rows(values_only=True)
                   for c in r)


def test_serapan_by_quarter_recomputes_in_both_engines(tmp_path):
    pytest.importorskip("formulas")
    out = build_file(year_input(tmp_path / "in.xlsx", WORKED[:2], SERAPAN_ANGGARAN), tmp_path / "out.xlsx",
                     force=True).output
    assert_engines_agree(out, tmp_path / "lo")


# A --force draft with blank quarters: TW I typed nowhere (Jumlah TW I "-"), the report's TW II left
# empty in kegiatan 2 (an error: the draft), a kegiatan with no pagu (serapan "-"), a plan typed for
# TW III only (plan s.d. TW II "-", serapan against it "-").
SERAPAN_BLANKS = [
    [1, "Pengukuran produktivitas", 1, 20_000_000, None, None, 5_000_000, None, None, 3_000_000, None, None],
    [2, "Bursa kerja", 2, 6_300_000, None, None, None, None, None, None, None, None],
    [3, "Tanpa pagu", 1, None, None, None, None, None, None, 0, None, None],
]


def test_draft_with_blank_quarters_gives_dashes_in_both_engines(tmp_path):
    result = build_file(year_input(tmp_path / "in.xlsx", WORKED[:2], SERAPAN_BLANKS), tmp_path / "out.xlsx",
                        force=True)
    assert result.draft
    got = serapan_blocks(result.output)
    # kegiatan 1: 3.000.000 of 20.000.000 = 15%; an empty TW I counts as nothing spent
    one = got["Pengukuran produktivitas"]
    assert one["Realisasi (Rp)"] == (20_000_000, None, 3_000_000, None, None, 3_000_000, 0.15)
    assert one["Rencana / anggaran kas (Rp)"] == (None, None, None, 5_000_000, None, "-", "-")
    # nothing typed at all: 0 spent of 6.300.000 = 0%; no pagu: "-"
    assert got["Bursa kerja"]["Realisasi (Rp)"] == (6_300_000, None, None, None, None, 0, 0)
    assert got["Tanpa pagu"]["Realisasi (Rp)"] == (None, None, 0, None, None, 0, "-")
    total = got["Jumlah"]
    assert total["Realisasi (Rp)"][:6] == (26_300_000, "-", 3_000_000, None, None, 3_000_000)
    assert total["Realisasi (Rp)"][6] == pytest.approx(3 / 26.3)
    assert total["Rencana / anggaran kas (Rp)"][1:] == ("-", "-", 5_000_000, "-", "-", "-")
    pytest.importorskip("formulas")
    assert_engines_agree(result.output, tmp_path / "lo")


def _many(n_sasaran: int, n_kegiatan: int):
    """A year workbook big enough for several Cost per Outcome pages; tokens S01, I001, K001 say which
    rows a printed page holds."""
    from print_inputs import FILLER

    kinerja, anggaran = [], []
    for s in range(1, n_sasaran + 1):
        for k in range(2):
            i = 2 * (s - 1) + k + 1
            kinerja.append([s if k == 0 else None, f"S{s:02d} {FILLER[:40 + s * 5]}" if k == 0 else None,
                            f"I{i:03d} {FILLER[:30 + i * 3]}", "orang", "Naik", "Kumulatif", 70, 10, 20, 20, 20,
                            12, 24, None, None, None])
    for k in range(1, n_kegiatan + 1):
        anggaran.append([k, f"K{k:03d} kegiatan {FILLER[:20 + (k * 11) % 90]}", 1 + k % n_sasaran,
                         10_000_000 + k * 1_000_000, 2_000_000, 2_000_000, 3_000_000, 3_000_000,
                         1_000_000 * (k % 3), 500_000 * k, None, None])
    return kinerja, anggaran


@needs_lo
def test_serapan_pages_carry_their_own_header_and_never_split_a_block(tmp_path):
    import re
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    from print_inputs import pdf_pages, print_pdfs, sheets_of

    kinerja, anggaran = _many(14, 30)
    out = build_file(year_input(tmp_path / "in.xlsx", kinerja, anggaran), tmp_path / "out.xlsx", force=True).output
    ws = openpyxl.load_workbook(out)["Cost per Outcome"]
    assert ws.print_title_rows is None  # two tables: header copies instead of repeated rows
    breaks = [b.id + 1 for b in ws.row_breaks.brk]  # a break's id counts the rows above it
    assert breaks
    pages = dict(sheets_of(pdf_pages(print_pdfs([out], tmp_path / "pdf")[out])))["Cost per Outcome"]
    assert len(pages) == len(breaks) + 1
    seen = []
    for page in pages:
        kegiatan = re.findall(r"\bK\d{3}\b", page)
        indicators = re.findall(r"\bI\d{3}\b", page)
        seen += kegiatan
        if kegiatan and not indicators:  # a page of the serapan table only: its own header, not the other's
            assert "Uraian" in page and "Efisiensi" not in page
        if indicators and not kegiatan and page is not pages[0]:
            assert "Efisiensi" in page and "Uraian" not in page
    assert sorted(set(seen)) == [f"K{k:03d}" for k in range(1, 31)]
    assert sum("NIP." in p for p in pages) == 1 and "NIP." in pages[-1] and "Jumlah" in pages[-1]
    # no page starts inside a kegiatan's block: each break falls on a block's first line (or a copy)
    values = openpyxl.load_workbook(out, data_only=True)["Cost per Outcome"]
    for b in breaks:
        label = values.cell(b, 3).value
        assert label in ("Uraian", "Indikator Kinerja", "3") or values.cell(b, 2).value is not None or \
            str(values.cell(b, 1).value or "").startswith(SERAPAN_TITLE), (b, label)


def test_fast_cell_writer_gives_xlsxwriters_own_bytes(tmp_path, monkeypatch):
    """page.PlainFormulaSheet stores cells (sheet_cells.py) and writes its rows and most <c>
    elements itself (sheet_rows.py, speed): a year draft with numbers, text, blanks and formulas
    caching numbers and "-" must come out byte for byte as xlsxwriter's own methods make it."""
    from xlsxwriter.worksheet import Worksheet

    from lkj_excel.writers.page import PlainFormulaSheet

    src = year_input(tmp_path / "in.xlsx", BLANKS, SERAPAN_BLANKS)
    fast = build_file(src, tmp_path / "fast.xlsx", force=True).output
    for name in ("_write_rows", "write_string", "write_number", "write_blank", "write_formula",
                 "_write_formula", "set_row", "merge_range"):
        monkeypatch.setattr(PlainFormulaSheet, name, getattr(Worksheet, name))
    stock = build_file(src, tmp_path / "stock.xlsx", force=True).output
    assert fast.read_bytes() == stock.read_bytes()


def test_jumlah_serapan_against_the_plan_counts_only_kegiatan_with_a_plan(tmp_path):
    """At TW I kegiatan 1 spent 5.000.000 of a planned 6.000.000 (83,33%); kegiatan 2 spent 1.000.000
    with no plan. The Jumlah against the plan is 5/6 = 83,33%, not (5 + 1)/6 = 100%: a kegiatan
    without a plan has nothing to be measured against. Against the pagu all spending counts:
    6.000.000 / 30.000.000 = 20%."""
    anggaran = [
        [1, "Pengukuran produktivitas", 1, 20_000_000, 6_000_000, 4_000_000, 5_000_000, 5_000_000,
         5_000_000, None, None, None],
        [2, "Bursa kerja", 2, 10_000_000, None, None, None, None, 1_000_000, None, None, None],
    ]
    kinerja = [row[:12] + [None] * 4 for row in WORKED[:2]]  # TW I: no TW II realisasi
    src = year_input(tmp_path / "in.xlsx", kinerja, anggaran, tribulan="I")
    result = build_file(src, tmp_path / "out.xlsx", force=True)
    total = serapan_blocks(result.output, tw="I")["Jumlah"]
    assert total["Realisasi (Rp)"][5:] == (6_000_000, pytest.approx(0.2))
    assert total["Rencana / anggaran kas (Rp)"][5:] == (6_000_000, pytest.approx(5 / 6))
    assert result.check.results.total.serapan_rencana == pytest.approx(5 / 6)
    pytest.importorskip("formulas")
    assert_engines_agree(result.output, tmp_path / "lo", at_least=20)
