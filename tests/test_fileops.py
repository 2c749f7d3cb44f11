"""fileops' temporary files: bounded, whatever the system says about the folder."""

from __future__ import annotations

import errno
import os
import tempfile
import types

import pytest

from lkj_excel import fileops


class Runaway(Exception):
    """The create was retried far beyond any sane bound (CPython's tempfile on Windows: 2**31)."""


@pytest.fixture
def denied_everywhere(monkeypatch, tmp_path):
    """Every create in tmp_path fails with PermissionError, and every name looks like a folder: what
    Windows reports for a folder whose ACL refuses writing. tempfile is also made to believe it runs
    on Windows, where it takes that PermissionError for "a folder of that name exists" and retries
    up to TMP_MAX times; past 10,000 tries the fake gives up with Runaway so that the test fails
    instead of hanging."""
    calls = []
    real_open, real_isdir = os.open, os.path.isdir
    inside = str(tmp_path / "ro")

    def denying_open(path, flags, *args, **kwargs):
        if os.fspath(path).startswith(inside):
            calls.append(path)
            if len(calls) > 10_000:
                raise Runaway(len(calls))
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    def isdir(path):
        return True if os.fspath(path).startswith(inside) else real_isdir(path)

    monkeypatch.setattr(os, "open", denying_open)
    monkeypatch.setattr(os.path, "isdir", isdir)
    windows_os = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
    windows_os.name = "nt"
    windows_os.access = lambda *a, **k: True
    monkeypatch.setattr(tempfile, "_os", windows_os)
    (tmp_path / "ro").mkdir()
    return tmp_path / "ro", calls


def _write_workbook(folder):
    from lkj_excel.writers import workbook

    workbook.write_workbook(None, folder / "hasil.xlsx")


@pytest.mark.parametrize("write", [
    lambda folder: fileops.write_atomic(folder / "x.docx", b"data"),
    lambda folder: fileops.write_atomic(folder / "x.xlsx", produce=lambda tmp: tmp.write_bytes(b"d")),
    lambda folder: fileops.write_new(folder, ["a.eml", "b.eml"], b"data"),
    _write_workbook,
], ids=["write_atomic", "write_atomic-produce", "write_new", "write_workbook"])
def test_an_unwritable_folder_fails_within_the_bound(denied_everywhere, write):
    folder, calls = denied_everywhere
    with pytest.raises(PermissionError) as refused:
        write(folder)
    assert 1 <= len(calls) <= fileops.TEMP_TRIES
    assert refused.value.errno == errno.EACCES
    assert list(folder.iterdir()) == []


def test_make_temp_makes_a_private_new_file_with_the_given_affixes(tmp_path):
    fd, path = fileops.make_temp(tmp_path, prefix=".p-", suffix=".xlsx.tmp")
    os.close(fd)
    assert path.parent == tmp_path and path.name.startswith(".p-") and path.name.endswith(".xlsx.tmp")
    assert path.read_bytes() == b""
    second = fileops.make_temp(tmp_path)
    os.close(second[0])
    assert second[1] != path


def test_make_temp_gives_up_after_the_bound_when_every_name_is_taken(tmp_path, monkeypatch):
    calls = []

    def taken(path, flags, *args):
        calls.append(path)
        raise FileExistsError(errno.EEXIST, "exists", os.fspath(path))

    monkeypatch.setattr(os, "open", taken)
    with pytest.raises(FileExistsError):
        fileops.make_temp(tmp_path)
    assert len(calls) == fileops.TEMP_TRIES
