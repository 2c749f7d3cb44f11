"""Stop requests from the operating system: finish the files in hand, then stop.

POSIX sends SIGTERM (systemd, kill) and SIGINT (Ctrl-C). Windows never delivers SIGTERM: a console
gets Ctrl-C (SIGINT) and Ctrl-Break (SIGBREAK) as signals, and closing the console window, logging
off or shutting down as console control events, which only SetConsoleCtrlHandler sees; after a close
event Windows ends the process within about five seconds whatever the handler does. Task
Scheduler's "End" and Task Manager terminate the process outright, like kill -9 on Linux: nothing can
be handled, and the journal makes that safe (the next start finishes the work).
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Callable

# Console control events (wincon.h) that end the process once the handler returns.
CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT = 2, 5, 6
# Windows gives a closing console about 5 s; stop waiting a little before it ends the process.
CLOSE_WAIT = 4.0


def stop_help(windows: bool | None = None) -> str:
    """The watch command's help sentence about stopping, true for the system it runs on."""
    if windows if windows is not None else os.name == "nt":
        return ("Ctrl-C, Ctrl-Break, atau menutup jendela konsol: berkas yang sedang dikerjakan diselesaikan "
                "dulu (sebisanya dalam 4 detik bila jendela ditutup), lalu berhenti. \"End\" di Task Scheduler "
                "menghentikan seketika; pekerjaan yang terputus dilanjutkan saat dijalankan lagi.")
    return ("Ctrl-C atau SIGTERM: berkas yang sedang dikerjakan diselesaikan dulu, lalu berhenti. "
            "SIGKILL menghentikan seketika; pekerjaan yang terputus dilanjutkan saat dijalankan lagi.")


def console_handler(request_stop: Callable[[], None], stopped: threading.Event,
                    wait: float = CLOSE_WAIT) -> Callable[[int], bool]:
    """The function SetConsoleCtrlHandler calls (on a thread of its own) for a console event."""

    def handle(event: int) -> bool:
        if event not in (CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT):
            return False  # Ctrl-C and Ctrl-Break arrive as signals
        request_stop()
        # Returning ends the process: give the watcher its last seconds to finish what it holds.
        stopped.wait(wait)
        return True

    return handle


def install(request_stop: Callable[[], None], stopped: threading.Event) -> Callable[[], None]:
    """Route every stop request of this system to `request_stop`; returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {}

    def on_signal(signum, frame):
        request_stop()

    for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, on_signal)
    undo_console = _install_console_handler(console_handler(request_stop, stopped)) if os.name == "nt" else None

    def restore():
        for sig, old in previous.items():
            signal.signal(sig, old)
        if undo_console is not None:
            undo_console()

    return restore


def _install_console_handler(handle: Callable[[int], bool]) -> Callable[[], None] | None:
    try:
        import ctypes
        from ctypes import wintypes

        routine = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)(lambda event: bool(handle(event)))
        kernel32 = ctypes.windll.kernel32
        if not kernel32.SetConsoleCtrlHandler(routine, True):
            return None
    except (AttributeError, OSError):
        return None

    def undo():
        kernel32.SetConsoleCtrlHandler(routine, False)

    undo.routine = routine  # the callback must outlive the registration
    return undo
