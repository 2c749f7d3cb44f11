"""Why a file could not be written, in Indonesian: OSError.strerror is the C library's English."""

from __future__ import annotations

import errno

_WHY = {
    errno.ENOENT: "folder tujuannya tidak ada; buat foldernya dulu atau pilih folder lain",
    errno.EACCES: "tidak ada izin menulis di folder itu; pilih folder lain",
    errno.EPERM: "tidak ada izin menulis di folder itu; pilih folder lain",
    errno.EROFS: "foldernya hanya-baca; pilih folder lain",
    errno.ENOSPC: "disk penuh",
    errno.EISDIR: "nama itu adalah folder",
    errno.EEXIST: "salah satu folder di jalurnya sudah ada sebagai berkas biasa; pilih folder lain",
    errno.ENOTDIR: "salah satu folder di jalurnya adalah berkas biasa; pilih folder lain",
    errno.ENAMETOOLONG: "namanya terlalu panjang",
}


def why_not_written(code: int | None) -> str:
    return _WHY.get(code, "berkas tidak dapat dibuat")
