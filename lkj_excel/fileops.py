"""The file operations every output goes through: one atomic write, one no-replace rename.

A reader (staff opening hasil/, the drop-folder watcher, a mail program opening an .eml) must never
see half a file, and no lkj-excel output may ever replace a file it did not write. Windows is first
class: a rename onto an existing name fails there, fsync needs a writable handle, and a file held
by antivirus or the search indexer fails with a sharing violation for a moment.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import time
from pathlib import Path
from typing import Callable, Iterable

__all__ = ["file_sha256", "fsync_dir", "is_sharing_violation", "make_temp", "rename_noreplace",
           "retry_sharing", "write_atomic", "write_new"]

_HASH_CHUNK = 1 << 20
# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (another program has the file open).
_SHARING_WINERRORS = (32, 33)
_NO_LINKS = {errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS, errno.EXDEV}


# How many random names make_temp tries before it gives up. A clash of 64 random bits is rare
# enough that more than a handful of tries means something else is wrong.
TEMP_TRIES = 100
_TEMP_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_CLOEXEC", 0))


def make_temp(folder: str | os.PathLike, *, prefix: str = ".lkj-", suffix: str = ".tmp") -> tuple[int, Path]:
    """Create a new private file with a random name in `folder`: (open read-write descriptor, path).

    Not tempfile.mkstemp: on Windows, CPython's tempfile takes PermissionError for "a folder of
    that name exists" and tries again up to TMP_MAX (2**31) times, so a folder the user cannot write
    to (or one whose access a test denies) hangs the command instead of failing. Here a
    PermissionError is retried only while the chosen name really is a folder, and never more than
    TEMP_TRIES times in all; then the last error goes to the caller, which says 'tidak dapat menulis'."""
    folder = Path(folder)
    last: OSError | None = None
    for _ in range(TEMP_TRIES):
        name = folder / f"{prefix}{secrets.token_hex(8)}{suffix}"
        try:
            return os.open(name, _TEMP_FLAGS, 0o600), name
        except FileExistsError as exc:
            last = exc
        except PermissionError as exc:
            # Windows: opening an existing folder for writing is "access denied" too.
            if os.name != "nt" or not os.path.isdir(name):
                raise
            last = exc
    assert last is not None
    raise last


def _umask() -> int:
    # There is no way to read the umask without setting it; set it straight back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, data: bytes | None = None, *,
                 produce: Callable[[Path], None] | None = None) -> Path:
    """Write `data` (or let `produce(tmp)` write a file by name, as xlsxwriter does) to a temporary
    name beside `path`, flush it to disk through a writable handle, and rename it over `path`.

    The result follows the umask like every other office file (the temporary file alone is 0600, which
    other staff on a shared folder cannot open)."""
    path = Path(path)
    if (data is None) == (produce is None):
        raise TypeError("write_atomic needs exactly one of data and produce")
    fd, tmp = make_temp(path.parent)
    try:
        if data is not None:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            os.close(fd)
            produce(tmp)
            # The producer closed its own handle; a writable one is needed for the flush, because
            # Windows refuses FlushFileBuffers on a read-only handle.
            with open(tmp, "r+b") as handle:
                os.fsync(handle.fileno())
        if os.name != "nt":
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return path


def write_new(folder: str | os.PathLike, names: Iterable[str], data: bytes) -> Path:
    """Write `data` under the first of `names` that is free in `folder`, atomically, never replacing
    anything (two writers racing for a name each get their own)."""
    folder = Path(folder)
    fd, tmp = make_temp(folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name != "nt":
            os.chmod(tmp, 0o666 & ~_umask())
        for name in names:
            target = folder / name
            try:
                rename_noreplace(tmp, target)
            except FileExistsError:
                continue
            fsync_dir(folder)
            return target
    finally:
        tmp.unlink(missing_ok=True)
    raise FileExistsError(errno.EEXIST, "every candidate name is taken", str(folder))


def rename_noreplace(src: str | os.PathLike, dst: str | os.PathLike) -> None:
    """Move src to dst, raising FileExistsError instead of replacing an existing dst."""
    if os.name == "nt":
        os.rename(src, dst)  # refuses an existing target on Windows
        return
    try:
        # link + unlink: POSIX rename would silently replace dst. In between, both names are the
        # same inode, which the watcher's recovery recognises.
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        # Filesystems without hard links (some network shares): check, then rename.
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, "exists", str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)


def fsync_dir(path: str | os.PathLike) -> None:
    # A rename is durable only once its directory is; Windows has no directory handles for this.
    if os.name == "nt":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def file_sha256(path: str | os.PathLike) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def is_sharing_violation(exc: BaseException) -> bool:
    """Another program holds the file for a moment (antivirus, indexer, OneDrive, Explorer's preview).
    On Windows that is winerror 32/33, surfacing as PermissionError."""
    return isinstance(exc, OSError) and getattr(exc, "winerror", None) in _SHARING_WINERRORS


def retry_sharing(action: Callable[[], object], *, tries: int = 5, pause: float = 0.1,
                  sleep: Callable[[float], None] = time.sleep):
    """Run `action`, retrying a sharing violation a few times over about a second and a half; any
    other error, or the last sharing violation, goes to the caller."""
    for attempt in range(tries):
        try:
            return action()
        except OSError as exc:
            if not is_sharing_violation(exc) or attempt == tries - 1:
                raise
            sleep(pause * (2 ** attempt))
    raise AssertionError("unreachable")
