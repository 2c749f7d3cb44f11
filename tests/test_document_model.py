"""The LKj document as data (lkj_excel/document): numbers carried from compute.Results, worked by hand
from the seed (DOMAIN §2): 36/70 = 51,43%; serapan 0/20.000.000 = 0%; efisiensi 51,43 − 0 = 51,43;
Jumlah 20.000.000 + 6.300.000 = 26.300.000."""

from __future__ import annotations

import dataclasses

import pytest

from lkj_excel.api import check_file
from lkj_excel.document import compose
from lkj_excel.document.text import rupiah_with_words, rupiah_words
from lkj_excel.samples import seed_data
from lkj_excel.template import write_template


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    check = check_file(write_template(tmp_path_factory.mktemp("d") / "isian.xlsx", seed_data()))
    return check, compose(check.report, check.results, check.findings)


def test_seed_tables_hold_the_computed_numbers(seed):
    _, doc = seed
    capaian = doc.tables["capaian"].rows
    assert [r["capaian"] for r in capaian] == ["51,43%", "51,43%"]
    assert [r["target"] for r in capaian] == ["100%", "70 perusahaan"]
    assert capaian[1]["realisasi"] == "36 perusahaan"
    cost = doc.tables["cost"].rows
    assert [r["serapan"] for r in cost] == ["0%", "0%"]
    assert [r["efisiensi"] for r in cost] == ["51,43%", "51,43%"]
    assert doc.tables["kegiatan"].total["pagu"] == "Rp26.300.000"


def test_seed_prose_carries_rupiah_in_words_period_and_signatures(seed):
    _, doc = seed
    prose = " ".join(b.text for b in doc.narasi["anggaran"].blocks)
    assert "Rp20.000.000,00 (Dua Puluh Juta Rupiah)" in prose
    assert "Rp6.300.000,00 (Enam Juta Tiga Ratus Ribu Rupiah)" in prose
    assert doc.periode == "selama bulan Januari s.d. bulan Juni 2023 (Tribulan II)"
    assert doc.pengesahan["nip_atasan"] == "NIP. 19711018 200604 2 009"
    assert doc.pengesahan["nip_pelapor"] == "NIP. 19650814 198803 1 011"
    assert doc.pengesahan["nama_atasan"] == "dr. ROSYIDAH" and doc.pengesahan["nama_pelapor"] == "Drs. ABDULLAH"
    assert [b.label for b in doc.narasi["fungsi"].blocks] == [f"{c}." for c in "abcdefgh"]


@pytest.mark.parametrize("value, words", [
    (0, "Nol Rupiah"),
    (1000, "Seribu Rupiah"),
    (1_000_000_001, "Satu Miliar Satu Rupiah"),
    (1000.5, "Seribu Rupiah Lima Puluh Sen"),
    (6_300_000, "Enam Juta Tiga Ratus Ribu Rupiah"),
])
def test_rupiah_in_words(value, words):
    assert rupiah_words(value) == words


def test_amount_in_figures_and_words():
    assert rupiah_with_words(20_000_000) == "Rp20.000.000,00 (Dua Puluh Juta Rupiah)"


def test_empty_evaluation_is_drafted_from_the_numbers_with_the_finding(seed):
    check, _ = seed
    report = dataclasses.replace(check.report, narasi={})
    doc = compose(report, check.results, check.findings)
    evaluasi = doc.narasi["evaluasi"]
    assert evaluasi.drafted and all(b.draft for b in evaluasi.blocks)
    second = evaluasi.blocks[1].text
    assert "sebesar 51,43% (Rendah), sedangkan serapan anggaran sasarannya 0%." in second
    # kinerja-tanpa-serapan on indicator 2 (36 perusahaan, Rp6.300.000 unspent) gets its sentence
    assert "(36 perusahaan) dilaporkan tanpa realisasi anggaran, padahal pagunya Rp6.300.000" in second
    assert doc.narasi["penutup"].drafted and doc.narasi["fungsi"].drafted


def test_input_text_stays_text(seed):
    check, _ = seed
    s = check.report.sasaran[0]
    hostile = dataclasses.replace(s, text="{{ 7*7 }} {% if 1 %}x{% endif %} MERGEFIELD Nama\x07\x0c")
    report = dataclasses.replace(check.report, sasaran=[hostile, *check.report.sasaran[1:]])
    results = dataclasses.replace(check.results, sasaran=tuple(
        dataclasses.replace(r, sasaran=hostile) if r.sasaran is s else r for r in check.results.sasaran))
    doc = compose(report, results, check.findings)
    assert doc.tables["pk"].rows[0]["sasaran"] == "{{ 7*7 }} {% if 1 %}x{% endif %} MERGEFIELD Nama"


def test_year_workbook_document_shows_the_realisasi_sd_tribulan(tmp_path):
    """A year workbook has no single Realisasi: the document shows what the workbook's Capaian sheet
    shows, the quarters added up (samples.seed_year_data, TW III): indicator 2 is Kumulatif,
    12 + 24 + 18 = 54 perusahaan, 54/70 = 77,14%; indicator 1 is a rate (Nilai Akhir), 75%, 75/100 = 75%.
    Money s.d. TW III: 0 + 0 + 10.000.000 of 20.000.000 = 50%, 3.000.000 of 6.300.000 = 47,62%;
    in all 13.000.000 of 26.300.000 = 49,43%."""
    from lkj_excel.samples import seed_year_data

    check = check_file(write_template(tmp_path / "tahun.xlsx", seed_year_data(3)))
    doc = compose(check.report, check.results, check.findings)
    capaian = doc.tables["capaian"].rows
    assert [r["realisasi"] for r in capaian] == ["75%", "54 perusahaan"]
    assert [r["capaian"] for r in capaian] == ["75%", "77,14%"]
    assert [r["realisasi"] for r in doc.tables["cost"].rows] == ["75%", "54 perusahaan"]
    kegiatan = doc.tables["kegiatan"]
    assert [r["realisasi"] for r in kegiatan.rows] == ["Rp10.000.000", "Rp3.000.000"]
    assert [r["serapan"] for r in kegiatan.rows] == ["50%", "47,62%"]
    assert kegiatan.total["realisasi"] == "Rp13.000.000" and kegiatan.total["serapan"] == "49,43%"
    # beside the yearly ones, the Rencana Aksi's target s.d. TW III and the capaian against it:
    # indicator 1 (Nilai Akhir) the TW III target 75%, 75/75 = 100%; indicator 2 10 + 20 + 20 = 50, 54/50 = 108%
    assert doc.rencana_aksi
    assert [(r["target_sd"], r["capaian_sd"], r["cara_hitung"]) for r in capaian] == [
        ("75%", "100%", "Nilai Akhir"), ("50 perusahaan", "108%", "Kumulatif")]


def test_a_version_1_document_has_no_rencana_aksi(seed):
    _, doc = seed
    assert not doc.rencana_aksi
    assert [(r["target_sd"], r["capaian_sd"]) for r in doc.tables["capaian"].rows] == [("-", "-"), ("-", "-")]


@pytest.mark.parametrize("basis, expected", [
    # the default: the predikat classifies the yearly capaian, 36/70 = 51,43% (Rendah)
    (None, "sampai dengan Tribulan II sebesar 51,43% (Rendah) terhadap target tahunan 70 perusahaan dan 120% "
           "terhadap target s.d. Tribulan II 30 perusahaan, sedangkan"),
    # predikat_capaian = "triwulan": it classifies 36/30 = 120% (Sangat Tinggi)
    ("triwulan", "sampai dengan Tribulan II sebesar 51,43% terhadap target tahunan 70 perusahaan dan 120% (Sangat "
                 "Tinggi) terhadap target s.d. Tribulan II 30 perusahaan, sedangkan"),
])
def test_year_workbook_evaluation_draft_names_both_capaian(tmp_path, basis, expected):
    """Seed TW II as a year workbook, its Narasi evaluation left empty: indicator 2 Kumulatif, 12 + 24 = 36
    against 70 for the year and 10 + 20 = 30 s.d. TW II."""
    from lkj_excel.compute import evaluate
    from lkj_excel.config import Config
    from lkj_excel.samples import seed_year_data

    check = check_file(write_template(tmp_path / "tahun.xlsx", seed_year_data(2)))
    config = Config.from_mapping({"report": {"predikat_capaian": basis}} if basis else {})
    report = dataclasses.replace(check.report, narasi={})
    doc = compose(report, evaluate(report, config), check.findings)
    second = doc.narasi["evaluasi"].blocks[1].text
    assert second.startswith("Capaian indikator Jumlah perusahaan yang diukur produktivitas tenaga kerjanya " + expected)


def test_year_workbook_mail_lines_show_the_realisasi_sd_tribulan(tmp_path):
    """The mail body's indicator lines (lkj-excel send) read the same computed realisasi: seed TW II as a
    year workbook, indicator 2 Kumulatif 12 + 24 = 36 perusahaan, 36/70 = 51,43%."""
    from lkj_excel.config import Config
    from lkj_excel.samples import seed_year_data
    from lkj_excel.summary import indicator_lines

    check = check_file(write_template(tmp_path / "tahun.xlsx", seed_year_data(2)))
    lines = indicator_lines(check.report, Config(), check.results)
    assert [(x.realisasi, x.capaian) for x in lines] == [("51,43%", "51,43%"), ("36 perusahaan", "51,43%")]


def test_year_workbook_evaluation_draft_keeps_finding_sentences_and_says_what_is_missing(tmp_path):
    """test_year_workbook's worked examples: kinerja-tanpa-serapan on the unemployment rate names its
    Realisasi TW II cell (a year workbook has no single Realisasi) and still gets its sentence;
    in the blanks draft a Turun indicator without any realisasi says so, and one without quarterly
    targets gives its yearly capaian, 2 + 3 = 5 of 10 orang = 50%, and says the other cannot be had."""
    from test_year_workbook import BLANKS, SERAPAN_ANGGARAN, SERAPAN_BLANKS, WORKED, year_input

    check = check_file(year_input(tmp_path / "a.xlsx", WORKED[:2], SERAPAN_ANGGARAN))
    assert [(f.code, f.cell) for f in check.findings if f.code == "kinerja-tanpa-serapan"] == [
        ("kinerja-tanpa-serapan", "M3")]
    doc = compose(dataclasses.replace(check.report, narasi={}), check.results, check.findings)
    second = doc.narasi["evaluasi"].blocks[1].text
    assert "107,14% (Sangat Tinggi) terhadap target tahunan 7% dan 110,96% terhadap target s.d. Tribulan II 7,3%" in second
    assert "Realisasi indikator ini (6,5%) dilaporkan tanpa realisasi anggaran, padahal pagunya Rp6.300.000" in second

    check = check_file(year_input(tmp_path / "b.xlsx", BLANKS, SERAPAN_BLANKS))
    blocks = compose(dataclasses.replace(check.report, narasi={}), check.results, check.findings).narasi["evaluasi"].blocks
    assert blocks[1].text.startswith("Capaian indikator Tingkat pengangguran sampai dengan Tribulan II belum dapat "
                                     "dihitung karena realisasinya belum diisi, sedangkan")
    assert blocks[2].text.startswith("Capaian indikator Peserta pelatihan sampai dengan Tribulan II sebesar 50% "
                                     "(Sangat Rendah) terhadap target tahunan 10 orang; terhadap target s.d. "
                                     "Tribulan II tidak dapat dihitung karena targetnya 0 atau kosong,")
