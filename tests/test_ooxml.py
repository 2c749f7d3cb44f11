"""Every kind of output passes `openxml-audit` (a port of Microsoft's Open XML SDK validator) with 0
errors, and the structural checks it does not make (tests/ooxml.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from lkj_excel.api import build_file
from lkj_excel.samples import synthetic_data
from lkj_excel.template import write_template

from helpers import simple_workbook
from ooxml import audit_errors, structural_errors

pytest.importorskip("openxml_audit")

ROOT = Path(__file__).resolve().parent.parent


def _tamper(src: Path, dst: Path, part: str, old: str, new: str) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                text = data.decode()
                assert old in text
                data = text.replace(old, new, 1).encode()
            zout.writestr(info, data)
    return dst


def test_the_checks_catch_broken_packages(tmp_path):
    template = next((ROOT / "templates").glob("lkj-template-v*.xlsx"))
    sheet = "xl/worksheets/sheet1.xml"
    unknown = _tamper(template, tmp_path / "a.xlsx", sheet, "<sheetData>", "<sheetData><bogus/>")
    assert any("bogus" in e for e in audit_errors(unknown))
    bad_style = _tamper(template, tmp_path / "b.xlsx", sheet, ' s="', ' s="999')
    assert audit_errors(bad_style) == []  # schema-valid, which is why structural_errors exists
    assert any("style 999" in e for e in structural_errors(bad_style))


def test_overlapping_merges_are_caught(tmp_path):
    import xlsxwriter

    path = tmp_path / "m.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.merge_range("A1:B2", "x")
    ws.merge_range("C1:D1", "y")
    wb.close()
    assert structural_errors(path) == []
    broken = _tamper(path, tmp_path / "m2.xlsx", "xl/worksheets/sheet1.xml", 'ref="C1:D1"', 'ref="B2:D2"')
    assert structural_errors(broken) == ["xl/worksheets/sheet1.xml: merge B2:D2 overlaps A1:B2"]


def _outputs(tmp_path):
    seed_in = tmp_path / "seed.xlsx"
    from lkj_excel.samples import seed_data

    write_template(seed_in, seed_data())
    yield "template", next((ROOT / "templates").glob("lkj-template-v*.xlsx"))
    yield "filled template", seed_in
    yield "committed sample", next((ROOT / "samples").glob("LKj *.xlsx"))
    yield "sample", build_file(seed_in, tmp_path / "sample.xlsx").output
    kinerja = [
        [1, "Menurunnya pengangguran", "Tingkat pengangguran", "%", "Turun", 7, None, "=HYPERLINK(\"x\")"],
        [None, None, "Penempatan", "orang", "Naik", 200, 260, None],
    ]
    draft_in = simple_workbook(tmp_path / "draft-in.xlsx", kinerja, [[1, "Bursa kerja", 1, 100, 150]])
    draft = build_file(draft_in, tmp_path / "draft.xlsx", force=True)
    assert draft.draft
    yield "draft", draft.output
    large_in = write_template(tmp_path / "large-in.xlsx", synthetic_data(1000, per_sasaran=3))
    yield "1,000 indicators", build_file(large_in, tmp_path / "large.xlsx").output


def test_every_kind_of_output_passes_openxml_audit(tmp_path):
    checked = []
    for kind, path in _outputs(tmp_path):
        assert audit_errors(path) == [], kind
        assert structural_errors(path) == [], kind
        checked.append(kind)
    assert len(checked) == 6
