"""`lkj-excel rekap`: many units' reports in one workbook. Every expected number is worked out by hand here
from DOMAIN.md §2/§3 and the seed; the cached values are held to LibreOffice and `formulas` in
test_rekap_engines.py."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from lkj_excel.cli import cli
from lkj_excel.config import Config
from lkj_excel.rekap import make_rekap
from lkj_excel.rekap.sheets import ANGGARAN, KINERJA, PERKEMBANGAN, RINGKASAN, VALIDASI

from helpers import simple_workbook

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "samples", "isian-contoh-tw2-2023.xlsx")

# Unit B, TW II 2023: 45 of 50 orang = 90% (Tinggi: above 75, not above 90); 20 of 20 dokumen = 100%
# (Sangat Tinggi). Pagu 10.000.000 + 5.000.000 = 15.000.000, spent 8.000.000 + 2.500.000 = 10.500.000,
# serapan 10,5 / 15 = 70%.
B_KINERJA = [[1, "Meningkatnya kompetensi tenaga kerja", "Jumlah tenaga kerja yang dilatih", "orang", "Naik", 50, 45,
              None],
             [None, None, "Jumlah dokumen kurikulum pelatihan", "dokumen", "Naik", 20, 20, None]]
B_ANGGARAN = [[1, "Pelatihan berbasis kompetensi", 1, 10_000_000, 8_000_000],
              [2, "Penyusunan kurikulum pelatihan", 1, 5_000_000, 2_500_000]]
# Unit C, TW II 2023: an unemployment-like rate, Turun, target 8, realisasi 9: (2×8 − 9) / 8 = 87,5% (Tinggi).
# Pagu 4.000.000, spent 1.000.000: serapan 25%.
C_KINERJA = [[1, "Menurunnya perselisihan hubungan industrial", "Persentase perselisihan yang berulang", "%", "Turun",
              8, 9, None]]
C_ANGGARAN = [[1, "Mediasi perselisihan hubungan industrial", 1, 4_000_000, 1_000_000]]

B_UNIT = "Bidang Pelatihan dan Produktivitas"
C_UNIT = "Bidang Hubungan Industrial"


def unit_b(path, **ident):
    ident.setdefault("Unit_Kerja", B_UNIT)
    return simple_workbook(path, B_KINERJA, B_ANGGARAN, **ident)


def unit_c(path, **ident):
    ident.setdefault("Unit_Kerja", C_UNIT)
    return simple_workbook(path, C_KINERJA, C_ANGGARAN, **ident)


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)


def rows_of(path, sheet):
    wb = openpyxl.load_workbook(path, data_only=True)
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def table(path, sheet, first_label):
    """The rows under the header row whose first cell is `first_label`, up to the first empty first cell."""
    rows = rows_of(path, sheet)
    start = next(i for i, r in enumerate(rows) if r[0] == first_label)
    out = []
    for r in rows[start + 1:]:
        if r[0] is None:
            break
        out.append(r)
    return rows[start], out


def ringkasan(path):
    rows = rows_of(path, RINGKASAN)
    start = next(i for i, r in enumerate(rows) if r[0] == "No.")
    header = rows[start][:6] + rows[start + 1][6:11] + rows[start][11:]
    body = []
    for r in rows[start + 2:]:
        body.append(r)
        if r[0] == "Jumlah / Rata-rata":
            break
    return header, body


@pytest.fixture
def three_units(tmp_path):
    """The sample (seed) plus unit B at the top and unit C in a subfolder: folders are searched recursively."""
    folder = tmp_path / "masuk"
    (folder / "bidang-c").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "seed.xlsx")
    unit_b(folder / "b.xlsx")
    unit_c(folder / "bidang-c" / "c.xlsx")
    return folder


def test_sample_plus_two_units_hand_checked(three_units, tmp_path):
    out = tmp_path / "Rekap.xlsx"
    result = run("rekap", three_units, "-o", out)
    assert result.exit_code == 0, result.output
    assert "3 laporan unit dari 3 berkas" in result.output
    header, body = ringkasan(out)
    assert header[:11] == ["No.", "Perangkat Daerah", "Unit Kerja", "TW", "Jumlah Indikator", "Rata-rata Capaian (%)",
                           "Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    assert header[11:15] == ["Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)", "Efisiensi (%)"]
    by_unit = {r[2]: r for r in body[:-1]}
    seed, b, c = by_unit["Bidang Pengembangan Ketenagakerjaan"], by_unit[B_UNIT], by_unit[C_UNIT]
    # Seed: 51,43 / 100 = 51,43% and 36 / 70 = 51,43%, both Rendah; average (0,5143 + 0,514286) / 2.
    assert seed[4] == 2 and seed[5] == pytest.approx((0.5143 + 36 / 70) / 2)
    assert seed[6:11] == [0, 0, 0, 2, 0]
    # 20.000.000 + 6.300.000 = 26.300.000 pagu, nothing spent: serapan 0%, efisiensi 51,43 − 0.
    assert (seed[11], seed[12], seed[13]) == (26_300_000, 0, 0)
    assert seed[14] == pytest.approx((0.5143 + 36 / 70) / 2)
    # B: (90% + 100%) / 2 = 95%; one Tinggi, one Sangat Tinggi; serapan 70%; efisiensi 95 − 70 = 25 points.
    assert b[4:11] == [2, pytest.approx(0.95), 1, 1, 0, 0, 0]
    assert (b[11], b[12], b[13], b[14]) == (15_000_000, 10_500_000, pytest.approx(0.7), pytest.approx(0.25))
    # C: Turun (2×8 − 9) / 8 = 87,5%, Tinggi; 1.000.000 / 4.000.000 = 25%.
    assert c[4:11] == [1, pytest.approx(0.875), 0, 1, 0, 0, 0]
    assert (c[11], c[12], c[13]) == (4_000_000, 1_000_000, pytest.approx(0.25))
    total = body[-1]
    # Jumlah / Rata-rata: 5 indicators; their average (0,5143 + 0,514286 + 0,9 + 1 + 0,875) / 5;
    # pagu 26.300.000 + 15.000.000 + 4.000.000 = 45.300.000; spent 0 + 10.500.000 + 1.000.000 = 11.500.000;
    # serapan 11,5 / 45,3 = 25,39%.
    assert total[4] == 5
    assert total[5] == pytest.approx((0.5143 + 36 / 70 + 0.9 + 1 + 0.875) / 5)
    assert total[6:11] == [1, 2, 0, 2, 0]
    assert (total[11], total[12]) == (45_300_000, 11_500_000)
    assert total[13] == pytest.approx(11_500_000 / 45_300_000)
    assert round(total[13] * 100, 2) == 25.39


def test_detail_sheets_carry_every_indicator_and_kegiatan(three_units, tmp_path):
    out = tmp_path / "Rekap.xlsx"
    make_rekap([three_units], out, Config())
    header, kinerja = table(out, KINERJA, "No. Unit")
    assert header == ["No. Unit", "Perangkat Daerah", "Unit Kerja", "TW", "Sasaran", "Indikator Kinerja", "Satuan",
                      "Target", "Realisasi", "Capaian (%)", "Predikat"]
    assert len(kinerja) == 5
    c_row = next(r for r in kinerja if r[2] == C_UNIT)
    assert (c_row[7], c_row[8], c_row[9], c_row[10]) == (8, 9, pytest.approx(0.875), "Tinggi")
    header, anggaran = table(out, ANGGARAN, "No. Unit")
    assert header[7:10] == ["Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)"]
    pelatihan = next(r for r in anggaran if r[5] == "Pelatihan berbasis kompetensi")
    assert (pelatihan[7], pelatihan[8], pelatihan[9]) == (10_000_000, 8_000_000, pytest.approx(0.8))
    wb = openpyxl.load_workbook(out)
    assert wb[KINERJA].auto_filter.ref is not None
    # Predikat colours as in the unit workbooks: one rule per band of the default scale
    rules = [r for rng in wb[KINERJA].conditional_formatting for r in rng.rules]
    assert len(rules) == 5
    formulas = openpyxl.load_workbook(out, data_only=False)[RINGKASAN]
    texts = [str(c.value) for row in formulas.iter_rows() for c in row if isinstance(c.value, str)]
    for function in ("COUNTIF(", "AVERAGEIF(", "COUNTIFS(", "SUMIF(", "SUM(", "AVERAGE("):
        assert any(t.startswith("=") and function in t for t in texts), function


def test_a_folder_with_unreadable_duplicate_and_error_files_still_gives_a_rekap(three_units, tmp_path):
    (three_units / "rusak.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    # The same unit B and tribulan again, dated later: this one is used.
    unit_b(three_units / "b-revisi.xlsx", Tanggal_Laporan=dt.date(2023, 7, 10))
    # 25.000.000 spent on a 20.000.000 pagu: realisasi-melebihi-pagu, an error.
    simple_workbook(three_units / "salah.xlsx", B_KINERJA, [[1, "Kegiatan D", 1, 20_000_000, 25_000_000]],
                    Unit_Kerja="Bidang D")
    out = tmp_path / "Rekap.xlsx"
    result = run("rekap", three_units, "-o", out)
    assert result.exit_code == 2, result.output  # an unreadable input: README's exit code 2
    assert out.is_file()
    _, body = ringkasan(out)
    units = [r[2] for r in body[:-1]]
    assert sorted(units) == sorted(["Bidang Pengembangan Ketenagakerjaan", B_UNIT, C_UNIT])
    assert next(r for r in body if r[2] == B_UNIT)[-1] == "b-revisi.xlsx"
    _, issues = table(out, VALIDASI, "No")
    kinds = {(r[2], r[3]): r for r in issues}
    assert kinds[("Tidak terbaca", "rusak.xlsx")][1] == "galat"
    dup = kinds[("Unit ganda", "b.xlsx")]
    assert "Yang dipakai" in dup[6] and "b-revisi.xlsx" in dup[6] and "tanggal laporannya lebih baru" in dup[6]
    err = kinds[("Galat isian", "salah.xlsx")]
    assert "tidak masuk rekap" in err[6] and "realisasi-melebihi-pagu" in err[6] and "Anggaran!E2" in err[6]
    # the input's first error is linked to its cell
    ws = openpyxl.load_workbook(out)[VALIDASI]
    links = {c.value: c.hyperlink for row in ws.iter_rows() for c in row if c.hyperlink}
    assert links["salah.xlsx"].target.replace("\\", "/").endswith("masuk/salah.xlsx")
    assert links["salah.xlsx"].location == "Anggaran!E2"


def test_errors_only_give_exit_1_and_force_takes_them_in_as_draf(three_units, tmp_path):
    simple_workbook(three_units / "salah.xlsx", B_KINERJA, [[1, "Kegiatan D", 1, 20_000_000, 25_000_000]],
                    Unit_Kerja="Bidang D")
    out = tmp_path / "Rekap.xlsx"
    assert run("rekap", three_units, "-o", out).exit_code == 1
    _, body = ringkasan(out)
    assert "Bidang D" not in [r[2] for r in body]
    forced = tmp_path / "Rekap-draf.xlsx"
    result = run("rekap", three_units, "-o", forced, "--force")
    assert result.exit_code == 1 and "(DRAF)" in result.output
    _, body = ringkasan(forced)
    d = next(r for r in body if r[2] == "Bidang D")
    assert d[15] == "DRAF"
    assert rows_of(forced, RINGKASAN)[0][0].startswith("DRAF")
    # D's pagu 20.000.000 joins the total: 45.300.000 + 20.000.000 = 65.300.000
    assert body[-1][11] == 65_300_000


def test_different_years_are_listed_and_left_out(three_units, tmp_path):
    unit_c(three_units / "c-2022.xlsx", Unit_Kerja="Bidang Lama", Tahun=2022, Tanggal_Laporan=dt.date(2022, 7, 5))
    out = tmp_path / "Rekap.xlsx"
    assert run("rekap", three_units, "-o", out).exit_code == 0
    _, issues = table(out, VALIDASI, "No")
    year = next(r for r in issues if r[2] == "Tahun berbeda")
    assert year[3] == "c-2022.xlsx" and "tahun 2022" in year[6] and "rekap ini tahun 2023" in year[6]
    assert "Bidang Lama" not in [r[2] for r in ringkasan(out)[1]]


def test_changed_target_and_falling_realisasi_between_quarters(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # TW I: 46 orang against a target of 40; TW II: 45 orang against 50 (B_KINERJA).
    tw1 = [[1, B_KINERJA[0][1], B_KINERJA[0][2], "orang", "Naik", 40, 46, None], B_KINERJA[1]]
    simple_workbook(folder / "b-tw1.xlsx", tw1, B_ANGGARAN, Unit_Kerja=B_UNIT, Tribulan="I",
                    Tanggal_Laporan=dt.date(2023, 4, 5))
    unit_b(folder / "b-tw2.xlsx")
    out = tmp_path / "Rekap.xlsx"
    assert run("rekap", folder, "-o", out).exit_code == 0
    _, issues = table(out, VALIDASI, "No")
    changed = next(r for r in issues if r[2] == "Target PK berubah")
    assert "target 50 di Tribulan II, padahal 40 di Tribulan I" in changed[6]
    fell = next(r for r in issues if r[2] == "Realisasi menurun")
    assert "45 di Tribulan II, lebih kecil daripada 46 di Tribulan I" in fell[6]


def test_twelve_inputs_three_units_four_quarters_give_perkembangan_and_a_trend_chart(tmp_path):
    """Unit B with 10, 20, 35, 45 orang of 50 (20%, 40%, 70%, 90%) and its 20 dokumen done from TW I
    (100%): average capaian per TW (20+100)/2 = 60%, 70%, 85%, 95%."""
    folder = tmp_path / "in"
    folder.mkdir()
    ends = {1: dt.date(2023, 4, 5), 2: dt.date(2023, 7, 5), 3: dt.date(2023, 10, 5), 4: dt.date(2024, 1, 5)}
    for q, orang in zip((1, 2, 3, 4), (10, 20, 35, 45)):
        kinerja = [[1, B_KINERJA[0][1], B_KINERJA[0][2], "orang", "Naik", 50, orang, None], B_KINERJA[1]]
        simple_workbook(folder / f"b-{q}.xlsx", kinerja, B_ANGGARAN, Unit_Kerja=B_UNIT, Tribulan=q,
                        Tanggal_Laporan=ends[q])
        unit_c(folder / f"c-{q}.xlsx", Tribulan=q, Tanggal_Laporan=ends[q])
        simple_workbook(folder / f"e-{q}.xlsx", B_KINERJA, B_ANGGARAN, Unit_Kerja="Bidang E", Tribulan=q,
                        Tanggal_Laporan=ends[q])
    out = tmp_path / "Rekap.xlsx"
    result = run("rekap", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert "12 laporan unit dari 12 berkas" in result.output
    wb = openpyxl.load_workbook(out)
    assert PERKEMBANGAN in wb.sheetnames
    rows = rows_of(out, PERKEMBANGAN)
    start = next(i for i, r in enumerate(rows) if r[0] == "No.")
    assert rows[start + 1][3:7] == ["TW I", "TW II", "TW III", "TW IV"]
    b = next(r for r in rows if r[2] == B_UNIT)
    assert b[3:7] == [pytest.approx(0.6), pytest.approx(0.7), pytest.approx(0.85), pytest.approx(0.95)]
    assert b[7:11] == [pytest.approx(0.7)] * 4  # the same money each quarter in this test: 70%
    charts = wb["Grafik"]._charts
    titles = [_chart_title(ch) for ch in charts]
    assert len(charts) == 3 and any("Perkembangan" in t for t in titles)


def test_one_quarter_gives_no_perkembangan_but_two_charts(three_units, tmp_path):
    out = tmp_path / "Rekap.xlsx"
    make_rekap([three_units], out, Config())
    wb = openpyxl.load_workbook(out)
    assert PERKEMBANGAN not in wb.sheetnames
    assert len(wb["Grafik"]._charts) == 2
    _, data = table(out, "Grafik", "Peringkat")
    # sorted by average capaian: B 95%, C 87,5%, seed 51,43%
    assert [r[1] for r in data] == [B_UNIT, C_UNIT, "Bidang Pengembangan Ketenagakerjaan"]


def test_rekap_is_deterministic_and_never_left_half_written(three_units, tmp_path):
    one, two = tmp_path / "a" / "Rekap.xlsx", tmp_path / "b" / "Rekap.xlsx"
    make_rekap([three_units], one, Config())
    make_rekap([three_units], two, Config())
    assert one.read_bytes() == two.read_bytes()
    assert not [p for p in one.parent.iterdir() if p.name.startswith(".lkj-")]


def test_an_earlier_rekap_in_the_folder_is_skipped(three_units, tmp_path):
    make_rekap([three_units], three_units / "Rekap lama.xlsx", Config())
    out = tmp_path / "Rekap.xlsx"
    outcome = make_rekap([three_units], out, Config())
    assert len(outcome.rekap.entries) == 3
    assert any(i.kind == "Berkas rekap" for i in outcome.rekap.issues)


def test_cli_messages_for_no_input_and_a_wrong_suffix(tmp_path):
    empty = tmp_path / "kosong"
    empty.mkdir()
    result = run("rekap", empty, "-o", tmp_path / "Rekap.xlsx")
    assert result.exit_code == 2 and "tidak ada workbook" in result.output
    result = run("rekap", tmp_path / "tidak-ada", "-o", tmp_path / "Rekap.xlsx")
    assert result.exit_code == 2 and "tidak ditemukan" in result.output
    result = run("rekap", empty, "-o", tmp_path / "Rekap.pdf")
    assert result.exit_code == 2 and ".xlsx" in result.output


def test_penyusun_from_option_signs_every_sheet(three_units, tmp_path):
    out = tmp_path / "Rekap.xlsx"
    assert run("rekap", three_units, "-o", out, "--penyusun", "SITI AMINAH, S.E.").exit_code == 0
    for sheet in (RINGKASAN, KINERJA, ANGGARAN, VALIDASI):
        assert any("SITI AMINAH, S.E." in str(c) for row in rows_of(out, sheet) for c in row), sheet


def _chart_title(chart) -> str:
    try:
        return "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    except AttributeError:
        return ""


def test_finished_workbooks_and_templates_mix_and_give_the_same_numbers(three_units, tmp_path):
    """Unit B enters as the workbook `lkj-excel build` wrote (read from its embedded copy), the others as
    filled templates: B still gives 95% average capaian and 10.500.000 of 15.000.000 (70%)."""
    from lkj_excel.api import build_file

    source = three_units / "b.xlsx"
    built = build_file(source, tmp_path / "hasil" / "b-hasil.xlsx").output
    source.unlink()
    shutil.copy(built, three_units / "b-hasil.xlsx")
    out = tmp_path / "Rekap.xlsx"
    outcome = make_rekap([three_units], out, Config())
    kinds = {e.unit.unit_kerja: e.unit.kind for e in outcome.rekap.entries}
    assert kinds == {"Bidang Pengembangan Ketenagakerjaan": "isian", B_UNIT: "hasil", C_UNIT: "isian"}
    _, body = ringkasan(out)
    b = next(r for r in body if r[2] == B_UNIT)
    assert (b[5], b[11], b[12], b[13]) == (pytest.approx(0.95), 15_000_000, 10_500_000, pytest.approx(0.7))
    assert b[-1] == "b-hasil.xlsx"
