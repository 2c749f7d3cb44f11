"""The drop folder's throughput: N filled templates through `lkj-excel watch ROOT --once -j J`, as a
whole process (pool start-up, journal, moves included).

    python bench/dropfolder.py [N] [J]              (defaults: 20 files, -j 2)
    python bench/dropfolder.py [N] [J] --mail-silent
    python bench/dropfolder.py [N] [J] --dokumen

With --mail-silent the same batch runs twice, back to back: without a mail server configured, and
with [smtp] pointing at a server that accepts connections and never answers (smtp.timeout 30 s,
every file with a recipient). Issue 8's target: the batch's workbooks reach hasil no later than one
build time after the no-mail run's; the process itself may end up to one smtp.timeout later,
because --once waits for the mail in flight before it exits.

With --dokumen the no-mail batch runs twice: with `[laporan] dokumen = false` (the workbook alone),
then with the default (the LKj document beside each workbook), and prints the document's cost.

Prints seconds (to the last workbook in hasil, and to the end of the process), files per second
and the load average before and after; record the figures in bench/RESULTS.md with the load, as
the machine is shared.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from lkj_excel.samples import seed_data
from lkj_excel.template import write_template


def _silent_server() -> tuple[socket.socket, list]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return listener, held


def run_batch(base: Path, n: int, jobs: int, smtp_port: int | None,
              document: bool = True) -> tuple[float, float, int, int]:
    """(seconds to the last workbook in hasil, seconds to process end, workbooks in hasil, exit code)."""
    data = seed_data()
    data.identity["Email Penerima"] = "kadis@example.go.id"
    source = write_template(base / "isian.xlsx", data)
    root = base / "lkj"
    (root / "masuk").mkdir(parents=True)
    for i in range(n):
        shutil.copy2(source, root / "masuk" / f"isian-{i:03}.xlsx")
    cmd = [sys.executable, "-m", "lkj_excel", "watch", str(root), "--once", "-j", str(jobs)]
    text = "" if document else "[laporan]\ndokumen = false\n"
    if smtp_port is not None:
        text += (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nsecurity = "none"\n'
                 'from = "lkj@example.go.id"\ntimeout = 30\n')
    if text:
        config = base / "lkj-excel.toml"
        config.write_text(text, encoding="utf-8")
        cmd += ["--config", str(config)]
    env = {**os.environ, "LKJ_EXCEL_STATE": str(base / "lokal")}
    for key in ("LKJ_SMTP_HOST", "LKJ_EXCEL_CONFIG"):
        env.pop(key, None)
    hasil = root / "hasil"
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    all_in = None
    # Each workbook's document is moved into hasil right after it, so the workbooks alone are counted.
    workbooks = lambda: len(list(hasil.glob("*.xlsx"))) if hasil.is_dir() else 0  # noqa: E731
    while proc.poll() is None:
        if all_in is None and workbooks() >= n:
            all_in = time.perf_counter() - started
        time.sleep(0.01)
    ended = time.perf_counter() - started
    done = workbooks()
    return (all_in if all_in is not None else ended), ended, done, proc.returncode


def main(n: int = 20, jobs: int = 2, mail_silent: bool = False, dokumen: bool = False) -> None:
    load_before = os.getloadavg()
    if dokumen:
        with tempfile.TemporaryDirectory(prefix="lkj-bench-") as tmp:
            alone, _, alone_done, alone_code = run_batch(Path(tmp), n, jobs, None, document=False)
        print(f"{n} files, -j {jobs}, workbook alone: {alone:.2f} s to the last in hasil, {alone_done} "
              f"workbooks, exit {alone_code}")
    with tempfile.TemporaryDirectory(prefix="lkj-bench-") as tmp:
        to_hasil, ended, done, code = run_batch(Path(tmp), n, jobs, None)
    print(f"{n} files, -j {jobs}, no mail: {ended:.2f} s ({to_hasil:.2f} s to the last in hasil), "
          f"{n / ended:.1f} files/s, {done} workbooks in hasil, exit {code}")
    if dokumen:
        print(f"with the LKj document: {to_hasil - alone:+.2f} s to the last in hasil ({to_hasil / alone:.2f}x)")
    if mail_silent:
        listener, held = _silent_server()
        try:
            with tempfile.TemporaryDirectory(prefix="lkj-bench-") as tmp:
                m_hasil, m_ended, m_done, m_code = run_batch(Path(tmp), n, jobs, listener.getsockname()[1])
        finally:
            listener.close()
        print(f"{n} files, -j {jobs}, silent mail server: {m_ended:.2f} s ({m_hasil:.2f} s to the last in "
              f"hasil), {m_done} in hasil, exit {m_code}, {len(held)} connection(s) made")
        print(f"slowed by {m_hasil - to_hasil:+.2f} s to hasil (one build: {ended / n * jobs:.2f} s, "
              f"batch time per file x jobs); process end {m_ended - ended:+.2f} s (one smtp.timeout: 30 s)")
    load_after = os.getloadavg()
    print("load average before: %.2f %.2f %.2f, after: %.2f %.2f %.2f" % (*load_before, *load_after))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(*(int(a) for a in args[:2]), mail_silent="--mail-silent" in sys.argv[1:], dokumen="--dokumen" in sys.argv[1:])
