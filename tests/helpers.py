"""Shared test helpers: hand-made workbooks and the LibreOffice recalculation check."""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import xlsxwriter

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def write_workbook(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None,
                   errors: dict[str, dict[str, str]] | None = None) -> Path:
    """A workbook with exactly these cells: each sheet a list of rows starting at A1 (None = empty)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    date_fmt = wb.add_format({"num_format": "d mmmm yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (dt.date, dt.datetime)):
                    value = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
                    ws.write_datetime(r, c, value, date_fmt)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write(r, c, value)
        for rng in (merges or {}).get(name, []):
            first = rng.split(":")[0]
            ws.merge_range(rng, None)
            # merge_range with None writes a blank; the value stays where the caller put it
            r, c = _rc(first)
            value = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
            if value is not None:
                ws.write(r, c, value)
        for ref, err in (errors or {}).get(name, {}).items():
            ws.write_formula(ref, "=1/0" if err == "#DIV/0!" else "=NA()", None, err)
    wb.close()
    return path


def _rc(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1


IDENTITAS_ROWS = [
    ["Pemerintah Daerah", "Kabupaten Lumajang"],
    ["Perangkat Daerah", "Dinas Tenaga Kerja"],
    ["Unit Kerja", "Bidang Pengembangan Ketenagakerjaan"],
    ["Jabatan Pelapor", "Kepala Bidang Pengembangan Ketenagakerjaan"],
    ["Nama Pelapor", "Drs. ABDULLAH"],
    ["NIP Pelapor", "19650814 198803 1 011"],
    ["Jabatan Atasan", "Kepala Dinas Tenaga Kerja Kab. Lumajang"],
    ["Nama Atasan", "dr. ROSYIDAH"],
    ["NIP Atasan", "19711018 200604 2 009"],
    ["Tahun", 2023],
    ["Tribulan", "II"],
    ["Tempat", "Lumajang"],
    ["Tanggal Laporan", dt.date(2023, 7, 5)],
]

KINERJA_HEADER = ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Arah", "Target", "Realisasi", "Keterangan"]
ANGGARAN_HEADER = ["No", "Kegiatan", "No Sasaran", "Pagu", "Realisasi"]


def identitas(**changes) -> list[list[object]]:
    rows = [list(r) for r in IDENTITAS_ROWS]
    for label, value in changes.items():
        label = label.replace("_", " ")
        for row in rows:
            if row[0].lower() == label.lower():
                row[1] = value
                break
        else:
            rows.append([label, value])
    return rows


def simple_workbook(path: Path, kinerja: list[list[object]], anggaran: list[list[object]], **ident) -> Path:
    """Identitas as in the seed; Kinerja and Anggaran with the header in row 1 and these rows below."""
    return write_workbook(path, {
        "Identitas": identitas(**ident),
        "Kinerja": [KINERJA_HEADER, *kinerja],
        "Anggaran": [ANGGARAN_HEADER, *anggaran],
    })


# ---------------------------------------------------------------------------------------------
# LibreOffice: an engine we did not write recomputes every formula

_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(path: Path, outdir: Path) -> Path:
    """Open `path` in headless LibreOffice with 'always recalculate on load' and save it again as xlsx;
    the saved cell values are LibreOffice's own results."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_XCU)
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(profile)}
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=180, env=env,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return outdir / (path.stem + ".xlsx")


def formula_mismatches(original: Path, recalculated: Path) -> tuple[int, list[str]]:
    """Every formula cell of `original`: its cached value against LibreOffice's value.
    Returns (number of formula cells compared, descriptions of the cells that differ)."""
    import openpyxl

    recomputed = openpyxl.load_workbook(recalculated, data_only=True)
    return _compare_formula_cells(
        original, "LibreOffice", lambda sheet, ref: recomputed[sheet][ref].value
    )


def _compare_formula_cells(original: Path, engine: str, value_of) -> tuple[int, list[str]]:
    """Every formula cell of `original`: its cached value against `value_of(sheet, cell)`."""
    import openpyxl

    formulas_book = openpyxl.load_workbook(original, data_only=False)
    cached = openpyxl.load_workbook(original, data_only=True)
    count, bad = 0, []
    for ws in formulas_book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                count += 1
                mine = cached[ws.title][cell.coordinate].value
                theirs = value_of(ws.title, cell.coordinate)
                if not _same(mine, theirs):
                    bad.append(f"{ws.title}!{cell.coordinate} {cell.value}: cached {mine!r}, {engine} {theirs!r}")
    return count, bad


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


# ---------------------------------------------------------------------------------------------
# `formulas` (PyPI): a second engine, pure Python, that parses and computes every formula itself

def formulas_mismatches(original: Path) -> tuple[int, list[str]]:
    """Every formula cell of `original`: its cached value against what the `formulas` package computes.
    Returns (number of formula cells compared, descriptions of the cells that differ)."""
    import warnings

    import formulas

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = formulas.ExcelModel().loads(str(original)).finish().calculate()
    computed = {}
    for key, ranges in solution.items():
        # keys look like "'[out.xlsx]COST PER OUTCOME'!F14"; single cells only
        book_sheet, _, ref = str(key).rpartition("!")
        if ":" in ref or "]" not in book_sheet:
            continue  # ranges, and the solver's own tokens
        sheet = book_sheet.strip("'").split("]", 1)[1].upper()
        computed[(sheet, ref.replace("$", "").upper())] = ranges.value[0, 0]

    def value_of(sheet: str, ref: str):
        theirs = computed.get((sheet.upper(), ref), "<not computed>")
        theirs = theirs.item() if hasattr(theirs, "item") else theirs  # numpy scalar
        if not isinstance(theirs, (int, float, str, bool)):
            theirs = str(theirs)  # an XlError such as #DIV/0!
        return theirs

    return _compare_formula_cells(original, "formulas", value_of)


# ---------------------------------------------------------------------------------------------
# The marked copy (`check --tandai`): every validation case is checked through it


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def marked_comments(path: Path) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> comment text, for the comments the marking wrote (not the template's own)."""
    import openpyxl

    from lkj_excel.marking import AUTHOR

    book = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.comment.text for ws in book.worksheets for row in ws.iter_rows()
            for c in row if c.comment is not None and c.comment.author == AUTHOR}


def check_file_and_marked_copy(path, config=None, previous=None):
    """api.check_file, and beside it the marked copy, which must (1) leave the input's bytes as they
    were, (2) carry a comment at exactly the cells the findings name (the top-left cell where a merged
    range covers one) and nowhere else, and (3) give the same findings when checked itself."""
    from lkj_excel.api import check_and_mark, check_file
    from lkj_excel.config import Config
    from lkj_excel.marking import MarkingError

    config = config or Config()
    path = Path(path)
    before = sha256(path)
    folder = path.parent / f"tandai-{path.stem}"
    folder.mkdir(exist_ok=True)
    try:
        result = check_and_mark(path, config, previous, folder=folder)
    except MarkingError:
        assert path.suffix.lower() == ".ods", "only an .ods input may refuse marking"
        return check_file(path, config, previous)
    assert sha256(path) == before, "the input file changed"
    if not result.findings:
        assert result.marked is None
        return result
    copy = result.marked.path
    assert copy.name == f"{path.stem} - perbaiki.xlsx"
    expected = {(_sheet_title(copy, f.sheet), _anchor(copy, f.sheet, f.cell)) for f in result.findings
                if f.sheet and f.cell and _sheet_title(copy, f.sheet)}
    comments = marked_comments(copy)
    assert set(comments) == expected, (set(comments), expected)
    for f in result.findings:
        if (key := (_sheet_title(copy, f.sheet), _anchor(copy, f.sheet, f.cell))) in comments:
            assert f.code in comments[key]
    again = check_file(copy, config, previous)
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in result.findings]
    return result


def _sheet_title(copy: Path, name: str | None) -> str | None:
    import openpyxl

    if not name:
        return None
    titles = openpyxl.load_workbook(copy, read_only=True).sheetnames
    return next((t for t in titles if t.strip().lower() == name.strip().lower()), None)


def _anchor(copy: Path, sheet: str | None, cell: str | None) -> str | None:
    import openpyxl

    title = _sheet_title(copy, sheet)
    if title is None or not cell:
        return cell
    ws = openpyxl.load_workbook(copy)[title]
    for rng in ws.merged_cells.ranges:
        if cell in rng:
            return ws.cell(rng.min_row, rng.min_col).coordinate
    return cell


def read_report_and_marked_copy(path, *args, **kwargs):
    """reader.read_report, with the marked copy of the same file checked as check_file_and_marked_copy
    checks it: the contract's cases are validation cases too."""
    from lkj_excel.reader import read_report

    read = read_report(path, *args, **kwargs)
    check_file_and_marked_copy(path)
    return read
