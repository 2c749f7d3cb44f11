"""Builds, in worker processes: one claimed input in, plain data for the journal out.

A worker writes only inside its job's work directory, so a build that is interrupted (the watcher
killed, the worker dead or hung) is thrown away and done again. The pool is watched from outside:
a worker that dies breaks the pool (BrokenProcessPool), and a build still running after
`build_timeout` is taken for a hung worker and its pool is ended, so neither can hold the watcher.
"""

from __future__ import annotations

import errno
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Callable

from ..config import Config

# The rejection note's name inside the work directory: short, whatever the input is called. Its
# public name, beside the refused file, is fitted when it is moved there.
NOTE_NAME = "catatan.perbaikan.txt"
# ProcessPoolExecutor cannot wait on more than 61 workers on Windows (WaitForMultipleObjects).
WINDOWS_MAX_WORKERS = 61

Builder = Callable[[str, str, str, Config, tuple, float], dict]


def max_workers(requested: int) -> int:
    return min(requested, WINDOWS_MAX_WORKERS) if os.name == "nt" else requested


def build_job(job_dir: str, work_name: str, name: str, config: Config, names: tuple[str, str, str, str],
              pdf_timeout: float | None = None) -> dict:
    """Build one claimed input inside its work directory; `name` is what staff called the file.

    The work directory mirrors ROOT (<job>/<archive>/<work_name> is the original, under the name it
    will have in the archive; <job>/<output>/ gets the finished workbook), so the workbook's relative
    links to its original's cells hold once both files have moved into ROOT."""
    from ..api import BuildError, UnreadableWorkbook, build_file
    from ..fileops import write_atomic
    from ..findings import ERROR, WARNING
    from ..summary import mail_body_for, note_bytes, rejection_note, subject_for
    from .outputs import mark_refused, write_documents

    base = Path(job_dir)
    _, output_name, archive_name, rejected_name = names
    source = base / archive_name / work_name
    out_dir = base / output_name
    note_dir = base / rejected_name

    def refuse(result: str, text: str, errors: int = 0, warnings: int = 0, message: str = "") -> dict:
        note_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(note_dir / NOTE_NAME, note_bytes(text))
        return {"result": result, "note": NOTE_NAME, "errors": errors, "warnings": warnings, "message": message}

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
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
            # The staff's own file back with its cells marked, beside the note (issue 10).
            marked, paragraph = mark_refused(source, findings, note_dir)
            text = rejection_note(name, findings=findings).rstrip("\n") + "\n\n" + paragraph + "\n"
            refused = refuse("invalid", text, errors, warnings)
            refused.update(marked=marked, notes=[] if marked else [paragraph])
            return refused
        # Beside the workbook, from the same computed results: the LKj document (and its PDF).
        extras = write_documents(built.check, built.output, config, pdf_timeout)
    except OSError as exc:
        if _name_too_long(exc):
            # Names are fitted before they are made; should one still be too long for this system,
            # waiting cannot help: the file is refused with a note under a short name.
            text = f"Berkas '{name}' tidak dapat diproses: nama atau jalur berkasnya terlalu panjang untuk sistem ini."
            try:
                return refuse("error", rejection_note(name, problem=text), message=text)
            except OSError:
                pass
        # Only our own work directory is touched here, so the disk or the share failed (full, gone,
        # no permission), not the staff member's file: keep it and try again later.
        return {"result": "retry", "message": f"{exc.strerror or exc}"}
    report = built.check.report
    return {
        "result": "ok",
        "output": built.output.name,
        "errors": 0,
        "warnings": warnings,
        "subject": subject_for(report),
        "body": mail_body_for(report, findings, config, name, built.check.results),
        "recipients": list(report.identity.email_penerima),
        **extras,
    }


def _name_too_long(exc: OSError) -> bool:
    # ERROR_FILENAME_EXCED_RANGE (206) and ERROR_PATH_NOT_FOUND for an over-long path on Windows.
    return exc.errno == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == 206


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


class InlineExecutor:
    """jobs=1: build in this process (no pool start-up cost); same Future interface."""

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        return None

    def end(self) -> None:
        return None

    def close(self) -> None:
        return None


class Pool:
    """A spawn-started process pool that can also be ended from outside when a worker hangs."""

    def __init__(self, workers: int):
        import multiprocessing

        # spawn, not fork: the watchdog observer and SQLite live in threads/handles of this process
        # that a forked child must not inherit half-way. It is also the only method on Windows.
        self._executor = ProcessPoolExecutor(max_workers=max_workers(workers),
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_worker_init)

    def submit(self, fn, *args) -> Future:
        return self._executor.submit(fn, *args)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=cancel_futures)

    def end(self) -> None:
        """Kill every worker (a hung build cannot be asked to stop) and drop the pool. The futures
        of its builds then fail with BrokenProcessPool."""
        # Python 3.14 has terminate_workers(); before it, the pool's own table of processes.
        terminate = getattr(self._executor, "terminate_workers", None)
        if terminate is not None:
            terminate()
        else:
            for process in list((getattr(self._executor, "_processes", None) or {}).values()):
                try:
                    process.kill()
                except (OSError, AttributeError, ValueError):
                    pass
        self._executor.shutdown(wait=False, cancel_futures=True)

    def close(self, wait: float = 10.0) -> None:
        """The watcher is stopping with nothing in flight: let the workers exit, but never wait
        without bound for one that does not."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + wait
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
        if any(p.is_alive() for p in processes):
            self.end()


class Deadlines:
    """When each running build must be finished by (monotonic seconds)."""

    def __init__(self, timeout: float, clock: Callable[[], float] = time.monotonic):
        self.timeout = timeout
        self.clock = clock
        self._due: dict[Future, float] = {}

    def start(self, future: Future) -> None:
        self._due[future] = self.clock() + self.timeout

    def drop(self, future: Future) -> None:
        self._due.pop(future, None)

    def overdue(self) -> list[Future]:
        now = self.clock()
        return [f for f, due in self._due.items() if due <= now and not f.done()]

    def next_due(self) -> float | None:
        return min(self._due.values()) if self._due else None
