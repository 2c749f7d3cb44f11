"""Issue 11 item 15: "07/10/2024", typed the way the template's hint showed, was stored by LibreOffice
under an English locale as 10 July 2024. The template's Tanggal Laporan cell now carries a date
validation (from the tribulan's end to a year later) with an Indonesian prompt and warning, and the
check names the date as read whenever its day and month could be the other way round."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from lkj_excel.api import check_file
from lkj_excel.samples import seed_data
from lkj_excel.template import write_template

from helpers import simple_workbook


def _tanggal_cell(ws) -> str:
    (row,) = [c.row for c in ws["A"] if c.value == "Tanggal Laporan"]
    return f"B{row}"


def _validation(path, cell):
    ws = openpyxl.load_workbook(path)["Identitas"]
    assert _tanggal_cell(ws) == cell
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"{cell} has {len(found)} validations"
    return found[0]


def _blank(tmp_path):
    return write_template(tmp_path / "v2.xlsx")


def _seed_v1(tmp_path):
    return write_template(tmp_path / "v1.xlsx", seed_data())


def _next_quarter(tmp_path):
    from lkj_excel.carry import write_next_template

    return write_next_template(write_template(tmp_path / "tw2.xlsx", seed_data()), tmp_path / "tw3.xlsx")


@pytest.mark.parametrize("make", [_blank, _seed_v1, _next_quarter], ids=["v2-blank", "v1-seed", "v2-next-quarter"])
def test_tanggal_laporan_has_a_date_validation_with_indonesian_messages(tmp_path, make):
    # Identitas rows start at row 4: Tahun is B14, Tribulan B15, Tanggal Laporan B17.
    dv = _validation(make(tmp_path), "B17")
    assert dv.type == "date" and dv.operator in (None, "between")  # openpyxl: between is the default
    assert "$B$14" in dv.formula1 and "$B$15" in dv.formula1 and "$B$14+1" in dv.formula2
    assert dv.errorStyle == "warning" and dv.showErrorMessage and dv.showInputMessage
    assert dv.promptTitle == "Tanggal Laporan" and "misalnya 5 Juli 2023" in dv.prompt
    assert dv.errorTitle == "Tanggal di luar periode"
    assert "07/10/2024 terbaca 10 Juli" in dv.error and "7 Oktober 2024" in dv.error


# The bounds, evaluated by an independent formula engine with Tahun and Tribulan as typed:
# TW III 2024 ends DATE(2024, 3*3+1, 0) = 30 September 2024; a year later is 30 September 2025.
@pytest.mark.parametrize(("tahun", "tribulan", "low", "high"), [
    (2024, "III", dt.date(2024, 9, 30), dt.date(2025, 9, 30)),
    (2023, "II", dt.date(2023, 6, 30), dt.date(2024, 6, 30)),
    (2024, "IV", dt.date(2024, 12, 31), dt.date(2025, 12, 31)),
    (2024, 4, dt.date(2024, 12, 31), dt.date(2025, 12, 31)),
    (2024, "ii", dt.date(2024, 6, 30), dt.date(2025, 6, 30)),  # Excel compares text case-insensitively
    (2024, "", dt.date(2023, 12, 31), dt.date(2024, 12, 31)),  # no Tribulan yet: the whole year
    (None, "III", dt.date(1990, 1, 1), dt.date(2100, 12, 31)),  # no Tahun yet: any date, never an error
])
def test_the_validation_bounds_follow_tahun_and_tribulan(tmp_path, tahun, tribulan, low, high):
    formulas = pytest.importorskip("formulas")
    dv = _validation(_blank(tmp_path), "B17")

    def value(formula):
        compiled = formulas.Parser().ast(formula)[1].compile()
        assert list(compiled.inputs) == ["B14", "B15"]
        serial = compiled(tahun, tribulan)
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(serial.ravel()[0]))

    assert (value("=" + dv.formula1), value("=" + dv.formula2)) == (low, high)


def test_the_template_hint_no_longer_shows_a_bare_day_first_date(tmp_path):
    ws = openpyxl.load_workbook(_blank(tmp_path))["Identitas"]
    hint = ws["C17"].value
    assert hint.startswith("contoh: 5 Juli 2023") and "bisa terbaca 7 Mei" in hint


# --------------------------------------------------------------------------------------------
# The date as read, in words


def _check(tmp_path, tanggal, tahun=2024, tribulan="III"):
    path = simple_workbook(tmp_path / "in.xlsx", kinerja=[[1, "S", "I", "orang", "Naik", 10, 5]],
                           anggaran=[[1, "K", 1, 100, 10]], Tahun=tahun, Tribulan=tribulan,
                           Tanggal_Laporan=tanggal)
    return check_file(path).findings


def test_a_date_that_could_be_swapped_is_shown_as_read(tmp_path):
    # Meant 11/10/2024 (11 Oktober), stored as 10 November 2024 by an English-locale spreadsheet. Both
    # fall after TW III 2024 ends (30 September), so no period warning: only this info shows the swap.
    findings = _check(tmp_path, dt.date(2024, 11, 10))
    (info,) = [f for f in findings if f.code == "tanggal-dibaca"]
    # helpers.identitas puts Tanggal Laporan in B13 of the hand-made workbook.
    assert info.severity == "info" and (info.sheet, info.cell) == ("Identitas", "B13")
    assert info.message == ("Tanggal Laporan di sel B13 dibaca sebagai 10 November 2024. Bila yang dimaksud "
                            "11 Oktober 2024, hari dan bulannya tertukar: tulis tanggalnya dengan nama bulan, "
                            "misalnya 11 Oktober 2024.")
    assert not [f for f in findings if f.code == "tanggal-di-luar-periode"]


@pytest.mark.parametrize("tanggal", [
    dt.date(2024, 10, 15),  # day above 12: only one reading
    dt.date(2024, 10, 10),  # day equals month: the same date either way
    dt.date(2024, 10, 5),   # swapped: 10 Mei 2024, before the tribulan ends, so not meant
])
def test_no_date_info_when_only_one_reading_is_plausible(tmp_path, tanggal):
    assert not [f for f in _check(tmp_path, tanggal) if f.code == "tanggal-dibaca"]


def test_the_seed_date_5_juli_2023_is_not_doubted(tmp_path):
    # TW II 2023 ends 30 Juni 2023; read the other way, 5 Juli would be 7 Mei, before the end.
    assert not [f for f in _check(tmp_path, dt.date(2023, 7, 5), 2023, "II") if f.code == "tanggal-dibaca"]


def test_a_date_before_the_period_gets_the_warning_not_also_the_info(tmp_path):
    findings = _check(tmp_path, dt.date(2024, 7, 10))
    assert [f.code for f in findings if f.code.startswith("tanggal")] == ["tanggal-di-luar-periode"]
