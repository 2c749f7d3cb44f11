"""`lkj-excel watch ROOT --status`: a read-only look at the journal that never holds up a watcher
(the lock is probed without waiting; the journal is opened query-only)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..config import Config
from .inbox import Inbox
from .journal import Job, Journal, JournalError
from .layout import Layout, WatchError
from .lock import is_held


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
    journal: Path | None = None


def read_status(root: str | os.PathLike, config: Config = Config(),
                environ: Mapping[str, str] | None = None) -> WatchStatus:
    layout = Layout.of(root, config, os.environ if environ is None else environ)
    waiting = len(Inbox(layout.inbox).names())
    running = is_held(layout.lock)
    if not layout.journal.is_file():
        return WatchStatus(layout.root, False, running, waiting_in_inbox=waiting, journal=layout.journal)
    try:
        with Journal(layout.journal, readonly=True) as journal:
            return WatchStatus(layout.root, True, running, journal.counts(), journal.unfinished(),
                               journal.mails("pending", "sending"), journal.mails("failed"), waiting, layout.journal)
    except JournalError as exc:
        raise WatchError(str(exc)) from None


def format_status(status: WatchStatus) -> list[str]:
    lines = [f"Folder: {status.root}"]
    if not status.exists:
        lines.append("Belum ada jurnal: lkj-excel watch belum pernah dijalankan untuk folder ini di komputer ini.")
        lines.append(f"Berkas menunggu di folder masuk: {status.waiting_in_inbox}")
        return lines
    lines.append(f"Jurnal: {status.journal}")
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
