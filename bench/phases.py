"""Where one build's time goes, phase by phase, in a fresh process (a profiling aid, not a benchmark).

    python bench/phases.py bench/out/n10000.xlsx            # phase table
    python bench/phases.py bench/out/n10000.xlsx --profile  # plus the top of a cProfile of the work

Imports are timed first and separately, because for a small workbook they are most of the run; the
phases then call the same library functions `lkj-excel build` calls. The same file is read once more
the floor's way (pandas, two sheets, default dtypes) for comparison.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
rows: list[tuple[str, float]] = []


def mark(label: str, since: float) -> float:
    now = time.perf_counter()
    rows.append((label, now - since))
    return now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--profile", action="store_true", help="cProfile read+validate+write, print top 25")
    args = parser.parse_args(argv)

    t = time.perf_counter()
    import lkj_excel.cli  # noqa: F401  what every command pays
    t = mark("import lkj_excel.cli (click)", t)
    import lkj_excel.batch  # noqa: F401
    t = mark("import lkj_excel.batch", t)
    import pandas as pd
    t = mark("import pandas", t)
    import python_calamine  # noqa: F401
    import xlsxwriter  # noqa: F401
    t = mark("import xlsxwriter, python_calamine", t)
    from lkj_excel import api
    from lkj_excel.reader import read_report
    from lkj_excel.safety import inspect_workbook
    from lkj_excel.validate import validate
    from lkj_excel.writers import WriteOptions, write_workbook
    t = mark("import rest of lkj_excel", t)

    def work() -> None:
        t = time.perf_counter()
        inspect_workbook(args.input)
        t = mark("safety.inspect_workbook", t)
        read = read_report(args.input)
        t = mark("reader.read_report (inspect + pandas + parse)", t)
        findings = validate(read.report)
        t = mark("validate", t)
        with tempfile.TemporaryDirectory() as tmp:
            write_workbook(read.report, Path(tmp) / "out.xlsx", WriteOptions(findings=findings))
        t = mark("writer.write_workbook", t)
        pd.read_excel(args.input, sheet_name=["Kinerja", "Anggaran"], header=3, engine="calamine")
        mark("(floor's read: pandas, 2 sheets)", t)

    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(work)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    else:
        work()
    assert api  # imported for its import cost
    width = max(len(label) for label, _ in rows)
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds * 1000:8.1f} ms")
    print(f"{'total since interpreter start of this script':<{width}}  {(time.perf_counter() - T0) * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
