"""The inbox (ROOT/masuk): which files are somebody else's, and when a dropped file is complete.

A file is taken only when two looks at least `settle` seconds apart saw the same size and times and
it opens (an .xlsx only once its zip directory is there), so a copy in progress, a browser download
or Excel's save-to-a-temporary-name is never read half-way.
"""

from __future__ import annotations

import os
import re
import stat as stat_module
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

_IGNORED_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".swx",
                     ".lock", ".bak", "~")
_IGNORED_NAMES = {"thumbs.db", "desktop.ini", "icon\r"}
# Excel saves to an 8-hex-digit name without extension, then renames it over the real one.
_EXCEL_SAVE_TEMP = re.compile(r"[0-9A-Fa-f]{8}")
_WIN_SKIP_ATTRS = 0x2 | 0x4 | 0x100  # hidden, system, temporary


def is_ignored(name: str, st: os.stat_result | None = None) -> bool:
    """Excel lock files (~$x.xlsx), hidden and temporary files: somebody else's, never touched."""
    lowered = name.lower()
    if name.startswith((".", "~")) or lowered in _IGNORED_NAMES or lowered.endswith(_IGNORED_SUFFIXES):
        return True
    if _EXCEL_SAVE_TEMP.fullmatch(name):
        return True
    attrs = getattr(st, "st_file_attributes", 0) if st is not None else 0
    return bool(attrs & _WIN_SKIP_ATTRS)


def completeness(path: Path) -> str:
    """'ready', 'gone', 'busy' (cannot be opened: another program holds it), or 'incomplete' (looks
    cut off: empty, or a zip whose central directory is not there yet)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        return "gone"
    except OSError:
        return "busy"
    if size == 0:
        return "incomplete"
    if head == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path):
                pass
        except (zipfile.BadZipFile, EOFError, ValueError, OSError):
            return "incomplete"
    return "ready"


def storable(name: str) -> bool:
    # A name decoded with surrogate escapes (bytes that are not UTF-8) cannot go into the journal.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def signature(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, getattr(st, "st_ctime_ns", 0))


@dataclass
class Candidate:
    signature: tuple
    since: float  # monotonic time this signature was first seen
    last_seen: float  # the latest scan that saw the same signature
    waiting: str = "settling"  # settling | busy | incomplete
    noted: bool = False


@dataclass
class Scan:
    """What one look at the inbox found besides candidates: things to tell staff about once."""
    unreadable: list[str] = field(default_factory=list)  # names that are not valid text
    folders: list[str] = field(default_factory=list)  # sub-folders holding files, which are not read


class Inbox:
    def __init__(self, folder: Path):
        self.folder = folder
        self.candidates: dict[str, Candidate] = {}
        self._told: set[str] = set()

    def names(self) -> list[str]:
        """Files waiting now (for the farewell line and --status)."""
        return [entry.name for entry, st in self._entries() if stat_module.S_ISREG(st.st_mode)]

    def _entries(self):
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not is_ignored(entry.name, st):
                yield entry, st

    def scan(self) -> Scan:
        """Update the candidates; raises OSError when the folder itself cannot be read."""
        now = time.monotonic()
        os.stat(self.folder)
        found = Scan()
        seen = set()
        for entry, st in self._entries():
            if stat_module.S_ISDIR(st.st_mode):
                # Only files directly in masuk are read (a sub-folder may be somebody's work in
                # progress), but a file put there by mistake must not wait unseen forever.
                key = "dir:" + entry.name
                if key not in self._told and _holds_files(Path(entry.path)):
                    self._told.add(key)
                    found.folders.append(entry.name)
                continue
            if not stat_module.S_ISREG(st.st_mode):
                continue
            if not storable(entry.name):
                if entry.name not in self._told:
                    self._told.add(entry.name)
                    found.unreadable.append(entry.name)
                continue
            sig = signature(st)
            seen.add(entry.name)
            known = self.candidates.get(entry.name)
            if known is None or known.signature != sig:
                self.candidates[entry.name] = Candidate(sig, now, now)
            else:
                known.last_seen = now
        for name in list(self.candidates):
            if name not in seen:
                del self.candidates[name]
        return found


def _holds_files(folder: Path) -> bool:
    try:
        for _, _, files in os.walk(folder):
            if any(not is_ignored(name) for name in files):
                return True
    except OSError:
        return False
    return False
