"""Where the drop folder's files live, the watcher's options, and its error type.

The public folders and the work area are inside ROOT (often a network share): every move between
them must stay one rename on one filesystem. The journal and the lock are not: SQLite's locking and
fsync are not reliable over a network ("SQLite Over a Network", sqlite.org), and the crash-safety
argument rests on the journal. They live on this machine's local disk, in a folder keyed by the
resolved ROOT, so one PC's watcher for one drop folder always finds its own journal again.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Mapping

from ..config import Config

STATE_DIR = ".lkj-excel"  # inside ROOT: the work area, and the lock other PCs see
WORK_DIR = "kerja"
JOURNAL_NAME = "journal.sqlite3"
LOCK_NAME = "watch.lock"
LOG_NAME = "lkj-excel.log"
# The folder for journals and locks; by default platformdirs' user data folder
# (%LOCALAPPDATA%\lkj-excel on Windows, ~/.local/share/lkj-excel on Linux).
STATE_ENV = "LKJ_EXCEL_STATE"


class WatchError(Exception):
    """The watcher cannot start or go on (bad folder, settings, another watcher); Indonesian message."""


@dataclass(frozen=True)
class WatchOptions:
    once: bool = False
    poll: float | None = None  # seconds between rescans; None = folder events (watchdog)
    jobs: int | None = None  # parallel builds; None = the machine's cores
    # Size and times must stay unchanged this long before a file is read. Short, because a copy that
    # stalls longer is still caught: an .xlsx is read only once its zip directory is complete.
    settle: float = 0.5
    grace: float = 60.0  # a stable file that still does not open as a workbook is refused after this
    rescan: float = 30.0  # events mode: a full rescan this often anyway, in case an event was lost
    once_wait: float = 120.0  # --once: the longest wait for files that are still being copied
    retry_base: float = 30.0  # mail retry backoff (mail.retry_delays)
    retry_cap: float = 3600.0
    # A build still running after this long is taken for a hung worker: the pool is ended and the
    # file is retried alone, then refused, like a worker that died.
    build_timeout: float = 300.0
    busy_retry: float = 30.0  # a file held by another program (sharing violation): next try after this
    # Build in worker processes, so a crash or hang is the worker's, never the watcher's. False
    # builds in the watcher's own process (no deadline can stop a hung build then): for library
    # callers that monkeypatch the build, as the crash-at-every-step test does.
    isolate: bool = True
    # Handle stop signals and, on Windows, tie the children's lives to this process (jobkill): both
    # process-wide, so False for library callers that run the watcher inside a process of their own.
    install_signals: bool = True


@dataclass
class WatchSummary:
    ok: int = 0
    rejected: int = 0
    duplicates: int = 0
    mails_sent: int = 0
    mails_failed: int = 0
    stopped_by_signal: bool = False


def local_state_dir(root: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """This machine's folder for ROOT's journal and lock."""
    base = environ.get(STATE_ENV)
    if not base:
        import platformdirs

        base = platformdirs.user_data_dir("lkj-excel", appauthor=False)
    resolved = str(root.resolve())
    key = hashlib.sha256(os.path.normcase(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    # The folder's own name first, so a person looking in the folder can tell the journals apart.
    label = re.sub(r"[^A-Za-z0-9._-]+", "-", root.resolve().name)[:40].strip("-.") or "root"
    return Path(base) / "watch" / f"{label}-{key}"


@dataclass(frozen=True)
class Layout:
    root: Path
    inbox: Path
    output: Path
    archive: Path
    rejected: Path
    state: Path  # ROOT/.lkj-excel
    work: Path  # ROOT/.lkj-excel/kerja
    local: Path  # this machine's folder for the journal and lock
    journal: Path
    lock: Path
    shared_lock: Path  # ROOT/.lkj-excel/watch.lock: keeps a second PC off the same share
    log: Path
    names: tuple[str, str, str, str]  # inbox, output, archive, rejected as configured

    @classmethod
    def of(cls, root: str | os.PathLike, config: Config = Config(),
           environ: Mapping[str, str] = os.environ) -> "Layout":
        root = Path(root)
        f = config.folders
        names = (f.inbox, f.output, f.archive, f.rejected)
        for key, name in zip(("inbox", "output", "archive", "rejected"), names, strict=True):
            # One plain folder name each: every move must stay a rename on one filesystem, and the
            # work area mirrors these names.
            if (not name or name in (".", "..") or name.startswith(".") or "/" in name or "\\" in name
                    or ":" in name or name != name.strip()):
                raise WatchError(f"Pengaturan folders.{key} = {name!r} tidak sah: isi satu nama folder biasa "
                                 "(tanpa garis miring dan tidak diawali titik), mis. \"masuk\".")
        if len({n.casefold() for n in names}) != 4:
            raise WatchError("Pengaturan [folders]: inbox, output, archive dan rejected harus empat folder berbeda.")
        state = root / STATE_DIR
        local = local_state_dir(root, environ)
        return cls(root, root / f.inbox, root / f.output, root / f.archive, root / f.rejected, state,
                   state / WORK_DIR, local, local / JOURNAL_NAME, local / LOCK_NAME, state / LOCK_NAME,
                   root / LOG_NAME, names)

    @property
    def old_journal(self) -> Path:
        """Where versions before 0.2 kept the journal (inside ROOT)."""
        return self.state / JOURNAL_NAME

    def rel(self, path: Path) -> str:
        return PurePosixPath(*path.relative_to(self.root).parts).as_posix()

    def shown(self, rel: str) -> str:
        return str(Path(*PurePosixPath(rel).parts))
