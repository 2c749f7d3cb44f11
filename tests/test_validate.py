"""One test per finding code: it fires at the right cell, and a clean workbook gives no finding."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import check_file_and_marked_copy as check_file
from lkj_excel.config import Config
from lkj_excel.findings import CODES

from helpers import ANGGARAN_HEADER, KINERJA_HEADER, identitas, simple_workbook, write_workbook

CLEAN_KINERJA = [
    [1, "Meningkatnya konsultasi", "Persentase perusahaan berkonsultasi", "%", "Naik", 100, 80, None],
    [2, "Meningkatnya pengukuran", "Jumlah perusahaan diukur", "perusahaan", "Naik", 70, 36, None],
]
CLEAN_ANGGARAN = [[1, "Konsultasi", 1, 20_000_000, 5_000_000], [2, "Pengukuran", 2, 6_300_000, 1_000_000]]


def check(tmp_path, kinerja=CLEAN_KINERJA, anggaran=CLEAN_ANGGARAN, config=Config(), previous=None, **ident):
    path = simple_workbook(tmp_path / "in.xlsx", [list(r) for r in kinerja], [list(r) for r in anggaran], **ident)
    return check_file(path, config, previous)


def only(result, code):
    hits = [f for f in result.findings if f.code == code]
    assert hits, f"{code} did not fire: {result.findings}"
    return hits


def edit(rows, r, c, value):
    rows = [list(x) for x in rows]
    rows[r][c] = value
    return rows


def test_clean_workbook_has_no_findings(tmp_path):
    result = check(tmp_path)
    assert result.findings == [] and result.valid


def test_seed_gets_exactly_the_warnings_it_deserves(seed_input):
    result = check_file(seed_input)
    assert result.valid
    got = sorted((f.code, f.cell) for f in result.findings)
    assert got == [("kinerja-tanpa-serapan", "G5"), ("kinerja-tanpa-serapan", "G6"), ("nilai-kembar", "G5")]
    assert all(f.severity == "warning" for f in result.findings)


def test_every_code_has_a_severity_and_meaning():
    assert all(sev in ("error", "warning", "info") and meaning for sev, meaning in CODES.values())


@pytest.mark.parametrize("r,c,cell,value,code", [
    (0, 5, "F2", -5, "angka-negatif"),
    (1, 6, "G3", -1, "angka-negatif"),
    (1, 5, "F3", 0, "target-nol"),
    (1, 6, "G3", None, "isian-kosong"),
    (1, 6, "G3", "tiga puluh", "bukan-angka"),
    (0, 6, "G2", 101, "persen-di-atas-100"),
    (1, 6, "G3", 36.5, "satuan-cacah-pecahan"),
    (0, 6, "G2", 0.5143, "persen-tersimpan-pecahan"),  # "51,43%" typed into Excel, stored as 0,5143
    (1, 4, "E3", "Menurun", "arah-tidak-valid"),
    (1, 6, "G3", 140, "capaian-sangat-tinggi"),
    (1, 2, "C3", None, "isian-kosong"),
])
def test_kinerja_rules(tmp_path, r, c, cell, value, code):
    result = check(tmp_path, kinerja=edit(CLEAN_KINERJA, r, c, value))
    (hit, *_) = only(result, code)
    assert (hit.sheet, hit.cell) == ("Kinerja", cell)
    assert hit.severity == CODES[code][0]
    assert cell in hit.message


@pytest.mark.parametrize("r,c,cell,value,code", [
    (0, 3, "D2", -1, "angka-negatif"),
    (0, 3, "E2", 0, "realisasi-tanpa-pagu"),  # points at the money spent
    (0, 3, "E2", None, "realisasi-tanpa-pagu"),
    (0, 3, "D2", None, "isian-kosong"),
    (0, 4, "E2", 20_000_001, "realisasi-melebihi-pagu"),
    (0, 2, "C2", 7, "sasaran-tidak-dikenal"),
    (0, 4, "E2", "lima juta", "bukan-angka"),
])
def test_anggaran_rules(tmp_path, r, c, cell, value, code):
    result = check(tmp_path, anggaran=edit(CLEAN_ANGGARAN, r, c, value))
    (hit, *_) = only(result, code)
    assert (hit.sheet, hit.cell) == ("Anggaran", cell)


def test_spending_exactly_the_pagu_is_fine(tmp_path):
    assert check(tmp_path, anggaran=edit(CLEAN_ANGGARAN, 0, 4, 20_000_000)).findings == []


def test_sasaran_tanpa_anggaran(tmp_path):
    result = check(tmp_path, anggaran=CLEAN_ANGGARAN[:1])
    (hit,) = only(result, "sasaran-tanpa-anggaran")
    assert (hit.sheet, hit.cell, hit.severity) == ("Kinerja", "B3", "warning")


def test_sasaran_ganda(tmp_path):
    result = check(tmp_path, kinerja=edit(CLEAN_KINERJA, 1, 0, 1))
    assert {f.cell for f in only(result, "sasaran-ganda")} == {"B2", "B3"}


def test_jumlah_tidak_cocok_and_matching_total(tmp_path):
    typed = [None, "Jumlah", None, "26.300,000", 6_000_000]
    result = check(tmp_path, anggaran=[*CLEAN_ANGGARAN, typed])
    (hit,) = only(result, "jumlah-tidak-cocok")
    assert (hit.cell, hit.value) == ("D4", "26.300")  # "26.300,000" read the Indonesian way
    assert "Rp26.300.000" in hit.message and "Rp26.300" in hit.message
    right = [None, "Jumlah", None, 26_300_000, 6_000_000]
    assert check(tmp_path, anggaran=[*CLEAN_ANGGARAN, right]).findings == []


def test_kinerja_tanpa_serapan(tmp_path):
    result = check(tmp_path, anggaran=edit(CLEAN_ANGGARAN, 1, 4, 0))
    (hit,) = only(result, "kinerja-tanpa-serapan")
    assert (hit.sheet, hit.cell, hit.severity) == ("Kinerja", "G3", "warning")


def test_nilai_kembar(tmp_path):
    # indicator 1's realisasi 51,43 is indicator 2's capaian 36/70
    result = check(tmp_path, kinerja=edit(CLEAN_KINERJA, 0, 6, 51.43))
    (hit,) = only(result, "nilai-kembar")
    assert (hit.cell, hit.severity) == ("G2", "warning")
    assert "51,43%" in hit.message


@pytest.mark.parametrize("label,value,code,cell", [
    ("NIP_Pelapor", "19651314 198803 1 011", "nip-tidak-valid", "B6"),  # birth month 13
    ("NIP_Pelapor", "1965081419880310", "nip-tidak-valid", "B6"),
    ("NIP_Atasan", "19711018 200604 3 009", "nip-tidak-valid", "B9"),
    ("NIP_Atasan", "19711018 2006 21 2 009", "nip-pppk", "B9"),
    ("Tribulan", "V", "tribulan-tidak-valid", "B11"),
    ("Tahun", 1999, "tahun-tidak-valid", "B10"),
    ("Tanggal_Laporan", "besok", "tanggal-tidak-valid", "B13"),
    ("Tanggal_Laporan", dt.date(2023, 6, 20), "tanggal-di-luar-periode", "B13"),
    ("Email_Penerima", "kadis@lumajang.go.id, bukan alamat", "email-tidak-valid", "B14"),
])
def test_identity_rules(tmp_path, label, value, code, cell):
    result = check(tmp_path, **{label: value})
    (hit, *_) = only(result, code)
    assert (hit.sheet, hit.cell) == ("Identitas", cell)
    assert hit.severity == CODES[code][0]


def test_sel_error(tmp_path):
    path = write_workbook(tmp_path / "in.xlsx", {
        "Identitas": identitas(),
        "Kinerja": [KINERJA_HEADER, *CLEAN_KINERJA],
        "Anggaran": [ANGGARAN_HEADER, *CLEAN_ANGGARAN],
    }, errors={"Kinerja": {"G3": "#DIV/0!"}})
    result = check_file(path)
    (hit,) = only(result, "sel-error")
    assert (hit.cell, hit.value) == ("G3", "#DIV/0!")
    assert not any(f.code == "isian-kosong" for f in result.findings)


def test_tanpa_indikator(tmp_path):
    result = check(tmp_path, kinerja=[])
    assert only(result, "tanpa-indikator")[0].sheet == "Kinerja"


def test_realisasi_menurun_with_previous_tribulan(tmp_path):
    before = tmp_path / "tw1"
    before.mkdir()
    prev = simple_workbook(before / "in.xlsx", edit(CLEAN_KINERJA, 1, 6, 40), CLEAN_ANGGARAN, Tribulan="I",
                           Tanggal_Laporan=dt.date(2023, 4, 5))
    result = check(tmp_path, previous=prev)
    (hit,) = only(result, "realisasi-menurun")
    assert (hit.cell, hit.severity) == ("G3", "warning")  # 36 now, 40 in Tribulan I
    assert not any(f.code == "realisasi-menurun" and f.cell == "G2" for f in result.findings)  # % is a rate


def test_previous_from_another_year_is_not_compared(tmp_path):
    before = tmp_path / "old"
    before.mkdir()
    prev = simple_workbook(before / "in.xlsx", CLEAN_KINERJA, CLEAN_ANGGARAN, Tahun=2022)
    result = check(tmp_path, previous=prev)
    assert [f.code for f in result.findings] == ["periode-sebelumnya-tidak-cocok"]


def test_capaian_warning_bound_is_configurable(tmp_path):
    config = Config.from_mapping({"report": {"capaian_warning_above_percent": 120}})
    result = check(tmp_path, kinerja=edit(CLEAN_KINERJA, 1, 6, 90), config=config)  # 90/70 = 128,57%
    assert only(result, "capaian-sangat-tinggi")
    assert check(tmp_path, kinerja=edit(CLEAN_KINERJA, 1, 6, 90)).findings == []


# Issue 11 item 13: a kegiatan row copied twice was counted twice without a word (pagu 20.000.000 twice
# makes the Jumlah 46.300.000 instead of 26.300.000).
def test_duplicate_kegiatan_row_is_reported_on_the_copy(tmp_path):
    path = simple_workbook(tmp_path / "in.xlsx", kinerja=[
        [1, "Sasaran satu", "Jumlah perusahaan", "perusahaan", "Naik", 70, 36],
    ], anggaran=[
        [1, "Konsultasi produktifitas pada perusahaan kecil", 1, 20_000_000, 0],
        [2, "Pengukuran produktivitas", 1, 6_300_000, 0],
        [3, "Konsultasi  produktifitas pada perusahaan kecil ", 1, 20_000_000, 0],   # the copy, one space more
        [4, "Pengukuran produktivitas", 2, 1_000, 0],                                 # another sasaran: not a copy
    ])
    result = check_file(path)
    dup = [f for f in result.findings if f.code == "kegiatan-ganda"]
    assert [(f.severity, f.sheet, f.cell) for f in dup] == [("warning", "Anggaran", "B4")]
    assert "baris 2" in dup[0].message and "dua kali" in dup[0].message


# Issue 11 item 13: a --sebelumnya workbook without its Kinerja sheet was skipped silently.
def test_previous_workbook_without_kinerja_is_a_finding(tmp_path):
    rows = [[1, "Sasaran satu", "Jumlah perusahaan", "perusahaan", "Naik", 70, 36]]
    path = simple_workbook(tmp_path / "tw2.xlsx", kinerja=rows, anggaran=[[1, "K", 1, 100, 10]])
    previous = write_workbook(tmp_path / "tw1.xlsx", {
        "Identitas": identitas(Tribulan="I"), "Anggaran": [ANGGARAN_HEADER, [1, "K", 1, 100, 5]]})
    (found,) = [f for f in check_file(path, previous=previous).findings if f.code == "sebelumnya-tidak-terbaca"]
    assert found.severity == "warning" and "tw1.xlsx" in found.message and "Lembar 'Kinerja'" in found.message


def test_unreadable_previous_workbook_is_a_finding_not_a_failure_of_the_input(tmp_path):
    rows = [[1, "Sasaran satu", "Jumlah perusahaan", "perusahaan", "Naik", 70, 36]]
    path = simple_workbook(tmp_path / "tw2.xlsx", kinerja=rows, anggaran=[[1, "K", 1, 100, 10]])
    (tmp_path / "tw1.xlsx").write_bytes(b"")
    result = check_file(path, previous=tmp_path / "tw1.xlsx")
    (found,) = [f for f in result.findings if f.code == "sebelumnya-tidak-terbaca"]
    assert "kosong" in found.message and result.report is not None


# Issue 11 item 15 (the message half): "07/10/2024" typed in LibreOffice under an English locale was stored as
# 10 July 2024, before Tribulan III ends (30 September 2024); the warning now names the swap in words.
def test_a_swapped_day_and_month_is_named_in_the_date_warning(tmp_path):
    path = simple_workbook(tmp_path / "in.xlsx", kinerja=[[1, "S", "I", "orang", "Naik", 10, 5]],
                           anggaran=[[1, "K", 1, 100, 10]], Tahun=2024, Tribulan="III",
                           Tanggal_Laporan=dt.date(2024, 7, 10))
    (warn,) = [f for f in check_file(path).findings if f.code == "tanggal-di-luar-periode"]
    assert "dibaca sebagai 10 Juli 2024" in warn.message and "yang dimaksud 7 Oktober 2024" in warn.message


def test_no_swap_hint_when_the_swapped_date_is_no_better(tmp_path):
    path = simple_workbook(tmp_path / "in.xlsx", kinerja=[[1, "S", "I", "orang", "Naik", 10, 5]],
                           anggaran=[[1, "K", 1, 100, 10]], Tahun=2024, Tribulan="III",
                           Tanggal_Laporan=dt.date(2024, 9, 3))  # swapped: 9 Maret, earlier still
    (warn,) = [f for f in check_file(path).findings if f.code == "tanggal-di-luar-periode"]
    assert "tertukar" not in warn.message
