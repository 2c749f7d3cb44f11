"""Golden files (csvkit style), compared part by part (XlsxWriter style): the committed sample input is
what `lkj-excel template --contoh` writes, and building it gives the committed finished workbook."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from lkj_excel.api import build_file
from lkj_excel.samples import seed_data
from lkj_excel.template import write_template

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_INPUT = SAMPLES / "isian-contoh-tw2-2023.xlsx"
SAMPLE_OUTPUT = SAMPLES / "LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan.xlsx"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_sample_input_is_the_seed_template(tmp_path):
    fresh = write_template(tmp_path / "x.xlsx", seed_data())
    assert parts(fresh) == parts(SAMPLE_INPUT)


def test_sample_output_is_what_build_writes(tmp_path):
    out_dir = tmp_path
    if os.path.splitdrive(tmp_path)[0].lower() != os.path.splitdrive(SAMPLE_INPUT)[0].lower():
        # Windows: a Validasi link never crosses drives (writers/workbook.py link_target), so a temp
        # folder on C: gives no links to a checkout on Z:; build beside the checkout instead.
        out_dir = Path(tempfile.mkdtemp(dir=SAMPLES.parent / "tests"))
    try:
        fresh = build_file(SAMPLE_INPUT, out_dir / "out.xlsx").output
        got, want = parts(fresh), parts(SAMPLE_OUTPUT)
    finally:
        if out_dir != tmp_path:
            shutil.rmtree(out_dir, ignore_errors=True)
    assert sorted(got) == sorted(want)
    for name in want:
        if name.startswith("xl/worksheets/_rels/"):
            # the Validasi links point at the input relative to where the output was written
            assert got[name].count(b"Target=") == want[name].count(b"Target=")
            continue
        assert got[name] == want[name], f"part {name} differs; rebuild samples/ if the change is intended"
