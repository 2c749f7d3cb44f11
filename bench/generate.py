"""Writes the benchmark inputs into bench/out/, all through the template contract's own writer.

    python bench/generate.py

seed.xlsx (the seed report: 2 indicators, 2 kegiatan), n1000.xlsx and n10000.xlsx (synthetic reports
of that many indicators) and batch/ (200 seed-sized files). Each batch file gets its own Unit Kerja
because the finished workbook is named after it: 200 identical inputs built into one folder would
all overwrite a single output and the batch would measure less writing than it claims.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from lkj_excel.samples import seed_data, synthetic_data
from lkj_excel.template import TemplateData, write_template

OUT = Path(__file__).resolve().parent / "out"
BATCH_SIZE = 200
SIZES = {"n1000.xlsx": 1_000, "n10000.xlsx": 10_000}


def batch_item(i: int) -> TemplateData:
    data = seed_data()
    data.identity["Unit Kerja"] = f"{data.identity['Unit Kerja']} {i:03d}"
    return data


def generate(out: Path = OUT, batch_size: int = BATCH_SIZE) -> None:
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    _write(out / "seed.xlsx", seed_data())
    for name, n in SIZES.items():
        _write(out / name, synthetic_data(n))
    batch = out / "batch"
    batch.mkdir(exist_ok=True)
    for old in batch.glob("*.xlsx"):
        old.unlink()
    for i in range(1, batch_size + 1):
        _write(batch / f"isian-{i:03d}.xlsx", batch_item(i))
    print(f"{out}: seed, {', '.join(SIZES)}, batch/ x{batch_size} in {time.perf_counter() - started:.1f} s")


def _write(path: Path, data: TemplateData) -> None:
    # write_template refuses nothing, but a half-written file from an interrupted run must not survive
    path.unlink(missing_ok=True)
    write_template(path, data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: bench/out)")
    parser.add_argument("--batch", type=int, default=BATCH_SIZE, help="number of batch files (default: 200)")
    args = parser.parse_args(argv)
    generate(args.out, args.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
