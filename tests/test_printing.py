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
