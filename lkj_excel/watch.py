"""The drop folder: staff save a filled template into ROOT/masuk; the finished workbook appears in
ROOT/hasil, the original in ROOT/arsip (or, refused, in ROOT/perlu-perbaikan with a note beside it),
and the finished workbook is mailed to its recipients.

No file may be lost, half-written, duplicated or left behind, even after ``kill -9``. The argument:

- An input is first moved (one atomic rename on one filesystem) from the inbox into a private work
  directory ``ROOT/.lkj-excel/kerja/<id>/``, after a journal row for it is committed. At any instant
  the file is in exactly one of the two places, and the row says where to look.
- Builds write only inside that work directory (the writer itself writes to a temporary name and
  renames); an interrupted build is thrown away and redone, which is safe because building is
  deterministic and touches nothing outside the work directory.
- Every move to a public folder records its chosen target name in the journal *before* the move and
  never overwrites (a taken name gets " (2)", " (3)", ...). On restart a recorded move is finished by
  checking which side holds the file (hash or same inode), so it is neither repeated nor lost.
- The original moves to arsip only after its finished workbook is in hasil, and its hash is checked
  against the one taken when it was claimed, so it is byte-identical wherever it ends up.
- Mail state lives in the same row; a restart sends only what is not marked sent. A crash after the
  server took a message but before the row says so resends it with the same Message-ID (the only
  window where a copy can double; losing it silently would be worse).
- A file dropped again with the same name and bytes, whose finished workbook is still in hasil, is
  archived without a second build or email.

Builds run in a process pool (the main process owns the journal and every file move); folder events
come from watchdog, or a timed rescan with ``poll``. SIGTERM/SIGINT finish the files in hand and stop.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import logging.handlers
import os
import queue
import re
import signal
import stat as stat_module
import threading
import time
import zipfile
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Mapping

from .config import Config
from .fileops import rename_noreplace
from .journal import Job, Journal, JournalError

__all__ = ["WatchError", "WatchOptions", "WatchSummary", "Layout", "format_status", "read_status", "watch"]

STATE_DIR = ".lkj-excel"
WORK_DIR = "kerja"
JOURNAL_NAME = "journal.sqlite3"
LOCK_NAME = "watch.lock"
LOG_NAME = "lkj-excel.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
MAX_BUILD_CRASHES = 3
BUILD_RETRY = 60.0  # seconds before a build that failed for an outside reason (disk full) is retried
_MAX_SUFFIX = 9999
_HASH_CHUNK = 1 << 20
# Test-only: seconds each build sleeps first, so the crash tests can kill the watcher mid-batch.
# Nothing in normal use sets it.
TEST_DELAY_ENV = "LKJ_EXCEL_TEST_DELAY"
# Test-only: the input name whose build kills its worker process.
TEST_CRASH_ENV = "LKJ_EXCEL_TEST_CRASH"

log = logging.getLogger("lkj_excel.watch")


class WatchError(Exception):
    """The watcher cannot start or go on (bad folder, settings, another watcher); Indonesian message."""


class _Missing(Exception):
    """A work file the journal expects is gone (removed by hand): nothing left to move."""


# --------------------------------------------------------------------------------------------
# Options, layout


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
    install_signals: bool = True


@dataclass(frozen=True)
class Layout:
    root: Path
    inbox: Path
    output: Path
    archive: Path
    rejected: Path
    state: Path
    work: Path
    journal: Path
    lock: Path
    log: Path
    names: tuple[str, str, str, str]  # inbox, output, archive, rejected as configured

    @classmethod
    def of(cls, root: str | os.PathLike, config: Config = Config()) -> "Layout":
        root = Path(root)
        f = config.folders
        names = (f.inbox, f.output, f.archive, f.rejected)
        for key, name in zip(("inbox", "output", "archive", "rejected"), names, strict=True):
            # One plain folder name each: every move must stay a rename on one filesystem, and the
            # work area mirrors these names so the finished workbook's links to its original hold.
            if (not name or name in (".", "..") or name.startswith(".") or "/" in name or "\\" in name
                    or ":" in name or name != name.strip()):
                raise WatchError(f"Pengaturan folders.{key} = {name!r} tidak sah: isi satu nama folder biasa "
                                 "(tanpa garis miring dan tidak diawali titik), mis. \"masuk\".")
        if len({n.casefold() for n in names}) != 4:
            raise WatchError("Pengaturan [folders]: inbox, output, archive dan rejected harus empat folder berbeda.")
        state = root / STATE_DIR
        return cls(root, root / f.inbox, root / f.output, root / f.archive, root / f.rejected, state,
                   state / WORK_DIR, state / JOURNAL_NAME, state / LOCK_NAME, root / LOG_NAME, names)

    def rel(self, path: Path) -> str:
        return PurePosixPath(*path.relative_to(self.root).parts).as_posix()

    def shown(self, rel: str) -> str:
        return str(Path(*PurePosixPath(rel).parts))


@dataclass
class WatchSummary:
    ok: int = 0
    rejected: int = 0
    duplicates: int = 0
    mails_sent: int = 0
    mails_failed: int = 0
    stopped_by_signal: bool = False


# --------------------------------------------------------------------------------------------
# Files: what to leave alone, when a file is complete, moves that never overwrite

_IGNORED_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".swx",
                     ".lock", ".bak", "~")
_IGNORED_NAMES = {"thumbs.db", "desktop.ini", "icon\r"}
# Excel saves to an 8-hex-digit name without extension, then renames it over the real one.
_EXCEL_SAVE_TEMP = re.compile(r"[0-9A-Fa-f]{8}")
_WIN_SKIP_ATTRS = 0x2 | 0x4 | 0x100  # hidden, system, temporary


def is_ignored(name: str, st: os.stat_result | None = None) -> bool:
    """Excel lock files (~$x.xlsx), hidden and temporary files: somebody else's, never touched."""
    lowered = name.lower()
    if name.startswith((".", "~")) or lowered in _IGNORED_NAMES or lowered.endswith(_IGNORED_SUFFIXES):
        return True
    if _EXCEL_SAVE_TEMP.fullmatch(name):
        return True
    attrs = getattr(st, "st_file_attributes", 0) if st is not None else 0
    return bool(attrs & _WIN_SKIP_ATTRS)


def _completeness(path: Path) -> str:
    """'ready', 'busy' (cannot be opened: another program holds it), or 'incomplete' (looks cut
    off: empty, or a zip whose central directory is not there yet)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        return "gone"
    except OSError:
        return "busy"
    if size == 0:
        return "incomplete"
    if head == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path):
                pass
        except (zipfile.BadZipFile, EOFError, ValueError, OSError):
            return "incomplete"
    return "ready"


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _fsync_file(path: Path) -> None:
    # A writable handle: Windows raises PermissionError for fsync on a read-only one.
    with open(path, "r+b") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    # A rename is durable only once its directory is; Windows has no directory handles for this.
    if os.name == "nt":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _numbered(name: str):
    yield name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    else:
        ext = "." + ext
    for n in range(2, _MAX_SUFFIX + 1):
        yield f"{stem} ({n}){ext}"


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".lkj-{os.getpid()}-{path.name}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# The build step (runs in a worker process)


def _worker_init() -> None:
    # Ctrl-C reaches the whole console process group; only the main process decides when to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, daemon=True, name="lkj-parent-watch").start()


def _exit_with_parent() -> None:
    # A pool worker holds its own end of the task queue, so it would wait forever after the watcher
    # is killed (kill -9, a crash), and might even finish writing into a work directory that the
    # restarted watcher is rebuilding. The parent's sentinel becomes ready the moment it dies.
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    parent.join()
    os._exit(1)


def build_job(job_dir: str, name: str, config: Config, names: tuple[str, str, str, str]) -> dict:
    """Build one claimed input inside its work directory. Returns plain data for the journal.

    The work directory mirrors ROOT (<job>/<archive>/<name> is the original, <job>/<output>/ gets
    the finished workbook), so the workbook's links to the original's cells stay right after both
    files move to ROOT.
    """
    delay = os.environ.get(TEST_DELAY_ENV)
    if delay:
        time.sleep(float(delay))
    if os.environ.get(TEST_CRASH_ENV) == name:
        os._exit(70)  # test-only: a worker that dies the way a native crash or the OOM killer ends it
    from .api import BuildError, UnreadableWorkbook, build_file
    from .findings import ERROR, WARNING
    from .summary import mail_body_for, note_bytes, rejection_note, subject_for

    base = Path(job_dir)
    _, output_name, archive_name, rejected_name = names
    source = base / archive_name / name
    out_dir = base / output_name
    note_dir = base / rejected_name
    out_dir.mkdir(parents=True, exist_ok=True)

    def refuse(result: str, text: str, errors: int = 0, warnings: int = 0, message: str = "") -> dict:
        note_dir.mkdir(parents=True, exist_ok=True)
        note_name = name + ".perbaikan.txt"
        _write_atomic(note_dir / note_name, note_bytes(text))
        return {"result": result, "note": note_name, "errors": errors, "warnings": warnings, "message": message}

    try:
        try:
            built = build_file(source, out_dir, config)
        except UnreadableWorkbook as exc:
            return refuse("unreadable", rejection_note(name, unreadable=str(exc)), message=str(exc))
        except BuildError as exc:
            text = f"Berkas '{name}' tidak dapat diproses: {exc}."
            return refuse("error", rejection_note(name, problem=text), message=text)
        except OSError:
            raise
        except Exception as exc:  # a library bug must not lose the file or stop the watcher
            text = f"Terjadi kesalahan program saat memproses berkas '{name}' ({type(exc).__name__}: {exc})."
            return refuse("error", rejection_note(name, problem=text), message=text)
        findings = built.check.findings
        errors = sum(f.severity == ERROR for f in findings)
        warnings = sum(f.severity == WARNING for f in findings)
        if built.output is None:
            return refuse("invalid", rejection_note(name, findings=findings), errors, warnings)
    except OSError as exc:
        # Only our own work directory is touched here, so the disk or the share failed (full, gone,
        # no permission), not the staff member's file: keep it and try again later.
        return {"result": "retry", "message": f"{exc.strerror or exc}"}
    warnings = sum(f.severity == WARNING for f in findings)
    report = built.check.report
    return {
        "result": "ok",
        "output": built.output.name,
        "errors": 0,
        "warnings": warnings,
        "subject": subject_for(report),
        "body": mail_body_for(report, findings, config, name, built.check.results),
        "recipients": list(report.identity.email_penerima),
    }


class _InlineExecutor:
    """jobs=1: build in this process (no pool start-up cost); same Future interface."""

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            if not isinstance(exc, Exception):
                raise
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        return None


# --------------------------------------------------------------------------------------------
# The lock: one watcher per ROOT


class _Lock:
    def __init__(self, path: Path):
        self.path = path
        self.handle = None
        self.unsupported = False

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")
        try:
            if os.name == "nt":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            held = os.name == "nt" or exc.errno in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK)
            if held:
                handle.close()
                return False
            # Some network filesystems cannot lock at all; running unguarded beats not running.
            self.unsupported = True
        self.handle = handle
        return True

    def release(self) -> None:
        if self.handle is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                self.handle.seek(0)
                msvcrt.locking(self.handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        self.handle.close()
        self.handle = None


def _watcher_running(layout: Layout) -> bool:
    if not layout.lock.exists():
        return False
    lock = _Lock(layout.lock)
    try:
        if lock.acquire():
            lock.release()
            return False
    except OSError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# Logging: a rotated file in ROOT plus one console line per event


class _Formatter(logging.Formatter):
    _LEVELS = {"DEBUG": "debug", "INFO": "info", "WARNING": "peringatan", "ERROR": "galat", "CRITICAL": "galat"}

    def format(self, record: logging.LogRecord) -> str:
        record.tingkat = self._LEVELS.get(record.levelname, record.levelname.lower())
        return super().format(record)


@dataclass
class _Candidate:
    signature: tuple
    since: float  # monotonic time this signature was first seen
    last_seen: float  # the latest scan that saw the same signature
    waiting: str = "settling"  # settling | busy | incomplete
    noted: bool = False


# --------------------------------------------------------------------------------------------
# The watcher


Echo = Callable[[str, bool], None]


def _default_echo(line: str, is_error: bool) -> None:
    print(line, flush=True)


class Watcher:
    def __init__(self, root: str | os.PathLike, config: Config, options: WatchOptions,
                 environ: Mapping[str, str], echo: Echo):
        self.layout = Layout.of(root, config)
        self.config = config
        self.opt = options
        self.environ = environ
        self.echo = echo
        self.jobs = max(1, min(options.jobs or os.cpu_count() or 1, 61))  # Windows caps a pool at 61
        self.wake: "queue.SimpleQueue[str]" = queue.SimpleQueue()
        self.stopping = False
        self.summary = WatchSummary()
        self.candidates: dict[str, _Candidate] = {}
        self.inflight: dict[Future, int] = {}
        self.ready_jobs: list[int] = []  # claimed, waiting for a worker
        self.deferred: dict[int, float] = {}  # claimed, build failed for an outside reason: retry at
        self._retries: dict[int, int] = {}
        self._suspects: set[int] = set()  # in a pool that broke with others: built alone next time
        self.finished_this_run = 0
        self.journal: Journal | None = None
        self.executor = None
        self.mail = None
        self._dirty = True
        self._next_scan = 0.0
        self._bad_names: set[str] = set()

    # -- lifecycle ----------------------------------------------------------------------------

    def request_stop(self) -> None:
        """Safe from a signal handler: only a flag and a reentrant queue put."""
        self.stopping = True
        self.wake.put("stop")

    def run(self) -> WatchSummary:
        lay = self.layout
        if not lay.root.is_dir():
            try:
                lay.root.mkdir()
            except OSError as exc:
                raise WatchError(f"Folder {lay.root} tidak ada dan tidak dapat dibuat ({exc.strerror or exc}).") \
                    from None
        try:
            for folder in (lay.inbox, lay.output, lay.archive, lay.rejected, lay.work):
                folder.mkdir(parents=True, exist_ok=True)
            _hide(lay.state)
        except OSError as exc:
            raise WatchError(f"Folder kerja di {lay.root} tidak dapat dibuat ({exc.strerror or exc}).") from None
        lock = _Lock(lay.lock)
        if not lock.acquire():
            raise WatchError(f"lkj-excel watch lain sudah berjalan untuk folder {lay.root}; hentikan dulu yang "
                             "itu (hanya satu pengawas per folder).")
        handler = None
        restore = lambda: None  # noqa: E731
        observer = None
        try:
            try:
                handler = self._start_log()
            except OSError as exc:
                raise WatchError(f"Log {lay.log} tidak dapat ditulis ({exc.strerror or exc}).") from None
            restore = self._install_signals()
            self.mail = self._mail_settings()
            self.journal = Journal(lay.journal)
            self._announce()
            if lock.unsupported:
                self._say("Folder ini tidak mendukung penguncian berkas; pastikan hanya satu lkj-excel watch yang "
                          "mengawasinya.", logging.WARNING)
            self._recover()
            if not self.opt.once and self.opt.poll is None:
                observer = self._start_observer()
            self._loop()
            self._farewell()
            return self.summary
        except JournalError as exc:
            raise WatchError(str(exc)) from None
        except BaseException as exc:
            if isinstance(exc, Exception) and not isinstance(exc, WatchError):
                log.error("Pengawas berhenti karena kesalahan tak terduga: %s: %s", type(exc).__name__, exc)
            raise
        finally:
            if observer is not None:
                _stop_observer(observer)
            if self.executor is not None:
                self.executor.shutdown(wait=True, cancel_futures=True)
            if self.journal is not None:
                self.journal.close()
            restore()
            if handler is not None:
                self._stop_log(handler)
            lock.release()

    def _start_log(self) -> logging.Handler:
        handler = logging.handlers.RotatingFileHandler(self.layout.log, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                                       encoding="utf-8")
        handler.setFormatter(_Formatter("%(asctime)s %(tingkat)s %(message)s"))
        self._old_log = (log.level, log.propagate)
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        # Console lines are echoed by the watcher itself; propagating would print each one twice.
        log.propagate = False
        return handler

    def _stop_log(self, handler: logging.Handler) -> None:
        log.removeHandler(handler)
        handler.close()
        log.setLevel(self._old_log[0])
        log.propagate = self._old_log[1]

    def _install_signals(self) -> Callable[[], None]:
        if not self.opt.install_signals or threading.current_thread() is not threading.main_thread():
            return lambda: None
        names = ["SIGINT", "SIGTERM", "SIGBREAK"]
        previous = {}

        def handle(signum, frame):
            self.summary.stopped_by_signal = True
            self.request_stop()

        for name in names:
            sig = getattr(signal, name, None)
            if sig is not None:
                previous[sig] = signal.signal(sig, handle)

        def restore():
            for sig, old in previous.items():
                signal.signal(sig, old)

        return restore

    def _mail_settings(self):
        from .mail import MailError, SmtpSettings

        host = (self.environ.get("LKJ_SMTP_HOST") or "").strip() or self.config.smtp.get("host")
        if not host:
            return None
        try:
            return SmtpSettings.from_config(self.config.smtp, self.environ)
        except MailError as exc:
            raise WatchError(str(exc)) from None

    def _announce(self) -> None:
        lay = self.layout
        if self.opt.once:
            mode = "sekali jalan (--once)"
        elif self.opt.poll is not None:
            mode = f"memeriksa folder tiap {self.opt.poll:g} detik (--poll)"
        else:
            mode = "menunggu peristiwa folder"
        self._say(f"Mulai: folder {lay.inbox}, {mode}, {self.jobs} proses bersamaan. "
                  f"Hasil -> {lay.output}, asli -> {lay.archive}, ditolak -> {lay.rejected}.")
        if self.mail is None:
            self._say("Email tidak dikirim: [smtp] host belum diatur di lkj-excel.toml dan LKJ_SMTP_HOST kosong. "
                      "Workbook tetap dibuat di folder hasil.")
        else:
            self._say(f"Email dikirim lewat {self.mail.host}:{self.mail.port} ({self.mail.security}) dari "
                      f"{self.mail.sender}.")

    def _farewell(self) -> None:
        s = self.summary
        pending = len(self.journal.mails("pending", "sending"))
        why = "dihentikan" if self.stopping else "selesai"
        line = (f"Berhenti ({why}): {s.ok} berkas OK, {s.rejected} perlu perbaikan, {s.duplicates} sama dengan "
                f"yang sudah diproses; email terkirim {s.mails_sent}, gagal {s.mails_failed}")
        line += f", menunggu dikirim {pending}." if pending else "."
        waiting = [n for n in self._scan_names()] if self.stopping or self.opt.once else []
        if waiting:
            line += f" Masih di folder masuk (diproses pada jalan berikutnya): {len(waiting)} berkas."
        if self.deferred:
            line += f" Menunggu di area kerja (dicoba lagi pada jalan berikutnya): {len(self.deferred)} berkas."
        self._say(line)

    def _say(self, line: str, level: int = logging.INFO) -> None:
        log.log(level, line)
        self.echo(line, level >= logging.WARNING)

    def _start_observer(self):
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:  # pragma: no cover - watchdog is a dependency
            self._fallback_poll("watchdog tidak terpasang")
            return None
        wake = self.wake

        class _Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                wake.put("fs")

        observer = Observer()
        try:
            observer.schedule(_Handler(), str(self.layout.inbox), recursive=False)
            observer.start()
        except Exception as exc:  # inotify limits, unsupported share: fall back rather than stop
            self._fallback_poll(f"{type(exc).__name__}: {exc}")
            return None
        return observer

    def _fallback_poll(self, why: str) -> None:
        self.opt = _replace(self.opt, poll=5.0)
        self._say(f"Peristiwa folder tidak tersedia ({why}); folder diperiksa tiap 5 detik.", logging.WARNING)

    # -- the loop -------------------------------------------------------------------------------

    def _loop(self) -> None:
        deadline = time.monotonic() + self.opt.once_wait
        while True:
            self._collect()
            if not self.stopping:
                if self._scan_due():
                    self._scan()
                self._claim_ready()
            # Claimed files are in hand even when a stop was asked for: staff saw them leave masuk.
            self._start_builds()
            if not self.stopping:
                self._send_due_mails()
            idle = not self.inflight and not self.ready_jobs
            if idle and (self.stopping or (self.opt.once and self._once_finished(deadline))):
                return
            self._wait(self._timeout())

    def _once_finished(self, deadline: float) -> bool:
        if self.ready_jobs:
            return False
        # A file held open by another program (e.g. Excel) is left for the next run at once.
        if all(c.waiting == "busy" for c in self.candidates.values()):
            return True
        if time.monotonic() >= deadline:
            self._say(f"Waktu tunggu --once habis; {len(self.candidates)} berkas masih berubah atau dipakai "
                      "program lain dan dibiarkan untuk jalan berikutnya.", logging.WARNING)
            return True
        return False

    def _scan_due(self) -> bool:
        now = time.monotonic()
        if self.opt.poll is not None and not self.opt.once:
            return now >= self._next_scan
        return self._dirty or bool(self.candidates) or now >= self._next_scan

    def _timeout(self) -> float:
        now = time.monotonic()
        waits = [1.0]  # bounded, so a stop request is seen even where lock waits ignore signals
        if self.candidates:
            waits.append(max(0.05, min(self.opt.settle / 4, 0.5)))
        if self.deferred:
            waits.append(max(0.0, min(self.deferred.values()) - now))
        if self.opt.poll is not None and not self.opt.once:
            waits.append(max(0.0, self._next_scan - now))
        elif self.opt.once and self.candidates:
            waits.append(0.05)
        if self.mail is not None:
            due = self.journal.next_mail_time()
            if due is not None:
                waits.append(max(0.0, due - time.time()))
        return min(waits)

    def _wait(self, timeout: float) -> None:
        try:
            token = self.wake.get(timeout=timeout)
        except queue.Empty:
            return
        while True:
            if token == "fs":
                self._dirty = True
            try:
                token = self.wake.get_nowait()
            except queue.Empty:
                return

    # -- scanning and claiming --------------------------------------------------------------------

    def _scan_names(self) -> list[str]:
        try:
            entries = list(os.scandir(self.layout.inbox))
        except OSError:
            return []
        names = []
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat_module.S_ISREG(st.st_mode) and not is_ignored(entry.name, st):
                names.append(entry.name)
        return names

    def _scan(self) -> None:
        now = time.monotonic()
        self._dirty = False
        interval = self.opt.poll if (self.opt.poll is not None and not self.opt.once) else self.opt.rescan
        self._next_scan = now + interval
        try:
            entries = list(os.scandir(self.layout.inbox))
        except OSError as exc:
            self._say(f"Folder {self.layout.inbox} tidak dapat dibaca ({exc.strerror or exc}); dicoba lagi.",
                      logging.WARNING)
            return
        seen = set()
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat_module.S_ISREG(st.st_mode) or is_ignored(entry.name, st):
                continue
            if not _storable(entry.name):
                if entry.name not in self._bad_names:
                    self._bad_names.add(entry.name)
                    self._say(f"Berkas {entry.name!r} dilewati: namanya bukan teks UTF-8 yang sah; ganti namanya.",
                              logging.WARNING)
                continue
            signature = (st.st_size, st.st_mtime_ns, getattr(st, "st_ctime_ns", 0))
            seen.add(entry.name)
            known = self.candidates.get(entry.name)
            if known is None or known.signature != signature:
                self.candidates[entry.name] = _Candidate(signature, now, now)
            else:
                known.last_seen = now
        for name in list(self.candidates):
            if name not in seen:
                del self.candidates[name]

    def _claim_ready(self) -> None:
        now = time.monotonic()
        for name, cand in sorted(self.candidates.items(), key=lambda item: (item[1].since, item[0])):
            if len(self.inflight) + len(self.ready_jobs) + len(self.deferred) >= self.jobs:
                return
            # Stable means: two observations at least `settle` apart saw the same size and times.
            if cand.last_seen - cand.since < self.opt.settle:
                continue
            path = self.layout.inbox / name
            try:
                st = path.stat()
            except OSError:
                self.candidates.pop(name, None)
                continue
            if (st.st_size, st.st_mtime_ns, getattr(st, "st_ctime_ns", 0)) != cand.signature:
                self.candidates[name] = _Candidate((st.st_size, st.st_mtime_ns, getattr(st, "st_ctime_ns", 0)),
                                                   now, now)
                continue
            state = _completeness(path)
            if state == "gone":
                del self.candidates[name]
                continue
            if state == "busy":
                cand.waiting = "busy"
                if not cand.noted and now - cand.since > self.opt.grace:
                    cand.noted = True
                    self._say(f"MENUNGGU {name}: masih dibuka program lain; diproses setelah ditutup.",
                              logging.WARNING)
                continue
            if state == "incomplete" and now - cand.since < self.opt.grace and not self._old(path):
                cand.waiting = "incomplete"
                continue
            job_id = self._claim(name, cand)
            if job_id is not None:
                self.ready_jobs.append(job_id)

    def _old(self, path: Path) -> bool:
        # --once keeps no memory between runs, so a cut-off file would wait forever; one whose own
        # time stamp has not moved for the grace period is taken as final and refused with a note.
        if not self.opt.once:
            return False
        try:
            return time.time() - path.stat().st_mtime > self.opt.grace
        except OSError:
            return False

    def _claim(self, name: str, cand: _Candidate) -> int | None:
        lay = self.layout
        src = lay.inbox / name
        job_id = self.journal.new_job(name, json.dumps(lay.names))
        job_dir = lay.work / str(job_id)
        dst = job_dir / lay.names[2] / name
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
        except OSError as exc:
            self.journal.delete(job_id)
            _remove_empty_tree(job_dir)
            if exc.errno == errno.EXDEV:
                raise WatchError(f"Folder {lay.inbox} dan {lay.state} ada di disk yang berbeda; semua folder "
                                 "lkj-excel harus di satu disk agar berkas dipindah utuh dalam satu langkah.") from None
            if isinstance(exc, FileNotFoundError):
                self.candidates.pop(name, None)
            else:
                now = time.monotonic()
                cand.since = cand.last_seen = now  # try again after another settle period
                cand.waiting = "busy"
                if not cand.noted:
                    cand.noted = True
                    self._say(f"MENUNGGU {name}: belum dapat dipindahkan ({exc.strerror or exc}); dicoba lagi.",
                              logging.WARNING)
            return None
        _fsync_dir(lay.inbox)
        _fsync_dir(dst.parent)
        self.candidates.pop(name, None)
        sha, size = file_sha256(dst)
        self.journal.update(job_id, state="claimed", sha256=sha, size=size)
        log.info("Diambil %s (%s byte, sha256 %s), pekerjaan #%d.", name, size, sha[:12], job_id)
        return job_id

    # -- building ----------------------------------------------------------------------------------

    def _executor(self):
        if self.executor is None:
            if self.jobs == 1:
                self.executor = _InlineExecutor()
            else:
                import multiprocessing

                # spawn, not fork: the watchdog observer and SQLite live in threads/handles of this
                # process that a forked child must not inherit half-way.
                self.executor = ProcessPoolExecutor(max_workers=self.jobs,
                                                    mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=_worker_init)
        return self.executor

    def _start_builds(self) -> None:
        now = time.monotonic()
        for job_id, due in list(self.deferred.items()):
            if due <= now and not self.stopping:
                del self.deferred[job_id]
                self.ready_jobs.append(job_id)
        while self.ready_jobs and len(self.inflight) < self.jobs:
            if any(job_id in self._suspects for job_id in self.inflight.values()):
                return  # a suspect builds alone
            if self.ready_jobs[0] in self._suspects and self.inflight:
                return
            job = self.journal.get(self.ready_jobs.pop(0))
            if job is None or job.state != "claimed":
                continue
            duplicate = self._duplicate_of(job)
            if duplicate is not None:
                self._set(job, state="built", result="duplicate",
                          detail=json.dumps({"same_as": duplicate.out_target, "when": duplicate.finished}))
                self._finish(job)
                continue
            self._clean_job_dir(job)
            job_dir = self.layout.work / str(job.id)
            try:
                future = self._executor().submit(build_job, str(job_dir), job.name, self.config, self._dirs(job))
            except BrokenProcessPool:
                self._reset_pool()
                self.ready_jobs.insert(0, job.id)
                return
            self.inflight[future] = job.id
            future.add_done_callback(lambda _f: self.wake.put("done"))
            if job.id in self._suspects:
                return

    def _duplicate_of(self, job: Job) -> Job | None:
        """An identical file (same name and bytes) whose finished workbook is still in hasil: building
        it again would only make a second copy and a second email."""
        for earlier in self.journal.finished_ok_like(job.sha256, job.name):
            if not earlier.out_target or not earlier.out_sha:
                continue
            path = self.layout.root / earlier.out_target
            try:
                if path.is_file() and file_sha256(path)[0] == earlier.out_sha:
                    return earlier
            except OSError:
                continue
        return None

    def _clean_job_dir(self, job: Job) -> None:
        """Before a (re)build: drop whatever an interrupted build left; never the original."""
        job_dir = self.layout.work / str(job.id)
        for name in (self._dirs(job)[1], self._dirs(job)[3]):
            folder = job_dir / name
            if folder.is_dir():
                for item in folder.iterdir():
                    if item.is_file() or item.is_symlink():
                        item.unlink()

    def _reset_pool(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = None

    def _collect(self) -> None:
        done = [f for f in self.inflight if f.done()]
        if any(_broke(f) for f in done) and len(done) < len(self.inflight):
            # The whole pool is gone; its other futures fail a moment later. Take them together, so
            # one dead worker counts as one event.
            wait_futures(list(self.inflight), timeout=30)
            done = [f for f in self.inflight if f.done()]
        broken: list[Job] = []
        for future in done:
            job_id = self.inflight.pop(future)
            job = self.journal.get(job_id)
            try:
                outcome = future.result()
            except CancelledError:
                continue
            except BrokenProcessPool:
                broken.append(job)
                continue
            except Exception as exc:  # the worker catches everything; this is the pool itself failing
                outcome = self._internal_failure(job, f"{type(exc).__name__}: {exc}")
            self._suspects.discard(job.id)
            if outcome["result"] == "retry":
                from .mail import retry_delays

                tries = self._retries[job.id] = self._retries.get(job.id, 0) + 1
                delay = retry_delays(tries, base=BUILD_RETRY, cap=3600.0)
                self.deferred[job.id] = time.monotonic() + delay
                self._say(f"MENUNGGU {job.name}: workbook tidak dapat ditulis ({outcome['message']}); berkas "
                          f"disimpan di area kerja dan dicoba lagi dalam {delay:g} detik.", logging.WARNING)
                continue
            self._record_built(job, outcome)
            self._finish(job)
        if broken:
            self._reset_pool()
            if len(broken) == 1:
                self._build_crashed(broken[0])
            else:
                # One dead worker breaks every future of the pool: which file killed it is unknown,
                # so each is built again on its own before any of them is blamed.
                for job in broken:
                    self._suspects.add(job.id)
                    if not self.stopping:
                        self.ready_jobs.insert(0, job.id)

    def _build_crashed(self, job: Job) -> None:
        crashes = job.crashes + 1
        self._set(job, crashes=crashes)
        if crashes < MAX_BUILD_CRASHES:
            self._say(f"Proses pembuat workbook berhenti mendadak saat mengerjakan {job.name}; dicoba lagi "
                      f"({crashes}/{MAX_BUILD_CRASHES}).", logging.WARNING)
            if not self.stopping:
                self.ready_jobs.append(job.id)
            else:
                log.info("Pekerjaan #%d dilanjutkan pada jalan berikutnya.", job.id)
            return
        outcome = self._internal_failure(job, f"proses pembuat workbook berhenti mendadak {crashes} kali")
        self._record_built(job, outcome)
        self._finish(job)

    def _internal_failure(self, job: Job, why: str) -> dict:
        from .summary import note_bytes, rejection_note

        text = f"Berkas '{job.name}' tidak dapat diproses: {why}."
        note_dir = self.layout.work / str(job.id) / self._dirs(job)[3]
        note_dir.mkdir(parents=True, exist_ok=True)
        note_name = job.name + ".perbaikan.txt"
        _write_atomic(note_dir / note_name, note_bytes(rejection_note(job.name, problem=text)))
        return {"result": "error", "note": note_name, "errors": 0, "warnings": 0, "message": text}

    def _record_built(self, job: Job, outcome: dict) -> None:
        job_dir = self.layout.work / str(job.id)
        detail = {k: outcome.get(k) for k in ("errors", "warnings", "message")}
        if outcome["result"] == "ok":
            out = job_dir / self._dirs(job)[1] / outcome["output"]
            _fsync_file(out)
            sha, _ = file_sha256(out)
            self._set(job, state="built", result="ok", out_name=outcome["output"], out_sha=sha,
                      detail=json.dumps(detail), mail_subject=outcome["subject"], mail_body=outcome["body"],
                      mail_to=json.dumps(outcome["recipients"]))
        else:
            note = job_dir / self._dirs(job)[3] / outcome["note"]
            sha, _ = file_sha256(note)
            self._set(job, state="built", result=outcome["result"], note_name=outcome["note"], note_sha=sha,
                      detail=json.dumps(detail))

    # -- finishing: moves to the public folders --------------------------------------------------

    def _dirs(self, job: Job) -> tuple[str, str, str, str]:
        """The folder names inside the job's work directory, as configured when it was claimed: the
        config may change between a crash and the restart."""
        if job.dirs:
            return tuple(json.loads(job.dirs))
        return self.layout.names

    def _set(self, job: Job, **values) -> None:
        self.journal.update(job.id, **values)
        for key, value in values.items():
            setattr(job, key, value)

    def _place(self, job: Job, kind: str, src: Path, folder: Path, name: str, sha: str) -> str:
        """Move src into folder under name (or name (2), ...), never overwriting; idempotent across
        crashes because the chosen name is journaled before the move."""
        column = f"{kind}_target"
        recorded = getattr(job, column)
        if recorded:
            dst = self.layout.root / recorded
            if not os.path.lexists(src):
                return recorded  # the move happened before the interruption
            if os.path.lexists(dst) and _same_file(src, dst, sha):
                os.unlink(src)  # link done, unlink not yet
                _fsync_dir(src.parent)
                return recorded
        elif not os.path.lexists(src):
            raise _Missing(f"Berkas kerja {src} hilang sebelum dipindahkan (dihapus dari luar lkj-excel?).")
        for candidate in _numbered(name):
            dst = folder / candidate
            if os.path.lexists(dst):
                continue
            rel = self.layout.rel(dst)
            self._set(job, **{column: rel})
            try:
                rename_noreplace(src, dst)
            except FileExistsError:
                continue
            except OSError as exc:
                raise WatchError(f"{src.name} tidak dapat dipindahkan ke {folder} ({exc.strerror or exc}); "
                                 "periksa izin dan ruang folder itu, lalu jalankan lagi.") from None
            _fsync_dir(folder)
            _fsync_dir(src.parent)
            return rel
        raise WatchError(f"Terlalu banyak berkas bernama {name} di {folder}; kosongkan folder itu dulu.")

    def _finish(self, job: Job) -> None:
        lay = self.layout
        job_dir = lay.work / str(job.id)
        dirs = self._dirs(job)
        original = job_dir / dirs[2] / job.name
        try:
            if job.result == "ok":
                self._place(job, "out", job_dir / dirs[1] / job.out_name, lay.output, job.out_name,
                            job.out_sha)
                self._place(job, "orig", original, lay.archive, job.name, job.sha256)
            elif job.result == "duplicate":
                self._place(job, "orig", original, lay.archive, job.name, job.sha256)
            else:
                orig_rel = self._place(job, "orig", original, lay.rejected, job.name, job.sha256)
                note_name = _fit_name(PurePosixPath(orig_rel).name + ".perbaikan.txt")
                self._place(job, "note", job_dir / dirs[3] / job.note_name, lay.rejected, note_name,
                            job.note_sha)
        except _Missing as exc:
            self._say(f"GALAT  {job.name}: {exc}", logging.ERROR)
            self._set(job, state="done", finished=time.time())
            return
        final = lay.root / job.orig_target
        try:
            intact = file_sha256(final)[0] == job.sha256
        except OSError:
            intact = True  # already taken away by someone; nothing of ours to check
        if not intact:
            self._say(f"GALAT  isi {lay.shown(job.orig_target)} tidak sama dengan berkas yang diambil dari "
                      "folder masuk (diubah program lain selama diproses?).", logging.ERROR)
        mail = self._mail_state(job)
        values = {"state": "done", "finished": time.time(), "mail_state": mail}
        if mail == "pending":
            values.update(mail_next=time.time(), mail_to=json.dumps(list(self._recipients(job))))
        self._set(job, **values)
        _remove_empty_tree(job_dir)
        self._report_done(job)

    def _mail_state(self, job: Job) -> str | None:
        if job.result != "ok":
            return None
        if self.mail is None:
            return "off"
        return "pending" if self._recipients(job) else "no-recipients"

    def _recipients(self, job: Job) -> tuple[str, ...]:
        from .mail import MailError, parse_addresses

        try:
            return parse_addresses(list(job.recipients) + list(self.mail.default_recipients if self.mail else ()))
        except MailError:
            return ()

    def _report_done(self, job: Job) -> None:
        lay = self.layout
        self.finished_this_run += 1
        total = self.finished_this_run + len(self.inflight) + len(self.ready_jobs) + len(self.candidates)
        progress = f"[{self.finished_this_run}/{total}]"
        detail = job.details
        orig = lay.shown(job.orig_target)
        if job.result == "ok":
            self.summary.ok += 1
            mail = {"pending": "; email menunggu dikirim", "off": "",
                    "no-recipients": "; tanpa email (tidak ada penerima)"}.get(job.mail_state or "", "")
            self._say(f"{progress} OK     {job.name} -> {lay.shown(job.out_target)} "
                      f"({detail.get('warnings', 0)} peringatan); asli -> {orig}{mail}")
        elif job.result == "duplicate":
            self.summary.duplicates += 1
            same = lay.shown(detail.get("same_as") or "")
            self._say(f"{progress} SAMA   {job.name}: sama persis dengan berkas yang sudah diproses ({same}); "
                      f"tidak dibuat atau dikirim ulang. Asli -> {orig}")
        else:
            self.summary.rejected += 1
            note = lay.shown(job.note_target) if job.note_target else "-"
            if job.result == "invalid":
                why = f"{detail.get('errors', 0)} galat"
            elif job.result == "unreadable":
                why = detail.get("message") or "bukan workbook yang dapat dibaca"
            else:
                why = detail.get("message") or "tidak dapat diproses"
            self._say(f"{progress} GAGAL  {job.name}: {why.rstrip('.')}. Asli -> {orig}, catatan -> {note}",
                      logging.WARNING)

    # -- recovery ---------------------------------------------------------------------------------

    def _recover(self) -> None:
        unfinished = self.journal.unfinished()
        if unfinished:
            self._say(f"Melanjutkan {len(unfinished)} pekerjaan yang terputus sebelumnya.")
        live = set()
        for job in unfinished:
            if job.state == "claiming":
                original = self.layout.work / str(job.id) / self._dirs(job)[2] / job.name
                if original.is_file():
                    sha, size = file_sha256(original)
                    self._set(job, state="claimed", sha256=sha, size=size)
                else:
                    # The move out of masuk never happened: the file is still there (or was taken away).
                    self.journal.delete(job.id)
                    _remove_empty_tree(self.layout.work / str(job.id))
                    continue
            if job.state == "claimed":
                self.ready_jobs.append(job.id)
                live.add(str(job.id))
            elif job.state == "built":
                live.add(str(job.id))
                self._finish(job)
        for job in self.journal.mails("sending"):
            self._say(f"Email untuk {job.out_target} mungkin sudah terkirim sebelum program berhenti mendadak; "
                      "dikirim lagi dengan Message-ID yang sama.", logging.WARNING)
            self.journal.update(job.id, mail_state="pending", mail_next=time.time())
        self._sweep_orphans(live)

    def _sweep_orphans(self, live: set[str]) -> None:
        """Work directories no unfinished job owns: an original found there goes back to masuk,
        anything else there is a leftover of ours."""
        try:
            entries = list(self.layout.work.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name in live or not entry.is_dir():
                continue
            owner = self.journal.get(int(entry.name)) if entry.name.isdigit() else None
            dirs = self._dirs(owner) if owner is not None else self.layout.names
            originals = entry / dirs[2]
            if originals.is_dir():
                for item in originals.iterdir():
                    if item.is_file():
                        for candidate in _numbered(item.name):
                            try:
                                rename_noreplace(item, self.layout.inbox / candidate)
                            except FileExistsError:
                                continue
                            self._say(f"Berkas {item.name} ditemukan di area kerja tanpa catatan jurnal; "
                                      f"dikembalikan ke folder masuk sebagai {candidate}.", logging.WARNING)
                            break
            for folder in (entry / dirs[1], entry / dirs[3]):
                if folder.is_dir():
                    for item in folder.iterdir():
                        if item.is_file():
                            item.unlink()
            _remove_empty_tree(entry)

    # -- mail ---------------------------------------------------------------------------------------

    def _send_due_mails(self) -> None:
        if self.mail is None:
            return
        for job in self.journal.due_mails(time.time()):
            if self.stopping:
                return
            self._send_one(job)

    def _send_one(self, job: Job) -> None:
        from email.utils import make_msgid

        from .mail import MailError, build_message, retry_delays, send

        lay = self.layout
        path = lay.root / job.out_target if job.out_target else None
        shown = lay.shown(job.out_target) if job.out_target else job.name
        recipients = self._recipients(job)
        if path is None or not path.is_file():
            self._set(job, mail_state="failed", mail_error="workbook tidak ada lagi di folder hasil")
            self.summary.mails_failed += 1
            self._say(f"EMAIL  {shown}: tidak dikirim, workbook sudah tidak ada di folder hasil.", logging.ERROR)
            return
        if not recipients:
            self._set(job, mail_state="no-recipients")
            return
        message_id = job.mail_id or make_msgid(domain=self.mail.sender.partition("@")[2])
        self._set(job, mail_state="sending", mail_id=message_id)
        attempt = job.mail_attempts + 1
        try:
            message = build_message([path], sender=self.mail.sender, to=list(recipients), subject=job.mail_subject,
                                    body=job.mail_body)
            # The same Message-ID on every attempt lets mail programs fold a copy resent after a crash.
            message.replace_header("Message-ID", message_id)
            send(message, self.mail)
        except MailError as exc:
            if exc.transient:
                delay = retry_delays(attempt, base=self.opt.retry_base, cap=self.opt.retry_cap)
                when = time.time() + delay
                self._set(job, mail_state="pending", mail_attempts=attempt, mail_next=when, mail_error=str(exc))
                self._say(f"EMAIL  {shown}: gagal (percobaan {attempt}), dicoba lagi pukul "
                          f"{time.strftime('%H.%M.%S', time.localtime(when))}: {exc}", logging.WARNING)
            else:
                self._set(job, mail_state="failed", mail_attempts=attempt, mail_error=str(exc))
                self.summary.mails_failed += 1
                self._say(f"EMAIL  {shown}: gagal dan tidak dicoba lagi otomatis: {exc} Workbook tetap ada di "
                          f"folder hasil; kirim manual dengan: lkj-excel send \"{path}\" --to ALAMAT",
                          logging.ERROR)
            return
        self._set(job, mail_state="sent", mail_attempts=attempt, mail_sent_at=time.time(), mail_error=None)
        self.summary.mails_sent += 1
        self._say(f"EMAIL  {shown} -> {', '.join(recipients)}: terkirim.")


def _stop_observer(observer) -> None:
    # watchdog's inotify emitter logs a harmless English ERROR when stopped while an event is in
    # flight; it would reach the console of an office user as noise.
    noisy = logging.getLogger("watchdog.observers.inotify")
    level = noisy.level
    noisy.setLevel(logging.CRITICAL)
    try:
        observer.stop()
        observer.join(timeout=5)
    finally:
        noisy.setLevel(level)


def _broke(future: Future) -> bool:
    return not future.cancelled() and isinstance(future.exception(), BrokenProcessPool)


def _storable(name: str) -> bool:
    # A name decoded with surrogate escapes (bytes that are not UTF-8) cannot go into the journal.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _hide(path: Path) -> None:
    # On Windows a leading dot does not hide a folder; staff should not wander into the work area.
    if os.name != "nt":
        return
    try:
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)
    except (AttributeError, OSError):
        pass


def _same_file(a: Path, b: Path, sha: str | None) -> bool:
    try:
        if os.path.samefile(a, b):
            return True
        return sha is not None and file_sha256(b)[0] == sha
    except OSError:
        return False


def _fit_name(name: str, limit: int = 240) -> str:
    # Most filesystems cap a name at 255 bytes; the note adds its suffix to a name that may be long.
    if len(name.encode("utf-8")) <= limit:
        return name
    suffix = ".perbaikan.txt"
    stem = name[: -len(suffix)] if name.endswith(suffix) else name
    while len((stem + "…" + suffix).encode("utf-8")) > limit:
        stem = stem[:-1]
    return stem + "…" + suffix


def _remove_empty_tree(path: Path) -> None:
    """rmdir bottom-up; a directory that still holds anything stays."""
    if not path.is_dir():
        return
    for sub in sorted((p for p in path.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            sub.rmdir()
        except OSError:
            pass
    try:
        path.rmdir()
    except OSError:
        pass


def _replace(options: WatchOptions, **changes) -> WatchOptions:
    from dataclasses import replace

    return replace(options, **changes)


# --------------------------------------------------------------------------------------------
# Entry points


def watch(root: str | os.PathLike, config: Config = Config(), options: WatchOptions = WatchOptions(), *,
          environ: Mapping[str, str] | None = None, echo: Echo | None = None,
          stop: threading.Event | None = None) -> WatchSummary:
    """Run the drop-folder watcher until stopped (or, with options.once, until the inbox is done).

    `stop` lets a caller in another thread end it like SIGTERM does. Raises WatchError for anything
    that stops it from running (Indonesian message)."""
    watcher = Watcher(root, config, options, os.environ if environ is None else environ, echo or _default_echo)
    if stop is None:
        return watcher.run()
    ended = threading.Event()

    def relay():
        while not ended.is_set():
            if stop.wait(0.1):
                watcher.request_stop()
                return

    threading.Thread(target=relay, daemon=True, name="lkj-watch-stop").start()
    try:
        return watcher.run()
    finally:
        ended.set()


@dataclass
class WatchStatus:
    root: Path
    exists: bool
    running: bool = False
    counts: dict = field(default_factory=dict)
    unfinished: list[Job] = field(default_factory=list)
    pending: list[Job] = field(default_factory=list)
    failed: list[Job] = field(default_factory=list)
    waiting_in_inbox: int = 0


def read_status(root: str | os.PathLike, config: Config = Config()) -> WatchStatus:
    layout = Layout.of(root, config)
    if not layout.journal.is_file():
        status = WatchStatus(layout.root, False)
        status.waiting_in_inbox = _count_inbox(layout)
        return status
    try:
        with Journal(layout.journal, readonly=True) as journal:
            status = WatchStatus(layout.root, True, _watcher_running(layout), journal.counts(),
                                 journal.unfinished(), journal.mails("pending", "sending"), journal.mails("failed"))
    except JournalError as exc:
        raise WatchError(str(exc)) from None
    status.waiting_in_inbox = _count_inbox(layout)
    return status


def _count_inbox(layout: Layout) -> int:
    try:
        return sum(1 for e in os.scandir(layout.inbox) if e.is_file(follow_symlinks=False) and not is_ignored(e.name))
    except OSError:
        return 0


def format_status(status: WatchStatus) -> list[str]:
    lines = [f"Folder: {status.root}"]
    if not status.exists:
        lines.append("Belum ada jurnal: lkj-excel watch belum pernah dijalankan untuk folder ini.")
        lines.append(f"Berkas menunggu di folder masuk: {status.waiting_in_inbox}")
        return lines
    lines.append("Pengawas: " + ("sedang berjalan" if status.running else "tidak berjalan"))
    results = status.counts.get("result", {})
    done = sum(results.values())
    lines.append(f"Berkas selesai: {done} (OK {results.get('ok', 0)}, perlu perbaikan "
                 f"{sum(results.get(k, 0) for k in ('invalid', 'unreadable', 'error'))}, "
                 f"sama dengan yang sudah diproses {results.get('duplicate', 0)})")
    lines.append(f"Sedang dikerjakan: {len(status.unfinished)}")
    lines.append(f"Berkas menunggu di folder masuk: {status.waiting_in_inbox}")
    mails = status.counts.get("mail", {})
    waiting = mails.get("pending", 0) + mails.get("sending", 0)
    lines.append(f"Email: terkirim {mails.get('sent', 0)}, menunggu {waiting}, "
                 f"gagal {mails.get('failed', 0)}, tanpa penerima {mails.get('no-recipients', 0)}, "
                 f"email tidak diatur {mails.get('off', 0)}")
    for job in status.pending:
        when = time.strftime("%Y-%m-%d %H.%M.%S", time.localtime(job.mail_next)) if job.mail_next else "segera"
        line = f"  menunggu: {job.out_target} -> {', '.join(job.recipients) or '(penerima bawaan)'}; " \
               f"percobaan {job.mail_attempts}, berikutnya {when}"
        if job.mail_error:
            line += f"; galat terakhir: {job.mail_error}"
        lines.append(line)
    for job in status.failed:
        lines.append(f"  gagal: {job.out_target}: {job.mail_error or '-'} (kirim manual: lkj-excel send)")
    return lines
