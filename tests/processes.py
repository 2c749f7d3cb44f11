"""Whether a process (by pid, not necessarily our child) is still running, on POSIX and Windows."""

from __future__ import annotations

import os
import signal
import time


def wait_gone(pid: int, timeout: float) -> bool:
    """True once process `pid` has ended (or never existed), False if it still runs after `timeout`."""
    if os.name == "nt":
        import ctypes
        from ctypes import wintypes

        synchronize, query_limited = 0x00100000, 0x1000
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
        kernel32.WaitForSingleObject.argtypes = [wintypes.HANDLE, wintypes.DWORD]
        kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
        handle = kernel32.OpenProcess(synchronize | query_limited, False, pid)
        if not handle:
            return True  # no such process any more
        try:
            return kernel32.WaitForSingleObject(handle, int(timeout * 1000)) == 0  # WAIT_OBJECT_0
        finally:
            kernel32.CloseHandle(handle)
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def end(pid: int) -> None:
    """Clean-up after a test: end `pid` if it still runs (TerminateProcess on Windows)."""
    try:
        os.kill(pid, signal.SIGTERM if os.name == "nt" else signal.SIGKILL)
    except OSError:
        pass
