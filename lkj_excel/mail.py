"""Email edge: sends a finished workbook, or writes it as an .eml file for --dry-run.

Pure standard library (smtplib, email, ssl) so that sending works on the office PCs that run the
folder watcher without extra packages. Every failure reaches the caller as ``MailError`` with an
Indonesian message; ``MailError.transient`` tells the watcher whether retrying later can help.

The SMTP password only ever comes from an environment variable, never from ``lkj-excel.toml``
(the toml is copied between offices and ends up in shared folders), and it is scrubbed -- together
with its base64 forms as they travel in AUTH PLAIN/LOGIN -- from every message this module builds.
"""

from __future__ import annotations

import base64
import ipaddress
import math
import mimetypes
import os
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from . import addresses
from .fileops import write_new
from .names import NameTooLong, name_room, numbered
from .addresses import has_line_break as _has_line_break
from .addresses import show as _show

__all__ = [
    "MailError",
    "SmtpSettings",
    "build_message",
    "parse_addresses",
    "retry_delays",
    "send",
    "write_eml",
]

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_PASSWORD_ENV = "LKJ_SMTP_PASSWORD"

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSM_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.12"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# mimetypes reads the Windows registry / the local mime.types, which do not reliably know the
# OOXML types; a wrong type makes some webmail clients offer the workbook as a zip.
# The LKj document goes with the workbook (laporan.lampiran): the same holds for .docx, and .pdf.
_FIXED_TYPES = {".xlsx": XLSX_TYPE, ".xlsm": XLSM_TYPE, ".docx": DOCX_TYPE, ".pdf": "application/pdf"}

_KNOWN_KEYS = (
    "host",
    "port",
    "security",
    "user",
    "password_env",
    "from",
    "default_recipients",
    "timeout",
    "ca_file",
)
_ENV = {
    "host": "LKJ_SMTP_HOST",
    "port": "LKJ_SMTP_PORT",
    "security": "LKJ_SMTP_SECURITY",
    "user": "LKJ_SMTP_USER",
    "from": "LKJ_SMTP_FROM",
}

_PASSWORD_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class MailError(Exception):
    """Indonesian message; never contains the password.

    ``transient`` is True when the same message may well go through later (server unreachable,
    timeout, 4xx reply) and False when retrying cannot help until someone fixes the settings or
    the addresses (5xx, authentication refused, certificate not trusted).
    """

    def __init__(self, message: str, *, transient: bool = False, smtp_code: int | None = None):
        super().__init__(message)
        self.transient = transient
        self.smtp_code = smtp_code


# --------------------------------------------------------------------------------------------
# Addresses and header text


def _parse_addresses(raw: str | Iterable[str], label: str | None) -> tuple[str, ...]:
    try:
        return addresses.parse_addresses(raw, label)
    except addresses.AddressError as exc:
        raise MailError(str(exc)) from None


def parse_addresses(raw: str | Iterable[str]) -> tuple[str, ...]:
    """addresses.parse_addresses, failing with MailError (see there)."""
    return _parse_addresses(raw, None)


def _single_address(raw: str, label: str) -> str:
    found = _parse_addresses(raw, label)
    if len(found) != 1:
        raise MailError(f"{label} harus berisi tepat satu alamat email, ditemukan {len(found)}.")
    return found[0]


def _check_header_text(value: str, what: str) -> str:
    if not isinstance(value, str):
        raise MailError(f"{what} email harus berupa teks.")
    if _has_line_break(value):
        raise MailError(
            f"{what} email {_show(value)} mengandung baris baru (CR/LF) atau karakter kendali dan "
            "ditolak demi keamanan (mencegah penyisipan header)."
        )
    return value


# --------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True, kw_only=True)
class SmtpSettings:
    """Where and how to send. Keyword-only, so a password can never land in the wrong slot."""

    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str
    default_recipients: tuple[str, ...] = ()
    timeout: float = 30.0
    ca_file: str | None = None

    def __post_init__(self) -> None:
        # Checked here as well as in from_config so settings built directly in code (tests, the
        # watcher) obey the same rules; messages name the toml key the user would edit.
        if self.security not in SECURITY_MODES:
            raise MailError(
                f"Pengaturan smtp.security tidak dikenal: {_show(str(self.security))}. "
                "Pilih salah satu: starttls, ssl, none."
            )
        if (
            isinstance(self.port, bool)
            or not isinstance(self.port, int)
            or not 1 <= self.port <= 65535
        ):
            raise MailError(
                f"Pengaturan smtp.port tidak sah: {_show(str(self.port))}. Isi angka 1 sampai 65535."
            )
        if not isinstance(self.host, str) or not self.host.strip():
            raise MailError("Pengaturan smtp.host belum diisi (nama server email, mis. smtp.instansi.go.id).")
        if any(ch.isspace() or not ch.isprintable() for ch in self.host):
            raise MailError(f"Pengaturan smtp.host tidak sah: {_show(self.host)}.")
        object.__setattr__(self, "sender", _single_address(self.sender, "Pengaturan smtp.from"))
        object.__setattr__(
            self,
            "default_recipients",
            _parse_addresses(self.default_recipients, "Pengaturan smtp.default_recipients"),
        )
        if self.user is not None and (
            not isinstance(self.user, str) or _has_line_break(self.user)
        ):
            raise MailError(
                f"Pengaturan smtp.user tidak sah: {_show(str(self.user))} mengandung baris baru "
                "(CR/LF) atau karakter kendali."
            )
        if self.user and self.security == "none" and not _is_loopback(self.host):
            # Also catches LKJ_SMTP_SECURITY=none overriding a starttls in the toml: from_config
            # builds through here.
            raise MailError(
                f"Pengaturan smtp.security = none dengan smtp.user: sandi akan terkirim tanpa enkripsi ke "
                f"{_show(self.host)}. Pakai security = \"starttls\" atau \"ssl\" (periksa juga variabel "
                "LKJ_SMTP_SECURITY), atau hapus smtp.user bila server tidak meminta login. Tanpa enkripsi "
                "hanya diizinkan ke server di komputer ini (localhost)."
            )
        if (
            isinstance(self.timeout, bool)
            or not isinstance(self.timeout, (int, float))
            or not math.isfinite(self.timeout)
            or self.timeout <= 0
        ):
            raise MailError(
                f"Pengaturan smtp.timeout tidak sah: {_show(str(self.timeout))}. "
                "Isi jumlah detik lebih dari 0."
            )

    @classmethod
    def from_config(cls, section: Mapping[str, object], environ: Mapping[str, str]) -> SmtpSettings:
        """Settings from the ``[smtp]`` table, overridden by ``LKJ_SMTP_*`` environment variables.

        The password comes from ``LKJ_SMTP_PASSWORD`` if set, otherwise from the variable named by
        ``password_env``.
        """
        if "password" in section:
            # The value is deliberately not echoed: it is a password.
            raise MailError(
                "Sandi SMTP tidak boleh ditulis di lkj-excel.toml (smtp.password). Hapus baris itu, "
                f"simpan sandi di variabel lingkungan {DEFAULT_PASSWORD_ENV} atau isi "
                "smtp.password_env dengan nama variabel lingkungan yang menyimpannya."
            )
        unknown = sorted(str(key) for key in section if key not in _KNOWN_KEYS)
        if unknown:
            raise MailError(
                f"Pengaturan smtp.{unknown[0]} tidak dikenal. Yang dikenal: "
                + ", ".join(f"smtp.{key}" for key in _KNOWN_KEYS)
                + "."
            )

        def pick(key: str) -> tuple[object, str]:
            env_name = _ENV.get(key)
            if env_name is not None:
                value = environ.get(env_name, "")
                if value.strip():
                    return value.strip(), f"{env_name} (variabel lingkungan)"
            return section.get(key), f"smtp.{key}"

        def text(key: str) -> tuple[str | None, str]:
            value, label = pick(key)
            if value is None:
                return None, label
            if not isinstance(value, str):
                raise MailError(f"Pengaturan {label} harus berupa teks, bukan {_show(repr(value))}.")
            if _has_line_break(value):
                raise MailError(
                    f"Pengaturan {label} tidak sah: {_show(value)} mengandung baris baru (CR/LF) "
                    "atau karakter kendali."
                )
            return value.strip() or None, label

        security_raw, security_label = text("security")
        security = (security_raw or "starttls").lower()
        if security not in SECURITY_MODES:
            raise MailError(
                f"Pengaturan {security_label} tidak dikenal: {_show(security_raw or '')}. "
                "Pilih salah satu: starttls (port 587), ssl (port 465), none (port 25)."
            )

        port_raw, port_label = pick("port")
        if port_raw is None or port_raw == "":
            port = DEFAULT_PORTS[security]
        else:
            port = _to_port(port_raw, port_label)

        host, host_label = text("host")
        if host is None:
            raise MailError(
                "Pengaturan smtp.host belum diisi (nama server email, mis. smtp.instansi.go.id); "
                "isi di lkj-excel.toml atau variabel lingkungan LKJ_SMTP_HOST."
            )
        if any(ch.isspace() for ch in host):
            raise MailError(f"Pengaturan {host_label} tidak sah: {_show(host)}.")

        sender_raw, sender_label = text("from")
        if sender_raw is None:
            raise MailError(
                "Pengaturan smtp.from belum diisi (alamat pengirim); isi di lkj-excel.toml atau "
                "variabel lingkungan LKJ_SMTP_FROM."
            )
        sender = _single_address(sender_raw, f"Pengaturan {sender_label}")

        user, _ = text("user")

        password_env = section.get("password_env", DEFAULT_PASSWORD_ENV)
        if not isinstance(password_env, str) or not _PASSWORD_ENV_NAME.fullmatch(password_env):
            # Not echoed: people do paste the password itself here.
            raise MailError(
                "Pengaturan smtp.password_env harus berisi NAMA variabel lingkungan (huruf, angka, "
                "garis bawah; mis. LKJ_SMTP_PASSWORD), bukan sandinya."
            )
        password = environ.get(DEFAULT_PASSWORD_ENV) or environ.get(password_env) or None

        recipients_raw = section.get("default_recipients", ())
        if recipients_raw is None:
            recipients_raw = ()
        if not isinstance(recipients_raw, (str, list, tuple)):
            raise MailError(
                "Pengaturan smtp.default_recipients harus berupa daftar alamat, "
                'mis. ["kepala@instansi.go.id", "renbang@instansi.go.id"].'
            )
        recipients = _parse_addresses(recipients_raw, "Pengaturan smtp.default_recipients")

        timeout = _to_timeout(section.get("timeout", 30.0))

        ca_file = section.get("ca_file")
        if ca_file is not None:
            if not isinstance(ca_file, str) or _has_line_break(ca_file):
                raise MailError("Pengaturan smtp.ca_file harus berupa path berkas sertifikat CA (teks).")
            ca_file = os.path.expanduser(ca_file.strip()) or None

        return cls(
            host=host,
            port=port,
            security=security,
            user=user,
            password=password,
            sender=sender,
            default_recipients=recipients,
            timeout=timeout,
            ca_file=ca_file,
        )


def _is_loopback(host: str) -> bool:
    # Only names that cannot leave this machine; no DNS lookup (a name that resolves to 127.0.0.1
    # today may not tomorrow).
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _to_port(value: object, label: str) -> int:
    port: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        port = value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        port = int(value.strip())
    if port is None or not 1 <= port <= 65535:
        raise MailError(f"Pengaturan {label} tidak sah: {_show(str(value))}. Isi angka 1 sampai 65535.")
    return port


def _to_timeout(value: object) -> float:
    timeout: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        timeout = float(value)
    elif isinstance(value, str):
        try:
            timeout = float(value.strip())
        except ValueError:
            timeout = None
    if timeout is None or not math.isfinite(timeout) or timeout <= 0:
        raise MailError(
            f"Pengaturan smtp.timeout tidak sah: {_show(str(value))}. Isi jumlah detik lebih dari 0."
        )
    return timeout


# --------------------------------------------------------------------------------------------
# Building the message


def _attachment_type(path: Path) -> tuple[str, str]:
    mime = _FIXED_TYPES.get(path.suffix.lower())
    if mime is None:
        guessed, encoding = mimetypes.guess_type(path.name, strict=False)
        # A content-encoding (e.g. .tar.gz) means the guessed type describes the unpacked data.
        mime = guessed if guessed and encoding is None else "application/octet-stream"
    maintype, _, subtype = mime.partition("/")
    return maintype, subtype


def build_message(
    attachments: Sequence[Path],
    *,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str] = (),
    subject: str,
    body: str,
    date: datetime | None = None,
    message_id_domain: str | None = None,
) -> EmailMessage:
    """A ready-to-send UTF-8 message with the files attached under their own names.

    ``date`` without a timezone is taken as local time. The Message-ID uses
    ``message_id_domain``, else the sender's domain.
    """
    from_addr = _single_address(sender, "Pengirim (From)")
    to_addrs = _parse_addresses(to, "Penerima (To)")
    if not to_addrs:
        raise MailError("Belum ada alamat penerima (To) untuk email ini.")
    to_keys = {addr.lower() for addr in to_addrs}
    cc_addrs = tuple(a for a in _parse_addresses(cc, "Tembusan (Cc)") if a.lower() not in to_keys)
    _check_header_text(subject, "Subjek")
    if not subject.strip():
        raise MailError("Subjek email kosong.")
    if not isinstance(body, str):
        raise MailError("Isi email harus berupa teks.")

    domain = message_id_domain if message_id_domain is not None else from_addr.partition("@")[2]
    if not re.fullmatch(r"[A-Za-z0-9.-]+", domain or ""):
        raise MailError(f"Domain Message-ID tidak sah: {_show(str(domain))}.")
    if date is None:
        when = datetime.now(timezone.utc).astimezone()
    elif date.tzinfo is None:
        when = date.astimezone()
    else:
        # Kept as given: the recipient should see the sender's own offset (WIB/WITA/WIT).
        when = date

    message = EmailMessage()
    message["From"] = from_addr
    message["To"] = ", ".join(to_addrs)
    if cc_addrs:
        message["Cc"] = ", ".join(cc_addrs)
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    # An explicit domain: make_msgid's default asks socket.getfqdn(), which can stall for seconds
    # on office networks with broken reverse DNS.
    message["Message-ID"] = make_msgid(domain=domain)
    # quoted-printable rather than the policy's 8bit choice: servers without 8BITMIME would
    # mangle the accented/Indonesian text.
    message.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")

    for raw_path in attachments:
        path = Path(raw_path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MailError(f"Lampiran tidak ditemukan: {path}") from None
        except OSError as exc:
            raise MailError(f"Lampiran tidak dapat dibaca: {path} ({exc.strerror or exc}).") from None
        maintype, subtype = _attachment_type(path)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=path.name)
    return message


# --------------------------------------------------------------------------------------------
# Sending


def _secret_forms(user: str | None, password: str | None) -> list[str]:
    if not password:
        return []
    raw = password.encode("utf-8")
    login = (user or "").encode("utf-8")
    forms = {
        password,
        repr(password)[1:-1],
        base64.b64encode(raw).decode("ascii"),
        # What AUTH PLAIN puts on the wire; a server may echo it back in its complaint.
        base64.b64encode(b"\0" + login + b"\0" + raw).decode("ascii"),
    }
    return sorted((form for form in forms if form), key=len, reverse=True)


def _redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _reply_text(exc: smtplib.SMTPResponseException) -> str:
    error = exc.smtp_error
    if isinstance(error, bytes):
        error = error.decode("utf-8", "replace")
    text = " ".join(str(error).split())
    if len(text) > 300:
        text = text[:299] + "…"
    return f"{exc.smtp_code} {text}".strip()


def _refused_details(refused: Mapping[str, tuple[int, bytes | str]]) -> str:
    parts = []
    for addr, (code, msg) in refused.items():
        text = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)
        parts.append(f"{addr} ({code} {' '.join(text.split())})")
    return "; ".join(parts)


def _code_is_transient(code: int) -> bool:
    # -1 is smtplib's code for "connection closed before a reply".
    return 400 <= code < 500 or code == -1


def _envelope_recipients(message: EmailMessage) -> list[str]:
    fields = [str(v) for name in ("To", "Cc", "Bcc") for v in message.get_all(name, [])]
    found: list[str] = []
    seen: set[str] = set()
    for _, addr in getaddresses(fields):
        if addr and addr.lower() not in seen:
            seen.add(addr.lower())
            found.append(addr)
    return found


def _translate(exc: BaseException, phase: str, settings: SmtpSettings) -> tuple[str, bool, int | None]:
    """(reason, transient, smtp_code) for one failure; the reason is later redacted."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = exc.recipients
        details = _refused_details(refused)
        transient = bool(refused) and all(_code_is_transient(code) for code, _ in refused.values())
        first = next(iter(refused.values()), (None, b""))[0]
        return f"semua penerima ditolak server: {details}", transient, first
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        reason = (
            "autentikasi ditolak (periksa smtp.user dan sandi di variabel lingkungan "
            f"{DEFAULT_PASSWORD_ENV} atau yang ditunjuk smtp.password_env)"
        )
        return f"{reason}. Balasan server: {_reply_text(exc)}", _code_is_transient(exc.smtp_code), exc.smtp_code
    if isinstance(exc, smtplib.SMTPSenderRefused):
        reason = f"alamat pengirim {exc.sender} ditolak server"
        if exc.smtp_code == 530:
            reason += " (server meminta STARTTLS atau login; periksa smtp.security dan smtp.user)"
        return f"{reason}. Balasan server: {_reply_text(exc)}", _code_is_transient(exc.smtp_code), exc.smtp_code
    if isinstance(exc, smtplib.SMTPDataError):
        reason = "server menolak isi email"
        if exc.smtp_code in (552, 452):
            reason += " (kemungkinan lampiran terlalu besar)"
        return f"{reason}. Balasan server: {_reply_text(exc)}", _code_is_transient(exc.smtp_code), exc.smtp_code
    if isinstance(exc, smtplib.SMTPConnectError):
        return (
            f"server menolak koneksi. Balasan server: {_reply_text(exc)}",
            _code_is_transient(exc.smtp_code),
            exc.smtp_code,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return (
            f"server menjawab dengan galat. Balasan server: {_reply_text(exc)}",
            _code_is_transient(exc.smtp_code),
            exc.smtp_code,
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        # smtplib reports a read timeout as a disconnect; the timeout is the useful half.
        if isinstance(exc.__context__, TimeoutError):
            return f"server tidak menjawab dalam {settings.timeout:g} detik", True, None
        return "koneksi diputus oleh server", True, None
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if phase == "starttls":
            return (
                "server tidak menawarkan STARTTLS (periksa smtp.security dan smtp.port: "
                "'ssl' untuk port 465, 'none' hanya untuk server tanpa enkripsi)",
                False,
                None,
            )
        if phase == "login":
            return (
                "server tidak menawarkan login (AUTH) pada koneksi ini (periksa smtp.security; "
                "kosongkan smtp.user bila server tidak memakai login)",
                False,
                None,
            )
        return f"fitur yang diperlukan tidak didukung server ({exc})", False, None
    if isinstance(exc, smtplib.SMTPException):
        if phase == "login":
            return f"login gagal: tidak ada metode autentikasi yang cocok dengan server ({exc})", False, None
        return f"kesalahan SMTP ({exc})", False, None
    if isinstance(exc, ssl.SSLCertVerificationError):
        detail = exc.verify_message or exc.reason or "tidak dipercaya"
        return (
            f"sertifikat TLS server tidak dapat diverifikasi ({detail}); bila server memakai CA "
            "kantor sendiri, isi smtp.ca_file dengan berkas sertifikat CA tersebut",
            False,
            None,
        )
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError, ssl.SSLSyscallError)):
        return "koneksi TLS terputus", True, None
    if isinstance(exc, ssl.SSLError):
        return (
            f"jabat tangan TLS gagal ({exc.reason or exc}); periksa apakah smtp.security cocok "
            "dengan smtp.port ('ssl' untuk 465, 'starttls' untuk 587)",
            False,
            None,
        )
    if isinstance(exc, socket.gaierror):
        # Also what a machine without network sees, hence retryable.
        return "nama server tidak ditemukan (periksa smtp.host dan koneksi jaringan)", True, None
    if isinstance(exc, ConnectionRefusedError):
        return "koneksi ditolak (server tidak berjalan atau smtp.port salah)", True, None
    if isinstance(exc, TimeoutError):
        return f"server tidak menjawab dalam {settings.timeout:g} detik", True, None
    if isinstance(exc, OSError):
        return f"kesalahan jaringan ({exc.strerror or exc})", True, None
    if isinstance(exc, UnicodeError):
        return (
            "nama pengguna atau sandi mengandung karakter non-ASCII yang tidak didukung login SMTP",
            False,
            None,
        )
    return f"kesalahan tak terduga ({type(exc).__name__})", False, None


def send(message: EmailMessage, settings: SmtpSettings) -> None:
    """Deliver ``message`` to the envelope sender/recipients derived from its To/Cc/Bcc.

    Raises ``MailError`` on any failure; returns only when the server accepted the message for
    every recipient.
    """
    where = f"{settings.host}:{settings.port}"
    secrets = _secret_forms(settings.user, settings.password)

    def failure(reason: str, transient: bool, code: int | None = None) -> MailError:
        text = f"Gagal mengirim email ke server {where}: {reason}"
        if not text.endswith("."):
            text += "."
        return MailError(_redact(text, secrets), transient=transient, smtp_code=code)

    if settings.user and not settings.password:
        raise failure(
            f"smtp.user diisi tetapi sandi kosong; isi variabel lingkungan {DEFAULT_PASSWORD_ENV} "
            "atau yang ditunjuk smtp.password_env",
            False,
        )
    recipients = _envelope_recipients(message)
    if not recipients:
        raise failure("email tidak memiliki penerima (To/Cc)", False)

    context: ssl.SSLContext | None = None
    if settings.security != "none":
        try:
            context = ssl.create_default_context(cafile=settings.ca_file)
        except (OSError, ValueError) as exc:
            detail = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
            raise failure(
                f"berkas CA smtp.ca_file tidak dapat dipakai: {settings.ca_file} ({detail})", False
            ) from None

    client: smtplib.SMTP | None = None
    error: MailError | None = None
    phase = "connect"
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        phase = "ehlo"
        client.ehlo()
        if settings.security == "starttls":
            phase = "starttls"
            client.starttls(context=context)
            client.ehlo()
        if settings.user:
            phase = "login"
            client.login(settings.user, settings.password or "")
        phase = "send"
        refused = client.send_message(message, from_addr=settings.sender, to_addrs=recipients)
    except (smtplib.SMTPException, OSError, UnicodeError, ValueError) as exc:
        if client is not None:
            client.close()
        reason, transient, code = _translate(exc, phase, settings)
        error = failure(reason, transient, code)
    if error is not None:
        # Raised outside the except block so it has no __context__ either: the original exception
        # may quote the credentials (a server echoing AUTH data), and error reporters walk
        # __context__ even when "from None" hides it from the printed traceback.
        raise error
    assert client is not None

    # The server has taken the message: a failing QUIT must not become an error, or the watcher
    # would send the workbook twice.
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()

    if refused:
        details = _refused_details(refused)
        # Not transient even for 4xx: a retry would send a second copy to those who got it.
        raise failure(f"email terkirim sebagian; penerima berikut ditolak: {details}", False)


# --------------------------------------------------------------------------------------------
# Dry run and retry helpers


def write_eml(message: EmailMessage, folder: Path, stem: str) -> Path:
    """Write ``<stem>.eml`` (or ``<stem> (2).eml`` ...) into ``folder``; never overwrites."""
    if (
        not stem
        or stem.strip() in ("", ".", "..")
        or any(ch in stem for ch in "/\\\0")
        or _has_line_break(stem)
    ):
        raise MailError(f"Nama berkas .eml tidak sah: {_show(stem)}.")
    folder = Path(folder)
    # CRLF: the wire format, and what Outlook expects when a staff member opens the file.
    data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    try:
        # Its own step: on Windows a folder under a regular file fails as FileExistsError (pathlib
        # tries to make the file's name as a folder), which is not "every .eml name is taken".
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from .oserrors import not_written

        raise MailError(f"{not_written(folder / (stem + '.eml'), exc)}.") from None
    try:
        candidates = numbered(stem + ".eml", chars=name_room(str(folder.resolve())))
        return write_new(folder, candidates, data)
    except NameTooLong:
        raise MailError(f"Folder {folder} terlalu panjang untuk nama berkas email; pilih folder lain.") from None
    except FileExistsError:
        raise MailError(f"Terlalu banyak berkas {stem}.eml di {folder}; kosongkan folder itu dulu.") from None
    except OSError as exc:
        from .oserrors import not_written

        raise MailError(f"{not_written(folder / (stem + '.eml'), exc)}.") from None


def retry_delays(attempt: int, base: float = 30.0, cap: float = 3600.0) -> float:
    """Seconds to wait before the next try after ``attempt`` failed attempts (1, 2, ...).

    ``base * 2**(attempt-1)``, never more than ``cap``: 30 s, 1 min, 2 min, ... up to 1 hour.
    """
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise ValueError(f"attempt must be an int >= 1, got {attempt!r}")
    if base < 0 or cap < 0:
        raise ValueError("base and cap must not be negative")
    # Clamped exponent: a watcher that has failed for weeks must not overflow a float.
    return float(min(cap, base * 2.0 ** min(attempt - 1, 64)))
