"""The watcher's log: a rotated file in ROOT (staff and the IT person read it there), levels in
Indonesian. Console lines are echoed by the watcher itself, so nothing propagates to the root logger."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_BYTES = 1_000_000
LOG_BACKUPS = 5

log = logging.getLogger("lkj_excel.watch")


class _Formatter(logging.Formatter):
    _LEVELS = {"DEBUG": "debug", "INFO": "info", "WARNING": "peringatan", "ERROR": "galat", "CRITICAL": "galat"}

    def format(self, record: logging.LogRecord) -> str:
        record.tingkat = self._LEVELS.get(record.levelname, record.levelname.lower())
        return super().format(record)


class LogFile:
    def __init__(self, path: Path):
        self.handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                                            encoding="utf-8")
        self.handler.setFormatter(_Formatter("%(asctime)s %(tingkat)s %(message)s"))
        self._old = (log.level, log.propagate)
        log.addHandler(self.handler)
        log.setLevel(logging.INFO)
        log.propagate = False

    def close(self) -> None:
        log.removeHandler(self.handler)
        self.handler.close()
        log.setLevel(self._old[0])
        log.propagate = self._old[1]
