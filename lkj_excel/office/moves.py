"""Moving finished files out of the work area into the public folders, never overwriting, and
resumable after a crash: the chosen name is journaled before the move, and on restart the side that
holds the file (the same inode, or the same hash) tells whether the move already happened.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from ..fileops import file_sha256, fsync_dir, is_sharing_violation, rename_noreplace, retry_sharing
from ..names import NameTooLong, name_room, numbered
from .journal import Job
from .layout import Layout, WatchError


class Missing(Exception):
    """A work file the journal expects is gone (removed by hand): nothing left to move."""


class PutOff(Exception):
    """Another program holds the file for longer than a brief retry: try this job again later."""


def fitted(name: str, folder: Path, *, suffix: str = "", fallback: str) -> Iterator[str]:
    """Free-name candidates for `name` in `folder`: the name, then "name (2)", ..., each fitted to
    255 bytes and, on Windows, to the room the folder's path leaves. When not even a cut name fits
    (the folder's own path is that long), the short `fallback` is numbered instead."""
    room = name_room(str(folder.absolute()))
    try:
        yield from numbered(name, suffix=suffix, chars=room)
    except NameTooLong:
        yield from numbered(fallback, suffix=suffix, chars=room)


def same_file(a: Path, b: Path, sha: str | None) -> bool:
    try:
        if os.path.samefile(a, b):
            return True
        return sha is not None and file_sha256(b)[0] == sha
    except OSError:
        return False


def place(layout: Layout, job: Job, record: Callable[..., None], kind: str, src: Path, folder: Path,
          names: Iterator[str], sha: str | None) -> str:
    """Move src into folder under the first free name of `names`; returns its ROOT-relative path.

    `record(column=value)` journals the chosen target before the move. A sharing violation is retried
    briefly, then raised as PutOff: the job waits, the watcher goes on with the others."""
    column = f"{kind}_target"
    recorded = getattr(job, column)
    if recorded:
        dst = layout.root / recorded
        if not os.path.lexists(src):
            return recorded  # the move happened before the interruption
        if os.path.lexists(dst) and same_file(src, dst, sha):
            os.unlink(src)  # link done, unlink not yet
            fsync_dir(src.parent)
            return recorded
    elif not os.path.lexists(src):
        raise Missing(f"Berkas kerja {src} hilang sebelum dipindahkan (dihapus dari luar lkj-excel?).")
    for candidate in names:
        dst = folder / candidate
        if os.path.lexists(dst):
            continue
        rel = layout.rel(dst)
        record(**{column: rel})
        try:
            retry_sharing(lambda: rename_noreplace(src, dst))
        except FileExistsError:
            continue
        except OSError as exc:
            if is_sharing_violation(exc):
                raise PutOff(f"{src.name} sedang dibuka program lain") from None
            raise WatchError(f"{src.name} tidak dapat dipindahkan ke {folder} ({exc.strerror or exc}); "
                             "periksa izin dan ruang folder itu, lalu jalankan lagi.") from None
        fsync_dir(folder)
        fsync_dir(src.parent)
        return rel
    raise WatchError(f"Terlalu banyak berkas bernama {src.name} di {folder}; kosongkan folder itu dulu.")


def remove_empty_tree(path: Path) -> None:
    """rmdir bottom-up; a directory that still holds anything stays."""
    if not path.is_dir():
        return
    for sub in sorted((p for p in path.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            sub.rmdir()
        except OSError:
            pass
    try:
        path.rmdir()
    except OSError:
        pass


def hide(path: Path) -> None:
    # On Windows a leading dot does not hide a folder; staff should not wander into the work area.
    if os.name != "nt":
        return
    try:
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)
    except (AttributeError, OSError):
        pass
