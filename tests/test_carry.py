"""`template --dari`: the next quarter's template carries everything over, opens only the new quarter,
and, with that quarter typed in, builds cleanly."""

from __future__ import annotations

import openpyxl
import pytest

from lkj_excel.api import build_file, check_file
from lkj_excel.carry import CarryError, write_next_template
from lkj_excel.samples import seed_data, seed_year_data
from lkj_excel.template import write_template

# Kinerja (version 2): L..O Realisasi TW I..IV, data from row 5; Anggaran: I..L Realisasi TW I..IV.


def type_in(path, kinerja: dict[str, object], anggaran: dict[str, object], tanggal):
    """What a staff member does in Excel: type the open cells and save."""
    wb = openpyxl.load_workbook(path)
    for ref, value in kinerja.items():
        assert not wb["Kinerja"][ref].protection.locked, ref
        wb["Kinerja"][ref] = value
    for ref, value in anggaran.items():
        assert not wb["Anggaran"][ref].protection.locked, ref
        wb["Anggaran"][ref] = value
    wb["Identitas"]["B17"] = tanggal
    wb.save(path)
    return path


def test_year_workbook_tw2_to_tw3_round_trips(tmp_path):
    import datetime as dt

    src = write_template(tmp_path / "isian-tw2.xlsx", seed_year_data(2))
    out = write_next_template(src)
    assert out.name == "isian-tw2 - TW III 2023.xlsx"
    wb = openpyxl.load_workbook(out)
    k = wb["Kinerja"]
    assert wb["Identitas"]["B15"].value == "III" and wb["Identitas"]["B17"].value is None
    assert [k[f"{c}6"].value for c in "LMNO"] == [12, 24, None, None]  # carried, TW III open
    assert k["M6"].protection.locked and not k["N6"].protection.locked and k["N6"].fill.fgColor.rgb.endswith("FFC000")
    assert k["G6"].value == 70 and k["F6"].value == "Kumulatif"
    # staff type TW III: 75 % share, 18 more companies; 10.000.000 and 3.000.000 spent
    type_in(out, {"N5": 75, "N6": 18}, {"K5": 10_000_000, "K6": 3_000_000}, dt.datetime(2023, 10, 5))
    built = build_file(out, tmp_path / "hasil.xlsx")
    assert built.output is not None and built.check.valid, built.check.findings
    assert [f.code for f in built.check.findings] == []
    one, two = built.check.results.indicators()
    # 12 + 24 + 18 = 54 of 70 = 77,14%; against TW I-III targets 10 + 20 + 20 = 50: 108%
    assert two.realisasi == 54 and round(two.capaian * 100, 2) == 77.14 and two.capaian_sd == pytest.approx(1.08)
    assert one.realisasi == 75 and one.capaian == pytest.approx(0.75)


def test_version_1_input_becomes_a_version_2_template_with_the_assumption_noted(tmp_path):
    import datetime as dt

    src = write_template(tmp_path / "isian-v1.xlsx", seed_data())  # TW II, cumulative 51,43 % and 36
    out = write_next_template(src, tmp_path / "tw3.xlsx")
    wb = openpyxl.load_workbook(out)
    k = wb["Kinerja"]
    # Kumulatif: all of the cumulative 36 in TW II, TW I written 0; Nilai Akhir (%): 51,43 in TW II only
    assert [k[f"{c}6"].value for c in "LMN"] == [0, 36, None]
    assert [k[f"{c}5"].value for c in "LMN"] == [None, 51.43, None]
    note = "\n".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    assert "versi 1" in note and "ditulis 0" in note
    type_in(out, {"N5": 60, "N6": 10}, {"K5": 5_000_000, "K6": 1_000_000}, dt.datetime(2023, 10, 5))
    built = build_file(out, tmp_path / "hasil.xlsx")
    assert built.check.valid and built.output is not None, built.check.findings
    two = list(built.check.results.indicators())[1]
    assert two.realisasi == 0 + 36 + 10 == 46


def test_after_tw4_next_years_template_keeps_targets_and_empties_realisasi(tmp_path):
    src = write_template(tmp_path / "isian-tw4.xlsx", seed_year_data(4))
    out = write_next_template(src)
    assert out.name == "isian-tw4 - TW I 2024.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb["Identitas"]["B14"].value == 2024 and wb["Identitas"]["B15"].value == "I"
    k = wb["Kinerja"]
    assert [k[f"{c}6"].value for c in "HIJK"] == [10, 20, 20, 20]
    assert [k[f"{c}6"].value for c in "LMNO"] == [None] * 4
    assert not k["L6"].protection.locked
    assert [wb["Anggaran"][f"{c}5"].value for c in "DIJKL"] == [20_000_000, None, None, None, None]


def test_refuses_to_overwrite_and_explains_an_unreadable_tribulan(tmp_path):
    src = write_template(tmp_path / "isian.xlsx", seed_year_data(2))
    write_next_template(src, tmp_path / "x.xlsx")
    with pytest.raises(CarryError, match="sudah ada"):
        write_next_template(src, tmp_path / "x.xlsx")
    data = seed_year_data(2)
    data.identity["Tribulan"] = "V"
    bad = write_template(tmp_path / "bad.xlsx", data)
    with pytest.raises(CarryError, match="Tribulan"):
        write_next_template(bad, tmp_path / "y.xlsx")
    assert check_file(src).valid  # the input itself is untouched and still fine


def test_template_dari_on_the_command_line(tmp_path):
    """`lkj-excel template --dari` writes the next tribulan's template beside the input (TW II -> TW III),
    refuses to overwrite it (exit 2, Indonesian), and refuses a file that is not a workbook (exit 2)."""
    from click.testing import CliRunner

    from lkj_excel.cli import cli
    from lkj_excel.samples import seed_year_data
    from lkj_excel.template import write_template

    isian = tmp_path / "isian-tw2.xlsx"
    write_template(isian, seed_year_data(2))
    first = CliRunner().invoke(cli, ["template", "--dari", str(isian)])
    assert first.exit_code == 0, first.output
    out = tmp_path / "isian-tw2 - TW III 2023.xlsx"
    assert out.exists() and str(out) in first.output
    again = CliRunner().invoke(cli, ["template", "--dari", str(isian)])
    assert again.exit_code == 2 and "sudah ada" in again.output
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("bukan workbook", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["template", "--dari", str(bad), str(tmp_path / "x.xlsx")])
    assert refused.exit_code == 2 and "Traceback" not in refused.output
