"""On Windows, the watcher's children die with it: a Job Object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE.

Windows does not end a process's children when it dies. After Task Scheduler's "End", Task Manager
or TerminateProcess, pool workers and the LibreOffice they started would run on as orphans, and a
worker still being spawned would print a spawn_main traceback to the console. Once this process sits
in such a job, every process it starts afterwards is in the job too (no breakaway is allowed), and
when the last handle to the job closes, which happens when this process ends however it ends, the
system terminates them all. POSIX is left as it was: there a pool worker notices its parent's death
itself (worker._exit_with_parent).
"""

from __future__ import annotations

import os

from .logfile import log

JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9

# The job's handle, open until the process ends: closing it would kill the children there and then.
_job = None


def contain() -> bool:
    """Put this process (and so every child it starts from now on) in a kill-on-close job.
    True when that holds; False on POSIX, or when Windows refuses (this process already sits in a job
    that forbids nesting, as before Windows 8): the watcher runs on as before, with one log line."""
    global _job
    if os.name != "nt":
        return False
    if _job is not None:
        return True
    try:
        _job = _assign()
    except OSError as exc:
        log.info("Proses anak tidak ikut berhenti bila pengawas dihentikan paksa (Job Object: %s).", exc)
        return False
    return True


def extended_limit_information():
    """The JOBOBJECT_EXTENDED_LIMIT_INFORMATION structure (also used by tests/memlimit.py's memory bound)."""
    import ctypes
    from ctypes import wintypes

    class Basic(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                    ("SchedulingClass", wintypes.DWORD)]

    class Extended(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", Basic), ("IoInfo", ctypes.c_uint64 * 6),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

    return Extended


def _assign():
    import ctypes
    from ctypes import wintypes

    Extended = extended_limit_information()
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD]
    kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]

    # No security attributes: the handle is not inheritable, so no child can keep the job alive.
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        raise ctypes.WinError(ctypes.get_last_error())
    info = Extended()
    # Only KILL_ON_JOB_CLOSE: no BREAKAWAY_OK / SILENT_BREAKAWAY_OK, since a child that left the job
    # would outlive the watcher again.
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    if not (kernel32.SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION, ctypes.byref(info),
                                             ctypes.sizeof(info))
            and kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess())):
        error = ctypes.WinError(ctypes.get_last_error())
        kernel32.CloseHandle(job)
        raise error
    return job
