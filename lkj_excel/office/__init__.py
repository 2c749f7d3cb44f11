"""The drop folder (office edge), one job per file:

- layout.py: where files live (the journal and lock on this machine's disk), options, errors;
- lock.py: one watcher per drop folder; inbox.py: which dropped files are ready;
- worker.py: builds in worker processes, with a deadline per build; moves.py: no-overwrite moves;
- journal.py: the SQLite state of each job; recovery.py: finishing after a crash;
- outbox.py: mail, sent on its own thread; status.py: --status; signals.py: stop requests; logfile.py: the log;
- watcher.py: the loop that ties them together.

No file may be lost, half-written, duplicated or left behind, even after ``kill -9``: an input is
moved (one rename) into ``ROOT/.lkj-excel/kerja/<id>/`` only after its journal row is committed;
builds write only inside that directory; every move to a public folder journals its target name
first and never overwrites; the original goes to arsip only after its workbook is in hasil.
"""

from __future__ import annotations

import os
import threading
from typing import Mapping

from ..config import Config
from .inbox import is_ignored
from .layout import Layout, WatchError, WatchOptions, WatchSummary
from .status import WatchStatus, format_status, read_status
from .watcher import Echo, Watcher, default_echo
from .worker import Builder

__all__ = ["Layout", "WatchError", "WatchOptions", "WatchStatus", "WatchSummary", "format_status", "is_ignored",
           "read_status", "watch"]


def watch(root: str | os.PathLike, config: Config = Config(), options: WatchOptions = WatchOptions(), *,
          environ: Mapping[str, str] | None = None, echo: Echo | None = None,
          stop: threading.Event | None = None, builder: Builder | None = None) -> WatchSummary:
    """Run the drop-folder watcher until stopped (or, with options.once, until the inbox is done).

    `stop` lets a caller in another thread end it like a stop signal does. `builder` replaces
    worker.build_job (same arguments and result; a module-level function, so spawned workers can
    import it): the documented way tests make a build crash or hang. Raises WatchError for anything
    that stops it from running (Indonesian message)."""
    watcher = Watcher(root, config, options, os.environ if environ is None else environ, echo or default_echo,
                      builder)
    if stop is None:
        return watcher.run()
    ended = threading.Event()

    def relay():
        while not ended.is_set():
            if stop.wait(0.1):
                watcher.request_stop()
                watcher.summary.stopped_by_signal = False
                return

    threading.Thread(target=relay, daemon=True, name="lkj-watch-stop").start()
    try:
        return watcher.run()
    finally:
        ended.set()
