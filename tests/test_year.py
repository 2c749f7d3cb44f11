"""Contract version 2, the year workbook: quarterly targets and realisasi, Cara Hitung, quarterly money.

Every expected number is worked out by hand in the test from DOMAIN §2 and §8."""

from __future__ import annotations

import pytest

from lkj_excel.compute import evaluate
from lkj_excel.config import Config
from lkj_excel.contract import parse_report
from lkj_excel.quarters import KUMULATIF, NILAI_AKHIR, RATA_RATA, default_cara_hitung, parse_cara_hitung, upto

from helpers import identitas

KINERJA_V2 = ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Arah", "Cara Hitung", "Target",
              "Target TW I", "Target TW II", "Target TW III", "Target TW IV",
              "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV", "Keterangan"]
ANGGARAN_V2 = ["No", "Kegiatan", "No Sasaran", "Pagu", "Rencana TW I", "Rencana TW II", "Rencana TW III",
               "Rencana TW IV", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV"]

# The seed (LKj Tribulan II 2023) as a year workbook. Indicator 2 counts companies (Kumulatif):
# 12 measured in TW I and 24 in TW II make 36, the seed's cumulative realisasi. Indicator 1 is a
# share (%): Nilai Akhir, 51,43 at the end of TW II.
SEED_KINERJA_V2 = [
    [1, "Meningkatnya Pelaksanaan Konsultasi Produktivitas pada Perusahaan kecil.",
     "Prosentase Perusahaan kecil yang melakukan konsultasi produktivitas", "%", "Naik", None, 100,
     25, 50, 75, 100, 20, 51.43, None, None, "-"],
    [2, "Meningkatnya pelaksanaan pengukuran produktivitas tingkat daerah Kabupaten/Kota",
     "Jumlah perusahaan yang diukur produktivitas tenaga kerjanya", "perusahaan", "Naik", None, 70,
     10, 20, 20, 20, 12, 24, None, None, None],
]
SEED_ANGGARAN_V2 = [
    [1, "Konsultasi produktifitas pada perusahaan kecil", 1, 20_000_000, 5_000_000, 5_000_000, 5_000_000,
     5_000_000, 0, 0, None, None],
    [2, "Pengukuran produktivitas tingkat daerah Kabupaten/Kota", 2, 6_300_000, None, None, None, None,
     0, 0, None, None],
]


def read(kinerja, anggaran=SEED_ANGGARAN_V2, kinerja_header=KINERJA_V2, anggaran_header=ANGGARAN_V2, **ident):
    sheets = {"Identitas": identitas(**ident), "Kinerja": [kinerja_header, *kinerja],
              "Anggaran": [anggaran_header, *anggaran]}
    return parse_report(sheets)


def results(kinerja, anggaran=SEED_ANGGARAN_V2, config=Config(), **ident):
    got = read(kinerja, anggaran, **ident)
    assert got.report is not None, got.findings
    return got, list(evaluate(got.report, config).indicators())


def row(satuan, arah, cara, target, targets, actuals):
    return [1, "S", "I", satuan, arah, cara, target, *targets, *actuals, None]


def test_seed_tw2_as_year_workbook_gives_51_43_against_the_yearly_target():
    got, rows = results(SEED_KINERJA_V2)
    assert got.report.version == 2
    one, two = rows
    assert (one.cara_hitung, two.cara_hitung) == (NILAI_AKHIR, KUMULATIF)  # defaults from the satuan
    assert two.realisasi == 12 + 24 == 36
    assert two.capaian == pytest.approx(36 / 70)
    assert round(two.capaian * 100, 2) == 51.43
    assert one.realisasi == 51.43 and round(one.capaian * 100, 2) == 51.43  # 51,43 / 100
    # against the Rencana Aksi s.d. TW II: 36 / (10 + 20) = 120%; 51,43 / 50 = 102,86%
    assert two.target_sd == 30 and two.capaian_sd == pytest.approx(1.2)
    assert one.target_sd == 50 and round(one.capaian_sd * 100, 2) == 102.86
    assert [r.predikat.label for r in rows] == ["Rendah", "Rendah"]  # yearly capaian by default


def test_kumulatif_naik_quarter_by_quarter():
    """DOMAIN §8: T = 70, TW targets 10, 20, 20, 20; realisasi TW I 12, TW II 24.
    TW I: R = 12, T s.d. = 10 → 120%; yearly 12/70 = 17,14%.
    TW II: R = 36, T s.d. = 30 → 120%; yearly 36/70 = 51,43%. TW III and IV: plan only."""
    _, [r] = results([row("perusahaan", "Naik", "Kumulatif", 70, (10, 20, 20, 20), (12, 24, None, None))])
    q = r.quarters
    assert [x.target_sd for x in q] == [10, 30, 50, 70]
    assert [x.realisasi_sd for x in q] == [12, 36, None, None]
    assert q[0].capaian_sd == pytest.approx(12 / 10) and round(q[0].capaian_tahunan * 100, 2) == 17.14
    assert q[1].capaian_sd == pytest.approx(36 / 30) and round(q[1].capaian_tahunan * 100, 2) == 51.43
    assert q[2].capaian_sd is None and q[3].capaian_tahunan is None


def test_nilai_akhir_naik_takes_the_last_filled_quarter():
    """A share at the quarter's end: TW targets 25, 50, 75, 100 (yearly 100); realisasi 20 then 45.
    TW II: R = 45 (not 20 + 45), T s.d. = 50 → 90%; yearly 45/100 = 45%."""
    _, [r] = results([row("%", "Naik", "Nilai Akhir", 100, (25, 50, 75, 100), (20, 45, None, None))])
    assert r.realisasi == 45 and r.target_sd == 50
    assert r.capaian_sd == pytest.approx(0.9) and r.capaian == pytest.approx(0.45)


def test_nilai_akhir_turun_applies_two_t_minus_r_to_the_last_quarter():
    """Unemployment rate (lower is better): yearly target 7, TW targets 7,5 7,3 7,1 7; realisasi TW I
    7,8, TW II 6,5. At TW II: R = 6,5, T s.d. = 7,3 → (2×7,3 − 6,5)/7,3 = 8,1/7,3 = 110,96%;
    yearly (2×7 − 6,5)/7 = 107,14% (DOMAIN §2's PermenPANRB example)."""
    _, [r] = results([row("%", "Turun", "Nilai Akhir", 7, (7.5, 7.3, 7.1, 7), (7.8, 6.5, None, None))])
    assert r.realisasi == 6.5 and r.target_sd == 7.3
    assert round(r.capaian_sd * 100, 2) == 110.96
    assert round(r.capaian * 100, 2) == 107.14
    # TW I alone: (2×7,5 − 7,8)/7,5 = 7,2/7,5 = 96%
    assert r.quarters[0].capaian_sd == pytest.approx(0.96)


def test_kumulatif_turun_and_the_floor_at_zero():
    """Work accidents (kasus, lower is better), summed: yearly 20, TW targets 5 each; 4 then 7.
    TW II: R = 11, T s.d. = 10 → (2×10 − 11)/10 = 90%; yearly (2×20 − 11)/20 = 145%.
    With 25 in TW II instead: R = 29 → (20 − 29)/10 < 0 → 0%; yearly (40 − 29)/20 = 55%."""
    _, [r] = results([row("kasus", "Turun", "Kumulatif", 20, (5, 5, 5, 5), (4, 7, None, None))])
    assert r.realisasi == 11 and r.target_sd == 10
    assert r.capaian_sd == pytest.approx(0.9) and r.capaian == pytest.approx(1.45)
    _, [r] = results([row("kasus", "Turun", "Kumulatif", 20, (5, 5, 5, 5), (4, 25, None, None))])
    assert r.realisasi == 29 and r.capaian_sd == 0 and r.capaian == pytest.approx(0.55)


def test_rata_rata_averages_the_filled_quarters():
    """Satisfaction index, averaged: 80 and 90 → 85; TW targets 80, 82 → 81; 85/81 = 104,94%."""
    _, [r] = results([row("indeks", "Naik", "Rata-rata", 82, (80, 82, 84, 86), (80, 90, None, None))])
    assert r.cara_hitung == RATA_RATA and r.realisasi == 85 and r.target_sd == 81
    assert round(r.capaian_sd * 100, 2) == 104.94


def test_predikat_can_follow_the_quarterly_capaian():
    config = Config.from_mapping({"report": {"predikat_capaian": "triwulan"}})
    _, rows = results(SEED_KINERJA_V2, config=config)
    assert [r.predikat.label for r in rows] == ["Sangat Tinggi", "Sangat Tinggi"]  # 102,86% and 120%


def test_cara_hitung_forms_and_defaults():
    assert parse_cara_hitung("kumulatif") == KUMULATIF
    assert parse_cara_hitung("NILAI AKHIR") == NILAI_AKHIR
    assert parse_cara_hitung("Rata-Rata") == RATA_RATA
    assert parse_cara_hitung("kadang-kadang") is None
    assert default_cara_hitung("%") == NILAI_AKHIR and default_cara_hitung("Persen") == NILAI_AKHIR
    assert default_cara_hitung("indeks") == NILAI_AKHIR
    assert default_cara_hitung("perusahaan") == KUMULATIF and default_cara_hitung("") == KUMULATIF
    assert upto((1, None, 3, 4), 3, KUMULATIF) == 4 and upto((1, None, None, 4), 3, NILAI_AKHIR) == 1
    assert upto((None,) * 4, 4, RATA_RATA) is None


@pytest.mark.parametrize("label", ["Realisasi TW II", "Realisasi Triwulan II", "Realisasi TW 2",
                                   "REALISASI TRIBULAN 2", "Realisasi TW-II"])
def test_quarter_headers_in_every_form(label):
    header = ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Realisasi TW I", label]
    got = read([[1, "S", "I", "orang", 70, 12, 24]], kinerja_header=header)
    [(_, ind)] = got.report.indicators()
    assert ind.realisasi_tw == (12, 24, None, None) and ind.realisasi is None
    assert ind.cells["realisasi_tw2"].ref == "G2"


def test_quarterly_money_serapan_against_pagu_and_plan():
    """Pagu 20.000.000, plan 5.000.000 a quarter; spent 2.000.000 in TW I and 6.000.000 in TW II.
    S.d. TW II: 8.000.000 / 20.000.000 = 40% of the pagu, 8.000.000 / 10.000.000 = 80% of the plan.
    TW II alone: 6.000.000 / 20.000.000 = 30%."""
    anggaran = [[1, "Konsultasi", 1, 20_000_000, 5_000_000, 5_000_000, 5_000_000, 5_000_000,
                 2_000_000, 6_000_000, None, None]]
    got = read([row("orang", "Naik", None, 70, (10, 20, 20, 20), (12, 24, None, None))], anggaran)
    res = evaluate(got.report, Config())
    [k] = res.kegiatan
    assert k.realisasi == 2_000_000 + 6_000_000 == 8_000_000
    assert k.serapan == pytest.approx(0.4) and k.rencana == 10_000_000 and k.serapan_rencana == pytest.approx(0.8)
    assert [q.serapan for q in k.quarters] == [pytest.approx(0.1), pytest.approx(0.3), None, None]
    assert [q.serapan_sd for q in k.quarters[:2]] == [pytest.approx(0.1), pytest.approx(0.4)]
    [s] = res.sasaran
    assert s.budget.realisasi == 8_000_000 and s.budget.serapan_rencana == pytest.approx(0.8)
    # efisiensi reads the same yearly capaian and serapan: 36/70 − 40% = 11,43 points
    assert round(s.indicators[0].efisiensi * 100, 2) == 11.43


def test_version_1_file_has_no_quarters():
    header = ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Arah", "Target", "Realisasi"]
    got = read([[1, "S", "I", "orang", "Naik", 70, 36]], [[1, "K", 1, 100, 0]], kinerja_header=header,
               anggaran_header=["No", "Kegiatan", "No Sasaran", "Pagu", "Realisasi"])
    assert got.report.version == 1
    [r] = evaluate(got.report, Config()).indicators()
    assert r.quarters == () and r.target_sd is None and r.realisasi == 36 and r.cara_hitung is None


# -- the checks of a year workbook ---------------------------------------------------------------
# Kinerja columns: F Cara Hitung, G Target, H..K Target TW I..IV, L..O Realisasi TW I..IV; row 2.
# Anggaran columns: D Pagu, E..H Rencana TW I..IV, I..L Realisasi TW I..IV.

def check(kinerja, anggaran=SEED_ANGGARAN_V2, **ident):
    from lkj_excel.validate import validate

    got = read(kinerja, anggaran, **ident)
    findings = list(got.findings)
    if got.report is not None:
        findings += validate(got.report, Config())
    return findings


def only(findings, code):
    hits = [f for f in findings if f.code == code]
    return [(f.sheet, f.cell, f.severity) for f in hits], hits


def test_seed_year_workbook_has_only_the_seeds_own_warnings():
    codes = sorted({f.code for f in check(SEED_KINERJA_V2)})
    assert codes == ["kinerja-tanpa-serapan", "nilai-kembar"]


def test_kumulatif_increment_below_zero():
    where, [hit] = only(check([row("orang", "Naik", "Kumulatif", 70, (10, 20, 20, 20), (12, -3, None, None))]),
                        "kenaikan-negatif")
    assert where == [("Kinerja", "M2", "error")] and "Kumulatif" in hit.message
    # a negative level under Nilai Akhir is simply a negative number
    where, _ = only(check([row("%", "Naik", "Nilai Akhir", 70, (10, 20, 20, 70), (12, -3, None, None))]),
                    "angka-negatif")
    assert where == [("Kinerja", "M2", "error")]


def test_large_nilai_akhir_swing_is_a_warning():
    """Yearly target 7: a move of more than 3,5 (half of 7) between filled quarters is flagged.
    7,8 → 3 moves 4,8: flagged; 7,8 → 6,5 moves 1,3 (against nothing): not."""
    where, hit = only(check([row("%", "Turun", "Nilai Akhir", 7, (7.5, 7.3, 7.1, 7), (7.8, 3, None, None))]),
                      "lonjakan-nilai-akhir")
    assert where == [("Kinerja", "M2", "warning")] and "4,8" in hit[0].message
    assert only(check([row("%", "Turun", "Nilai Akhir", 7, (7.5, 7.3, 7.1, 7), (7.8, 6.5, None, None))]),
                "lonjakan-nilai-akhir")[0] == []


def test_quarterly_targets_must_add_up_to_the_yearly_target():
    # Kumulatif: 10 + 20 + 20 + 10 = 60, not 70 → at the last target (K2)
    where, [hit] = only(check([row("orang", "Naik", "Kumulatif", 70, (10, 20, 20, 10), (12, 24, None, None))]),
                        "target-triwulan-tidak-cocok")
    assert where == [("Kinerja", "K2", "warning")] and "10 + 20 + 20 + 10 = 60" in hit.message
    # 33,33 + 33,33 + 33,34 + 0 = 100 exactly; 33,33 × 3 + 0,01 rounding is within 0,01 a quarter
    assert only(check([row("orang", "Naik", "Kumulatif", 100, (33.33, 33.33, 33.33, 0.02), (30, 30, None, None))]),
                "target-triwulan-tidak-cocok")[0] == []
    # Nilai Akhir: TW IV 90 against a yearly 100
    where, _ = only(check([row("%", "Naik", "Nilai Akhir", 100, (25, 50, 75, 90), (20, 45, None, None))]),
                    "target-triwulan-tidak-cocok")
    assert where == [("Kinerja", "K2", "warning")]


def test_quarter_spending_above_what_the_pagu_leaves():
    """Pagu 20.000.000; TW I 15.000.000 leaves 5.000.000; TW II 6.000.000 (J2) is above it."""
    anggaran = [[1, "Konsultasi", 1, 20_000_000, None, None, None, None, 15_000_000, 6_000_000, None, None]]
    where, [hit] = only(check(SEED_KINERJA_V2[:1], anggaran), "belanja-melebihi-sisa-pagu")
    assert where == [("Anggaran", "J2", "error")]
    assert "Rp5.000.000" in hit.message and "Rp15.000.000" in hit.message
    assert only(check(SEED_KINERJA_V2[:1], anggaran), "realisasi-melebihi-pagu")[0] == []


def test_a_quarter_after_the_tribulan_holds_values():
    kinerja = [row("orang", "Naik", "Kumulatif", 70, (10, 20, 20, 20), (12, 24, 5, None))]
    anggaran = [[1, "Konsultasi", 1, 20_000_000, None, None, None, None, 1_000_000, 1_000_000, None, 500]]
    where, hits = only(check(kinerja, anggaran), "triwulan-melewati-periode")
    assert sorted(where) == [("Anggaran", "L2", "error"), ("Kinerja", "N2", "error")]
    assert all("laporan ini Tribulan II" in f.message for f in hits)


def test_an_earlier_quarter_empty_under_kumulatif():
    kinerja = [row("orang", "Naik", "Kumulatif", 70, (10, 20, 20, 20), (None, 24, None, None)),
               [None, None, "Tingkat", "%", "Naik", "Nilai Akhir", 100, 25, 50, 75, 100, None, 40, None, None, None]]
    where, [hit] = only(check(kinerja), "triwulan-sebelumnya-kosong")
    assert where == [("Kinerja", "L2", "error")]  # row 3's Nilai Akhir may skip TW I
    # the report's own quarter empty is a required value left empty
    where, _ = only(check([row("orang", "Naik", "Kumulatif", 70, (10, 20, 20, 20), (12, None, None, None))]),
                    "isian-kosong")
    assert where == [("Kinerja", "M2", "error")]


def test_single_realisasi_disagreeing_with_the_quarters():
    header = KINERJA_V2[:11] + ["Realisasi"] + KINERJA_V2[11:]  # L Realisasi, M..P quarters
    kinerja = [[1, "S", "I", "orang", "Naik", None, 70, 10, 20, 20, 20, 30, 12, 24, None, None, None]]
    got = read(kinerja, kinerja_header=header)
    from lkj_excel.validate import validate

    findings = validate(got.report, Config())
    where, [hit] = only(findings, "realisasi-tidak-cocok")
    assert where == [("Kinerja", "L2", "error")] and "36" in hit.message  # 12 + 24, not 30
    [r] = evaluate(got.report, Config()).indicators()
    assert r.realisasi == 36  # the quarters count
    kinerja[0][11] = 36
    assert only(validate(read(kinerja, kinerja_header=header).report, Config()), "realisasi-tidak-cocok")[0] == []


def test_unknown_cara_hitung():
    where, [hit] = only(check([row("orang", "Naik", "Kadang", 70, (10, 20, 20, 20), (12, 24, None, None))]),
                        "cara-hitung-tidak-valid")
    assert where == [("Kinerja", "F2", "error")] and "Kumulatif" in hit.message


def test_seed_year_template_tw2_reads_back_to_51_43(tmp_path):
    """The same seed, written by the version-2 template (samples.seed_year_data): 12 + 24 = 36 of 70."""
    from lkj_excel.api import check_file
    from lkj_excel.samples import seed_year_data
    from lkj_excel.template import write_template

    checked = check_file(write_template(tmp_path / "tahun.xlsx", seed_year_data(2)))
    assert checked.valid and checked.report.version == 2
    one, two = checked.results.indicators()
    assert two.realisasi == 36 and round(two.capaian * 100, 2) == 51.43 and two.capaian_sd == pytest.approx(1.2)
    assert round(one.capaian * 100, 2) == 51.43
    assert sorted({f.code for f in checked.findings}) == ["kinerja-tanpa-serapan", "nilai-kembar"]


def test_a_year_workbook_builds_with_its_realisasi_sd_tribulan(tmp_path):
    """The Capaian sheet of a year workbook shows the realisasi s.d. TW II from the quarters (indicator 2,
    Kumulatif: 12 + 24 = 36; 36/70 = 51,43%), not the empty single Realisasi column; its own columns
    are tested in test_year_workbook.py."""
    import openpyxl

    from lkj_excel.api import build_file
    from lkj_excel.samples import seed_year_data
    from lkj_excel.template import write_template

    isian = tmp_path / "tahun.xlsx"
    write_template(isian, seed_year_data(2))
    out = build_file(isian, tmp_path / "hasil.xlsx").output
    ws = openpyxl.load_workbook(out, data_only=True)["Capaian Kinerja"]
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    seed_row = next(r for r in rows if r[1] == "Jumlah perusahaan yang diukur produktivitas tenaga kerjanya")
    # Cara Hitung, Target Tahun, Target s.d. TW, Realisasi s.d. TW, vs s.d. TW, vs yearly
    assert list(seed_row[2:8]) == ["Kumulatif", 70, 30, 36, pytest.approx(1.2), pytest.approx(36 / 70)]
