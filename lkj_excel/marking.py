"""The staff's own file, marked: `<name> - perbaiki.xlsx`, a copy of the input in which every cell a
finding names is filled (red for errors, yellow for warnings) and carries a comment with the
Indonesian message, behind a first sheet that lists the findings with links to their cells.

openpyxl is the library made for editing an existing workbook, so the copy is the input loaded and
saved again by openpyxl, with three things added: the fills, the comments and the list sheet. What
openpyxl cannot carry over (macros, shapes, form controls, ...) is detected in the input and named on
the list sheet and in the result, so nobody is surprised by a missing button.

openpyxl saves formulas without their cached values; lkj-excel (and any other reader that does not
recalculate) would then see those cells as empty and report different findings for the copy than for
the input. `_cached_writer` writes each formula's cached value from the input back beside it.
"""

from __future__ import annotations

import io
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .fileops import write_new
from .findings import ERROR, INFO, SEVERITY_LABEL, SEVERITY_ORDER, WARNING, Finding
from .names import NameTooLong, name_room, numbered
from .oserrors import why_not_written

MARKED_SUFFIX = " - perbaiki"
LIST_SHEET = "Daftar Perbaikan"
AUTHOR = "Pemeriksaan lkj-excel"  # not "lkj-excel", which signs the template's own help comments

FILL = {ERROR: "FFFF9999", WARNING: "FFFFEB84"}  # ARGB  # info findings are commented, not filled
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 cannot hold; openpyxl refuses it


class MarkingError(Exception):
    """The marked copy cannot be made; the message is Indonesian and names the file. api.check_and_mark
    attaches the check's result as `.check`."""

    check = None


@dataclass
class MarkResult:
    path: Path
    marked_cells: int  # cells that got a fill or a comment
    listed: int  # findings on the list sheet
    not_kept: list[str] = field(default_factory=list)  # Indonesian names of input features openpyxl drops


def marked_names(source: str | os.PathLike, folder: str | os.PathLike) -> Iterable[str]:
    """'isian-tw2.xlsx' -> 'isian-tw2 - perbaiki.xlsx', then '... - perbaiki (2).xlsx', ...: a copy the
    staff may already be correcting is never replaced. Each name fits the folder (names.py)."""
    return numbered(Path(source).stem + MARKED_SUFFIX + ".xlsx",
                    chars=name_room(str(Path(folder).absolute())))


def mark_file(source: str | os.PathLike, findings: Sequence[Finding],
              folder: str | os.PathLike | None = None) -> MarkResult:
    """Write the marked copy of `source` into `folder` (default: beside the input) and return it.
    The input is only ever opened for reading, and it must have passed the input guard (api.check_file
    reads it first). Raises MarkingError for an input openpyxl cannot edit (.ods) or a copy that
    cannot be written."""
    source = Path(source)
    folder = Path(folder if folder is not None else source.parent)
    kind = _kind(source)
    if kind == "ods":
        raise MarkingError(
            f"Berkas {source.name} berformat OpenDocument (.ods); salinan bertanda hanya dapat dibuat dari "
            f"berkas Excel. Buka berkas itu di LibreOffice, simpan sebagai .xlsx (Simpan Sebagai > Excel "
            f"2007-365), lalu jalankan lagi dengan --tandai.")
    import openpyxl  # deferred: only --tandai pays for it

    with warnings.catch_warnings():
        # openpyxl warns about each part it drops; those parts are named on the list sheet instead.
        warnings.simplefilter("ignore")
        with open(source, "rb") as fh:
            book = openpyxl.load_workbook(fh, rich_text=True)
        cached = _cached_values(source, book)
        not_kept = _not_kept(source)
        marked = _mark_cells(book, findings)
        _add_list_sheet(book, findings, not_kept)
        data = _to_bytes(book, cached)
    try:
        target = write_new(folder, marked_names(source, folder), data)
    except NameTooLong:
        raise MarkingError(f"Folder {folder} terlalu dalam: nama salinan bertanda untuk {source.name} tidak muat; "
                           f"pindahkan berkas isian ke folder yang lebih pendek.") from None
    except OSError as exc:
        raise MarkingError(f"Salinan bertanda {source.stem}{MARKED_SUFFIX}.xlsx tidak dapat ditulis di {folder}: "
                           f"{why_not_written(exc.errno)}.") from None
    return MarkResult(target, marked, len(findings), not_kept)


def _kind(source: Path) -> str:
    try:
        with zipfile.ZipFile(source) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        raise MarkingError(f"Berkas {source.name} bukan workbook Excel (.xlsx) yang dapat ditandai.") from None
    if "mimetype" in names and "content.xml" in names:
        return "ods"
    return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"


# --------------------------------------------------------------------------------------------
# Marking the cells


def _sheet(book, name: str | None):
    """The worksheet a finding names: exactly, else as the reader matches sheets (case and
    surrounding spaces ignored)."""
    if not name:
        return None
    if name in book.sheetnames:
        return book[name]
    wanted = name.strip().lower()
    for ws in book.worksheets:
        if ws.title.strip().lower() == wanted:
            return ws
    return None


def _anchor(ws, ref: str):
    """The cell that shows `ref`: itself, or the top-left cell of the merged range covering it (a
    covered cell cannot hold a comment, and Excel shows the range with its first cell's fill)."""
    for rng in ws.merged_cells.ranges:
        if ref in rng:
            return ws.cell(rng.min_row, rng.min_col)
    return ws[ref]


def _mark_cells(book, findings: Iterable[Finding]) -> int:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    by_cell: dict[tuple[str, str], list[Finding]] = {}
    sheets = {}
    for f in findings:
        ws = _sheet(book, f.sheet)
        if ws is None or not f.cell:
            continue
        cell = _anchor(ws, f.cell)
        key = (ws.title, cell.coordinate)
        sheets[key] = cell
        by_cell.setdefault(key, []).append(f)
    for key, hits in by_cell.items():
        cell = sheets[key]
        hits.sort(key=lambda f: SEVERITY_ORDER[f.severity])
        worst = hits[0].severity
        if worst in FILL:
            cell.fill = PatternFill(fill_type="solid", start_color=FILL[worst], end_color=FILL[worst])
        lines = [f"[{SEVERITY_LABEL[f.severity]}] {f.code}: {f.message}" for f in hits]
        if cell.comment is not None and cell.comment.text:
            lines.append(f"Catatan asli: {cell.comment.text}")  # the template's own help stays readable
        text = _clean("\n\n".join(lines))
        comment = Comment(text, AUTHOR)
        comment.width = 360
        comment.height = min(600, 40 + 15 * (len(text) // 55 + text.count("\n") + 1))
        cell.comment = comment
    return len(by_cell)


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


# --------------------------------------------------------------------------------------------
# The list sheet


_HEADERS = (("No", 5), ("Tingkat", 12), ("Kode", 26), ("Lembar", 14), ("Sel", 8), ("Nilai", 22), ("Pesan", 100))
_LABEL = {ERROR: "Galat", WARNING: "Peringatan", INFO: "Info"}


def _add_list_sheet(book, findings: Sequence[Finding], not_kept: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    title = LIST_SHEET
    n = 2
    while title.lower() in (name.lower() for name in book.sheetnames):
        title = f"{LIST_SHEET} {n}"
        n += 1
    for ws in book.worksheets:
        for view in ws.views.sheetView:
            view.tabSelected = False  # two selected tabs would make a typed value land on both sheets
    ws = book.create_sheet(title, 0)
    book.active = 0
    ws.sheet_view.tabSelected = True
    bold = Font(bold=True)
    errors = sum(1 for f in findings if f.severity == ERROR)
    warns = sum(1 for f in findings if f.severity == WARNING)
    infos = len(findings) - errors - warns
    notes = [
        f"Daftar perbaikan: {errors} galat, {warns} peringatan, {infos} info.",
        "Sel bergalat diwarnai merah, sel berperingatan kuning; setiap sel bertemuan diberi komentar berisi "
        "pesannya. Klik alamat sel di kolom Sel untuk menuju sel itu.",
        "Perbaiki isiannya (di salinan ini atau di berkas asli), lalu periksa lagi dengan lkj-excel. "
        "Lembar ini tidak dibaca oleh lkj-excel dan boleh dihapus.",
    ]
    if not_kept:
        notes.append("Perhatian: bagian berikut dari berkas asli tidak ikut dalam salinan ini: "
                     + "; ".join(not_kept) + ". Berkas asli tidak diubah.")
    for i, line in enumerate(notes, start=1):
        _text(ws.cell(i, 1), line).font = bold if i == 1 else Font()
    header_row = len(notes) + 2
    fill = PatternFill(fill_type="solid", start_color="FFD9D9D9", end_color="FFD9D9D9")
    for col, (label, width) in enumerate(_HEADERS, start=1):
        cell = _text(ws.cell(header_row, col), label)
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[cell.column_letter].width = width
    link_font = Font(color="FF0563C1", underline="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, f in enumerate(findings, start=1):
        row = header_row + i
        ws.cell(row, 1, i)
        level = _text(ws.cell(row, 2), _LABEL[f.severity])
        if f.severity in FILL:
            level.fill = PatternFill(fill_type="solid", start_color=FILL[f.severity], end_color=FILL[f.severity])
        _text(ws.cell(row, 3), f.code)
        _text(ws.cell(row, 4), f.sheet or "")
        target = _sheet(book, f.sheet)
        where = _text(ws.cell(row, 5), f.cell or ("(lembar)" if target is not None else "-"))
        if target is not None and target is not ws:
            where.hyperlink = Hyperlink(ref=where.coordinate, location=f"{_quote(target.title)}!{f.cell or 'A1'}",
                                        display=where.value)
            where.font = link_font
        _text(ws.cell(row, 6), f.value or "")
        _text(ws.cell(row, 7), f.message).alignment = wrap
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.sheet_view.selection[0].activeCell = "A1"
    ws.sheet_view.selection[0].sqref = "A1"


def _text(cell, value: str):
    """Always text: a Sasaran typed as '=HYPERLINK(...)' must not become a formula in our sheet."""
    cell.value = _clean(value)
    cell.data_type = "s"
    return cell


def _quote(sheet: str) -> str:
    """A sheet name in a reference, always quoted, a quote inside doubled: 'O''Brien Data'."""
    return "'" + sheet.replace("'", "''") + "'"


# --------------------------------------------------------------------------------------------
# What openpyxl does not carry over


def _not_kept(source: Path) -> list[str]:
    """Name, in Indonesian, each kind of input part that openpyxl drops when it saves the copy."""
    from openpyxl.drawing.image import PILImage

    with zipfile.ZipFile(source) as zf:
        names = zf.namelist()
        drawings = [n for n in names if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)]
        shapes = any(b"<xdr:sp>" in zf.read(n) or b"<xdr:sp " in zf.read(n) or b"<xdr:grpSp" in zf.read(n)
                     for n in drawings)
        ext = any(b"<extLst" in zf.read(n) for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    lost = []
    if "xl/vbaProject.bin" in names:
        lost.append("makro (VBA)")
    if not PILImage and any(n.startswith("xl/media/") for n in names):
        lost.append("gambar")
    if shapes:
        lost.append("bentuk dan kotak teks")
    if any(n.startswith(("xl/charts/", "xl/chartsheets/")) for n in names):
        lost.append("diagram (chart)")
    if any(n.startswith(("xl/ctrlProps/", "xl/activeX/")) for n in names):
        lost.append("tombol dan kontrol formulir")
    if any(n.startswith(("xl/slicers/", "xl/slicerCaches/", "xl/timelines/")) for n in names):
        lost.append("slicer")
    if any(n.startswith("xl/threadedComments/") for n in names):
        lost.append("balasan komentar berutas (komentar tetap ada sebagai catatan biasa)")
    if ext:
        lost.append("fitur lembar versi Excel 2010 ke atas (sparkline, sebagian validasi data dan format bersyarat)")
    return lost


# --------------------------------------------------------------------------------------------
# Saving, with each formula's cached value


def _cached_values(source: Path, book) -> dict[tuple[str, str], tuple[object, str]]:
    """(sheet, cell) -> (value, data type) that the input caches for each formula cell."""
    import openpyxl

    wanted = {ws.title: {(c.row, c.column) for row in ws.iter_rows() for c in row if c.data_type == "f"}
              for ws in book.worksheets}
    if not any(wanted.values()):
        return {}
    from openpyxl.utils import get_column_letter

    values = {}
    with open(source, "rb") as fh:
        data = openpyxl.load_workbook(fh, data_only=True, read_only=True)
        try:
            for title, cells in wanted.items():
                if not cells:
                    continue
                last = max(r for r, _ in cells)
                for row in data[title].iter_rows(max_row=last):
                    for c in row:
                        pos = (getattr(c, "row", None), getattr(c, "column", None))
                        if pos in cells and c.value is not None:
                            values[(title, f"{get_column_letter(pos[1])}{pos[0]}")] = (c.value, c.data_type)
        finally:
            data.close()
    return values


def _to_bytes(book, cached: dict) -> bytes:
    """The whole copy in memory, so that fileops.write_new can place it atomically under a free name."""
    from ._cached_writer import save_with_cached_values

    buffer = io.BytesIO()
    save_with_cached_values(book, cached, buffer)
    return buffer.getvalue()
