"""The blank template: committed copy equals what the command writes; its features, read back with
openpyxl (a library that did not write it)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from lkj_excel.api import check_file
from lkj_excel.template import TEMPLATE_NAME, write_template

COMMITTED = Path(__file__).resolve().parent.parent / "templates" / TEMPLATE_NAME


def test_committed_template_is_what_the_command_writes(tmp_path):
    fresh = write_template(tmp_path / TEMPLATE_NAME)
    assert COMMITTED.read_bytes() == fresh.read_bytes(), "run: lkj-excel template templates/ (after deleting it)"


def test_template_features(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    assert wb.sheetnames == ["Petunjuk", "Identitas", "Kinerja", "Anggaran", "Narasi"]
    kinerja = wb["Kinerja"]
    # contract version 2: the year workbook
    assert [c.value for c in kinerja[4]] == ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Arah", "Cara Hitung",
                                             "Target", "Target TW I", "Target TW II", "Target TW III",
                                             "Target TW IV", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III",
                                             "Realisasi TW IV", "Keterangan"]
    assert [c.value for c in wb["Anggaran"][4]] == ["No", "Kegiatan", "No Sasaran", "Pagu", "Rencana TW I",
                                                    "Rencana TW II", "Rencana TW III", "Rencana TW IV",
                                                    "Realisasi TW I", "Realisasi TW II", "Realisasi TW III",
                                                    "Realisasi TW IV"]
    assert kinerja.freeze_panes == "A5"
    assert kinerja.protection.sheet and not kinerja.protection.password
    assert kinerja["A4"].protection.locked and not kinerja["G5"].protection.locked
    assert all(c.comment is not None for c in kinerja[4])
    lists = {str(dv.sqref): dv.formula1 for dv in kinerja.data_validations.dataValidation}
    assert lists == {"E5:E504": '"Naik,Turun"', "F5:F504": '"Kumulatif,Nilai Akhir,Rata-rata"'}
    ident = wb["Identitas"]
    tribulan = [dv for dv in ident.data_validations.dataValidation if dv.type == "list"]
    assert tribulan[0].formula1 == '"I,II,III,IV"'
    assert ident["B10"].number_format == "@"  # NIP kept as text: 18 digits exceed Excel's precision


def test_blank_template_reads_as_empty_not_broken(tmp_path):
    result = check_file(write_template(tmp_path / "t.xlsx"))
    codes = {f.code for f in result.findings}
    assert "isian-kosong" in codes and "tanpa-indikator" in codes
    assert "lembar-hilang" not in codes and "kolom-hilang" not in codes


def test_version_1_data_keeps_the_version_1_layout(tmp_path):
    from lkj_excel.samples import seed_data

    wb = openpyxl.load_workbook(write_template(tmp_path / "v1.xlsx", seed_data()))
    assert [c.value for c in wb["Kinerja"][4]] == ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Arah", "Target",
                                                   "Realisasi", "Keterangan"]


# Issue 11 item 3: `lkj-excel template nodir/sub/t.xlsx` ended in xlsxwriter's FileCreateError traceback, exit 1.
def test_template_into_a_missing_folder_is_one_indonesian_sentence_and_exit_2(tmp_path):
    import subprocess
    import sys

    from lkj_excel.template import write_template

    with pytest.raises(OSError) as refused:
        write_template(tmp_path / "nodir" / "sub" / "t.xlsx")
    assert "folder tujuannya tidak ada" in refused.value.strerror
    done = subprocess.run([sys.executable, "-m", "lkj_excel", "template", "nodir/sub/t.xlsx"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"Galat: tidak dapat menulis {Path('nodir/sub/t.xlsx')}: folder tujuannya tidak ada; buat foldernya dulu "
        "atau pilih folder lain."]  # the native path: backslashes on Windows


# Issue 11 item 3 (build): "-o berkas/x.xlsx" where berkas is a file said "(File exists)" in English.
@pytest.mark.parametrize("output", ["berkas/x.xlsx", "berkas/sub/"])
def test_build_into_a_path_through_a_file_is_indonesian_and_exit_2(tmp_path, output):
    import subprocess
    import sys

    from helpers import simple_workbook

    simple_workbook(tmp_path / "i.xlsx", kinerja=[[1, "S", "I", "orang", "Naik", 70, 36]], anggaran=[[1, "K", 1, 100, 10]])
    (tmp_path / "berkas").write_text("")
    done = subprocess.run([sys.executable, "-m", "lkj_excel", "build", "i.xlsx", "-o", output], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "adalah berkas biasa" in done.stderr or "sudah ada sebagai berkas biasa" in done.stderr
    assert "File exists" not in done.stderr and "Not a directory" not in done.stderr


def test_as_grids_reads_as_the_written_template_does(tmp_path):
    """template.as_grids (the seed in memory, for trying a Word template) gives the report that
    writing the template and reading it back gives: same findings (none), same numbers, same text."""
    import dataclasses

    from lkj_excel.contract import parse_report
    from lkj_excel.reader import read_report
    from lkj_excel.samples import seed_data, seed_year_data
    from lkj_excel.template import as_grids

    for n, data in enumerate((seed_data(), seed_year_data(3))):
        memory = parse_report(as_grids(data))
        disk = read_report(write_template(tmp_path / f"isian-{n}.xlsx", data))
        assert memory.findings == disk.findings == []
        strip = lambda report: [dataclasses.replace(i, cells={}, row=0) for _, i in report.indicators()]  # noqa: E731
        assert strip(memory.report) == strip(disk.report)
        assert memory.report.identity.tanggal == disk.report.identity.tanggal
        assert [dataclasses.replace(k, cells={}, row=0) for k in memory.report.kegiatan] == \
            [dataclasses.replace(k, cells={}, row=0) for k in disk.report.kegiatan]
        assert memory.report.narasi == disk.report.narasi
