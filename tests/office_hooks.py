"""Builders for the drop-folder tests, injected through watch(builder=...) (or, for a real
`lkj-excel watch` process, by tests/watch_driver.py). Module-level, so a spawned worker imports them.

The environment variables are read here, in test code only:
LKJ_TEST_BUILD_DELAY (seconds each build sleeps first), LKJ_TEST_BUILD_CRASH (the input name whose
build kills its worker, as a native crash or the OOM killer would), LKJ_TEST_BUILD_HANG (the input
name whose build never returns), LKJ_TEST_BUILD_PIDS (a folder: each build writes a file named by its
worker's pid there and, standing in for the LibreOffice a build starts, the pid of a child it leaves
running, so a test can check that none outlives the watcher)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from lkj_excel.office import worker


def build(job_dir, work_name, name, config, names, *rest):
    pids = os.environ.get("LKJ_TEST_BUILD_PIDS")
    if pids:
        _record_pids(Path(pids))
    delay = os.environ.get("LKJ_TEST_BUILD_DELAY")
    if delay:
        time.sleep(float(delay))
    if os.environ.get("LKJ_TEST_BUILD_CRASH") == name:
        os._exit(70)
    if os.environ.get("LKJ_TEST_BUILD_HANG") == name:
        time.sleep(3600)
    return worker.build_job(job_dir, work_name, name, config, names, *rest)


def _record_pids(folder: Path) -> None:
    # Not waited for, like a LibreOffice still converting when the watcher dies; its own stdio, so
    # that it holds none of the watcher's pipes.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for pid in (os.getpid(), child.pid):
        (folder / str(pid)).touch()
