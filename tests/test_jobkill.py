"""lkj_excel.office.jobkill: on Windows a child of the watcher dies when the watcher is terminated
outright; elsewhere the call changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lkj_excel.office import jobkill

from platforms import WINE
import processes

# A stand-in watcher: contain(), then start a child as the pool or LibreOffice would, report both.
PARENT = """
import subprocess, sys, time
from lkj_excel.office import jobkill
held = jobkill.contain()
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(held, child.pid, flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(os.name == "nt", reason="the POSIX no-op")
def test_contain_is_a_no_op_off_windows():
    assert jobkill.contain() is False
    assert jobkill._job is None


@pytest.mark.skipif(os.name != "nt", reason="Job Objects are Windows'")
def test_a_child_dies_when_its_contained_parent_is_terminated():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    child = None
    try:
        line = parent.stdout.readline()
        assert line, parent.stderr.read()
        held, child = line.split()
        child = int(child)
        if held != "True":
            if WINE:
                pytest.skip("Wine quirk: AssignProcessToJobObject refused (no nested jobs); Windows 8+ nests")
            pytest.fail("the job did not hold; Windows 8 and later allow it even inside another job")
        parent.kill()  # TerminateProcess, as Task Scheduler's "End" does
        parent.wait(30)
        gone = processes.wait_gone(child, 10)
        if not gone and WINE:
            pytest.skip("Wine quirk: JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE not honoured when the last handle closes")
        assert gone, "the child outlived its terminated parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.communicate()
        if child is not None:
            processes.end(child)


@pytest.mark.skipif(os.name != "nt", reason="Job Objects are Windows'")
def test_contain_twice_keeps_the_one_job():
    code = ("from lkj_excel.office import jobkill; a = jobkill.contain(); job = jobkill._job; "
            "b = jobkill.contain(); print(a, b, jobkill._job == job)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    first, second, same = out.stdout.split()
    assert first == second and same == "True"
