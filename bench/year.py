"""Year workbooks (contract version 2, issue 10) against version-1 workbooks of the same size.

    python bench/year.py                       # 200 and 1,000 indicators, 7 pairs each
    python bench/year.py --sizes 1000 --runs 3 --no-write

For each size, one report written twice with the template's own writer: version 1 (Target and the
cumulative Realisasi) and version 2 (Cara Hitung Kumulatif, Target TW I-IV, Realisasi TW I-IV filled
through TW II so that TW I + TW II equals the version-1 realisasi; Anggaran with Rencana and Realisasi
per quarter adding up to the version-1 spending). `check` (read + validate) and `build --tanpa-laporan`
(read + validate + write) of each are run as whole processes, in pairs back to back (order flipping),
and the median per-pair ratio (v2 / v1) is reported, as bench/run.py does. The target in issue 10:
the 1,000-indicator year workbook builds within 1.5x of the version-1 workbook.

The section it writes into bench/RESULTS.md is replaced on each run; the rest of the file is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import LKJ, OUT, Pair, checked, interleave, med, med_rss, run  # noqa: E402

from lkj_excel.samples import synthetic_data  # noqa: E402
from lkj_excel.template import TemplateData, write_template  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
BEGIN, END = "<!-- year.py begin -->", "<!-- year.py end -->"
NOTE = ("Both build cleanly (exit 0). The year workbook writes its own sheets, which version 1 has not: Capaian "
        "Kinerja with Target and Realisasi s.d. TW and both capaian as formulas over the quarter cells, "
        "Perkembangan (six lines per indicator over TW I-IV, charts for the first 24) and Cost per Outcome's "
        "serapan by quarter (two lines per kegiatan, the quarters across, its pages planned while writing). The "
        "ratio measures reading and computing the quarters and writing those sheets.")


def split(total: int, parts: int) -> list[int]:
    """Whole numbers adding up to total: 70 in 4 -> 17, 17, 17, 19."""
    each = total // parts
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def year_data(v1: TemplateData) -> TemplateData:
    """v1's report as a TW II year workbook with the same realisasi s.d. TW II and spending."""
    kinerja = []
    for no, sasaran, indikator, satuan, arah, target, realisasi, ket in v1.kinerja:
        r1 = realisasi // 2
        kinerja.append((no, sasaran, indikator, satuan, arah, "Kumulatif", target, *split(target, 4),
                        r1, realisasi - r1, None, None, ket))
    anggaran = []
    for no, nama, link, pagu, spent in v1.anggaran:
        s1 = spent // 2
        anggaran.append((no, nama, link, pagu, *split(pagu, 4), s1, spent - s1, None, None))
    return TemplateData(dict(v1.identity), kinerja, anggaran, dict(v1.narasi), version=2)


def generate(sizes: list[int]) -> dict[int, tuple[Path, Path]]:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {}
    for n in sizes:
        v1 = synthetic_data(n)
        paths = OUT / f"v1-n{n}.xlsx", OUT / f"year-n{n}.xlsx"
        for path, data in zip(paths, (v1, year_data(v1))):
            path.unlink(missing_ok=True)
            write_template(path, data)
        files[n] = paths
    return files


def cases(files: dict[int, tuple[Path, Path]], runs: int, work: Path) -> list[tuple[str, Pair]]:
    out = []
    for n, (v1, v2) in files.items():
        out.append((f"`check`, {n} indicators", interleave(
            f"check-{n}",
            lambda v2=v2: checked(run(LKJ + ["check", str(v2)]), f"check {v2.name}", ok=(0,)),
            lambda v1=v1: checked(run(LKJ + ["check", str(v1)]), f"check {v1.name}", ok=(0,)),
            runs)))
        out.append((f"`build --tanpa-laporan`, {n} indicators", interleave(
            f"build-{n}",
            lambda v2=v2: checked(run(LKJ + ["build", "--tanpa-laporan", str(v2), "-o", str(work / f"y{n}") + "/"]),
                                  f"build {v2.name}"),
            lambda v1=v1: checked(run(LKJ + ["build", "--tanpa-laporan", str(v1), "-o", str(work / f"v{n}") + "/"]),
                                  f"build {v1.name}"),
            runs)))
    return out


def table(results: list[tuple[str, Pair]], runs: int, load_start: str, load_end: str) -> str:
    import subprocess

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent).stdout.strip()
    lines = [
        BEGIN,
        "## Year workbook against version 1 (`python bench/year.py`)",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit}, {runs} pairs per row, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores. **The machine was loaded by other helpers' "
        f"test runs** (load average {load_start} at start, {load_end} at end): absolute times are slow and noisy; "
        "the ratios, taken per pair run back to back, are what to read; the CPU-time ratio (user + system "
        "seconds of each process) is the one other processes' load hardly moves. The verdict reads the "
        "wall-time ratio.",
        "",
        "| measure | target | version 1 | year workbook (v2) | ratio v2 / v1 | CPU time v1 / v2 | CPU ratio | "
        "peak RSS (v2 / v1) | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, pair in results:
        target = "≤ 1.5× v1" if "build" in label and "1000" in label else "(no target)"
        verdict = ("pass" if pair.ratio <= 1.5 else "**FAIL**") if target != "(no target)" else "-"
        cpu = statistics.median(r.cpu for r in pair.b), statistics.median(r.cpu for r in pair.a)
        lines.append(f"| {label} | {target} | {med(pair.b):.3f} s | {med(pair.a):.3f} s | **{pair.ratio:.2f}×** | "
                     f"{cpu[0]:.3f} / {cpu[1]:.3f} s | {pair.cpu_ratio:.2f}× | "
                     f"{med_rss(pair.a):.0f} / {med_rss(pair.b):.0f} MB | {verdict} |")
    lines += ["", "Inputs: `bench/out/v1-nN.xlsx` and `bench/out/year-nN.xlsx`, the same synthetic report "
              "(lkj_excel.samples.synthetic_data) written as version 1 and as a TW II year workbook "
              "(Kumulatif, 4 quarterly targets, realisasi TW I + TW II = the v1 realisasi, Anggaran with "
              "Rencana and Realisasi per quarter). " + NOTE, END]
    return "\n".join(lines) + "\n"


def write_results(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        text = head + section.rstrip("\n") + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000", help="indicator counts, comma-separated (default 200,1000)")
    parser.add_argument("--runs", type=int, default=7, help="pairs per measure (default 7)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    files = generate([int(s) for s in args.sizes.split(",")])
    with tempfile.TemporaryDirectory(prefix="lkj-bench-year-") as work:
        results = cases(files, args.runs, Path(work))
    load_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    section = table(results, args.runs, load_start, load_end)
    print(section)
    if not args.no_write:
        write_results(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
