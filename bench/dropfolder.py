"""The drop folder's throughput: N filled templates through `lkj-excel watch ROOT --once -j J`, as a
whole process (pool start-up, journal, moves included).

    python bench/dropfolder.py [N] [J]      (defaults: 20 files, -j 2)

Prints seconds, files per second and the load average before and after; record the figures in
bench/RESULTS.md with the load, as the machine is shared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lkj_excel.samples import seed_data
from lkj_excel.template import write_template


def main(n: int = 20, jobs: int = 2) -> None:
    with tempfile.TemporaryDirectory(prefix="lkj-bench-") as tmp:
        base = Path(tmp)
        source = write_template(base / "isian.xlsx", seed_data())
        root = base / "lkj"
        (root / "masuk").mkdir(parents=True)
        for i in range(n):
            shutil.copy2(source, root / "masuk" / f"isian-{i:03}.xlsx")
        env = {**os.environ, "LKJ_EXCEL_STATE": str(base / "lokal")}
        load_before = os.getloadavg()
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "lkj_excel", "watch", str(root), "--once", "-j", str(jobs)],
                              env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()
        done = len(list((root / "hasil").iterdir()))
        print(f"{n} files, -j {jobs}: {elapsed:.2f} s, {n / elapsed:.1f} files/s, {done} in hasil, exit {proc.returncode}")
        print("load average before: %.2f %.2f %.2f, after: %.2f %.2f %.2f" % (*load_before, *load_after))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
