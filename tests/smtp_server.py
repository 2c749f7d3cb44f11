"""Real SMTP servers (aiosmtpd) on 127.0.0.1 for the mail tests: plain, STARTTLS with AUTH, implicit TLS.

What arrives is kept as raw bytes per envelope, so a test can parse it and compare the attachment with
the workbook on disk.
"""

from __future__ import annotations

import email
import ssl
import threading
from email import policy
from pathlib import Path

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

USER = "renbang"
PASSWORD = "Rahasia-Kantor#2024"


class LoopbackController(Controller):
    """Controller on port 0: reads back the port the OS chose, so no free-port race."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Collector:
    """Accepts mail and keeps it. Recipients starting with 'ditolak' get 550, 'penuh' get 452.

    `data_replies` are returned, one per DATA, before normal acceptance resumes (e.g. a 451 to make
    the client retry); `on_rcpt(address, delivered_so_far)` runs for every RCPT, before the reply.
    """

    def __init__(self):
        self.envelopes = []
        self.data_replies: list[str] = []
        self.on_rcpt = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.on_rcpt is not None:
            self.on_rcpt(address, len(self.envelopes))
        if address.startswith("ditolak"):
            return "550 5.1.1 Mailbox tidak ada"
        if address.startswith("penuh"):
            return "452 4.2.2 Mailbox penuh, coba lagi nanti"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.data_replies:
                return self.data_replies.pop(0)
            self.envelopes.append(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": list(envelope.rcpt_tos),
                    "content": envelope.original_content or envelope.content,
                    # session.ssl covers STARTTLS; implicit TLS only shows on the transport.
                    "tls": session.ssl is not None
                    or server.transport.get_extra_info("ssl_object") is not None,
                    "login": session.auth_data.login if session.auth_data else None,
                }
            )
        return "250 2.0.0 Diterima"

    def messages(self):
        return [email.message_from_bytes(e["content"], policy=policy.default) for e in self.envelopes]


def check_credentials(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


def make_ca() -> trustme.CA:
    return trustme.CA()


def server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


def write_ca(ca: trustme.CA, path: Path) -> str:
    ca.cert_pem.write_to_path(str(path))
    return str(path)


class Servers:
    """Starts servers on demand and stops them all at the end (use from a fixture)."""

    def __init__(self):
        self.controllers = []

    def start(self, **kwargs):
        handler = Collector()
        controller = LoopbackController(handler, hostname="127.0.0.1", port=0, server_hostname="mail.test", **kwargs)
        controller.start()
        self.controllers.append(controller)
        return controller, handler

    def starttls_auth(self, tls_context: ssl.SSLContext):
        return self.start(tls_context=tls_context, require_starttls=True, authenticator=check_credentials,
                          auth_required=True)

    def stop(self):
        for controller in self.controllers:
            controller.stop()
        self.controllers.clear()
