"""Mail for finished workbooks: each sent once, retried with backoff when the server is away.

The state lives in the job's journal row (see journal.py), so a restart sends only what is not
marked sent; a row left in `sending` by a crash is resent with the same Message-ID.

Sending happens on one background thread, one message at a time, so a server that swallows
connections (up to ``smtp.timeout`` per attempt) never holds up claiming, building or a stop
request. The thread only talks SMTP: every journal read and write stays on the watcher's thread,
which hands a message over (`pump`) and records the outcome when the thread reports back.
After a transient failure the server is left alone until that retry time, for every due mail,
not only the one that failed: twenty mails to a dead server cost one timeout, not twenty.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from ..config import Config
from .journal import Job, Journal
from .layout import Layout, WatchError, WatchOptions, WatchSummary


def mail_settings(config: Config, environ: Mapping[str, str]):
    """SmtpSettings, or None when no host is configured (workbooks are still built)."""
    from ..mail import MailError, SmtpSettings

    host = (environ.get("LKJ_SMTP_HOST") or "").strip() or config.smtp.get("host")
    if not host:
        return None
    try:
        return SmtpSettings.from_config(config.smtp, environ)
    except MailError as exc:
        raise WatchError(str(exc)) from None


@dataclass(frozen=True)
class _Letter:
    job_id: int
    shown: str
    workbook: Path  # what `lkj-excel send` takes to send it by hand (it reads only finished workbooks)
    attachments: tuple[Path, ...]
    recipients: tuple[str, ...]
    subject: str | None
    body: str | None
    message_id: str
    attempt: int


class Outbox:
    def __init__(self, settings, journal: Journal, layout: Layout, options: WatchOptions, summary: WatchSummary,
                 say: Callable[..., None], wake: Callable[[], None] = lambda: None,
                 attachments: tuple[str, ...] = ("workbook",)):
        self.settings = settings
        self.attachments = attachments  # config.laporan.attachments: which outputs a mail carries
        self.journal = journal
        self.layout = layout
        self.opt = options
        self.summary = summary
        self.say = say
        self._wake = wake
        self._todo: "queue.SimpleQueue[_Letter | None]" = queue.SimpleQueue()
        self._done: "queue.SimpleQueue[tuple[_Letter, BaseException | None]]" = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._in_flight: _Letter | None = None
        self._held_until = 0.0  # the server failed transiently: no mail is tried before this

    def recipients(self, job: Job) -> tuple[str, ...]:
        from ..addresses import AddressError, parse_addresses

        defaults = list(self.settings.default_recipients) if self.settings else []
        try:
            return parse_addresses(list(job.recipients) + defaults)
        except AddressError:
            return ()

    def state_for(self, job: Job) -> str | None:
        """The mail_state a job gets when it is done."""
        if job.result != "ok":
            return None
        if self.settings is None:
            return "off"
        return "pending" if self.recipients(job) else "no-recipients"

    # -- what the watcher's loop asks ------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._in_flight is not None

    def next_due(self) -> float | None:
        """When the loop should look again (time.time() scale); None while a send is in flight,
        whose end wakes the loop itself."""
        if self.settings is None or self.busy:
            return None
        due = self.journal.next_mail_time()
        return None if due is None else max(due, self._held_until)

    def has_work(self) -> bool:
        """A send in flight, or a mail that may be tried now: `--once` waits for these."""
        due = self.next_due()
        return self.busy or (due is not None and due <= time.time())

    def pump(self, stopping: bool) -> None:
        """Record what the thread finished; unless stopping, hand it the next due mail."""
        if self.settings is None:
            return
        self._collect()
        if stopping or self.busy or time.time() < self._held_until:
            return
        for job in self.journal.due_mails(time.time()):
            letter = self._prepare(job)
            if letter is not None:
                self._hand_over(letter)
                return

    def close(self, wait: float) -> None:
        """Stop the thread, waiting up to `wait` seconds for a send in flight to be recorded.

        A send still in flight after that stays `sending` in the journal: the next run sends it
        again with the same Message-ID (recovery in watcher.py)."""
        self.abandon(wait)
        self._collect()

    def abandon(self, wait: float) -> None:
        """Stop the thread without touching the journal (the watcher is ending on an error)."""
        if self._thread is None:
            return
        self._todo.put(None)
        self._thread.join(timeout=wait)

    # -- the watcher's side --------------------------------------------------------------------

    def _set(self, job_id: int, **values) -> None:
        self.journal.update(job_id, **values)

    def _prepare(self, job: Job) -> _Letter | None:
        from email.utils import make_msgid

        lay = self.layout
        path: Path | None = lay.root / job.out_target if job.out_target else None
        shown = lay.shown(job.out_target) if job.out_target else job.name
        recipients = self.recipients(job)
        if path is None or not path.is_file():
            self._set(job.id, mail_state="failed", mail_error="workbook tidak ada lagi di folder hasil")
            self.summary.mails_failed += 1
            self.say(f"EMAIL  {shown}: tidak dikirim, workbook sudah tidak ada di folder hasil.", logging.ERROR)
            return None
        if not recipients:
            self._set(job.id, mail_state="no-recipients")
            return None
        attachments = self._attachments(job, shown)
        body = job.mail_body
        if body and path not in attachments:
            # The body was written at build time for the usual mail; it must not point at a workbook
            # that laporan.lampiran leaves out.
            from ..summary import WORKBOOK_ATTACHED

            body = body.replace(WORKBOOK_ATTACHED, f"Rumus dan rincian lengkap ada di workbook {shown} "
                                                   "(tidak dilampirkan).")
        message_id = job.mail_id or make_msgid(domain=self.settings.sender.partition("@")[2])
        self._set(job.id, mail_state="sending", mail_id=message_id)
        return _Letter(job.id, shown, path, attachments, recipients, job.mail_subject, body, message_id,
                       job.mail_attempts + 1)

    def _attachments(self, job: Job, shown: str) -> tuple[Path, ...]:
        """The configured outputs of `job` that exist in hasil. One that was not made (a PDF without
        LibreOffice, a document whose template failed) or was taken away is left out with a line:
        the mail, with the numbers in its body, still goes."""
        from ..config import LAMPIRAN

        found = []
        for kind in self.attachments:
            target = {"workbook": job.out_target, "dokumen": job.doc_target, "pdf": job.pdf_target}[kind]
            if target and (self.layout.root / target).is_file():
                found.append(self.layout.root / target)
                continue
            if job.mail_attempts == 0:  # said once, not again on every retry of a server that is away
                why = "tidak dibuat saat berkas diproses" if not target else "sudah tidak ada di folder hasil"
                self.say(f"EMAIL  {shown}: {LAMPIRAN[kind]} tidak dilampirkan ({why}); email tetap dikirim.",
                         logging.WARNING)
        return tuple(found)

    def _hand_over(self, letter: _Letter) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="lkj-outbox", daemon=True)
            self._thread.start()
        self._in_flight = letter
        self._todo.put(letter)

    def _collect(self) -> None:
        while True:
            try:
                letter, error = self._done.get_nowait()
            except queue.Empty:
                return
            self._in_flight = None
            self._record(letter, error)

    def _record(self, letter: _Letter, error: BaseException | None) -> None:
        from ..mail import MailError, retry_delays

        shown, attempt = letter.shown, letter.attempt
        if error is None:
            self._set(letter.job_id, mail_state="sent", mail_attempts=attempt, mail_sent_at=time.time(),
                      mail_error=None)
            self.summary.mails_sent += 1
            self.say(f"EMAIL  {shown} -> {', '.join(letter.recipients)}: terkirim.")
        elif isinstance(error, MailError) and error.transient:
            when = time.time() + retry_delays(attempt, base=self.opt.retry_base, cap=self.opt.retry_cap)
            self._held_until = when
            self._set(letter.job_id, mail_state="pending", mail_attempts=attempt, mail_next=when,
                      mail_error=str(error))
            self.say(f"EMAIL  {shown}: gagal (percobaan {attempt}), dicoba lagi pukul "
                     f"{time.strftime('%H.%M.%S', time.localtime(when))}: {error}", logging.WARNING)
        else:
            why = str(error) if isinstance(error, MailError) else f"kesalahan tak terduga ({type(error).__name__})"
            self._set(letter.job_id, mail_state="failed", mail_attempts=attempt, mail_error=why)
            self.summary.mails_failed += 1
            self.say(f"EMAIL  {shown}: gagal dan tidak dicoba lagi otomatis: {why} Workbook tetap ada di "
                     f"folder hasil; kirim manual dengan: lkj-excel send \"{letter.workbook}\" --to ALAMAT",
                     logging.ERROR)

    # -- the thread's side: SMTP only, no journal --------------------------------------------------

    def _run(self) -> None:
        from ..mail import build_message, send

        while True:
            letter = self._todo.get()
            if letter is None:
                return
            error: BaseException | None = None
            try:
                message = build_message(list(letter.attachments), sender=self.settings.sender,
                                        to=list(letter.recipients), subject=letter.subject, body=letter.body)
                # The same Message-ID on every attempt lets mail programs fold a copy resent after a crash.
                message.replace_header("Message-ID", letter.message_id)
                send(message, self.settings)
            except Exception as exc:  # reported to the watcher's thread, which decides; never lost here
                error = exc
            self._done.put((letter, error))
            self._wake()
