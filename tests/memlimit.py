"""Bound a test subprocess's memory on every system: RLIMIT_AS on POSIX, a Job Object on Windows.

Run as a wrapper: `python memlimit.py LIMIT -m MODULE ARGS...` or `python memlimit.py LIMIT -c CODE ARGS...`
applies the bound to itself, then runs the module or code as `python -m`/`-c` would. When the bound
turns out not to hold (a commit of LIMIT bytes still succeeds), it says NOT_ENFORCED on stderr and runs
anyway, so the caller decides whether that is acceptable (only under Wine, see platforms.py).

Windows counts committed memory, POSIX address space: the same LIMIT is a looser bound on Windows,
which still stops an input that makes the reader allocate without end.
"""

from __future__ import annotations

import os
import runpy
import sys

NOT_ENFORCED = "memlimit: the memory bound is not enforced on this system"


def apply(limit: int) -> bool:
    """Bound this process to `limit` bytes; True when a `limit`-byte allocation is then refused."""
    if os.name == "nt":
        return _job_object(limit)
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        bytearray(limit)  # calloc maps fresh zero pages: refused up front under the limit, never touched
    except MemoryError:
        return True
    return False


def _job_object(limit: int) -> bool:
    import ctypes
    from ctypes import wintypes

    from lkj_excel.office.jobkill import extended_limit_information

    Extended = extended_limit_information()

    job_object_extended_limit_information = 9
    job_object_limit_process_memory = 0x100
    mem_commit_reserve, mem_release, page_readwrite = 0x3000, 0x8000, 0x04

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD]
    kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
    kernel32.VirtualAlloc.restype = ctypes.c_void_p
    kernel32.VirtualAlloc.argtypes = [ctypes.c_void_p, ctypes.c_size_t, wintypes.DWORD, wintypes.DWORD]
    kernel32.VirtualFree.argtypes = [ctypes.c_void_p, ctypes.c_size_t, wintypes.DWORD]

    job = kernel32.CreateJobObjectW(None, None)
    info = Extended()
    info.BasicLimitInformation.LimitFlags = job_object_limit_process_memory
    info.ProcessMemoryLimit = limit
    if not job or not kernel32.SetInformationJobObject(job, job_object_extended_limit_information,
                                                       ctypes.byref(info), ctypes.sizeof(info)):
        raise OSError(ctypes.get_last_error(), "SetInformationJobObject")
    # Windows 8 and later nest jobs, so this works even when the test runner already sits in one.
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        raise OSError(ctypes.get_last_error(), "AssignProcessToJobObject")
    # Committing without touching the pages: refused under the bound, costs nothing where it is not.
    block = kernel32.VirtualAlloc(None, limit, mem_commit_reserve, page_readwrite)
    if not block:
        return True
    kernel32.VirtualFree(block, 0, mem_release)
    return False


def main(argv: list[str]) -> None:
    limit, mode, target, *rest = argv
    if not apply(int(limit)):
        print(NOT_ENFORCED, file=sys.stderr, flush=True)
    if mode == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    elif mode == "-c":
        sys.argv = ["-c", *rest]
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    else:
        raise SystemExit(f"usage: memlimit.py LIMIT (-m MODULE | -c CODE) ARGS...; got {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
