"""The entry point: a `Report` -> the finished LKj workbook on disk, written atomically.

Every computed cell is a live formula carrying its computed value (so a viewer that does not
recalculate still shows the right number); user text is always written with `write_string`, so a
Sasaran typed as "=HYPERLINK(...)" stays text. The same input gives the same bytes: document
properties come from the report, not the clock.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from .. import __version__, embed_part, embedded
from ..fileops import make_temp
from ..model import Report
from ..xlsxfile import save_workbook
from . import anggaran, capaian, capaian_year, cost_outcome, narasi, perjanjian, perkembangan, validasi
from .book import Book, WriteOptions


def write(report: Report, path: str | os.PathLike, options: WriteOptions = WriteOptions()) -> None:
    """Every sheet, in order, into `path` (not atomic: write_workbook is)."""
    book = Book(report, options)
    cap_rows = capaian.sheet_rows(book)
    perjanjian.write(book)
    if report.quarterly_kinerja:
        # A year workbook: the s.d. TW formulas read the quarter cells Perkembangan holds.
        blocks = perkembangan.sheet_rows(book)
        capaian_year.write(book, cap_rows, blocks)
        perkembangan.write(book, blocks, cap_rows, capaian_year.TARGET_COL)
        cap_cols = tuple(xl_col_to_name(c) for c in (capaian_year.TARGET_COL, capaian_year.REALISASI_COL))
    else:
        capaian.write(book, cap_rows)
        cap_cols = ("C", "D")
    kegiatan_range = anggaran.write(book)
    spent_rows = cost_outcome.write(book, cap_rows, kegiatan_range, cap_cols)
    if spent_rows:
        anggaran.link_quarters(book, kegiatan_range, spent_rows)
    if report.narasi:
        narasi.write(book)
    validasi.write(book)
    book.finish()
    book.wb.worksheets()[0].activate()
    embed_part.attach(book.wb, embedded.to_xml(embedded.payload(report, book.res, options.findings, options.draft,
                                                                "lkj-excel " + __version__)))
    save_workbook(book.wb, path)


def write_workbook(report: Report, path: str | os.PathLike, options: WriteOptions = WriteOptions()) -> Path:
    """Write atomically: a temporary file in the target folder, renamed over the final name, so a
    reader (or the drop-folder watcher) never sees half a workbook."""
    path = Path(path)
    # fileops.make_temp, not tempfile.mkstemp, which can retry for ever on Windows (see there).
    fd, tmp_path = make_temp(path.parent, suffix=".xlsx.tmp")
    os.close(fd)
    tmp = str(tmp_path)
    try:
        # No library warning reaches a user's console: what xlsxwriter could warn about (a too-long
        # header/footer) is fitted before it is written, and tests build under warnings-as-errors.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            write(report, tmp, options)
        _settle(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _settle(tmp: str) -> None:
    # make_temp makes the file 0600; a finished workbook on a shared folder must follow the umask
    # like every other office file. The fsync goes through a writable handle: Windows refuses
    # FlushFileBuffers on a read-only one (PermissionError).
    if os.name != "nt":
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
    with open(tmp, "r+b") as handle:
        os.fsync(handle.fileno())


# Characters a relative hyperlink target may keep as they are; everything else (space, '#', '%',
# letters outside ASCII) is percent-escaped. xlsxwriter cuts an `external:` target at its first '#'
# (the rest becomes the cell location) and escapes nothing once it sees one %XX, so the whole path is
# escaped here. Excel and LibreOffice decode it when the link is followed.
_LINK_SAFE = "/()-_.~!$&'+,;=@"


def _real(path: Path) -> str:
    # resolve() asks Windows for the final path of an open handle, which can fail where the file is
    # still usable (Wine: ERROR_MORE_DATA past MAX_PATH; a share that refuses the query). A link is
    # not worth a failed build: the plain absolute path is then used.
    try:
        return str(path.resolve())
    except OSError:
        return os.path.abspath(path)


def link_target(source: Path, output: Path) -> str | None:
    """The input's path relative to the output's folder, percent-escaped, so the Validasi links keep
    working when both folders are copied together. None (no links) when there is no relative path
    (another drive on Windows): an absolute path would carry the server's folders into a workbook
    that is then emailed."""
    from urllib.parse import quote

    try:
        relative = os.path.relpath(_real(source), os.path.dirname(_real(output)))
    except ValueError:  # different drives on Windows
        return None
    return quote(relative.replace(os.sep, "/"), safe=_LINK_SAFE)
