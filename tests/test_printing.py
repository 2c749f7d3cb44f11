"""Nothing a command prints may end it in a traceback, on any code page (issue 8): Windows gives
redirected or piped output cp1252, which has neither "≥" nor an emoji. JSON is UTF-8 always."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import simple_workbook

KEGIATAN = "Pelatihan ≥ 5 kali 🎉"


def _check(path, *extra):
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    return subprocess.run([sys.executable, "-m", "lkj_excel", "check", *extra, str(path)],
                          capture_output=True, env=env, timeout=120)


def _workbook(tmp_path):
    # Realisasi 150 over pagu 100: an error finding that names the kegiatan.
    return simple_workbook(tmp_path / "in.xlsx", [[1, "S", "I", "orang", "Naik", 10, 5]],
                           [[1, KEGIATAN, 1, 100, 150]])


def test_text_on_cp1252_prints_without_traceback(tmp_path):
    proc = _check(_workbook(tmp_path))
    out = proc.stdout.decode("cp1252") + proc.stderr.decode("cp1252")
    assert "Traceback" not in out and "UnicodeEncodeError" not in out
    assert proc.returncode == 1, out
    assert "Pelatihan ? 5 kali ?" in out  # what cp1252 cannot show is replaced, the rest is intact


def test_json_is_utf8_whatever_the_console(tmp_path):
    proc = _check(_workbook(tmp_path), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    results = json.loads(proc.stdout.decode("utf-8"))
    assert KEGIATAN in json.dumps(results, ensure_ascii=False)


def _run(*args, cwd=None):
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    proc = subprocess.run([sys.executable, "-m", "lkj_excel", *map(str, args)], capture_output=True, env=env,
                          timeout=180, cwd=cwd)
    return proc, proc.stdout.decode("cp1252") + proc.stderr.decode("cp1252")


def test_build_of_a_bad_workbook_on_cp1252_names_the_kegiatan_without_traceback(tmp_path):
    proc, out = _run("build", _workbook(tmp_path), "-o", tmp_path / "hasil")
    assert "Traceback" not in out and "UnicodeEncodeError" not in out
    assert proc.returncode == 1, out
    assert "Pelatihan ? 5 kali ?" in out


def test_watch_once_on_cp1252_prints_file_names_it_cannot_encode(tmp_path, monkeypatch):
    # Windows allows any Unicode in a file name; the console line replaces what cp1252 lacks.
    root = tmp_path / "lkj"
    (root / "masuk").mkdir(parents=True)
    (root / "masuk" / "isian ≥ 🎉.xlsx").write_text("bukan workbook")
    monkeypatch.setenv("LKJ_EXCEL_STATE", str(tmp_path / "lokal"))
    proc, out = _run("watch", root, "--once", "-j", "1")
    assert "Traceback" not in out and "UnicodeEncodeError" not in out
    assert proc.returncode == 1, out  # one file refused
    assert "isian ? ?.xlsx" in out
    assert (root / "perlu-perbaikan" / "isian ≥ 🎉.xlsx").read_text() == "bukan workbook"


def test_every_help_prints_on_cp1252():
    for command in ((), ("template",), ("check",), ("build",), ("laporan",), ("watch",), ("send",), ("rekap",)):
        proc, out = _run(*command, "--help")
        assert proc.returncode == 0 and "Traceback" not in out, (command, out)
        assert "Pemakaian: lkj-excel" in out, command
