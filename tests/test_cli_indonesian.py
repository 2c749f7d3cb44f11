"""Issue 11 item 14: click's usage errors were English ("No such option", "Missing argument", "is a
directory"); a trailing slash in -o was refused as "not .xlsx"."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import simple_workbook


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "lkj_excel", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("args,expected", [
    (["check", "--bogus", "x.xlsx"], "Opsi tidak dikenal: '--bogus'."),
    (["check"], "Argumen belum diisi 'ISIAN...'."),
    (["check", "."], "Nilai untuk 'ISIAN...' tidak sah: Berkas '.' adalah folder, bukan berkas."),
    (["check", "--format", "xml", "a.xlsx"], "'xml' bukan salah satu dari 'text', 'json'."),
    (["build", "-j", "dua", "a.xlsx"], "'dua' bukan bilangan yang sah."),
    (["build", "-j", "0", "a.xlsx"], "0 di luar rentang x>=1."),
    (["build", "a.xlsx", "-o"], "Opsi '-o' perlu diikuti sebuah nilai."),
    (["bogus"], "Perintah tidak dikenal: 'bogus'."),
])
def test_usage_errors_are_indonesian_and_exit_2(tmp_path, args, expected):
    done = run(args, tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("Galat pemakaian: ") and expected in done.stderr
    for english in ("No such", "Missing", "is a directory", "Invalid value", "is not", "requires"):
        assert english not in done.stderr


def test_a_trailing_slash_in_o_means_a_folder(tmp_path):
    src = simple_workbook(tmp_path / "isian.xlsx", kinerja=[[1, "S", "I", "orang", "Naik", 70, 36]],
                          anggaran=[[1, "K", 1, 100, 10]])
    done = run(["build", str(src), "-o", "hasil.2024/"], tmp_path)
    assert done.returncode == 0, done.stderr
    out, document = sorted((tmp_path / "hasil.2024").iterdir(), key=lambda p: p.suffix != ".xlsx")
    assert out.name.startswith("LKj TW II 2023 - ") and out.suffix == ".xlsx"
    assert document == out.with_suffix(".docx")
