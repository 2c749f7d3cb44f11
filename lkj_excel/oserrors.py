"""Why a file could not be written, in Indonesian, naming the file the user asked for.

OSError.strerror is the C library's English, and its filename is often a temporary name
(`.lkj-….tmp`) the user never chose. Every command turns an OSError on an output into one sentence
with `not_written`; a library writer that knows the real output path re-raises with `output_error`
so that callers (and the drop folder's log) see that path and the Indonesian reason."""

from __future__ import annotations

import errno
import os

_WHY = {
    errno.ENOENT: "folder tujuannya tidak ada; buat foldernya dulu atau pilih folder lain",
    errno.EACCES: "tidak ada izin menulis di folder itu; pilih folder lain",
    errno.EPERM: "tidak ada izin menulis di folder itu; pilih folder lain",
    errno.EROFS: "foldernya hanya-baca; pilih folder lain",
    errno.ENOSPC: "disk penuh",
    errno.EISDIR: "sudah ada folder dengan nama itu; pilih nama lain",
    errno.EEXIST: "salah satu folder di jalurnya sudah ada sebagai berkas biasa; pilih folder lain",
    errno.ENOTDIR: "salah satu folder di jalurnya adalah berkas biasa; pilih folder lain",
    errno.ENAMETOOLONG: "namanya terlalu panjang",
    # Windows: a name with < > : " | ? * (winerror 123 surfaces as EINVAL).
    errno.EINVAL: "namanya memuat karakter yang tidak boleh dipakai (< > : \" | ? *); pilih nama lain",
}


def why_not_written(code: int | None) -> str:
    return _WHY.get(code, "berkas tidak dapat dibuat")


def _under_a_file(path: str | os.PathLike) -> bool:
    """Whether one of the folders on `path` exists as a regular file."""
    parent = os.path.dirname(os.path.abspath(path))
    while parent and os.path.dirname(parent) != parent:
        if os.path.lexists(parent):
            return os.path.isfile(parent)
        parent = os.path.dirname(parent)
    return False


def _why(path: str | os.PathLike | None, exc: OSError) -> str:
    # Windows reports opening a folder for writing as "access denied", not EISDIR.
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EISDIR) and path and os.path.isdir(path):
        return _WHY[errno.EISDIR]
    # Windows reports a path through a regular file as "path not found" (ENOENT), where POSIX
    # says ENOTDIR.
    if exc.errno == errno.ENOENT and path and _under_a_file(path):
        return _WHY[errno.ENOTDIR]
    # Making a/b/c where a is a file: POSIX's mkdir says ENOTDIR; on Windows it is "not found",
    # and pathlib's parents=True then fails making `a` itself with EEXIST, naming `a`.
    if (exc.errno == errno.EEXIST and path and exc.filename
            and os.path.dirname(os.path.abspath(path)).startswith(os.path.abspath(exc.filename) + os.sep)
            and _under_a_file(path)):
        return _WHY[errno.ENOTDIR]
    return why_not_written(exc.errno)


def not_written(path: str | os.PathLike | None, exc: OSError) -> str:
    """'tidak dapat menulis hasil/x.xlsx: folder tujuannya tidak ada; …' for an OSError on an output."""
    where = os.fspath(path) if path else (exc.filename and os.fspath(exc.filename)) or "berkas hasil"
    return f"tidak dapat menulis {where}: {_why(path or exc.filename, exc)}"


def output_error(exc: OSError, path: str | os.PathLike) -> OSError:
    """The same failure raised again on the output's own path, with the Indonesian reason.
    OSError(errno, …) picks the matching subclass (PermissionError, FileNotFoundError, …), so a
    caller that tells them apart still can."""
    code = exc.errno
    return OSError(code, _why(path, exc), os.fspath(path))
