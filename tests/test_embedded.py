"""The machine-readable copy a finished workbook carries: written, read back, and distrusted."""

from __future__ import annotations

import json
import zipfile

import pytest
import xlsxwriter

from lkj_excel import embed_part, embedded
from lkj_excel.api import check_file
from lkj_excel.embedded import EmbeddedCopyError
from lkj_excel.finished import PART, read_embedded
from lkj_excel.safety import UnreadableWorkbook


def _book_with_part(path, part: bytes):
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Capaian Kinerja").write_string(0, 0, "x")
    embed_part.attach(wb, part)
    wb.close()
    return path


def _seed_payload(seed_input):
    check = check_file(seed_input)
    return check, embedded.payload(check.report, check.results, check.findings, False, "lkj-excel test")


def test_round_trip_keeps_the_report_and_its_figures(seed_input, tmp_path):
    check, data = _seed_payload(seed_input)
    copy = read_embedded(_book_with_part(tmp_path / "out.xlsx", embedded.to_xml(data)))
    ident = copy.report.identity
    assert (ident.unit_kerja, ident.tahun, ident.tribulan) == ("Bidang Pengembangan Ketenagakerjaan", 2023, 2)
    targets = [ind.target for _, ind in copy.report.indicators()]
    assert targets == [100, 70]
    # Seed indicator 2: 36 / 70 = 51,43% (Rendah); the copy stores what the workbook shows.
    assert copy.figures[1].capaian == pytest.approx(36 / 70)
    assert copy.figures[1].predikat == "Rendah"
    # 20.000.000 + 6.300.000 = 26.300.000
    assert sum(k.pagu for k in copy.report.kegiatan) == 26_300_000
    assert [f.code for f in copy.findings] == [f.code for f in check.findings]
    assert copy.report.kegiatan[0].cells["pagu"].sheet == "Anggaran"


def test_a_template_has_no_copy(seed_input):
    assert read_embedded(seed_input) is None


def test_same_report_same_bytes(seed_input):
    _, data = _seed_payload(seed_input)
    assert embedded.to_xml(data) == embedded.to_xml(json.loads(json.dumps(data)))


def _tampered(tmp_path, seed_input, change):
    _, data = _seed_payload(seed_input)
    change(data)
    return _book_with_part(tmp_path / "bad.xlsx", embedded.to_xml(data))


@pytest.mark.parametrize("change", [
    lambda d: d["sasaran"][0]["indicators"][0].update(target="100"),  # a number as text
    lambda d: d["sasaran"][0]["indicators"][0].update(arah="Naik; DROP"),
    lambda d: d["findings"].append({"code": "tidak-ada", "severity": "error", "sheet": None, "cell": None,
                                    "value": None, "message": "x"}),
    lambda d: d["findings"].append({"code": "teks-angka", "severity": "error", "sheet": None, "cell": None,
                                    "value": None, "message": "x"}),  # registered as info
    lambda d: d["identity"].update(tribulan=7),
    lambda d: d["kegiatan"][0].update(pagu=10 ** 400),
    lambda d: d.update(draft="no"),
    lambda d: d["identity"].update(unit_kerja="x" * 40_000),
], ids=["text-number", "arah", "unknown-code", "wrong-severity", "tribulan", "huge-int", "draft", "long-text"])
def test_a_tampered_copy_is_refused(tmp_path, seed_input, change):
    with pytest.raises(EmbeddedCopyError, match="rusak atau telah diubah"):
        read_embedded(_tampered(tmp_path, seed_input, change))


def test_unknown_version_is_refused_by_name(tmp_path, seed_input):
    _, data = _seed_payload(seed_input)
    part = embedded.to_xml(data).replace(b'versi="1"', b'versi="9"')
    with pytest.raises(EmbeddedCopyError, match="berversi 9"):
        read_embedded(_book_with_part(tmp_path / "v9.xlsx", part))


def test_entities_and_non_json_are_refused(tmp_path):
    entity = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
              b'<lkj:laporan xmlns:lkj="urn:lkj-excel:laporan" versi="1">&a;</lkj:laporan>')
    with pytest.raises(UnreadableWorkbook):
        read_embedded(_book_with_part(tmp_path / "dtd.xlsx", entity))
    nan = b'<lkj:laporan xmlns:lkj="urn:lkj-excel:laporan" versi="1">{"x": NaN}</lkj:laporan>'
    with pytest.raises(EmbeddedCopyError):
        read_embedded(_book_with_part(tmp_path / "nan.xlsx", nan))


def test_an_inflating_part_is_a_zip_bomb(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(PART, b"<a>" + b" " * (100 << 20) + b"</a>")  # 100 MB of spaces in ~100 KB
    with pytest.raises(UnreadableWorkbook, match="zip bomb"):
        read_embedded(path)


def test_not_a_workbook_keeps_the_usual_sentence(tmp_path):
    path = tmp_path / "catatan.xlsx"
    path.write_text("bukan workbook")
    with pytest.raises(UnreadableWorkbook, match="bukan workbook Excel"):
        read_embedded(path)


def test_year_workbook_copy_keeps_its_quarters(tmp_path):
    """A year workbook leaves the single Realisasi column empty: without its quarters the copy could not
    be recomputed. Seed indicator 2 (Kumulatif): 12 + 24 = 36 s.d. TW II, 36 / 70 = 51,43%; kegiatan 1
    spent 0 + 0 of its 5.000.000 planned per quarter."""
    from lkj_excel.compute import evaluate
    from lkj_excel.config import Config
    from lkj_excel.quarters import KUMULATIF, NILAI_AKHIR

    from test_year import SEED_KINERJA_V2, read

    got = read(SEED_KINERJA_V2)
    results = evaluate(got.report, Config())
    data = embedded.payload(got.report, results, got.findings, False, "lkj-excel test")
    copy = read_embedded(_book_with_part(tmp_path / "year.xlsx", embedded.to_xml(data)))
    ind = [ind for _, ind in copy.report.indicators()]
    assert ind[1].realisasi is None and ind[1].realisasi_tw == (12, 24, None, None)
    assert (ind[0].cara_hitung, ind[1].cara_hitung) == (NILAI_AKHIR, KUMULATIF)
    assert copy.report.kegiatan[0].rencana_tw == (5_000_000,) * 4
    again = list(evaluate(copy.report, Config()).indicators())
    assert again[1].realisasi == 36 and round(again[1].capaian * 100, 2) == 51.43


def test_copy_refuses_a_quarter_list_of_the_wrong_length(tmp_path, seed_input):
    def change(data):
        data["sasaran"][0]["indicators"][0]["realisasi_tw"] = [1, 2, 3]

    with pytest.raises(EmbeddedCopyError, match="rusak atau telah diubah"):
        read_embedded(_tampered(tmp_path, seed_input, change))
