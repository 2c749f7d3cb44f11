"""How fast the hostile-file guard refuses or passes a file (targets: a 10,000-row sheet inspected well
under 100 ms; each hostile corpus case, zip bombs included, refused within 1 s, a zip bomb within 0.2 s).

    python bench/guard.py

Moved out of the test suite: a timed assertion fails on a loaded machine and proves nothing there.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402  the test corpus, reused so the bench measures the same files

from lkj_excel.safety import UnreadableWorkbook, inspect_workbook  # noqa: E402


def best_of(path: Path, runs: int = 5) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        try:
            inspect_workbook(path)
        except UnreadableWorkbook:
            pass
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = hostile.make_big_sheet(tmp / "besar.xlsx", rows=10_000)
        print(f"10,000-row sheet: {best_of(big) * 1000:.1f} ms (target < 100 ms)")
        (tmp / "corpus").mkdir()
        corpus = hostile.build_all(tmp / "corpus", hostile.HOSTILE)
        worst = max(((best_of(path, 2), case) for case, path in corpus.items()), default=(0.0, "-"))
        print(f"slowest corpus case: {worst[1]} {worst[0] * 1000:.1f} ms (target < 1000 ms)")
        for case in ("zip-bomb", "lying-zip-bomb"):
            print(f"{case}: {best_of(corpus[case]) * 1000:.1f} ms (target < 200 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
