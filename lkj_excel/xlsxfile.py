"""Every .xlsx lkj-excel writes goes through here, so the same input gives the same bytes on every OS.

Two things differed between Windows and Linux:
- xlsxwriter's temporary part files are opened in text mode on Windows, so CRLF ended up inside
  the XML parts: the workbook is always built in memory (`in_memory`), never through temp files;
- the zip's "version made by" records the writing OS (ZipInfo.create_system: 0 on Windows, 3 on
  Linux). It only lives in the central directory, so it is set to 3 there, after xlsxwriter is done.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import xlsxwriter

__all__ = ["new_workbook", "save_workbook", "unix_made_by"]

_EOCD = b"PK\x05\x06"
_CENTRAL = b"PK\x01\x02"
UNIX = 3


def new_workbook(options: dict | None = None) -> xlsxwriter.Workbook:
    """An xlsxwriter Workbook that writes into memory; `save_workbook` puts it on disk."""
    return xlsxwriter.Workbook(io.BytesIO(), {**(options or {}), "in_memory": True})


def save_workbook(wb: xlsxwriter.Workbook, path: str | os.PathLike) -> Path:
    """Close `wb` (made by new_workbook) and write its bytes to `path`, marked as made on Unix."""
    wb.close()
    data = unix_made_by(wb.filename.getvalue())
    path = Path(path)
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def unix_made_by(data: bytes) -> bytes:
    """`data` (a whole zip) with every central-directory entry's "version made by" host byte set to
    Unix. The local headers carry no host, and nothing else changes, so CRCs stay valid."""
    end = data.rfind(_EOCD)
    if end < 0:
        raise ValueError("not a zip archive")
    count, size, offset = struct.unpack_from("<HII", data, end + 10)
    out = bytearray(data)
    pos = offset
    for _ in range(count):
        if out[pos:pos + 4] != _CENTRAL:
            raise ValueError("zip central directory not where its end record says")
        out[pos + 5] = UNIX  # version made by: low byte the zip spec version, high byte the host
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, pos + 28)
        pos += 46 + name_len + extra_len + comment_len
    if pos != offset + size:
        raise ValueError("zip central directory size mismatch")
    return bytes(out)
