"""The watcher's loop: look at the inbox, claim settled files into the work area, hand them to
workers, and move what the workers made into the public folders. The main process owns the journal
and every file move; workers only write inside a job's work directory (worker.py).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import queue
import shutil
import threading
import time
from concurrent.futures import CancelledError, Future
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Callable, Mapping

from ..config import Config
from ..fileops import file_sha256, fsync_dir, is_sharing_violation, retry_sharing
from ..oserrors import why_not_written
from . import worker
from .inbox import Candidate, Inbox, completeness, signature
from .journal import Job, Journal, JournalError
from .layout import Layout, WatchError, WatchOptions, WatchSummary
from .lock import Held, WatchLock
from .logfile import LogFile, log
from .moves import Missing, PutOff, fitted, hide, place, remove_empty_tree
from .outbox import Outbox, mail_settings
from .recovery import claimed_original, job_dirs, sweep_orphans, unclaim_or_hash
from . import jobkill, outputs, signals

MAX_BUILD_CRASHES = 3  # a file whose build kills (or hangs) its worker this often is refused
BUILD_RETRY = 60.0  # seconds before a build that failed for an outside reason (disk full) is retried

Echo = Callable[[str, bool], None]


def default_echo(line: str, is_error: bool) -> None:
    print(line, flush=True)


class Watcher:
    def __init__(self, root: str | os.PathLike, config: Config, options: WatchOptions,
                 environ: Mapping[str, str], echo: Echo, builder: worker.Builder | None = None):
        self.layout = Layout.of(root, config, environ)
        self.config = config
        self.opt = options
        self.environ = environ
        self.echo = echo
        # The build function handed to workers; tests inject one (a module-level function, so a
        # spawned worker can import it) that crashes or hangs.
        self.builder = builder or worker.build_job
        self.jobs = max(1, worker.max_workers(options.jobs or os.cpu_count() or 1))
        self.wake: "queue.SimpleQueue[str]" = queue.SimpleQueue()
        self.stopping = False
        self.stopped = threading.Event()
        self.summary = WatchSummary()
        self.inbox = Inbox(self.layout.inbox)
        self.inflight: dict[Future, int] = {}
        self.deadlines = worker.Deadlines(options.build_timeout)
        self.ready_jobs: list[int] = []  # claimed, waiting for a worker
        self.later: dict[int, float] = {}  # put off (outside failure, file held by another program): when
        self._retries: dict[int, int] = {}
        self._suspects: set[int] = set()  # in a pool that broke with others: built alone next time
        self.finished_this_run = 0
        self.journal: Journal | None = None
        self.outbox: Outbox | None = None
        self.executor = None
        self._dirty = True
        self._next_scan = 0.0

    @property
    def candidates(self) -> dict[str, Candidate]:
        return self.inbox.candidates

    # -- lifecycle ----------------------------------------------------------------------------

    def request_stop(self) -> None:
        """Safe from a signal handler: only a flag and a reentrant queue put."""
        if not self.stopping:
            self.summary.stopped_by_signal = True
        self.stopping = True
        self.wake.put("stop")

    def run(self) -> WatchSummary:
        lay = self.layout
        if not lay.root.is_dir():
            try:
                lay.root.mkdir()  # one level only: a mistyped path should not grow a folder tree
            except OSError as exc:
                raise WatchError(f"Folder {lay.root} tidak ada dan tidak dapat dibuat: {why_not_written(exc.errno)}.") \
                    from None
        try:
            for folder in (lay.inbox, lay.output, lay.archive, lay.rejected, lay.work, lay.local):
                folder.mkdir(parents=True, exist_ok=True)
            hide(lay.state)
        except OSError as exc:
            raise WatchError(f"Folder kerja di {lay.root} tidak dapat dibuat: {why_not_written(exc.errno)}.") from None
        lock = WatchLock(lay.lock, lay.shared_lock)
        try:
            lock.acquire()
        except Held:
            raise WatchError(f"lkj-excel watch lain sudah berjalan untuk folder {lay.root}; hentikan dulu yang "
                             "itu (hanya satu pengawas per folder).") from None
        logfile = None
        restore = lambda: None  # noqa: E731
        observer = None
        try:
            try:
                logfile = LogFile(lay.log)
            except OSError as exc:
                raise WatchError(f"Log {lay.log} tidak dapat ditulis ({exc.strerror or exc}).") from None
            if self.opt.install_signals:
                restore = signals.install(self.request_stop, self.stopped)
                # Process-wide like the signal handlers, so only when the watcher owns its process
                # (the command), and before any pool worker or LibreOffice is started: on Windows
                # they then die with the watcher even when it is terminated outright.
                jobkill.contain()
            settings = mail_settings(self.config, self.environ)
            self._adopt_old_journal()
            self.journal = Journal(lay.journal)
            self.outbox = Outbox(settings, self.journal, lay, self.opt, self.summary, self._say,
                                 wake=lambda: self.wake.put("mail"), attachments=self.config.laporan.attachments)
            self._announce(settings)
            if lock.shared_unsupported:
                self._say("Folder ini tidak mendukung penguncian berkas; pastikan hanya satu lkj-excel watch yang "
                          "mengawasinya.", logging.WARNING)
            self._recover()
            if not self.opt.once and self.opt.poll is None:
                observer = self._start_observer()
            self._loop()
            # A stop request does not wait out a silent server; --once has already waited.
            self.outbox.close(wait=1.0)
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
                self.executor.close()
            if self.outbox is not None:
                self.outbox.abandon(wait=1.0)
            if self.journal is not None:
                self.journal.close()
            self.stopped.set()
            restore()
            if logfile is not None:
                logfile.close()
            lock.release()

    def _adopt_old_journal(self) -> None:
        # Before 0.2 the journal sat in ROOT/.lkj-excel, on the share; its unfinished work and
        # mail states move to this machine's journal once.
        lay = self.layout
        old = lay.old_journal
        if lay.journal.exists() or not old.is_file():
            return
        tmp = lay.journal.with_name(lay.journal.name + ".tmp")
        shutil.copy2(old, tmp)
        os.replace(tmp, lay.journal)
        os.replace(old, old.with_name(old.name + ".dipindahkan"))
        self._say(f"Jurnal lama {old} dipindahkan ke disk komputer ini: {lay.journal}.")

    def _announce(self, settings) -> None:
        lay = self.layout
        if self.opt.once:
            mode = "sekali jalan (--once)"
        elif self.opt.poll is not None:
            mode = f"memeriksa folder tiap {self.opt.poll:g} detik (--poll)"
        else:
            mode = "menunggu peristiwa folder"
        self._say(f"Mulai: folder {lay.inbox}, {mode}, {self.jobs} proses bersamaan. "
                  f"Hasil -> {lay.output}, asli -> {lay.archive}, ditolak -> {lay.rejected}.")
        log.info("Jurnal: %s", lay.journal)
        self._check_template()
        if settings is None:
            self._say("Email tidak dikirim: [smtp] host belum diatur di lkj-excel.toml dan LKJ_SMTP_HOST kosong. "
                      "Workbook tetap dibuat di folder hasil.")
        else:
            self._say(f"Email dikirim lewat {settings.host}:{settings.port} ({settings.security}) dari "
                      f"{settings.sender}.")

    def _check_template(self) -> None:
        """The office's own Word template, tried once at the start: the IT staff who set it up hear
        at once that it cannot be used. Not fatal: the workbooks are still made, and each file's
        document is tried again (the template may be fixed while the watcher runs)."""
        settings = self.config.laporan
        if not settings.dokumen or settings.templat is None:
            return  # the shipped template is tested with the package
        from ..laporan.render import TemplateError
        from ..laporan.write import check_template

        try:
            check_template(settings.templat)
        except Exception as exc:  # a TemplateError, or a renderer bug: neither may stop the watcher
            why = str(exc) if isinstance(exc, TemplateError) else f"kesalahan program ({type(exc).__name__}: {exc})"
            self._say(f"Dokumen LKj tidak dapat dibuat: {why.rstrip('.')}. Workbook tetap dibuat di folder "
                      f"hasil; perbaiki templatnya atau hapus [laporan] templat di lkj-excel.toml untuk memakai "
                      f"templat bawaan.", logging.WARNING)

    def _farewell(self) -> None:
        s = self.summary
        pending = len(self.journal.mails("pending", "sending"))
        why = "dihentikan" if self.stopping else "selesai"
        line = (f"Berhenti ({why}): {s.ok} berkas OK, {s.rejected} perlu perbaikan, {s.duplicates} sama dengan "
                f"yang sudah diproses; email terkirim {s.mails_sent}, gagal {s.mails_failed}")
        line += f", menunggu dikirim {pending}." if pending else "."
        waiting = self.inbox.names() if self.stopping or self.opt.once else []
        if waiting:
            line += f" Masih di folder masuk (diproses pada jalan berikutnya): {len(waiting)} berkas."
        held = len(self.journal.unfinished())
        if held:
            line += f" Menunggu di area kerja (dicoba lagi pada jalan berikutnya): {held} berkas."
        self._say(line, logging.WARNING if held else logging.INFO)

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
        self.opt = replace(self.opt, poll=5.0)
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
            self.outbox.pump(self.stopping)
            idle = not self.inflight and not self.ready_jobs and (self.stopping or not self.outbox.has_work())
            if idle and (self.stopping or (self.opt.once and self._once_finished(deadline))):
                return
            self._wait(self._timeout())

    def _once_finished(self, deadline: float) -> bool:
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
        if self.later and not self.opt.once:
            waits.append(max(0.0, min(self.later.values()) - now))
        due = self.deadlines.next_due()
        if due is not None:
            waits.append(max(0.0, due - now))
        if self.opt.poll is not None and not self.opt.once:
            waits.append(max(0.0, self._next_scan - now))
        elif self.opt.once and self.candidates:
            waits.append(0.05)
        mail_due = self.outbox.next_due()
        if mail_due is not None:
            waits.append(max(0.0, mail_due - time.time()))
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

    def _scan(self) -> None:
        self._dirty = False
        interval = self.opt.poll if (self.opt.poll is not None and not self.opt.once) else self.opt.rescan
        self._next_scan = time.monotonic() + interval
        try:
            found = self.inbox.scan()
        except OSError as exc:
            self._say(f"Folder {self.layout.inbox} tidak dapat dibaca ({exc.strerror or exc}); dicoba lagi.",
                      logging.WARNING)
            return
        for name in found.unreadable:
            self._say(f"Berkas {name!r} dilewati: namanya bukan teks UTF-8 yang sah; ganti namanya.", logging.WARNING)
        for name in found.folders:
            self._say(f"Folder {self.layout.shown(self.layout.rel(self.layout.inbox / name))} berisi berkas yang "
                      "tidak diproses: hanya berkas yang langsung berada di folder masuk yang dibaca. Pindahkan "
                      "isiannya keluar dari folder itu, langsung ke folder masuk.", logging.WARNING)

    def _claim_ready(self) -> None:
        now = time.monotonic()
        for name, cand in sorted(self.candidates.items(), key=lambda item: (item[1].since, item[0])):
            if len(self.inflight) + len(self.ready_jobs) >= self.jobs:
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
            if signature(st) != cand.signature:
                self.candidates[name] = Candidate(signature(st), now, now)
                continue
            state = completeness(path)
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

    def _work_name(self, name: str) -> str:
        """The name the input has in the work area and is meant to have in the archive: fitted to
        the longer of the two paths, and not taken in the archive or by a job still under way, so
        the finished workbook's links to `../<archive>/<work name>` lead to its own original."""
        lay = self.layout
        longest = lay.work / ("9" * 10) / lay.names[2]
        reserved = {j.work_file.casefold() for j in self.journal.unfinished()}
        suffix = Path(name).suffix
        for candidate in fitted(name, longest, fallback="isian" + (suffix if len(suffix) <= 8 else "")):
            if candidate.casefold() not in reserved and not os.path.lexists(lay.archive / candidate):
                return candidate
        raise WatchError(f"Terlalu banyak berkas bernama {name} di {lay.archive}; kosongkan folder itu dulu.")

    def _claim(self, name: str, cand: Candidate) -> int | None:
        lay = self.layout
        src = lay.inbox / name
        work_name = self._work_name(name)
        job_id = self.journal.new_job(name, json.dumps(lay.names), work_name)
        job_dir = lay.work / str(job_id)
        dst = job_dir / lay.names[2] / work_name
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            retry_sharing(lambda: os.replace(src, dst))
        except OSError as exc:
            self.journal.delete(job_id)
            remove_empty_tree(job_dir)
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
        fsync_dir(lay.inbox)
        fsync_dir(dst.parent)
        self.candidates.pop(name, None)
        job = self.journal.get(job_id)
        try:
            unclaim_or_hash_now(lay, self.journal, job)
        except OSError as exc:
            self._put_off(job, exc)
            return None
        log.info("Diambil %s (%s byte, sha256 %s), pekerjaan #%d.", name, job.size, job.sha256[:12], job_id)
        return job_id

    def _put_off(self, job: Job, exc: OSError | PutOff) -> None:
        """Another program holds one of this job's files: it waits, the others go on."""
        delay = self.opt.busy_retry
        self.later[job.id] = time.monotonic() + delay
        why = str(exc) if isinstance(exc, PutOff) else (exc.strerror or str(exc))
        self._say(f"MENUNGGU {job.name}: {why}; dicoba lagi dalam {delay:g} detik.", logging.WARNING)

    # -- building ----------------------------------------------------------------------------------

    def _executor(self):
        if self.executor is None:
            self.executor = worker.Pool(self.jobs) if self.opt.isolate else worker.InlineExecutor()
        return self.executor

    def _resume_later(self) -> None:
        if self.stopping:
            return
        now = time.monotonic()
        for job_id, due in list(self.later.items()):
            if due > now:
                continue
            del self.later[job_id]
            job = self.journal.get(job_id)
            if job is None:
                continue
            try:
                if job.state == "claiming" and not unclaim_or_hash(self.layout, self.journal, job):
                    continue
            except OSError as exc:
                self._put_off(job, exc)
                continue
            if job.state == "claimed":
                self.ready_jobs.append(job.id)
            elif job.state == "built":
                self._finish(job)

    def _start_builds(self) -> None:
        self._resume_later()
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
                # Half the build's deadline for LibreOffice: the workbook and the document fit in the other.
                future = self._executor().submit(self.builder, str(job_dir), job.work_file, job.name, self.config,
                                                 job_dirs(job, self.layout), self.opt.build_timeout / 2)
            except BrokenProcessPool:
                self._reset_pool()
                self.ready_jobs.insert(0, job.id)
                return
            self.inflight[future] = job.id
            self.deadlines.start(future)
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
        dirs = job_dirs(job, self.layout)
        for name in (dirs[1], dirs[3]):
            folder = job_dir / name
            if folder.is_dir():
                for item in folder.iterdir():
                    if item.is_file() or item.is_symlink():
                        item.unlink()

    def _reset_pool(self) -> None:
        if self.executor is not None:
            self.executor.end()
        self.executor = None

    def _collect(self) -> None:
        hung = self.deadlines.overdue()
        if hung:
            self._end_hung(hung)
        done = [f for f in self.inflight if f.done()]
        if any(_broke(f) for f in done) and len(done) < len(self.inflight):
            # The whole pool is gone; its other futures fail a moment later. Take them together, so
            # one dead worker counts as one event. Bounded: a pool that does not even fail is ended.
            wait_futures(list(self.inflight), timeout=10)
            done = [f for f in self.inflight if f.done()]
            if len(done) < len(self.inflight):
                self._reset_pool()
                for future in [f for f in self.inflight if f not in done]:
                    self._requeue(self._forget(future), suspect=True)
        broken: list[Job] = []
        for future in done:
            job = self._forget(future)
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
                from ..mail import retry_delays

                tries = self._retries[job.id] = self._retries.get(job.id, 0) + 1
                delay = retry_delays(tries, base=BUILD_RETRY, cap=3600.0)
                self.later[job.id] = time.monotonic() + delay
                self._say(f"MENUNGGU {job.name}: workbook tidak dapat ditulis ({outcome['message']}); berkas "
                          f"disimpan di area kerja dan dicoba lagi dalam {delay:g} detik.", logging.WARNING)
                continue
            try:
                self._record_built(job, outcome)
            except OSError as exc:
                self._put_off(job, exc)
                continue
            self._finish(job)
        if broken:
            self._reset_pool()
            if len(broken) == 1:
                self._build_crashed(broken[0], "berhenti mendadak")
            else:
                # One dead worker breaks every future of the pool: which file killed it is unknown,
                # so each is built again on its own before any of them is blamed.
                for job in broken:
                    self._requeue(job, suspect=True)

    def _forget(self, future: Future) -> Job:
        self.deadlines.drop(future)
        return self.journal.get(self.inflight.pop(future))

    def _requeue(self, job: Job, suspect: bool = False) -> None:
        if suspect:
            self._suspects.add(job.id)
        if not self.stopping:
            self.ready_jobs.insert(0, job.id)
        else:
            log.info("Pekerjaan #%d dilanjutkan pada jalan berikutnya.", job.id)

    def _end_hung(self, hung: list[Future]) -> None:
        """A build past its deadline: its worker cannot be asked to stop, so the pool is ended. The
        builds that were only sharing the pool with it are started again, unblamed."""
        self._reset_pool()
        for future in list(self.inflight):
            job = self._forget(future)
            if future in hung:
                self._say(f"Proses pembuat workbook untuk {job.name} tidak selesai dalam "
                          f"{self.opt.build_timeout:g} detik; prosesnya dihentikan.", logging.WARNING)
                self._build_crashed(job, "macet")
            else:
                self._requeue(job)

    def _build_crashed(self, job: Job, how: str) -> None:
        crashes = job.crashes + 1
        self._set(job, crashes=crashes)
        self._suspects.add(job.id)
        if crashes < MAX_BUILD_CRASHES:
            self._say(f"Proses pembuat workbook {how} saat mengerjakan {job.name}; dicoba lagi "
                      f"({crashes}/{MAX_BUILD_CRASHES}).", logging.WARNING)
            self._requeue(job)
            return
        outcome = self._internal_failure(job, f"proses pembuat workbook {how} {crashes} kali")
        self._record_built(job, outcome)
        self._finish(job)

    def _internal_failure(self, job: Job, why: str) -> dict:
        from ..fileops import write_atomic
        from ..summary import note_bytes, rejection_note

        text = f"Berkas '{job.name}' tidak dapat diproses: {why}."
        note_dir = self.layout.work / str(job.id) / job_dirs(job, self.layout)[3]
        note_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(note_dir / worker.NOTE_NAME, note_bytes(rejection_note(job.name, problem=text)))
        return {"result": "error", "note": worker.NOTE_NAME, "errors": 0, "warnings": 0, "message": text}

    def _record_built(self, job: Job, outcome: dict) -> None:
        # No fsync here: the worker wrote both artifacts through fileops/the writer, which flush
        # through the handle that wrote them.
        job_dir = self.layout.work / str(job.id)
        dirs = job_dirs(job, self.layout)
        detail = {k: outcome.get(k) for k in ("errors", "warnings", "message", "notes")}
        digest = lambda path: retry_sharing(lambda: file_sha256(path))[0]  # noqa: E731
        if outcome["result"] == "ok":
            out_dir = job_dir / dirs[1]
            self._set(job, state="built", result="ok", out_name=outcome["output"],
                      out_sha=digest(out_dir / outcome["output"]), detail=json.dumps(detail),
                      mail_subject=outcome["subject"], mail_body=outcome["body"],
                      mail_to=json.dumps(outcome["recipients"]),
                      **outputs.hashed(out_dir, outcome, outputs.BESIDE_WORKBOOK, digest))
        else:
            note_dir = job_dir / dirs[3]
            self._set(job, state="built", result=outcome["result"], note_name=outcome["note"],
                      note_sha=digest(note_dir / outcome["note"]), detail=json.dumps(detail),
                      **outputs.hashed(note_dir, outcome, outputs.BESIDE_NOTE, digest))

    # -- finishing: moves to the public folders --------------------------------------------------

    def _set(self, job: Job, **values) -> None:
        self.journal.update(job.id, **values)
        for key, value in values.items():
            setattr(job, key, value)

    def _place(self, job: Job, kind: str, src: Path, folder: Path, name: str, fallback: str, sha: str | None,
               suffix: str = "") -> str:
        return place(self.layout, job, lambda **v: self._set(job, **v), kind, src, folder,
                     fitted(name, folder, suffix=suffix, fallback=fallback), sha)

    def _finish(self, job: Job) -> None:
        lay = self.layout
        job_dir = lay.work / str(job.id)
        dirs = job_dirs(job, lay)
        original = claimed_original(lay, job)
        short = "isian" + Path(job.work_file).suffix[:8]
        try:
            extra = lambda *args: self._place(job, *args)  # noqa: E731
            if job.result == "ok":
                out_rel = self._place(job, "out", job_dir / dirs[1] / job.out_name, lay.output, job.out_name,
                                      "LKj.xlsx", job.out_sha)
                outputs.place_all(extra, job, outputs.BESIDE_WORKBOOK, job_dir / dirs[1], lay.output, out_rel)
                self._place(job, "orig", original, lay.archive, job.work_file, short, job.sha256)
            elif job.result == "duplicate":
                self._place(job, "orig", original, lay.archive, job.work_file, short, job.sha256)
            else:
                orig_rel = self._place(job, "orig", original, lay.rejected, job.work_file, short, job.sha256)
                self._place(job, "note", job_dir / dirs[3] / job.note_name, lay.rejected,
                            PurePosixPath(orig_rel).name, "catatan", job.note_sha, suffix=".perbaikan.txt")
                outputs.place_all(extra, job, outputs.BESIDE_NOTE, job_dir / dirs[3], lay.rejected, orig_rel)
        except Missing as exc:
            self._say(f"GALAT  {job.name}: {exc}", logging.ERROR)
            self._set(job, state="done", finished=time.time())
            return
        except PutOff as exc:
            self._put_off(job, exc)
            return
        final = lay.root / job.orig_target
        try:
            intact = file_sha256(final)[0] == job.sha256
        except OSError:
            intact = True  # already taken away by someone; nothing of ours to check
        if not intact:
            self._say(f"GALAT  isi {lay.shown(job.orig_target)} tidak sama dengan berkas yang diambil dari "
                      "folder masuk (diubah program lain selama diproses?).", logging.ERROR)
        mail = self.outbox.state_for(job)
        values = {"state": "done", "finished": time.time(), "mail_state": mail}
        if mail == "pending":
            values.update(mail_next=time.time(), mail_to=json.dumps(list(self.outbox.recipients(job))))
        self._set(job, **values)
        remove_empty_tree(job_dir)
        self._report_done(job)

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
            self._say_extras(job)
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
            self._say_extras(job)

    def _say_extras(self, job: Job) -> None:
        for line, level in outputs.report_lines(job, self.layout.shown):
            self._say(line, level)

    # -- recovery ---------------------------------------------------------------------------------

    def _recover(self) -> None:
        unfinished = self.journal.unfinished()
        if unfinished:
            self._say(f"Melanjutkan {len(unfinished)} pekerjaan yang terputus sebelumnya.")
        live = set()
        for job in unfinished:
            try:
                if job.state == "claiming" and not unclaim_or_hash(self.layout, self.journal, job):
                    continue
            except OSError as exc:
                live.add(str(job.id))
                self._put_off(job, exc)
                continue
            live.add(str(job.id))
            if job.state == "claimed":
                self.ready_jobs.append(job.id)
            elif job.state == "built":
                self._finish(job)
        for job in self.journal.mails("sending"):
            self._say(f"Email untuk {job.out_target} mungkin sudah terkirim sebelum program berhenti mendadak; "
                      "dikirim lagi dengan Message-ID yang sama.", logging.WARNING)
            self.journal.update(job.id, mail_state="pending", mail_next=time.time())
        sweep_orphans(self.layout, self.journal, live, self._say)


def unclaim_or_hash_now(layout: Layout, journal: Journal, job: Job) -> None:
    """Hash a just-claimed file (retrying a brief sharing violation); the row becomes `claimed`."""
    if not retry_sharing(lambda: unclaim_or_hash(layout, journal, job)):
        raise FileNotFoundError(errno.ENOENT, "berkas hilang dari area kerja", str(claimed_original(layout, job)))


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


__all__ = ["Watcher", "default_echo", "is_sharing_violation"]
