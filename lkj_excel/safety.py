"""The guard that looks at an input file before any parser does.

Workbooks arrive from many desks, by mail and chat, renamed, truncated, password-protected and now and
then hostile. python-calamine is fast but trusts what it reads: declared sizes, cell positions and XML
structure. A single cell at XFD1048576 next to one at A1 makes it (or pandas, which pads the grid from
A1) allocate a dense 17-billion-cell grid and the process aborts. So this module decides from the bytes
alone, with bounded memory and without writing anything, whether a file may go on to the parsers, and
refuses it otherwise with one Indonesian sentence a staff member can act on.

It also recovers what calamine throws away: error cells (``t="e"``) come out of calamine as empty
strings, so validation gets them from here.

Only the standard library and defusedxml are used; the file is opened read-only and never extracted.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import NoReturn
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import fromstring as defused_fromstring

MiB = 1 << 20

MAX_FILE_BYTES = 256 * MiB
MAX_TOTAL_UNCOMPRESSED = 256 * MiB
MAX_MEMBER_UNCOMPRESSED = 128 * MiB
MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_FLOOR = 1 * MiB
# Real workbooks have central directories of a few KiB; zipfile reads the whole directory into memory.
MAX_CENTRAL_DIRECTORY = 4 * MiB
# [Content_Types].xml, workbook.xml and its rels are parsed whole, so they get a cap of their own.
MAX_SMALL_PART = 4 * MiB

MAX_ROWS = 200_000
MAX_COLS = 1_000
# Measured with python-calamine 0.9.1 and pandas: a 1,000,000-cell grid costs about 150 MB of RSS,
# 10,000,000 cells about 630 MB and four seconds; the row and column limits alone would still allow
# 200,000 x 1,000 = 200 million cells.
MAX_SHEET_CELLS = 2_000_000
MAX_WORKBOOK_CELLS = 5_000_000
# Excel caps a cell at 32,767 characters, so no tag or text run of a genuine worksheet comes near this.
MAX_TAG_BYTES = 1 * MiB
# Bounds the time of the element-by-element path (about a microsecond per element).
MAX_XML_ELEMENTS = 2_000_000

CHUNK = 64 * 1024
_DTD_OVERLAP = 32

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml\Z", re.IGNORECASE)
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

# "<!DOCTYPE" or "<!ENTITY" in UTF-8, UTF-16 or UTF-32 of either byte order: up to three NULs may sit
# between the characters. The pattern starts at the rare "!" so the search skips ahead fast; the "<"
# in front is checked per match.
_DTD = re.compile(rb"!\x00{0,3}(?:D\x00{0,3}O\x00{0,3}C|E\x00{0,3}N\x00{0,3}T)")

# The shape Excel, LibreOffice, openpyxl, xlsxwriter and Google Sheets all write: "r" first, double
# quotes, no second "r". Counting these against every cell start proves a segment is in this shape, so
# the cheap path is taken only when it sees exactly what calamine will see.
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?:\s+(?!r=)[^\s=/>"\']+="[^"]*")*\s*>')
_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?:\s+(?!r=)[^\s=/>"\']+="[^"]*")*\s*/>')
_ODD_CELL_START = re.compile(rb"<c[>/\t\n\r]")
# quick-xml compares local names, so any prefix (even one no XML parser would accept) makes a cell.
_PREFIXED_CELL_START = re.compile(rb"<[^\s/>:<!?]*:c[\s/>]")
_LAST_CELL_START = re.compile(rb".*(<(?:[^\s/>:<!?]*:)?c[\s/>])", re.DOTALL)
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"(?:\s+[^\s=/>"\']+="[^"]*")*?\s+t="e"(?:\s+[^\s=/>"\']+="[^"]*")*\s*>'
    rb"(.*?)</c>",
    re.DOTALL,
)
# A whole non-self-closing cell (the lookbehind keeps '<c r="A1"/>' from running into the next cell).
_WHOLE_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*(?<!/)>(.*?)</c>', re.DOTALL)
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?>([^<]*)</f>")
_SAVED_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>|<is[\s>]")
_ERROR_VALUE = re.compile(rb"<(v|t)(?:\s[^>]*)?>([^<]*)</\1>")
_XML_ENCODING = re.compile(rb'(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["\']([A-Za-z0-9._-]+)')
_CELL_REF = re.compile(r"([A-Za-z]+)([0-9]+)")
_ROW_REF = re.compile(r"[A-Za-z]*([0-9]+)")

_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# LibreOffice marks a formula that ended in an error with calcext:value-type="error" and the error's
# text (#DIV/0!, #N/A) as the cell's paragraph; calamine reads such a cell as an empty string.
_CALCEXT_VALUE_TYPE = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}value-type"
# One error cell repeated over a whole column must not become a million-entry dictionary.
MAX_ERROR_CELLS = 10_000

_OLE2_STREAMS = ("EncryptedPackage", "Workbook", "Book", "WordDocument", "PowerPoint Document")
_OLE2_ENTRY = re.compile(b"|".join(re.escape(s.encode("utf-16-le") + b"\x00\x00") for s in _OLE2_STREAMS))
_OLE2_ENTRY_SIZE = 128
_OLE2_STREAM_TYPE = 2


class UnreadableWorkbook(Exception):
    """Raised with an Indonesian one-sentence message (str(exc)) and a short machine reason."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class WorkbookInfo:
    kind: str  # "xlsx" | "xlsm" | "ods"
    # sheet name -> {"B4": "#DIV/0!"}, only sheets that hold an error cell
    error_cells: dict[str, dict[str, str]]
    # sheet name -> {"G2": "SUM(80,10)"}: formula cells saved without a result (openpyxl writes these),
    # which calamine reads as empty; xlsx/xlsm only
    unsaved_formulas: dict[str, dict[str, str]] = field(default_factory=dict)
    # sheet name -> cells with a percent number format ("F5"), where 80% typed is stored as 0,8
    percent_cells: dict[str, frozenset[str]] = field(default_factory=dict)


class _NeedsElementPath(Exception):
    """A worksheet is not in the shape the regex path can prove correct."""


def inspect_workbook(path: str | os.PathLike) -> WorkbookInfo:
    """Refuse a hostile or unusable workbook with UnreadableWorkbook before any parser opens it.

    Errors from opening the path itself (missing file, no permission) propagate unchanged.
    """
    path = os.fspath(path)
    name = os.path.basename(path)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            raise UnreadableWorkbook(
                f"Berkas '{name}' kosong (0 byte); simpan ulang workbook dari Excel lalu kirim lagi.", "kosong"
            )
        if size > MAX_FILE_BYTES:
            raise UnreadableWorkbook(
                f"Berkas '{name}' berukuran {_number(size // MiB)} MB, melebihi batas "
                f"{_number(MAX_FILE_BYTES // MiB)} MB untuk sebuah laporan; hapus isi yang tidak diperlukan "
                "lalu simpan ulang.",
                "terlalu-besar",
            )
        head = f.read(512)
        if head.startswith(OLE2_MAGIC):
            return WorkbookInfo(_ole2_kind(f, name), {})
        if head[:4] not in _ZIP_MAGICS:
            _refuse_foreign(head, name)
        try:
            return _inspect_zip(f, size, name)
        except UnreadableWorkbook:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError, OverflowError, OSError) as exc:
            raise _broken(name) from exc


# ---------------------------------------------------------------------------------------------------
# Not a zip


def _ole2_kind(f, name: str) -> str:
    """Name the OLE2 compound file by its directory entries, falling back to the extension.

    Directory entries are 128-byte records on 128-byte boundaries, each with its name length and type
    next to the name, so a stream name found there is not a coincidence in the data.
    """
    streams: set[str] = set()
    offset = 0
    f.seek(0)
    while "EncryptedPackage" not in streams:
        block = f.read(CHUNK)
        if not block:
            break
        for m in _OLE2_ENTRY.finditer(block):
            start = m.start()
            if (offset + start) % _OLE2_ENTRY_SIZE:
                continue
            entry = block[start : start + _OLE2_ENTRY_SIZE]
            if len(entry) < 67 or entry[66] != _OLE2_STREAM_TYPE:
                continue
            if int.from_bytes(entry[64:66], "little") == m.end() - start:
                streams.add(m.group().decode("utf-16-le").rstrip("\x00"))
        offset += len(block)
    if "EncryptedPackage" in streams:
        raise _encrypted(name)
    if streams & {"Workbook", "Book"}:
        raise _legacy_xls(name)
    if "WordDocument" in streams:
        raise _foreign(name, "dokumen Word lama (.doc)")
    if "PowerPoint Document" in streams:
        raise _foreign(name, "presentasi PowerPoint lama (.ppt)")
    if name.lower().endswith(".xls"):
        raise _legacy_xls(name)
    # Excel stores a password-protected .xlsx/.xlsm as an OLE2 file holding the encrypted package.
    raise _encrypted(name)


def _refuse_foreign(head: bytes, name: str) -> NoReturn:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head or b'progid="excel.sheet"' in stripped:
        raise UnreadableWorkbook(
            f"Berkas '{name}' berformat XML Spreadsheet 2003 yang tidak didukung; buka di Excel lalu simpan "
            "sebagai Excel Workbook (.xlsx).",
            "format-tidak-didukung",
        )
    if head.startswith(b"%PDF"):
        what = "dokumen PDF"
    elif head.startswith(b"\x89PNG"):
        what = "gambar PNG"
    elif head.startswith(b"\xff\xd8\xff"):
        what = "gambar JPEG"
    elif stripped.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in stripped:
        what = "halaman web (HTML)"
    elif not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", head):
        what = "berkas teks (misalnya CSV)"
    else:
        what = None
    raise _foreign(name, what)


# ---------------------------------------------------------------------------------------------------
# Zip container


def _inspect_zip(f, size: int, name: str) -> WorkbookInfo:
    entries, directory_size = _central_directory_summary(f, size, name)
    if entries > MAX_MEMBERS:
        raise _bomb(name, f"memuat {_number(entries)} bagian (batas {_number(MAX_MEMBERS)})")
    if directory_size > MAX_CENTRAL_DIRECTORY:
        raise _bomb(name, "daftar isinya sangat besar")
    zf = zipfile.ZipFile(f)
    infos = zf.infolist()
    _check_declared(infos, name)
    names = {info.filename for info in infos}
    if len(names) != len(infos):
        # Readers disagree on which copy of a repeated name wins, so the copy checked here might not be
        # the copy calamine reads.
        raise _broken(name)

    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return _inspect_ooxml(f, infos, name)
    if "[Content_Types].xml" in names and "xl/workbook.bin" in names:
        raise UnreadableWorkbook(
            f"Berkas '{name}' berformat Excel Binary Workbook (.xlsb) yang tidak didukung; buka di Excel lalu "
            "simpan sebagai Excel Workbook (.xlsx).",
            "format-tidak-didukung",
        )
    if "mimetype" in names and "content.xml" in names:
        mimetype = _read_small_part(f, zf.getinfo("mimetype"), name)
        if mimetype.strip().startswith(_ODS_MIMETYPE):
            if "META-INF/manifest.xml" in names and _ods_encrypted(f, zf.getinfo("META-INF/manifest.xml"), name):
                raise _encrypted(name, ods=True)
            return _inspect_ods(f, infos, name)
        raise _foreign(name, "dokumen OpenDocument yang bukan lembar kerja")
    if "word/document.xml" in names:
        raise _foreign(name, "dokumen Word")
    if "ppt/presentation.xml" in names:
        raise _foreign(name, "presentasi PowerPoint")
    raise _foreign(name, "arsip ZIP" if names else None)


def _central_directory_summary(f, size: int, name: str) -> tuple[int, int]:
    """Entry count and byte size of the central directory, read from its end record.

    zipfile builds a ZipInfo for every entry before anyone can count them, so the count is taken here
    first. The end record is searched the way zipfile searches it: the last one in the final 64 KiB.
    """
    tail_size = min(size, 22 + 0xFFFF)
    f.seek(size - tail_size)
    tail = f.read(tail_size)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        raise _broken(name)
    entries, directory_size = struct.unpack_from("<HI", tail, pos + 10)
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator = size - tail_size + pos - 20
        if locator >= 0:
            f.seek(locator)
            record = f.read(20)
            if record[:4] == b"PK\x06\x07":
                (zip64_offset,) = struct.unpack_from("<Q", record, 8)
                f.seek(zip64_offset)
                record = f.read(56)
                if len(record) == 56 and record[:4] == b"PK\x06\x06":
                    entries, directory_size = struct.unpack_from("<QQ", record, 32)
    return entries, directory_size


def _check_declared(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _bomb(name, f"memuat {_number(len(infos))} bagian (batas {_number(MAX_MEMBERS)})")
    total = 0
    for info in infos:
        declared = info.file_size
        total += declared
        if declared > MAX_MEMBER_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED:
            raise _bomb(name, f"isinya mengembang menjadi lebih dari {_number(max(declared, total) // MiB)} MB")
        if declared > RATIO_FLOOR and declared > MAX_RATIO * info.compress_size:
            raise _bomb(name, f"satu bagiannya mengembang lebih dari {MAX_RATIO} kali lipat")
    for info in infos:
        if info.flag_bits & 0x1:
            raise _encrypted(name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableWorkbook(
                f"Berkas '{name}' dikompresi dengan metode yang tidak didukung; buka di Excel lalu simpan "
                "sebagai Excel Workbook (.xlsx).",
                "format-tidak-didukung",
            )


def _inflate(f, info: zipfile.ZipInfo, name: str):
    """Yield a member's bytes in chunks of at most CHUNK, checking its size and CRC on the way.

    Declared sizes can lie: zipfile stops at the declared size, but calamine's zip reader inflates
    whatever the stream holds. So the stream is inflated here, and more bytes than declared is
    refused the moment it happens.
    """
    f.seek(info.header_offset)
    local = f.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise _broken(name)
    name_length, extra_length = struct.unpack_from("<HH", local, 26)
    f.seek(info.header_offset + 30 + name_length + extra_length)
    declared = info.file_size
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != declared:
        raise _broken(name)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left = info.compress_size
    produced = 0
    crc = 0
    waiting = b""
    while True:
        if inflater is None:
            if not left:
                break
            out = f.read(min(CHUNK, left))
            if not out:
                raise _broken(name)
            left -= len(out)
        else:
            if not waiting and left:
                waiting = f.read(min(CHUNK, left))
                if not waiting:
                    raise _broken(name)
                left -= len(waiting)
            out = inflater.decompress(waiting, CHUNK)
            waiting = inflater.unconsumed_tail
            if not out and not waiting and (inflater.eof or not left):
                break
        if out:
            produced += len(out)
            if produced > min(declared, MAX_MEMBER_UNCOMPRESSED):
                raise _bomb(name, "ukuran isi yang tercatat lebih kecil daripada isi sebenarnya")
            crc = zlib.crc32(out, crc)
            yield out
        if inflater is not None and inflater.eof:
            break
    if produced != declared or crc != info.CRC:
        raise _broken(name)


def _read_small_part(f, info: zipfile.ZipInfo, name: str) -> bytes:
    if info.file_size > MAX_SMALL_PART:
        raise UnreadableWorkbook(
            f"Bagian '{info.filename}' di berkas '{name}' lebih besar dari {_number(MAX_SMALL_PART // MiB)} MB, "
            "tidak wajar untuk sebuah workbook; simpan ulang dari Excel lalu kirim lagi.",
            "terlalu-besar",
        )
    return b"".join(_inflate(f, info, name))


def _scan_part(f, info: zipfile.ZipInfo, name: str) -> None:
    """Inflate a member to prove its size and CRC; refuse a DTD in anything that is XML."""
    xml = info.filename.lower().endswith(_XML_SUFFIXES)
    carried = b""
    first = True
    for chunk in _inflate(f, info, name):
        if first:
            first = False
            xml = xml or chunk[:64].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<")
        if xml:
            window = carried + chunk
            _refuse_dtd(window, name)
            carried = window[-_DTD_OVERLAP:]


def _refuse_dtd(data: bytes, name: str) -> None:
    if b"!" not in data:
        return
    for match in _DTD.finditer(data):
        if data[max(0, match.start() - 4) : match.start()].rstrip(b"\x00").endswith(b"<"):
            raise _dtd(name)


def _parse_small_xml(data: bytes, name: str):
    try:
        return defused_fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise _dtd(name) from exc
    except ParseError as exc:
        raise _broken(name) from exc


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


# ---------------------------------------------------------------------------------------------------
# xlsx / xlsm


def _inspect_ooxml(f, infos: list[zipfile.ZipInfo], name: str) -> WorkbookInfo:
    by_name = {info.filename: info for info in infos}
    parsed = [by_name["[Content_Types].xml"], by_name["xl/workbook.xml"]]
    rels_info = by_name.get("xl/_rels/workbook.xml.rels")
    if rels_info is not None:
        parsed.append(rels_info)
    content_types, workbook, *rels = (
        _parse_small_xml(_read_small_part(f, info, name), name) for info in parsed
    )
    kind = "xlsm" if _is_macro_enabled(content_types, by_name) else "xlsx"
    sheets = _sheet_parts(workbook, rels[0] if rels else None)
    styles_info = by_name.get("xl/styles.xml")
    percent_styles = frozenset()
    if styles_info is not None:
        parsed.append(styles_info)
        percent_styles = _percent_styles(_parse_small_xml(_read_small_part(f, styles_info, name), name))
    percent_cell = _percent_cell_pattern(percent_styles)
    percent: dict[str, frozenset[str]] = {}

    budget = _CellBudget(name)
    error_cells: dict[str, dict[str, str]] = {}
    unsaved: dict[str, dict[str, str]] = {}
    for info in infos:
        if any(info is done for done in parsed):
            continue
        sheet = sheets.get(info.filename)
        if sheet is None and _WORKSHEET_PART.match(info.filename):
            sheet = info.filename
        if sheet is None:
            _scan_part(f, info, name)
            continue
        errors, formulas, styled = _scan_worksheet(f, info, sheet, name, budget, percent_cell)
        if styled:
            percent[sheet] = frozenset(styled)
        if errors:
            error_cells.setdefault(sheet, {}).update(errors)
        if formulas:
            unsaved.setdefault(sheet, {}).update(formulas)
    return WorkbookInfo(kind, error_cells, unsaved, percent)


def _is_macro_enabled(content_types, by_name: dict[str, zipfile.ZipInfo]) -> bool:
    for element in content_types.iter():
        if _local(element.tag) == "Override" and element.get("PartName", "").lower() == "/xl/workbook.xml":
            return "macroenabled" in element.get("ContentType", "").lower()
    return "xl/vbaProject.bin" in by_name


def _sheet_parts(workbook, rels) -> dict[str, str]:
    """Map worksheet part name -> sheet name, resolving targets the way calamine does."""
    if rels is None:
        return {}
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in rels.iter()
        if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External"
    }
    parts: dict[str, str] = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
        target = targets.get(rel_id)
        if not target:
            continue
        # Newer calamine turns backslashes into slashes, older releases look the name up as written.
        for variant in {target, target.replace("\\", "/")}:
            if variant.startswith("/xl/"):
                part = variant[1:]
            elif variant.startswith("xl/"):
                part = variant
            else:
                part = "xl/" + variant
            parts[part] = element.get("name") or part
    return parts


def _percent_styles(styles) -> frozenset[int]:
    """Indices of cellXfs whose number format shows a percent: built-in 9 (0%) and 10 (0.00%), or a
    custom code with a % outside quotes."""
    custom: dict[str, str] = {}
    xfs: list[str] = []
    for element in styles.iter():
        local = _local(element.tag)
        if local == "numFmt":
            custom[element.get("numFmtId", "")] = element.get("formatCode", "")
        elif local == "cellXfs":
            xfs = [xf.get("numFmtId", "0") for xf in element if _local(xf.tag) == "xf"]
    def is_percent(fmt_id: str) -> bool:
        if fmt_id in ("9", "10"):
            return True
        return "%" in re.sub(r'"[^"]*"|\\.', "", custom.get(fmt_id, ""))
    return frozenset(i for i, fmt_id in enumerate(xfs) if is_percent(fmt_id))


def _percent_cell_pattern(styles: frozenset[int]):
    if not styles:
        return None
    ids = b"|".join(str(i).encode() for i in sorted(styles))
    return re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"(?:\s+(?!s=)[^\s=/>"\']+="[^"]*")*\s+s="(?:' + ids + rb')"')


def _scan_worksheet(f, info: zipfile.ZipInfo, sheet: str, name: str, budget: _CellBudget,
                    percent_cell=None) -> tuple[dict[str, str], dict[str, str], set[str]]:
    scan: _SheetLimits = _RegexSheetScan(sheet, name)
    scan.percent_cell = percent_cell
    try:
        for chunk in _inflate(f, info, name):
            scan.feed(chunk)
        scan.finish()
    except _NeedsElementPath:
        scan = _ElementSheetScan(sheet, name)
        for chunk in _inflate(f, info, name):
            scan.feed(chunk)
        scan.finish()
    budget.add(scan)
    return scan.errors, scan.unsaved, scan.percent


class _SheetLimits:
    """The used area of one sheet as calamine will see it: value cells only, counted from A1."""

    def __init__(self, sheet: str, name: str):
        self.sheet = sheet
        self.name = name
        self.max_row = 0
        self.max_col = 0
        self.errors: dict[str, str] = {}
        self.unsaved: dict[str, str] = {}  # formula cells with no saved result (regex path only)
        self.percent: set[str] = set()  # cells with a percent number format (regex path only)
        self.percent_cell = None  # the pattern that finds them, when the workbook has such a format

    def saw(self, row: int, col: int) -> None:
        if row > self.max_row:
            self.max_row = row
        if col > self.max_col:
            self.max_col = col
        if self.max_row > MAX_ROWS or self.max_col > MAX_COLS:
            raise self._too_big(f"melebihi batas {_number(MAX_ROWS)} baris dan {_number(MAX_COLS)} kolom")
        if self.max_row * self.max_col > MAX_SHEET_CELLS:
            raise self._too_big(f"lebih dari {_number(MAX_SHEET_CELLS)} sel")

    def _too_big(self, limit: str) -> UnreadableWorkbook:
        return UnreadableWorkbook(
            f"Lembar '{self.sheet}' di berkas '{self.name}' terisi sampai baris {_number(self.max_row)} kolom "
            f"{_column_letters(self.max_col)}, {limit}; hapus isi di luar tabel lalu simpan ulang.",
            "terlalu-besar",
        )

    def too_long(self) -> UnreadableWorkbook:
        return UnreadableWorkbook(
            f"Lembar '{self.sheet}' di berkas '{self.name}' memuat satu sel atau tag XML yang lebih panjang "
            f"dari {_number(MAX_TAG_BYTES // MiB)} MB; simpan ulang workbook dari Excel lalu kirim lagi.",
            "terlalu-besar",
        )

    def too_many(self) -> UnreadableWorkbook:
        return UnreadableWorkbook(
            f"Lembar '{self.sheet}' di berkas '{self.name}' memuat lebih dari {_number(MAX_XML_ELEMENTS)} unsur "
            "XML; hapus isi di luar tabel lalu simpan ulang.",
            "terlalu-besar",
        )


class _CellBudget:
    """Cells over all sheets, since a reader that loads every sheet holds all their grids at once."""

    def __init__(self, name: str):
        self.name = name
        self.total = 0

    def add(self, limits: _SheetLimits) -> None:
        self.total += limits.max_row * limits.max_col
        if self.total > MAX_WORKBOOK_CELLS:
            raise UnreadableWorkbook(
                f"Lembar-lembar di berkas '{self.name}' (sampai lembar '{limits.sheet}') terisi lebih dari "
                f"{_number(MAX_WORKBOOK_CELLS)} sel; hapus lembar atau isi yang tidak diperlukan lalu simpan ulang.",
                "terlalu-besar",
            )


class _RegexSheetScan(_SheetLimits):
    """Worksheet scan over whole cells with a few regexes per 64 KiB, no per-cell Python.

    Segments are cut just before the last cell start, so every cell (and every tag, since a cut is
    always at "<") is whole in exactly one segment. Anything not in the proven shape hands the part
    to _ElementSheetScan.
    """

    def __init__(self, sheet: str, name: str):
        super().__init__(sheet, name)
        self._pending = b""
        self._started = False

    def feed(self, chunk: bytes) -> None:
        if not self._started:
            self._started = True
            if not _is_utf8_xml(chunk):
                raise _NeedsElementPath
        buf = self._pending + chunk if self._pending else chunk
        last = _LAST_CELL_START.match(buf, 1)
        cut = last.start(1) if last else buf.rfind(b"<", 1)
        if cut > 0:
            self._scan(buf[:cut])
            buf = buf[cut:]
        if len(buf) > MAX_TAG_BYTES:
            raise self.too_long()
        self._pending = buf

    def finish(self) -> None:
        self._scan(self._pending)
        self._pending = b""

    def _scan(self, seg: bytes) -> None:
        _refuse_dtd(seg, self.name)
        if _ODD_CELL_START.search(seg) or (b":c" in seg and _PREFIXED_CELL_START.search(seg)):
            raise _NeedsElementPath
        starts = seg.count(b"<c ")
        if not starts:
            return
        cells = _VALUE_CELL.findall(seg)
        # A self-closing cell has no value, and calamine leaves it out of the range.
        if len(cells) != starts and len(cells) + len(_EMPTY_CELL.findall(seg)) != starts:
            raise _NeedsElementPath
        if cells:
            cols, rows = zip(*cells)
            self.saw(max(map(int, set(rows))), _column_number(max(set(cols), key=lambda c: (len(c), c))))
        if self.percent_cell is not None and len(self.percent) < MAX_ERROR_CELLS:
            self.percent.update(ref.decode() for ref in self.percent_cell.findall(seg))
        if b"<f" in seg:
            for match in _WHOLE_CELL.finditer(seg):
                body = match.group(2)
                formula = _FORMULA.search(body)
                if formula and not _SAVED_VALUE.search(body) and len(self.unsaved) < MAX_ERROR_CELLS:
                    self.unsaved[match.group(1).decode()] = _xml_text(formula.group(1))[:200]
        if b't="e"' in seg:
            for match in _ERROR_CELL.finditer(seg):
                value = _ERROR_VALUE.search(match.group(2))
                if value and value.group(2):
                    self.errors[match.group(1).decode()] = _xml_text(value.group(2))


class _ElementSheetScan(_SheetLimits):
    """Element-by-element worksheet scan that replays calamine's position rules.

    For the rare writer that omits "r", prefixes element names, or encodes in UTF-16: a <row> without
    "r" is the row after the previous one, a <c> without "r" the column after the previous cell.
    """

    def __init__(self, sheet: str, name: str):
        super().__init__(sheet, name)
        self._parser = DefusedXMLParser(target=_ElementTarget(self), forbid_dtd=True)
        self.row = 1
        self.col = 1
        self.elements = 0

    def feed(self, chunk: bytes) -> None:
        self._call(self._parser.feed, chunk)

    def finish(self) -> None:
        self._call(self._parser.close)

    def _call(self, method, *args) -> None:
        try:
            method(*args)
        except DefusedXmlException as exc:
            raise _dtd(self.name) from exc
        except ParseError as exc:
            raise UnreadableWorkbook(
                f"Lembar '{self.sheet}' di berkas '{self.name}' rusak (XML-nya tidak utuh); simpan ulang "
                "workbook dari Excel lalu kirim lagi.",
                "terpotong",
            ) from exc


class _ElementTarget:
    """ElementTree parser target for _ElementSheetScan; keeps no tree."""

    def __init__(self, scan: _ElementSheetScan):
        self.scan = scan
        self.cell: tuple[int, int] | None = None
        self.ref: str | None = None
        self.has_value = False
        self.is_error = False
        self.error_text: list[str] | None = None
        self.percent: dict[str, set[str]] = {}  # sheet -> cells of value-type percentage
        self.error_value: str | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        scan = self.scan
        scan.elements += 1
        if scan.elements > MAX_XML_ELEMENTS:
            raise scan.too_many()
        local = _local(tag)
        if self.cell is not None:
            if local in ("v", "is"):
                self.has_value = True
            if self.is_error and local in ("v", "t") and self.error_value is None:
                self.error_text = []
            return
        if local == "row":
            match = _ROW_REF.fullmatch(attrib.get("r", ""))
            if match:
                scan.row = int(match.group(1))
        elif local == "c":
            ref = attrib.get("r")
            match = _CELL_REF.fullmatch(ref) if ref is not None else None
            if match:
                scan.col = _column_number(match.group(1).upper().encode())
                self.cell = (int(match.group(2)), scan.col)
            else:
                self.cell = (scan.row, scan.col)
                ref = _column_letters(scan.col) + str(scan.row)
            self.ref = ref
            self.has_value = False
            self.is_error = attrib.get("t") == "e"
            self.error_value = None

    def end(self, tag: str) -> None:
        scan = self.scan
        local = _local(tag)
        if self.cell is not None:
            if local == "c":
                if self.has_value:
                    scan.saw(*self.cell)
                if self.is_error and self.error_value:
                    scan.errors[self.ref] = self.error_value
                self.cell = None
                scan.col += 1
            elif self.error_text is not None and local in ("v", "t"):
                self.error_value = "".join(self.error_text)
                self.error_text = None
            return
        if local == "row":
            scan.row += 1
            scan.col = 1

    def data(self, text: str) -> None:
        if self.error_text is not None:
            self.error_text.append(text)

    def close(self) -> None:
        return None


def _is_utf8_xml(head: bytes) -> bool:
    if head.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in head[:4]:
        return False
    declared = _XML_ENCODING.match(head)
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


# ---------------------------------------------------------------------------------------------------
# ods


def _ods_encrypted(f, info: zipfile.ZipInfo, name: str) -> bool:
    """LibreOffice's "Save with password" keeps the zip readable but encrypts every part; the manifest
    then carries an encryption-data entry per part (also in the newer whole-package encryption)."""
    manifest = _parse_small_xml(_read_small_part(f, info, name), name)
    return any(_local(element.tag) == "encryption-data" for element in manifest.iter())


def _inspect_ods(f, infos: list[zipfile.ZipInfo], name: str) -> WorkbookInfo:
    budget = _CellBudget(name)
    errors: dict[str, dict[str, str]] = {}
    percent: dict[str, frozenset[str]] = {}
    for info in infos:
        if info.filename != "content.xml":
            _scan_part(f, info, name)
            continue
        target = _OdsTarget(name, budget, errors)
        parser = DefusedXMLParser(target=target, forbid_dtd=True)
        try:
            for chunk in _inflate(f, info, name):
                parser.feed(chunk)
            parser.close()
        except DefusedXmlException as exc:
            raise _dtd(name) from exc
        except ParseError as exc:
            raise _broken(name) from exc
        percent = {sheet: frozenset(cells) for sheet, cells in target.percent.items()}
    return WorkbookInfo("ods", errors, {}, percent)


class _OdsTarget:
    """Replays table:number-rows-repeated / number-columns-repeated to find each table's used area.

    LibreOffice pads every sheet with empty repeated rows and cells to row 1,048,576; calamine skips
    those, so only cells with a value type or content count.
    """

    def __init__(self, name: str, budget: _CellBudget, errors: dict[str, dict[str, str]]):
        self.name = name
        self.budget = budget
        self.errors = errors  # sheet -> {"B4": "#DIV/0!"}, filled as error cells are seen
        self.error_count = 0
        self.error_text: list[str] | None = None
        self.percent: dict[str, set[str]] = {}  # sheet -> cells of value-type percentage
        self.elements = 0
        self.table: _SheetLimits | None = None
        self.nested = 0
        self.row = 0
        self.row_repeat = 1
        self.row_last_col = 0
        self.col = 0
        self.in_cell = False
        self.cell_repeat = 1
        self.cell_has_value = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise (self.table or _SheetLimits("content.xml", self.name)).too_many()
        if tag == _TABLE_NS + "table":
            if self.table is None:
                self.table = _SheetLimits(attrib.get(_TABLE_NS + "name", "?"), self.name)
                self.row = 0
            else:
                self.nested += 1
            return
        if self.table is None or self.nested:
            return
        if self.in_cell:
            self.cell_has_value = True
        elif tag == _TABLE_NS + "table-row":
            self.row_repeat = _repeat(attrib.get(_TABLE_NS + "number-rows-repeated"))
            self.col = 0
            self.row_last_col = 0
        elif tag in (_TABLE_NS + "table-cell", _TABLE_NS + "covered-table-cell"):
            self.in_cell = True
            self.cell_repeat = _repeat(attrib.get(_TABLE_NS + "number-columns-repeated"))
            self.cell_has_value = _OFFICE_NS + "value-type" in attrib
            self.error_text = [] if attrib.get(_CALCEXT_VALUE_TYPE) == "error" else None
            if attrib.get(_OFFICE_NS + "value-type") == "percentage" and self.error_count < MAX_ERROR_CELLS:
                self.error_count += 1
                self.percent.setdefault(self.table.sheet, set()).add(_column_letters(self.col + 1) + str(self.row + 1))

    def end(self, tag: str) -> None:
        if tag == _TABLE_NS + "table":
            if self.nested:
                self.nested -= 1
            elif self.table is not None:
                self.budget.add(self.table)
                self.table = None
            return
        if self.table is None or self.nested:
            return
        if tag in (_TABLE_NS + "table-cell", _TABLE_NS + "covered-table-cell"):
            if self.error_text is not None:
                self._error_cell("".join(self.error_text).strip())
                self.error_text = None
            self.col += self.cell_repeat
            if self.cell_has_value:
                self.row_last_col = self.col
            self.in_cell = False
        elif tag == _TABLE_NS + "table-row":
            self.row += self.row_repeat
            if self.row_last_col:
                self.table.saw(self.row, self.row_last_col)

    def data(self, text: str) -> None:
        if self.error_text is not None:
            self.error_text.append(text)

    def _error_cell(self, text: str) -> None:
        if not text or self.table is None:
            return
        cells = self.errors.setdefault(self.table.sheet, {})
        for r in range(self.row + 1, self.row + self.row_repeat + 1):
            for c in range(self.col + 1, self.col + self.cell_repeat + 1):
                if self.error_count >= MAX_ERROR_CELLS:
                    return
                self.error_count += 1
                cells[_column_letters(c) + str(r)] = text

    def close(self) -> None:
        return None


def _repeat(value: str | None) -> int:
    if value is None or not (value.isascii() and value.isdigit()):
        return 1
    return max(int(value), 1)


# ---------------------------------------------------------------------------------------------------
# Helpers


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _xml_text(raw: bytes) -> str:
    # By hand: xml.sax.saxutils.unescape drags in urllib, http and email, ~13 ms of every run.
    text = raw.decode("utf-8", "replace")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def _broken(name: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"Berkas '{name}' rusak atau terpotong (mungkin unduhan atau salinannya belum selesai); ambil lagi "
        "berkas aslinya lalu kirim ulang.",
        "terpotong",
    )


def _encrypted(name: str, ods: bool = False) -> UnreadableWorkbook:
    how = (
        "buka di LibreOffice, pilih File > Save As, hilangkan centang Save with password, simpan"
        if ods else
        "buka di Excel, pilih File > Info > Protect Workbook > Encrypt with Password, kosongkan kata sandinya, simpan"
    )
    return UnreadableWorkbook(
        f"Berkas '{name}' dilindungi kata sandi sehingga tidak bisa dibaca; {how}, lalu kirim lagi.",
        "terenkripsi",
    )


def _legacy_xls(name: str) -> UnreadableWorkbook:
    # calamine's BIFF reader was seen allocating without bound on a damaged 2 KiB .xls (the process
    # was killed), and nothing cheap bounds it beforehand: the old format is refused, not risked.
    return UnreadableWorkbook(
        f"Berkas '{name}' berformat Excel 97-2003 (.xls) yang tidak didukung; buka di Excel, pilih "
        f"Simpan Sebagai > Excel Workbook (.xlsx), lalu kirim lagi.",
        "format-tidak-didukung",
    )


def _foreign(name: str, what: str | None) -> UnreadableWorkbook:
    actually = f"adalah {what}, bukan" if what else "bukan"
    return UnreadableWorkbook(
        f"Berkas '{name}' {actually} workbook Excel; kirim berkas Excel (.xlsx) hasil isian template.",
        "bukan-workbook",
    )


def _bomb(name: str, cause: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"Berkas '{name}' ditolak karena {cause}, ciri berkas jebakan 'zip bomb'; simpan ulang workbook dari "
        "Excel lalu kirim lagi.",
        "zip-bomb",
    )


def _dtd(name: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"Berkas '{name}' memuat deklarasi DTD/entitas XML yang tidak pernah ditulis Excel dan bisa "
        "berbahaya; simpan ulang workbook dari Excel lalu kirim lagi.",
        "dtd",
    )


# ---------------------------------------------------------------------------------------------------
# One part of a workbook lkj-excel wrote (the embedded copy)


def read_part(path: str | os.PathLike, member: str, limit: int) -> bytes | None:
    """The bytes of one zip member, or None when the workbook has no such member.

    The same checks as inspect_workbook apply to the package (entry count, central directory size,
    declared sizes and ratios, encryption, repeated names) and to the member (inflated in bounded
    chunks with its size and CRC proven, no DTD); the worksheets are not scanned because only this
    member is read. Anything that is not a zip goes through inspect_workbook for its usual sentence.
    Raises UnreadableWorkbook.
    """
    path = os.fspath(path)
    name = os.path.basename(path)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0 or size > MAX_FILE_BYTES or f.read(4) not in _ZIP_MAGICS:
            inspect_workbook(path)  # raises with the sentence for an empty, huge, OLE2 or foreign file
            raise _foreign(name, None)
        try:
            return _read_member(f, size, name, member, limit)
        except UnreadableWorkbook:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError, OverflowError, OSError) as exc:
            raise _broken(name) from exc


def _read_member(f, size: int, name: str, member: str, limit: int) -> bytes | None:
    entries, directory_size = _central_directory_summary(f, size, name)
    if entries > MAX_MEMBERS:
        raise _bomb(name, f"memuat {_number(entries)} bagian (batas {_number(MAX_MEMBERS)})")
    if directory_size > MAX_CENTRAL_DIRECTORY:
        raise _bomb(name, "daftar isinya sangat besar")
    infos = zipfile.ZipFile(f).infolist()
    _check_declared(infos, name)
    if len({info.filename for info in infos}) != len(infos):
        raise _broken(name)
    info = next((i for i in infos if i.filename == member), None)
    if info is None:
        return None
    if info.file_size > limit:
        raise UnreadableWorkbook(
            f"Bagian '{member}' di berkas '{name}' lebih besar dari {_number(limit // MiB)} MB, tidak wajar "
            "untuk sebuah laporan; buat ulang workbook dengan lkj-excel build.",
            "terlalu-besar",
        )
    data = b"".join(_inflate(f, info, name))
    _refuse_dtd(data, name)
    return data
