"""Mail for finished workbooks: each sent once, retried with backoff when the server is away.

The state lives in the job's journal row (see journal.py), so a restart sends only what is not
marked sent; a row left in `sending` by a crash is resent with the same Message-ID.
"""

from __future__ import annotations

import logging
import time
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


class Outbox:
    def __init__(self, settings, journal: Journal, layout: Layout, options: WatchOptions, summary: WatchSummary,
                 say: Callable[..., None]):
        self.settings = settings
        self.journal = journal
        self.layout = layout
        self.opt = options
        self.summary = summary
        self.say = say

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

    def next_due(self) -> float | None:
        return self.journal.next_mail_time() if self.settings is not None else None

    def send_due(self, stopping: Callable[[], bool]) -> None:
        if self.settings is None:
            return
        for job in self.journal.due_mails(time.time()):
            if stopping():
                return
            self._send_one(job)

    def _set(self, job: Job, **values) -> None:
        self.journal.update(job.id, **values)

    def _send_one(self, job: Job) -> None:
        from email.utils import make_msgid

        from ..mail import MailError, build_message, retry_delays, send

        lay = self.layout
        path: Path | None = lay.root / job.out_target if job.out_target else None
        shown = lay.shown(job.out_target) if job.out_target else job.name
        recipients = self.recipients(job)
        if path is None or not path.is_file():
            self._set(job, mail_state="failed", mail_error="workbook tidak ada lagi di folder hasil")
            self.summary.mails_failed += 1
            self.say(f"EMAIL  {shown}: tidak dikirim, workbook sudah tidak ada di folder hasil.", logging.ERROR)
            return
        if not recipients:
            self._set(job, mail_state="no-recipients")
            return
        message_id = job.mail_id or make_msgid(domain=self.settings.sender.partition("@")[2])
        self._set(job, mail_state="sending", mail_id=message_id)
        attempt = job.mail_attempts + 1
        try:
            message = build_message([path], sender=self.settings.sender, to=list(recipients),
                                    subject=job.mail_subject, body=job.mail_body)
            # The same Message-ID on every attempt lets mail programs fold a copy resent after a crash.
            message.replace_header("Message-ID", message_id)
            send(message, self.settings)
        except MailError as exc:
            if exc.transient:
                delay = retry_delays(attempt, base=self.opt.retry_base, cap=self.opt.retry_cap)
                when = time.time() + delay
                self._set(job, mail_state="pending", mail_attempts=attempt, mail_next=when, mail_error=str(exc))
                self.say(f"EMAIL  {shown}: gagal (percobaan {attempt}), dicoba lagi pukul "
                         f"{time.strftime('%H.%M.%S', time.localtime(when))}: {exc}", logging.WARNING)
            else:
                self._set(job, mail_state="failed", mail_attempts=attempt, mail_error=str(exc))
                self.summary.mails_failed += 1
                self.say(f"EMAIL  {shown}: gagal dan tidak dicoba lagi otomatis: {exc} Workbook tetap ada di "
                         f"folder hasil; kirim manual dengan: lkj-excel send \"{path}\" --to ALAMAT",
                         logging.ERROR)
            return
        self._set(job, mail_state="sent", mail_attempts=attempt, mail_sent_at=time.time(), mail_error=None)
        self.summary.mails_sent += 1
        self.say(f"EMAIL  {shown} -> {', '.join(recipients)}: terkirim.")
