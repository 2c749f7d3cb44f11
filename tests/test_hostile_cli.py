"""The hostile corpus through the real command, under a memory limit: exit 2, one Indonesian
sentence per file, no traceback, every input byte-identical afterwards. Accepted oddities (an .xls
saved as .xlsx, an .xlsm) must still read."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

try:
    import resource
except ImportError:  # Windows: no rlimits; the corpus still runs, only the memory bound is not checked
    resource = None

import hostile

MEMORY_LIMIT = 1024 * 1024 * 1024  # pandas alone maps a few hundred MiB of address space


def _limit():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


# On Windows the memory bound is not applied (no preexec_fn, no RLIMIT_AS); everything else is checked.
_BOUND = {"preexec_fn": _limit} if resource is not None else {}


def test_hostile_files_through_the_cli(tmp_path):
    files = hostile.build_all(tmp_path, hostile.HOSTILE)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files.values()}
    proc = subprocess.run(
        [sys.executable, "-m", "lkj_excel", "check", "--format", "json", *map(str, files.values())],
        capture_output=True, text=True, timeout=120, **_BOUND,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    results = json.loads(proc.stdout)
    assert len(results) == len(files)
    for item in results:
        assert item["valid"] is False and item["findings"] == []
        assert "\n" not in item["error"] and item["error"].endswith(".")
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files.values()} == before


def test_accepted_oddities_read_through_the_cli(tmp_path):
    files = hostile.build_all(tmp_path, hostile.ACCEPTED)
    proc = subprocess.run(
        [sys.executable, "-m", "lkj_excel", "check", "--format", "json", *map(str, files.values())],
        capture_output=True, text=True, timeout=120, **_BOUND,
    )
    assert "Traceback" not in proc.stderr
    results = json.loads(proc.stdout)
    # They are workbooks, not LKj templates: read, then reported as missing sheets (exit 1), never "unreadable".
    assert all("error" not in item for item in results), results
    assert proc.returncode == 1
