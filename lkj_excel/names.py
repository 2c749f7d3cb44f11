"""Fitting generated file names into what filesystems allow (pure: no I/O).

Every name lkj-excel makes (finished workbooks, batch outputs, notes, work-area copies, .eml files)
goes through `fit_name`. A name component may hold 255 bytes on ext4 and most shares, 255 UTF-16
units on NTFS; a whole Windows path at most 259 characters (MAX_PATH without its terminator) unless
long paths are switched on, which an office PC cannot be assumed to have.
"""

from __future__ import annotations

import os
from typing import Iterator

__all__ = ["MAX_NAME_BYTES", "WINDOWS_MAX_PATH", "NameTooLong", "fit_name", "name_room", "numbered"]

MAX_NAME_BYTES = 255
WINDOWS_MAX_PATH = 259
_ELLIPSIS = "…"
_MIN_STEM = 8  # fewer characters of the original name than this would not tell files apart
MAX_SUFFIX = 9999


class NameTooLong(ValueError):
    """Not even a shortened name fits (the folder's own path is too long)."""


def name_room(folder: str, windows: bool | None = None) -> int | None:
    """Characters left for a name inside `folder` (an absolute path), or None where only the
    255-byte component limit applies."""
    if windows is None:
        windows = os.name == "nt"
    if not windows:
        return None
    return WINDOWS_MAX_PATH - len(folder.rstrip("\\/")) - 1


def _fits(name: str, chars: int | None, max_bytes: int) -> bool:
    if len(name.encode("utf-8")) > max_bytes or len(name.encode("utf-16-le")) // 2 > max_bytes:
        return False
    return chars is None or len(name) <= chars


def fit_name(name: str, *, suffix: str = "", chars: int | None = None, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`name + suffix`, or, when that is too long, the start of `name` cut at a character, an
    ellipsis, and the extension of `name` kept, then `suffix`: "Laporan sangat panjang… .xlsx".

    The extension is kept because it decides which program opens the file; the suffix is kept
    because it says what the file is (".perbaikan.txt"). Raises NameTooLong when fewer than
    eight characters of the name would be left."""
    whole = name + suffix
    if _fits(whole, chars, max_bytes):
        return whole
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 8 or " " in ext:
        stem, ext = name, ""
    else:
        ext = "." + ext
    tail = _ELLIPSIS + ext + suffix
    cut = len(stem)
    while cut > 0 and not _fits(stem[:cut].rstrip() + tail, chars, max_bytes):
        cut -= 1
    if cut < _MIN_STEM:
        raise NameTooLong(name)
    return stem[:cut].rstrip() + tail


def numbered(name: str, *, suffix: str = "", chars: int | None = None,
             max_bytes: int = MAX_NAME_BYTES) -> Iterator[str]:
    """`name`, then "name (2)", "name (3)", ... up to 9999, each fitted (with `suffix` after it),
    for picking a free name without ever overwriting."""
    yield fit_name(name, suffix=suffix, chars=chars, max_bytes=max_bytes)
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    else:
        ext = "." + ext
    for n in range(2, MAX_SUFFIX + 1):
        mark = f" ({n})"
        # The number must survive the cut, or every candidate would be the same name.
        cut = fit_name(stem + ext, suffix="", chars=None if chars is None else chars - len(mark) - len(suffix),
                       max_bytes=max_bytes - len((mark + suffix).encode("utf-8")))
        cut_stem = cut[: len(cut) - len(ext)] if ext and cut.endswith(ext) else cut
        yield cut_stem + mark + ext + suffix
