"""Builders for the drop-folder tests, injected through watch(builder=...) (or, for a real
`lkj-excel watch` process, by tests/watch_driver.py). Module-level, so a spawned worker imports them.

The environment variables are read here, in test code only:
LKJ_TEST_BUILD_DELAY (seconds each build sleeps first), LKJ_TEST_BUILD_CRASH (the input name whose
build kills its worker, as a native crash or the OOM killer would), LKJ_TEST_BUILD_HANG (the input
name whose build never returns)."""

from __future__ import annotations

import os
import time

from lkj_excel.office import worker


def build(job_dir, work_name, name, config, names, *rest):
    delay = os.environ.get("LKJ_TEST_BUILD_DELAY")
    if delay:
        time.sleep(float(delay))
    if os.environ.get("LKJ_TEST_BUILD_CRASH") == name:
        os._exit(70)
    if os.environ.get("LKJ_TEST_BUILD_HANG") == name:
        time.sleep(3600)
    return worker.build_job(job_dir, work_name, name, config, names, *rest)
