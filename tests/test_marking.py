"""`lkj-excel check --tandai`: the staff's own file back, marked at each finding's cell (issue 10).

Every validation case (tests/test_validate.py, tests/test_contract.py) also goes through the marked
copy (helpers.check_file_and_marked_copy): comments at exactly the findings' cells, the same findings
when the copy is checked, the input's bytes unchanged. The tests here check what a person sees."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from lkj_excel.api import check_and_mark, check_file
from lkj_excel.cli import cli as main
from lkj_excel.marking import FILL, LIST_SHEET, MarkingError, mark_file
from lkj_excel.samples import seed_data, seed_year_data
from lkj_excel.template import write_template

from helpers import (ANGGARAN_HEADER, KINERJA_HEADER, check_file_and_marked_copy, identitas, marked_comments,
                     sha256, write_workbook)
from ooxml import audit_errors, structural_errors

RED, YELLOW = FILL["error"], FILL["warning"]


def _over_pagu(path):
    """The seed with kegiatan 1 spending 25.000.000 of its 20.000.000 pagu (Anggaran!E5: an error)."""
    data = seed_data()
    anggaran = [list(r) for r in data.anggaran]
    anggaran[0][4] = 25_000_000
    return write_template(path, dataclasses.replace(data, anggaran=anggaran))


def _fill(cell) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None


def test_seed_copy_is_marked_at_g5_and_g6_and_keeps_everything_else(tmp_path):
    """The seed with Anggaran!E5 25.000.000 > 20.000.000 (an error): sasaran 1 now spends, so G5 keeps
    only nilai-kembar (51,43 is indicator 2's capaian 36/70 = 51,43%); sasaran 2 still spends nothing
    of its 6.300.000, so G6 is kinerja-tanpa-serapan."""
    src = _over_pagu(tmp_path / "isian-tw2.xlsx")
    before = sha256(src)
    result = check_and_mark(src)
    assert sha256(src) == before
    copy = result.marked.path
    assert copy == tmp_path / "isian-tw2 - perbaiki.xlsx"
    assert [(f.code, f.sheet, f.cell) for f in result.findings] == [
        ("realisasi-melebihi-pagu", "Anggaran", "E5"), ("nilai-kembar", "Kinerja", "G5"),
        ("kinerja-tanpa-serapan", "Kinerja", "G6")]

    comments = marked_comments(copy)
    assert set(comments) == {("Anggaran", "E5"), ("Kinerja", "G5"), ("Kinerja", "G6")}
    assert comments[("Kinerja", "G5")].startswith("[peringatan] nilai-kembar: Realisasi di sel G5 (51,43)")
    assert "Rp25.000.000" in comments[("Anggaran", "E5")] and "[galat]" in comments[("Anggaran", "E5")]

    original, marked = openpyxl.load_workbook(src), openpyxl.load_workbook(copy)
    assert _fill(marked["Anggaran"]["E5"]) == RED
    assert _fill(marked["Kinerja"]["G5"]) == _fill(marked["Kinerja"]["G6"]) == YELLOW
    assert marked.sheetnames == [LIST_SHEET, *original.sheetnames] and marked.active.title == LIST_SHEET

    # Everything else as it was: values, formulas, data validation, protection, widths, template help.
    for ws in original.worksheets:
        other = marked[ws.title]
        assert [[c.value for c in r] for r in ws.iter_rows()] == [[c.value for c in r] for r in other.iter_rows()]
        assert [(dv.sqref, dv.formula1, dv.type) for dv in ws.data_validations.dataValidation] == \
               [(dv.sqref, dv.formula1, dv.type) for dv in other.data_validations.dataValidation]
        assert ws.protection.sheet == other.protection.sheet
        assert {k: d.width for k, d in ws.column_dimensions.items()} == \
               {k: d.width for k, d in other.column_dimensions.items()}
        for row in ws.iter_rows():
            for c in row:
                o = other[c.coordinate]
                assert (c.number_format, c.protection.locked) == (o.number_format, o.protection.locked)
                if c.comment is not None:  # the template's help stays, under the finding when there is one
                    assert c.comment.text in o.comment.text
                if (ws.title, c.coordinate) not in comments:
                    assert _fill(c) == _fill(o)
    assert audit_errors(copy) == [] and structural_errors(copy) == []


def test_list_sheet_links_each_finding_to_its_cell(tmp_path):
    result = check_and_mark(_over_pagu(tmp_path / "isian.xlsx"))
    ws = openpyxl.load_workbook(result.marked.path)[LIST_SHEET]
    assert ws["A1"].value == "Daftar perbaikan: 1 galat, 2 peringatan, 0 info."
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "No")
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1, max_row=header + 3)]
    assert [r[:6] for r in rows] == [
        [1, "Galat", "realisasi-melebihi-pagu", "Anggaran", "E5", "25.000.000"],
        [2, "Peringatan", "nilai-kembar", "Kinerja", "G5", "51,43"],
        [3, "Peringatan", "kinerja-tanpa-serapan", "Kinerja", "G6", "36"]]
    links = [ws.cell(header + i, 5).hyperlink.location for i in range(1, 4)]
    assert links == ["'Anggaran'!E5", "'Kinerja'!G5", "'Kinerja'!G6"]


def test_year_workbook_findings_are_marked_at_their_quarter_cells(tmp_path):
    """A TW II year workbook with a TW III realisasi already typed: triwulan-melewati-periode at
    that cell; the copy reads back to the same findings."""
    data = seed_year_data(2)
    kinerja = [list(r) for r in data.kinerja]
    kinerja[1][13] = 5  # Realisasi TW III of indicator 2, after Identitas Tribulan II
    src = write_template(tmp_path / "tahunan.xlsx", dataclasses.replace(data, kinerja=kinerja))
    result = check_file_and_marked_copy(src)
    (late,) = [f for f in result.findings if f.code == "triwulan-melewati-periode"]
    assert late.sheet == "Kinerja"
    comments = marked_comments(result.marked.path)
    assert "triwulan-melewati-periode" in comments[("Kinerja", late.cell)]
    assert audit_errors(result.marked.path) == []


def test_formula_cells_keep_their_cached_values(tmp_path):
    """openpyxl saves formulas without values; calamine (the reader) would then see 36 = 12+24 as
    empty. The copy carries the input's cached 36, and the findings stay the same."""
    path = tmp_path / "rumus.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in (("Identitas", identitas()),
                       ("Kinerja", [KINERJA_HEADER, [1, "S", "Jumlah perusahaan diukur", "perusahaan", "Naik", 70]]),
                       ("Anggaran", [ANGGARAN_HEADER, [1, "Pengukuran", 1, 6_300_000, 7_000_000]])):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), wb.add_format({"num_format": "d mmmm yyyy"}))
                elif v is not None:
                    ws.write(r, c, v)
    wb.get_worksheet_by_name("Kinerja").write_formula("G2", "=12+24", None, 36)
    wb.close()
    result = check_file_and_marked_copy(path)
    assert [f.code for f in result.findings] == ["realisasi-melebihi-pagu"]
    copy = openpyxl.load_workbook(result.marked.path, data_only=True)
    assert copy["Kinerja"]["G2"].value == 36
    assert openpyxl.load_workbook(result.marked.path)["Kinerja"]["G2"].value == "=12+24"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    """A Sasaran typed '=HYPERLINK("http://x","klik")' is text in the input, in the copy and in the
    list sheet's Nilai column; never a live formula or link."""
    trap = '=HYPERLINK("http://contoh.invalid","klik")'
    path = write_workbook(tmp_path / "jebakan.xlsx", {
        "Identitas": identitas(), "Kinerja": [KINERJA_HEADER, [1, trap, "Jumlah perusahaan", "perusahaan", "Naik", 70, -3]],
        "Anggaran": [ANGGARAN_HEADER, [1, "Pengukuran", 1, 6_300_000, 0]]})
    result = check_file_and_marked_copy(path)
    assert "angka-negatif" in [f.code for f in result.findings]
    book = openpyxl.load_workbook(result.marked.path)
    assert book["Kinerja"]["B2"].value == trap and book["Kinerja"]["B2"].data_type == "s"
    for row in book[LIST_SHEET].iter_rows():
        for c in row:
            assert c.data_type != "f"


def test_an_existing_marked_copy_is_never_replaced(tmp_path):
    """Staff may be correcting 'isian - perbaiki.xlsx' already: a second run writes '(2)'."""
    src = _over_pagu(tmp_path / "isian.xlsx")
    (tmp_path / "isian - perbaiki.xlsx").write_bytes(b"koreksi staf")
    result = check_and_mark(src)
    assert result.marked.path.name == "isian - perbaiki (2).xlsx"
    assert (tmp_path / "isian - perbaiki.xlsx").read_bytes() == b"koreksi staf"


def test_ods_is_refused_with_a_message(tmp_path):
    import zipfile

    src = write_template(tmp_path / "isian.xlsx", seed_data())
    ods = tmp_path / "isian.ods"

    with zipfile.ZipFile(ods, "w") as z:  # what mark_file looks at: an OpenDocument package
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with pytest.raises(MarkingError, match=r"\.ods.*simpan sebagai \.xlsx"):
        mark_file(ods, check_file(src).findings)


def test_cli_check_tandai(tmp_path):
    src = _over_pagu(tmp_path / "isian.xlsx")
    clean = write_template(tmp_path / "bersih.xlsx", dataclasses.replace(
        seed_data(), anggaran=[[1, "Konsultasi", 1, 20_000_000, 5_000_000], [2, "Pengukuran", 2, 6_300_000, 1_000_000]],
        kinerja=[list(r[:6]) + [40, None] for r in seed_data().kinerja]))
    before = sha256(src)
    runner = CliRunner()
    out = runner.invoke(main, ["check", "--tandai", str(src), str(clean)])
    assert out.exit_code == 1, out.output  # the input has an error
    assert f"Salinan bertanda: {tmp_path / 'isian - perbaiki.xlsx'}" in out.output
    assert "Tidak ada temuan; salinan bertanda tidak dibuat." in out.output
    assert not (tmp_path / "bersih - perbaiki.xlsx").exists()
    assert sha256(src) == before
    js = runner.invoke(main, ["check", "--tandai", "--format", "json", str(src)])
    assert json.loads(js.stdout)[0]["marked"] == str(tmp_path / "isian - perbaiki (2).xlsx")


def test_cli_check_tandai_in_a_folder_that_refuses_the_copy(tmp_path, monkeypatch):
    """The findings are still printed; the copy's failure is one Indonesian sentence, exit 2."""
    import lkj_excel.marking as marking

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(marking, "write_new", refuse)
    src = _over_pagu(tmp_path / "isian.xlsx")
    out = CliRunner().invoke(main, ["check", "--tandai", str(src)])
    assert out.exit_code == 2
    assert "realisasi-melebihi-pagu" in out.output
    assert "Salinan bertanda tidak dibuat: Salinan bertanda isian - perbaiki.xlsx tidak dapat ditulis" in out.output
    assert "tidak ada izin menulis" in out.output
    assert "Traceback" not in out.output


def test_comments_follow_the_findings_given(tmp_path):
    """The comment set is the findings' cells, not a fixed list: marking only the first finding
    (Anggaran!E5) leaves G5 and G6 without a comment and with the template's own input fill."""
    src = _over_pagu(tmp_path / "isian.xlsx")
    findings = check_file(src).findings
    copy = mark_file(src, findings[:1]).path
    assert set(marked_comments(copy)) == {("Anggaran", "E5")}
    theirs = _fill(openpyxl.load_workbook(src)["Kinerja"]["G5"])
    assert _fill(openpyxl.load_workbook(copy)["Kinerja"]["G5"]) == theirs not in (RED, YELLOW)
