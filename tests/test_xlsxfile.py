"""Issue 8 (Windows): every .xlsx records "version made by" Unix, so a workbook written on Windows
has the same bytes as one written on Linux, and no part holds the CRLF of a text-mode temp file."""

from __future__ import annotations

import io
import zipfile

from lkj_excel.api import build_file
from lkj_excel.samples import seed_data
from lkj_excel.template import write_template
from lkj_excel.xlsxfile import new_workbook, save_workbook, unix_made_by


def _windows_zip() -> bytes:
    """A zip as Windows CPython writes it: ZipInfo.create_system is 0 there."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", "<a/>"), ("xl/workbook.xml", "<b>\n</b>")):
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.create_system = 0
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return buffer.getvalue()


def test_unix_made_by_marks_every_member_and_changes_nothing_else():
    raw = _windows_zip()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert [i.create_system for i in z.infolist()] == [0, 0]
    fixed = unix_made_by(raw)
    assert len(fixed) == len(raw)
    # exactly one byte per member differs: the host byte of its central-directory entry
    assert sum(a != b for a, b in zip(raw, fixed)) == 2
    with zipfile.ZipFile(io.BytesIO(fixed)) as z:
        assert [i.create_system for i in z.infolist()] == [3, 3]
        assert z.testzip() is None
        assert z.read("xl/workbook.xml") == b"<b>\n</b>"


def _systems(path) -> set[int]:
    with zipfile.ZipFile(path) as z:
        return {i.create_system for i in z.infolist()}


def test_save_workbook_writes_unix_members(tmp_path):
    wb = new_workbook()
    wb.add_worksheet("A").write_string(0, 0, "x")
    out = save_workbook(wb, tmp_path / "a.xlsx")
    assert _systems(out) == {3}


def test_every_output_records_unix_and_no_crlf(tmp_path):
    template = write_template(tmp_path / "t.xlsx")
    filled = write_template(tmp_path / "isian.xlsx", seed_data())
    built = build_file(filled, tmp_path / "out.xlsx").output
    for path in (template, filled, built):
        assert _systems(path) == {3}, path
        with zipfile.ZipFile(path) as z:
            # in_memory: xlsxwriter's text-mode temp files put CRLF inside the parts on Windows
            assert all(b"\r\n" not in z.read(n) for n in z.namelist()), path
