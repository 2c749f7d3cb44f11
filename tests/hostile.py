"""Builders for hostile and odd input files, made at test time from a genuine xlsxwriter workbook.

Each ``make_*`` writes one file to ``path`` and returns it, so any test can build the case it needs into
its own tmp_path. Nothing here is committed as a binary fixture.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import warnings
import zipfile
from pathlib import Path
from typing import Callable

import xlsxwriter

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZEROS = bytes(1 << 20)

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
)
SHEET_TAIL = b"</worksheet>"

GENUINE_ERRORS = {
    "Kinerja": {"B4": "#DIV/0!"},
    "Anggaran": {"C3": "#N/A", "D5": "#REF!"},
}


@functools.cache
def genuine_bytes() -> bytes:
    """A small LKj workbook as Excel users fill it, with three error cells across two sheets."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    identitas = wb.add_worksheet("Identitas")
    identitas.write_column("A1", ["Instansi", "Unit Kerja", "Tribulan", "Tahun"])
    identitas.write_column("B1", ["Dinas Tenaga Kerja Kabupaten Lumajang", "Bidang Pengembangan", "II", 2023])
    kinerja = wb.add_worksheet("Kinerja")
    kinerja.write_row("A1", ["No", "Sasaran", "Indikator", "Target", "Realisasi", "Satuan"])
    kinerja.write_row("A2", [1, "Meningkatnya kompetensi", "Perusahaan dibina", 70, 36, "perusahaan"])
    kinerja.write_row("A3", [2, "Menurunnya pengangguran", "Tingkat pengangguran", 7, 6.5, "%"])
    kinerja.write_formula("B4", "=1/0", None, "#DIV/0!")
    anggaran = wb.add_worksheet("Anggaran")
    anggaran.write_row("A1", ["No", "Kegiatan", "Pagu", "Realisasi"])
    anggaran.write_row("A2", [1, "Pelatihan", 20_000_000, 0])
    anggaran.write_formula("C3", "=NA()", None, "#N/A")
    anggaran.write_formula("D5", "=#REF!", None, "#REF!")
    wb.close()
    return buffer.getvalue()


def _write(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.write_bytes(data)
    return path


def rewrite_zip(
    source: bytes,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    compress_type: dict[str, int] | None = None,
) -> bytes:
    """Copy a zip member by member, swapping, adding or dropping members."""
    replace = replace or {}
    compress_type = compress_type or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, data, compress_type=compress_type.get(info.filename, zipfile.ZIP_DEFLATED))
        for name, data in (add or {}).items():
            dst.writestr(name, data, compress_type=compress_type.get(name, zipfile.ZIP_DEFLATED))
    return out.getvalue()


def patch_member(path: Path, member: str, **fields: int) -> None:
    """Overwrite header fields of one member in both its local header and its central-directory entry.

    fields: any of flag_bits, crc, compress_size, file_size (32-bit, non-zip64 members only).
    """
    data = bytearray(Path(path).read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        local = zf.getinfo(member).header_offset
    local_offsets = {"flag_bits": (6, "<H"), "crc": (14, "<I"), "compress_size": (18, "<I"), "file_size": (22, "<I")}
    central_offsets = {"flag_bits": (8, "<H"), "crc": (16, "<I"), "compress_size": (20, "<I"), "file_size": (24, "<I")}
    eocd = data.rfind(b"PK\x05\x06")
    (directory,) = struct.unpack_from("<I", data, eocd + 16)
    central = None
    pos = directory
    while data[pos : pos + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + name_length].decode() == member:
            central = pos
            break
        pos += 46 + name_length + extra_length + comment_length
    assert central is not None, member
    for field, value in fields.items():
        offset, fmt = local_offsets[field]
        struct.pack_into(fmt, data, local + offset, value)
        offset, fmt = central_offsets[field]
        struct.pack_into(fmt, data, central + offset, value)
    Path(path).write_bytes(bytes(data))


def sheet(body: bytes) -> bytes:
    return SHEET_HEAD + body + SHEET_TAIL


def with_sheet1(body: bytes) -> bytes:
    """The genuine workbook with the Identitas worksheet XML replaced."""
    return rewrite_zip(genuine_bytes(), replace={"xl/worksheets/sheet1.xml": sheet(body)})


def ole2(streams: list[str], padding: int = 1024) -> bytes:
    """An OLE2 compound file header plus one directory sector naming the given streams.

    Enough structure for content sniffing (magic, 512-byte sectors, 128-byte directory entries), not a
    file Office would open.
    """
    header = bytearray(512)
    header[:8] = OLE2_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    directory = bytearray(512)
    for index, (name, kind) in enumerate([("Root Entry", 5)] + [(s, 2) for s in streams][:3]):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entry = directory[index * 128 : (index + 1) * 128]
        entry[: len(raw)] = raw
        struct.pack_into("<H", entry, 64, len(raw))
        entry[66] = kind
        directory[index * 128 : (index + 1) * 128] = entry
    return bytes(header) + bytes(directory) + bytes(padding)


# ---------------------------------------------------------------------------------------------------
# Genuine files


def make_genuine(path: Path) -> Path:
    return _write(path, genuine_bytes())


def make_shuffled_targets(path: Path) -> Path:
    """Sheet names no longer follow part numbers: Identitas -> /xl/worksheets/sheet3.xml (absolute),
    Anggaran -> worksheets/sheet1.xml (relative), Kinerja unchanged."""
    source = genuine_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rels = rels.replace('Target="worksheets/sheet1.xml"', 'Target="@1"')
    rels = rels.replace('Target="worksheets/sheet3.xml"', 'Target="worksheets/sheet1.xml"')
    rels = rels.replace('Target="@1"', 'Target="/xl/worksheets/sheet3.xml"')
    return _write(path, rewrite_zip(source, replace={"xl/_rels/workbook.xml.rels": rels.encode()}))


def make_xlsm(path: Path) -> Path:
    vba = Path(path).with_name("vbaProject.bin")
    vba.write_bytes(ole2(["VBA"]))
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Identitas").write("A1", "Instansi")
    wb.add_worksheet("Kinerja").write_formula("B4", "=1/0", None, "#DIV/0!")
    wb.add_worksheet("Anggaran").write("A1", "No")
    wb.add_vba_project(str(vba))
    wb.close()
    return Path(path)


def make_legacy_xls(path: Path) -> Path:
    return _write(path, ole2(["Workbook", "\x05SummaryInformation"]))


def make_tolerated_oddities(path: Path) -> Path:
    """Far-away things calamine leaves out of the range: a huge <dimension>, a formatted empty cell and an
    empty formatted row at the sheet's very end."""
    return _write(
        path,
        with_sheet1(
            b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Instansi</t>'
            b'</is></c></row><row r="500000"><c r="XFD500000" s="1"/></row>'
            b'<row r="1048576" ht="20" customHeight="1"/></sheetData>'
        ),
    )


def make_big_sheet(path: Path, rows: int = 10_000) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Kinerja")
    for r in range(rows):
        ws.write_row(r, 0, [f"Sasaran {r}", r, r * 1.5, "Naik", f"Indikator kinerja nomor {r}", 100, 70, "%", r % 7])
    ws.write_formula(rows, 1, "=1/0", None, "#DIV/0!")
    wb.add_worksheet("Identitas").write("A1", "Instansi")
    wb.add_worksheet("Anggaran").write("A1", "No")
    wb.close()
    return Path(path)


def sheet_with_tail_at(tail: bytes, offset: int) -> bytes:
    """Worksheet XML whose `tail` (rows) begins exactly at byte `offset`, pushed there by one long
    inline string in A1."""
    start = SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    end = b"</t></is></c></row>"
    fill = offset - len(start) - len(end)
    assert fill > 0, offset
    return start + b"y" * fill + end + tail + b"</sheetData>" + SHEET_TAIL


def make_error_cell_across_chunks(path: Path, chunk: int = 64 * 1024) -> Path:
    """An error cell whose XML straddles the scanner's chunk boundary."""
    row = b'<row r="4">'
    xml = sheet_with_tail_at(row + b'<c r="B4" s="0" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>', chunk - 20 - len(row))
    return _write(path, rewrite_zip(genuine_bytes(), replace={"xl/worksheets/sheet1.xml": xml}))


def make_ods(path: Path) -> Path:
    """A minimal hand-written OpenDocument spreadsheet with the three LKj sheets."""

    def table(name: str, rows: list[list[object]]) -> str:
        cells = []
        for row in rows:
            parts = []
            for value in row:
                if isinstance(value, (int, float)):
                    parts.append(
                        f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
                        "</table:table-cell>"
                    )
                else:
                    parts.append(
                        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
                    )
            parts.append('<table:table-cell table:number-columns-repeated="16000"/>')
            cells.append("<table:table-row>" + "".join(parts) + "</table:table-row>")
        cells.append(
            '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
            'table:number-columns-repeated="16384"/></table:table-row>'
        )
        return f'<table:table table:name="{name}">' + "".join(cells) + "</table:table>"

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        + table("Identitas", [["Instansi", "Dinas Tenaga Kerja"], ["Tahun", 2023]])
        + table("Kinerja", [["No", "Target", "Realisasi"], [1, 70, 36]])
        + table("Anggaran", [["No", "Pagu"], [1, 20000000]])
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    return _write(path, _ods_zip(content.encode()))


def _ods_zip(content: bytes) -> bytes:
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        b'<manifest:file-entry manifest:full-path="/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        b"</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------
# Not a workbook at all


def make_empty(path: Path) -> Path:
    return _write(path, b"")


def make_random_bytes(path: Path) -> Path:
    return _write(path, random.Random(7).randbytes(4096))


def make_csv(path: Path) -> Path:
    return _write(path, b"No;Sasaran;Target;Realisasi\n1;Meningkatnya kompetensi;70;36\n")


def make_pdf(path: Path) -> Path:
    return _write(path, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(200))


def make_png(path: Path) -> Path:
    return _write(path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))


def make_html_as_xls(path: Path) -> Path:
    return _write(path, b"<html><body><table><tr><td>Sasaran</td><td>70</td></tr></table></body></html>")


def make_spreadsheetml_2003(path: Path) -> Path:
    return _write(
        path,
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Identitas"/></Workbook>',
    )


def make_docx_like(path: Path) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="x"/>')
        zf.writestr("_rels/.rels", b'<?xml version="1.0"?><Relationships xmlns="x"/>')
        zf.writestr("word/document.xml", b'<?xml version="1.0"?><w:document xmlns:w="x"/>')
    return _write(path, out.getvalue())


def make_xlsb_like(path: Path) -> Path:
    source = genuine_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        workbook = zf.read("xl/workbook.xml")
    return _write(path, rewrite_zip(source, drop=("xl/workbook.xml",), add={"xl/workbook.bin": workbook}))


# ---------------------------------------------------------------------------------------------------
# Broken or protected


def make_truncated(path: Path) -> Path:
    data = genuine_bytes()
    return _write(path, data[: len(data) // 2])


def make_bad_crc(path: Path) -> Path:
    _write(path, genuine_bytes())
    with zipfile.ZipFile(path) as zf:
        crc = zf.getinfo("xl/worksheets/sheet2.xml").CRC
    patch_member(path, "xl/worksheets/sheet2.xml", crc=crc ^ 0xFFFFFFFF)
    return Path(path)


def make_encrypted_ole2(path: Path) -> Path:
    """What Excel writes for a password-protected .xlsx is an OLE2 file; the magic and padding suffice."""
    return _write(path, OLE2_MAGIC + bytes(4096))


def make_encrypted_package(path: Path) -> Path:
    return _write(path, ole2(["EncryptionInfo", "EncryptedPackage"]))


def make_zip_encrypted_member(path: Path) -> Path:
    _write(path, genuine_bytes())
    patch_member(path, "xl/worksheets/sheet1.xml", flag_bits=0x1)
    return Path(path)


def make_bzip2_member(path: Path) -> Path:
    return _write(path, rewrite_zip(genuine_bytes(), compress_type={"xl/worksheets/sheet1.xml": zipfile.ZIP_BZIP2}))


# ---------------------------------------------------------------------------------------------------
# Zip bombs


def _stream_zeros(zf: zipfile.ZipFile, member: str, mib: int, force_zip64: bool) -> None:
    with zf.open(member, "w", force_zip64=force_zip64) as out:
        for _ in range(mib):
            out.write(ZEROS)


def make_zip_bomb(path: Path, mib: int = 1024) -> Path:
    """A genuine-looking workbook whose Identitas sheet is 1 GiB of zeros, declared honestly."""
    with zipfile.ZipFile(io.BytesIO(genuine_bytes())) as src, zipfile.ZipFile(
        path, "w", zipfile.ZIP_DEFLATED, compresslevel=1
    ) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                _stream_zeros(dst, info.filename, mib, force_zip64=True)
            else:
                dst.writestr(info.filename, src.read(info.filename))
    return Path(path)


def make_lying_zip_bomb(path: Path, mib: int = 300, declared: int = 4096) -> Path:
    """Identitas inflates to `mib` MiB while both headers declare `declared` bytes."""
    with zipfile.ZipFile(io.BytesIO(genuine_bytes())) as src, zipfile.ZipFile(
        path, "w", zipfile.ZIP_DEFLATED, compresslevel=1
    ) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                _stream_zeros(dst, info.filename, mib, force_zip64=False)
            else:
                dst.writestr(info.filename, src.read(info.filename))
    patch_member(path, "xl/worksheets/sheet1.xml", file_size=declared)
    return Path(path)


def make_duplicate_member(path: Path) -> Path:
    """A second xl/workbook.xml: which copy wins differs between zip readers."""
    source = genuine_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        workbook = zf.read("xl/workbook.xml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _write(path, rewrite_zip(source, add={"xl/workbook.xml": workbook.replace(b"Identitas", b"Lain")}))


def make_too_many_members(path: Path, count: int = 10_001) -> Path:
    source = genuine_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        for index in range(count):
            dst.writestr(f"xl/media/n{index}.txt", b"")
    return _write(path, out.getvalue())


# ---------------------------------------------------------------------------------------------------
# XML tricks


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE sst [\n<!ENTITY lol0 "lol">\n'
    + b"".join(b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    b"<si><t>&lol9;</t></si></sst>"
)


def make_billion_laughs(path: Path) -> Path:
    return _write(path, rewrite_zip(genuine_bytes(), replace={"xl/sharedStrings.xml": BILLION_LAUGHS}))


def make_xxe(path: Path) -> Path:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>'
    )
    return _write(path, rewrite_zip(genuine_bytes(), replace={"xl/worksheets/sheet1.xml": body}))


def make_utf16_dtd(path: Path) -> Path:
    text = BILLION_LAUGHS.decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    return _write(path, rewrite_zip(genuine_bytes(), replace={"xl/sharedStrings.xml": text.encode("utf-16")}))


def make_dtd_across_chunks(path: Path, chunk: int = 64 * 1024) -> Path:
    """docProps/custom.xml whose <!DOCTYPE starts three bytes before the chunk boundary."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>'
    part = head + b" " * (chunk - 3 - len(head)) + b'<!DOCTYPE p [<!ENTITY a "b">]><p>&a;</p>'
    return _write(path, rewrite_zip(genuine_bytes(), add={"docProps/custom.xml": part}))


def make_ods_billion_laughs(path: Path) -> Path:
    content = BILLION_LAUGHS.replace(b"sst", b"office:document-content")
    return _write(path, _ods_zip(content))


# ---------------------------------------------------------------------------------------------------
# Sheets that make calamine or pandas allocate a dense grid


def make_far_cell(path: Path) -> Path:
    """One value at XFD1048576: pandas pads from A1 to a 17-billion-cell grid."""
    return _write(path, with_sheet1(b'<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))


def make_far_cell_across_chunks(path: Path, chunk: int = 64 * 1024) -> Path:
    """The far cell's start tag is cut by the chunk boundary six bytes in."""
    row = b'<row r="1048576">'
    xml = sheet_with_tail_at(row + b'<c r="XFD1048576"><v>1</v></c></row>', chunk - 6 - len(row))
    return _write(path, rewrite_zip(genuine_bytes(), replace={"xl/worksheets/sheet1.xml": xml}))


def make_area_bomb(path: Path) -> Path:
    """A1 and ALL200000: inside the row and column limits, but 200 million cells from A1."""
    return _write(
        path,
        with_sheet1(
            b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
            b'<row r="200000"><c r="ALL200000"><v>1</v></c></row></sheetData>'
        ),
    )


def make_prefixed_far_cell(path: Path) -> Path:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    return _write(path, rewrite_zip(genuine_bytes(), replace={"xl/worksheets/sheet1.xml": body}))


def make_rless_columns(path: Path) -> Path:
    """Cells without r: 1,001 empty ones push the valued cell to column 1,002."""
    return _write(path, with_sheet1(b'<sheetData><row r="1">' + b"<c/>" * 1001 + b"<c><v>1</v></c></row></sheetData>"))


def make_rless_rows(path: Path) -> Path:
    """Rows without r continue from the previous one: the valued cell lands on row 200,011."""
    return _write(
        path,
        with_sheet1(b'<sheetData><row r="199990"/>' + b"<row/>" * 20 + b"<row><c><v>1</v></c></row></sheetData>"),
    )


def make_duplicate_r(path: Path) -> Path:
    """calamine takes the last of two r attributes and aborts on the giant grid."""
    return _write(
        path,
        with_sheet1(
            b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" r="XFD1048576"><v>1</v></c></row></sheetData>'
        ),
    )


def make_quoted_close(path: Path) -> Path:
    """An attribute value holding "/>" that would make a naive scan think the valued cell is empty."""
    return _write(
        path,
        with_sheet1(
            b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" foo="/>"><v>1</v></c></row></sheetData>'
        ),
    )


def make_single_quoted_far_cell(path: Path) -> Path:
    return _write(
        path,
        with_sheet1(b"<sheetData><row r='1'><c r='A1'><v>1</v></c><c r='XFD1048576'><v>1</v></c></row></sheetData>"),
    )


def make_utf16_far_cell(path: Path) -> Path:
    text = sheet(b'<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>').decode()
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return _write(path, rewrite_zip(genuine_bytes(), replace={"xl/worksheets/sheet1.xml": text.encode("utf-16")}))


def make_long_tag(path: Path) -> Path:
    """A cell with a 2 MiB attribute (random letters, so the ratio rule does not fire first)."""
    letters = random.Random(3).choices(b"abcdefghijklmnopqrstuvwxyz", k=2 << 20)
    body = b'<sheetData><row r="1"><c r="A1" x="' + bytes(letters) + b'"><v>1</v></c></row></sheetData>'
    return _write(path, with_sheet1(body))


def make_ods_repeat_bomb(path: Path) -> Path:
    """100,000 repeated rows of 900 repeated valued cells: 90 million cells."""
    return _write(path, _ods_zip(_ods_content(
        '<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="900" '
        'office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell></table:table-row>'
    )))


def make_ods_far_cell(path: Path) -> Path:
    """Empty repeated rows and cells carry one value out to row 1,048,002, column 16,001."""
    value = '<table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell>'
    return _write(path, _ods_zip(_ods_content(
        f"<table:table-row>{value}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="16000"/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="16000"/>{value}</table:table-row>'
    )))


def _ods_content(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        f'<table:table table:name="Identitas">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    ).encode()


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_ods_with_password(path: Path) -> Path:
    """A real LibreOffice 7.4 "Save with password" file (password "rahasia"): stored, because saving with a
    password needs a Basic macro (storeToURL with a Password property) that no test should depend on."""
    return _write(path, (FIXTURES / "kata-sandi.ods").read_bytes())


def make_ods_with_errors(path: Path) -> Path:
    """The three LKj sheets with #DIV/0! and #N/A written the way LibreOffice writes them: a formula cell
    with calcext:value-type="error" and the error as its text; one #N/A repeated over two columns."""
    def err(text: str, repeat: int = 1) -> str:
        rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
        return (f'<table:table-cell{rep} table:formula="of:=1/0" office:value-type="string" office:string-value="" '
                f'calcext:value-type="error"><text:p>{text}</text:p></table:table-cell>')

    def s(text: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'

    def n(value: float) -> str:
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'

    def row(*cells: str) -> str:
        return "<table:table-row>" + "".join(cells) + "</table:table-row>"

    identitas = "".join(row(s(label), n(v) if isinstance(v, int) else s(str(v))) for label, v in (
        ("Pemerintah Daerah", "Kabupaten Lumajang"), ("Perangkat Daerah", "Dinas Tenaga Kerja"),
        ("Unit Kerja", "Bidang Pengembangan Ketenagakerjaan"), ("Jabatan Pelapor", "Kepala Bidang"),
        ("Nama Pelapor", "Drs. ABDULLAH"), ("NIP Pelapor", "19650814 198803 1 011"),
        ("Jabatan Atasan", "Kepala Dinas"), ("Nama Atasan", "dr. ROSYIDAH"), ("NIP Atasan", "19711018 200604 2 009"),
        ("Tahun", 2023), ("Tribulan", "II"), ("Tempat", "Lumajang"), ("Tanggal Laporan", "05/07/2023")))
    kinerja = (row(*(s(h) for h in ("No", "Sasaran", "Indikator Kinerja", "Satuan", "Arah", "Target", "Realisasi")))
               + row(n(1), s("Sasaran satu"), s("Jumlah perusahaan"), s("perusahaan"), s("Naik"), n(70), err("#DIV/0!")))
    anggaran = (row(*(s(h) for h in ("No", "Kegiatan", "No Sasaran", "Pagu", "Realisasi")))
                + row(n(1), s("Konsultasi"), n(1), err("#N/A", 2)))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3">'
        "<office:body><office:spreadsheet>"
        f'<table:table table:name="Identitas">{identitas}</table:table>'
        f'<table:table table:name="Kinerja">{kinerja}</table:table>'
        f'<table:table table:name="Anggaran">{anggaran}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    return _write(path, _ods_zip(content.encode()))


# name -> (builder, file name, reason inspect_workbook must refuse it with)
Builder = Callable[[Path], Path]

HOSTILE: dict[str, tuple[Builder, str, str]] = {
    # refused: calamine's .xls reader allocates without bound on this damaged 2 KiB file
    "legacy-xls": (make_legacy_xls, "lama.xls", "format-tidak-didukung"),
    "legacy-xls-renamed": (make_legacy_xls, "lama-diganti.xlsx", "format-tidak-didukung"),
    "empty": (make_empty, "kosong.xlsx", "kosong"),
    "random-bytes": (make_random_bytes, "acak.xlsx", "bukan-workbook"),
    "csv-named-xlsx": (make_csv, "laporan.xlsx", "bukan-workbook"),
    "pdf-named-xlsx": (make_pdf, "laporan-pdf.xlsx", "bukan-workbook"),
    "png-named-xlsx": (make_png, "gambar.xlsx", "bukan-workbook"),
    "html-named-xls": (make_html_as_xls, "ekspor.xls", "bukan-workbook"),
    "spreadsheetml-2003": (make_spreadsheetml_2003, "lama.xml", "format-tidak-didukung"),
    "docx-renamed": (make_docx_like, "surat.xlsx", "bukan-workbook"),
    "xlsb": (make_xlsb_like, "biner.xlsb", "format-tidak-didukung"),
    "truncated": (make_truncated, "terpotong.xlsx", "terpotong"),
    "bad-crc": (make_bad_crc, "crc.xlsx", "terpotong"),
    "encrypted-ole2": (make_encrypted_ole2, "rahasia.xlsx", "terenkripsi"),
    "encrypted-package-named-xls": (make_encrypted_package, "rahasia.xls", "terenkripsi"),
    "zip-encrypted-member": (make_zip_encrypted_member, "zipsandi.xlsx", "terenkripsi"),
    "ods-password": (make_ods_with_password, "kata-sandi.ods", "terenkripsi"),
    "bzip2-member": (make_bzip2_member, "bzip2.xlsx", "format-tidak-didukung"),
    "zip-bomb": (make_zip_bomb, "bom.xlsx", "zip-bomb"),
    "lying-zip-bomb": (make_lying_zip_bomb, "bom-bohong.xlsx", "zip-bomb"),
    "too-many-members": (make_too_many_members, "banyak.xlsx", "zip-bomb"),
    "duplicate-member": (make_duplicate_member, "ganda.xlsx", "terpotong"),
    "billion-laughs": (make_billion_laughs, "tawa.xlsx", "dtd"),
    "xxe": (make_xxe, "xxe.xlsx", "dtd"),
    "utf16-dtd": (make_utf16_dtd, "utf16.xlsx", "dtd"),
    "dtd-across-chunks": (make_dtd_across_chunks, "dtd-sambung.xlsx", "dtd"),
    "ods-billion-laughs": (make_ods_billion_laughs, "tawa.ods", "dtd"),
    "far-cell": (make_far_cell, "jauh.xlsx", "terlalu-besar"),
    "far-cell-across-chunks": (make_far_cell_across_chunks, "jauh-sambung.xlsx", "terlalu-besar"),
    "area-bomb": (make_area_bomb, "luas.xlsx", "terlalu-besar"),
    "prefixed-far-cell": (make_prefixed_far_cell, "awalan.xlsx", "terlalu-besar"),
    "rless-columns": (make_rless_columns, "tanpa-r-kolom.xlsx", "terlalu-besar"),
    "rless-rows": (make_rless_rows, "tanpa-r-baris.xlsx", "terlalu-besar"),
    # Two r attributes are not well-formed XML; refusing it is what matters (calamine would abort).
    "duplicate-r": (make_duplicate_r, "r-ganda.xlsx", "terpotong"),
    "quoted-close": (make_quoted_close, "kutip.xlsx", "terlalu-besar"),
    "single-quoted-far-cell": (make_single_quoted_far_cell, "kutip-tunggal.xlsx", "terlalu-besar"),
    "utf16-far-cell": (make_utf16_far_cell, "utf16-jauh.xlsx", "terlalu-besar"),
    "long-tag": (make_long_tag, "tag-panjang.xlsx", "terlalu-besar"),
    "ods-repeat-bomb": (make_ods_repeat_bomb, "ulang.ods", "terlalu-besar"),
    "ods-far-cell": (make_ods_far_cell, "jauh.ods", "terlalu-besar"),
}

# name -> (builder, file name, kind inspect_workbook must accept it as)
ACCEPTED: dict[str, tuple[Builder, str, str]] = {
    "genuine": (make_genuine, "lkj.xlsx", "xlsx"),
    "shuffled-targets": (make_shuffled_targets, "acak-target.xlsx", "xlsx"),
    "xlsm": (make_xlsm, "makro.xlsm", "xlsm"),
    "tolerated-oddities": (make_tolerated_oddities, "format-jauh.xlsx", "xlsx"),
    "ods": (make_ods, "lkj.ods", "ods"),
    "ods-errors": (make_ods_with_errors, "galat.ods", "ods"),
    "error-across-chunks": (make_error_cell_across_chunks, "galat-sambung.xlsx", "xlsx"),
}


def build_all(directory: Path, cases: dict[str, tuple[Builder, str, str]]) -> dict[str, Path]:
    return {name: builder(Path(directory) / file_name) for name, (builder, file_name, _) in cases.items()}
