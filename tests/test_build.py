"""Building the finished workbook: the seed's numbers, formulas with cached values, layout rules."""

from __future__ import annotations

import hashlib
import os

import openpyxl
import pytest

from lkj_excel.api import build_file, check_file
from lkj_excel.samples import synthetic_data
from lkj_excel.template import write_template

from helpers import simple_workbook

SEED_CAPAIAN = 36 / 70  # 0.5142857...: "51,43%" in the seed


def _open(path):
    return openpyxl.load_workbook(path, data_only=False), openpyxl.load_workbook(path, data_only=True)


def _find_row(ws, col: int, text: str) -> int:
    for row in ws.iter_rows():
        value = row[col - 1].value
        if isinstance(value, str) and text in value:
            return row[0].row
    raise AssertionError(f"{text!r} not found in {ws.title}")


def test_seed_reproduces_the_report_numbers(seed_input, tmp_path):
    result = build_file(seed_input, tmp_path / "out.xlsx")
    assert result.output == tmp_path / "out.xlsx"
    assert not result.draft
    formulas, values = _open(result.output)
    assert formulas.sheetnames == ["Perjanjian Kinerja", "Capaian Kinerja", "Realisasi Anggaran",
                                   "Cost per Outcome", "Narasi", "Validasi"]

    cap_f, cap_v = formulas["Capaian Kinerja"], values["Capaian Kinerja"]
    r1 = _find_row(cap_f, 2, "Prosentase Perusahaan kecil")
    r2 = _find_row(cap_f, 2, "Jumlah perusahaan yang diukur")
    assert cap_v[f"C{r1}"].value == 100 and cap_v[f"D{r1}"].value == 51.43
    assert cap_v[f"E{r1}"].value == pytest.approx(0.5143)  # 51,43 / 100
    assert cap_v[f"C{r2}"].value == 70 and cap_v[f"D{r2}"].value == 36
    assert cap_v[f"E{r2}"].value == pytest.approx(SEED_CAPAIAN, abs=1e-15)
    assert round(cap_v[f"E{r2}"].value * 100, 2) == 51.43
    assert cap_f[f"E{r2}"].value == f'=IF(N(C{r2})=0,"-",IF(ISNUMBER(D{r2}),D{r2}/C{r2},"-"))'
    assert cap_f[f"E{r2}"].number_format == "0.00%"
    # 51,43% is above 50% and not above 65%: "Rendah" on the default scale
    assert cap_v[f"G{r1}"].value == "Rendah" and cap_v[f"G{r2}"].value == "Rendah"
    assert cap_f[f"G{r2}"].value.startswith(f"=IF(ISNUMBER(E{r2}),IF(E{r2}>0.9,\"Sangat Tinggi\"")
    assert cap_f[f"C{r2}"].number_format == '#,##0" perusahaan"'

    cpo_f, cpo_v = formulas["Cost per Outcome"], values["Cost per Outcome"]
    c1 = _find_row(cpo_f, 3, "Prosentase Perusahaan kecil")
    c2 = _find_row(cpo_f, 3, "Jumlah perusahaan yang diukur")
    assert cpo_v[f"D{c1}"].value == 20_000_000 and cpo_v[f"D{c2}"].value == 6_300_000
    assert cpo_v[f"E{c1}"].value == 0 and cpo_v[f"E{c2}"].value == 0
    assert cpo_v[f"F{c1}"].value == 0 and cpo_v[f"F{c2}"].value == 0  # C = 0 / 20.000.000 = 0%
    assert cpo_f[f"F{c2}"].value == f'=IF(N(D{c2})=0,"-",E{c2}/D{c2})'
    assert cpo_v[f"I{c2}"].value == pytest.approx(SEED_CAPAIAN, abs=1e-15)
    assert cpo_f[f"I{c2}"].value == f'=IF(N(G{c2})=0,"-",IF(ISNUMBER(H{c2}),H{c2}/G{c2},"-"))'
    assert cpo_v[f"J{c2}"].value == pytest.approx(SEED_CAPAIAN, abs=1e-15)  # 51,43% − 0% = 51,43%
    assert cpo_f[f"J{c2}"].value == f'=IF(AND(ISNUMBER(I{c2}),ISNUMBER(F{c2})),I{c2}-F{c2},"-")'
    assert cpo_f[f"D{c1}"].value.startswith("=SUMIF('Realisasi Anggaran'!$C$")
    assert cpo_f[f"G{c2}"].value.startswith("=IF(ISNUMBER('Capaian Kinerja'!C")
    total = _find_row(cpo_f, 1, "Jumlah")
    assert cpo_v[f"D{total}"].value == 26_300_000  # 20.000.000 + 6.300.000 (the seed printed "26.300,000")
    assert cpo_f[f"D{total}"].value == f"=SUM(D{c1}:D{c2})"
    assert cpo_f[f"D{total}"].number_format == "#,##0"

    pk_f, pk_v = formulas["Perjanjian Kinerja"], values["Perjanjian Kinerja"]
    pk_total = _find_row(pk_f, 1, "Jumlah")
    assert pk_v[f"D{pk_total}"].value == 26_300_000
    assert pk_f[f"D{pk_total}"].value.startswith("=SUM(D")


def test_header_and_signature_blocks(seed_input, tmp_path):
    out = build_file(seed_input, tmp_path / "out.xlsx").output
    wb = openpyxl.load_workbook(out)
    for name in ("Perjanjian Kinerja", "Capaian Kinerja", "Realisasi Anggaran", "Cost per Outcome"):
        texts = [c.value for row in wb[name].iter_rows() for c in row if isinstance(c.value, str)]
        assert "PEMERINTAH KABUPATEN LUMAJANG" in texts
        # the Perjanjian Kinerja is yearly: no tribulan period line (issue 9)
        assert ("Tribulan II Tahun 2023 (Januari s.d. Juni)" in texts) == (name != "Perjanjian Kinerja")
        assert "Lumajang, 5 Juli 2023" in texts
        assert "NIP. 19650814 198803 1 011" in texts and "NIP. 19711018 200604 2 009" in texts
        assert "Mengetahui," in texts
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        # an explicit scale, not fit-to-page: Excel ignores manual page breaks under fit-to (issue 9).
        # Capaian's columns are 1,232 px = 924 pt; 770 pt of A4 landscape width * 0.93 slack -> 77%.
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
        expected = {"Perjanjian Kinerja": 100, "Capaian Kinerja": 77}
        if name in expected:
            assert (ws.page_setup.scale or 100) == expected[name]  # 100 is the default, left out
        assert bool(ws.print_title_rows) == (name != "Perjanjian Kinerja")  # PK copies each table's header
        assert "&P" in ws.oddFooter.right.text
        assert wb[name]["A1"].value and ws.row_dimensions[1].height  # every row has an explicit height


def test_same_input_gives_same_bytes(seed_input, tmp_path):
    a = build_file(seed_input, tmp_path / "a.xlsx").output.read_bytes()
    b = build_file(seed_input, tmp_path / "b.xlsx").output.read_bytes()
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()


def test_formula_like_text_stays_text(tmp_path):
    src = simple_workbook(
        tmp_path / "in.xlsx",
        kinerja=[[1, '=HYPERLINK("http://evil.example","klik")', "+cmd|' /C calc'!A0", "orang", "Naik", 10, 5,
                  "@SUM(1+1)"]],
        anggaran=[[1, "-2+3", 1, 1000, 500]],
    )
    out = build_file(src, tmp_path / "out.xlsx").output
    wb = openpyxl.load_workbook(out)
    texts = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert '1. =HYPERLINK("http://evil.example","klik")' in texts
    assert "+cmd|' /C calc'!A0" in texts and "@SUM(1+1)" in texts and "-2+3" in texts
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert "HYPERLINK" not in str(c.value) and "cmd" not in str(c.value)
        assert not ws._hyperlinks or ws.title == "Validasi"


def test_turun_and_several_indicators_and_kegiatan(tmp_path):
    src = simple_workbook(
        tmp_path / "in.xlsx",
        kinerja=[
            [1, "Menurunnya pengangguran", "Tingkat pengangguran terbuka", "%", "Turun", 7, 6.5, None],
            [None, None, "Jumlah pencari kerja ditempatkan", "orang", "Naik", 200, 150, None],
            [2, "Meningkatnya pelatihan", "Tingkat pengangguran lulusan pelatihan", "%", "Turun", 8, 9, None],
        ],
        anggaran=[
            [1, "Bursa kerja", 1, 10_000_000, 4_000_000],
            [2, "Penyuluhan", 1, 5_000_000, 1_000_000],
            [3, "Pelatihan", 2, 8_000_000, 8_000_000],
        ],
    )
    out = build_file(src, tmp_path / "out.xlsx").output
    formulas, values = _open(out)
    cap_f, cap_v = formulas["Capaian Kinerja"], values["Capaian Kinerja"]
    r1 = _find_row(cap_f, 2, "Tingkat pengangguran terbuka")
    r3 = _find_row(cap_f, 2, "lulusan pelatihan")
    assert cap_v[f"E{r1}"].value == pytest.approx((2 * 7 - 6.5) / 7)  # 107,14%
    assert round(cap_v[f"E{r1}"].value * 100, 2) == 107.14
    assert cap_v[f"E{r3}"].value == pytest.approx(0.875)  # (16 − 9) / 8 = 87,5%
    assert cap_f[f"E{r3}"].value == f'=IF(N(C{r3})=0,"-",IF(ISNUMBER(D{r3}),MAX(0,(2*C{r3}-D{r3})/C{r3}),"-"))'
    assert cap_v[f"G{r1}"].value == "Sangat Tinggi" and cap_v[f"G{r3}"].value == "Tinggi"

    cpo_f, cpo_v = formulas["Cost per Outcome"], values["Cost per Outcome"]
    s1 = _find_row(cpo_f, 3, "Tingkat pengangguran terbuka")
    s1b = _find_row(cpo_f, 3, "pencari kerja")
    s2 = _find_row(cpo_f, 3, "lulusan pelatihan")
    assert s1b == s1 + 1
    assert cpo_v[f"D{s1}"].value == 15_000_000 and cpo_v[f"E{s1}"].value == 5_000_000  # two kegiatan summed
    assert cpo_v[f"F{s1}"].value == pytest.approx(1 / 3)
    assert f"D{s1}:D{s1b}" in {str(m) for m in cpo_f.merged_cells.ranges}  # P spans the sasaran's rows
    assert cpo_v[f"J{s1b}"].value == pytest.approx(150 / 200 - 1 / 3)  # efisiensi uses the sasaran's C
    assert cpo_v[f"D{s2}"].value == 8_000_000 and cpo_v[f"F{s2}"].value == 1
    total = _find_row(cpo_f, 1, "Jumlah")
    assert cpo_v[f"D{total}"].value == 23_000_000 and cpo_v[f"E{total}"].value == 13_000_000
    assert cpo_v[f"F{total}"].value == pytest.approx(13 / 23)


def test_capaian_cap_is_a_setting(tmp_path):
    from lkj_excel.config import Config

    src = simple_workbook(tmp_path / "in.xlsx", kinerja=[[1, "S", "Peserta terlatih", "orang", "Naik", 10, 14, None]],
                          anggaran=[[1, "K", 1, 100, 50]])
    config = Config.from_mapping({"report": {"capaian_cap_percent": 120}})
    out = build_file(src, tmp_path / "out.xlsx", config).output
    formulas, values = _open(out)
    r = _find_row(formulas["Capaian Kinerja"], 2, "Peserta terlatih")
    assert values["Capaian Kinerja"][f"E{r}"].value == pytest.approx(1.2)
    assert "MIN(1.2," in formulas["Capaian Kinerja"][f"E{r}"].value


def test_a_few_thousand_indicators(tmp_path):
    src = write_template(tmp_path / "big.xlsx", synthetic_data(3000))
    result = build_file(src, tmp_path / "out.xlsx")
    assert result.output is not None, result.check.findings[:3]
    assert result.check.findings == []  # the synthetic report is clean, as its generator promises
    assert sum(len(s.indicators) for s in result.check.report.sasaran) == 3000
    _, values = _open(result.output)
    cpo = values["Cost per Outcome"]
    total = next(r for r in range(cpo.max_row, 0, -1) if cpo.cell(r, 1).value == "Jumlah")
    expected = sum(k.pagu for k in result.check.report.kegiatan)
    assert cpo.cell(total, 4).value == expected


def test_default_output_name_sits_beside_the_input(seed_input):
    result = build_file(seed_input)
    assert result.output == seed_input.parent / "LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan.xlsx"
    assert result.output.is_file()


def test_fast_formula_preparation_equals_xlsxwriters_own(tmp_path, monkeypatch):
    """The writer skips xlsxwriter's future-function rewriting; every formula it writes must come out
    exactly as the stock preparation would have made it."""
    from xlsxwriter.worksheet import Worksheet, re_dynamic_function

    from lkj_excel.config import Config
    from lkj_excel.writers.page import PlainFormulaSheet

    seen = []
    fast = PlainFormulaSheet._prepare_formula

    def checked(self, formula, expand_future_functions=False):
        ours = fast(self, formula)
        assert ours == Worksheet._prepare_formula(self, formula), formula
        # writers/sheet_cells.py skips xlsxwriter's dynamic-array check on this ground
        assert not re_dynamic_function.search(formula) and not formula.startswith("{"), formula
        seen.append(formula)
        return ours

    monkeypatch.setattr(PlainFormulaSheet, "_prepare_formula", checked)
    src = simple_workbook(tmp_path / "in.xlsx", [
        [1, "S", "Turun", "%", "Turun", 7, 6.5, None], [None, None, "Naik", "orang", "Naik", 10, 12, None],
        [2, "Tanpa kegiatan", "X", "orang", "Naik", 0, 1, None]], [[1, "K", 1, 100, 50]])
    build_file(src, tmp_path / "out.xlsx", Config.from_mapping({"report": {"capaian_cap_percent": 120}}), force=True)
    kinds = {f.split("(")[0] for f in seen}
    assert {"=IF", "=SUM", "=SUMIF"} <= kinds and len(seen) > 20


def test_built_workbook_follows_umask_and_is_fsynced_through_a_writable_handle(seed_input, tmp_path, monkeypatch):
    # Issue 11 item 5 / issue 8: mkstemp left outputs 0600, and fsync on a read-only handle fails on
    # Windows. Under umask 022 a finished workbook is 0644 (0666 & ~0022).
    import stat
    from lkj_excel import watch

    # The Windows side of this (fsync on a read-only handle) needs no double there: it is the real thing.
    fcntl = pytest.importorskip("fcntl", reason="POSIX only: the umask and the read-only-handle double")

    real_fsync = os.fsync

    def windows_like_fsync(fd):
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise PermissionError(13, "Permission denied (fsync on a read-only handle)")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", windows_like_fsync)
    old = os.umask(0o022)
    try:
        out = build_file(seed_input, tmp_path / "hasil.xlsx").output
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    # The drop folder flushes nothing through a handle of its own: what the writer and fileops wrote
    # they flushed through the handle that wrote it (watch.py's _fsync_file once reopened the output).
    import shutil

    from lkj_excel.config import Config

    root = tmp_path / "lkj"
    (root / "masuk").mkdir(parents=True)
    shutil.copy2(seed_input, root / "masuk" / "isian.xlsx")
    summary = watch.watch(root, Config(), watch.WatchOptions(once=True, settle=0.05, jobs=1, isolate=False,
                                                             install_signals=False),
                          environ={"LKJ_EXCEL_STATE": str(tmp_path / "lokal")}, echo=lambda line, err: None)
    assert summary.ok == 1


def test_a_214_character_unit_kerja_keeps_the_page_numbers(tmp_path):
    """Issue 11 item 11: the title line with a 214-character Unit Kerja made the footer longer than
    Excel's 255 characters; xlsxwriter warned on the console and dropped it, page numbers included.
    Building under warnings-as-errors proves no warning is raised at all."""
    import re
    import warnings
    import zipfile

    from lkj_excel import writers

    unit = ("Bidang Pengembangan Ketenagakerjaan & Perluasan Kesempatan Kerja, Pelatihan Kerja, "
            "Produktivitas Tenaga Kerja, Penempatan Tenaga Kerja Dalam dan Luar Negeri serta Hubungan "
            "Industrial Kab. Lumajang")
    unit = (unit + " " + "x" * 214)[:214]
    assert len(unit) == 214
    src = simple_workbook(tmp_path / "in.xlsx", [[1, "S", "I", "%", "Naik", 100, 50, None]],
                          [[1, "K", 1, 1000, 500]], unit_kerja=unit)
    report = check_file(src).report
    out = tmp_path / "out.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        writers.write(report, str(out), writers.WriteOptions())
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        footers = [re.search(r"<oddFooter>(.*?)</oddFooter>", z.read(n).decode()) for n in sheets]
    assert len(sheets) >= 5 and all(footers)
    for m in footers:
        text = m.group(1).replace("&amp;", "&")
        assert len(text) <= 255
        assert re.search(r"&R&8Halaman &P dari \d+$", text), text[-40:]  # n: the sheet's own page count
        assert "…" in text and "&&" in text  # shortened, and the '&' in the name still escaped


# Issue 11 item 4: kantor-a/isian.xlsx and kantor-b/isian.xlsx built into one -o folder printed OK twice and
# office B's report replaced office A's (exit code 0).
@pytest.mark.parametrize("jobs", [1, 2])
def test_same_file_name_in_two_folders_gives_two_outputs(tmp_path, jobs):
    from lkj_excel.batch import build_many
    from lkj_excel.config import Config

    sources = []
    for office, realisasi in (("kantor-a", 36), ("kantor-b", 50)):
        (tmp_path / office).mkdir()
        sources.append(str(simple_workbook(tmp_path / office / "isian.xlsx",
                                           kinerja=[[1, "Sasaran", "Jumlah perusahaan", "perusahaan", "Naik", 70, realisasi]],
                                           anggaran=[[1, "K", 1, 100, 10]])))
    outcomes = list(build_many(sources, str(tmp_path / "out"), Config(), jobs=jobs))
    assert [o.code for o in outcomes] == [0, 0]
    outputs = [o.output for o in outcomes]
    assert len(set(outputs)) == 2 and sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        os.path.basename(p) for p in outputs)
    assert "isian (kantor-a)" in outputs[0] and "isian (kantor-b)" in outputs[1]
    realisasi = [openpyxl.load_workbook(p)["Capaian Kinerja"] for p in outputs]
    values = [[c.value for row in ws.iter_rows() for c in row] for ws in realisasi]
    assert 36 in values[0] and 50 not in values[0] and 50 in values[1]


def test_batch_labels_are_distinct_case_folded_and_for_the_same_file_twice(tmp_path):
    from lkj_excel.batch import batch_labels

    assert batch_labels(["a/Isian.xlsx", "b/isian.xlsx", "a/Isian.xlsx", "c/isian (a).xlsx", "lain.xlsx"]) == [
        "Isian (a)", "isian (b)", "Isian (a) (2)", "isian (a) (3)", "lain"]
