"""The email edge against real SMTP servers (aiosmtpd) on 127.0.0.1: plain, STARTTLS+AUTH, implicit TLS."""

from __future__ import annotations

import base64
import email
import socket
import ssl
import traceback
from datetime import datetime, timedelta, timezone
from email import policy

import pytest
import trustme
import xlsxwriter
from aiosmtpd.smtp import AuthResult
from hypothesis import given, settings as hsettings, strategies as st

from lkj_excel.mail import (
    XLSM_TYPE,
    XLSX_TYPE,
    MailError,
    SmtpSettings,
    build_message,
    parse_addresses,
    retry_delays,
    send,
    write_eml,
)

from smtp_server import PASSWORD, USER, Collector, LoopbackController, check_credentials

PASSWORD_B64 = base64.b64encode(PASSWORD.encode()).decode()
SENDER = "lkj@dinas-pendidikan.go.id"
SUBJECT = "Laporan LKj Tribulan I – Dinas Pendidikan (capaian ≥ 100%)"
BODY = "Yth. Bapak/Ibu,\n\nTerlampir laporan kinerja Tribulan I. Mohon diperiksa.\n\nSalam,\nSubbag Perencanaan\n"
# Non-ASCII on purpose: the filename must survive RFC 2231 encoding.
WORKBOOK_NAME = "LKj Tribulan I – Dinas Pendidikan.xlsx"


# --------------------------------------------------------------------------------------------
# Servers


_Controller = LoopbackController
_check_credentials = check_credentials


def _echo_credentials(server, session, envelope, mechanism, auth_data):
    # A careless server that quotes the credentials back in its refusal.
    raw = auth_data.password
    echoed = f"535 5.7.8 Sandi {raw.decode()} ({base64.b64encode(raw).decode()}) salah"
    return AuthResult(success=False, handled=False, message=echoed)


@pytest.fixture(scope="session")
def ca():
    return trustme.CA()


@pytest.fixture(scope="session")
def server_tls_context(ca):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture(scope="session")
def ca_file(ca, tmp_path_factory):
    path = tmp_path_factory.mktemp("ca") / "ca-kantor.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def start_server():
    controllers = []

    def start(**kwargs):
        handler = Collector()
        controller = _Controller(
            handler, hostname="127.0.0.1", port=0, server_hostname="mail.test", **kwargs
        )
        controller.start()
        controllers.append(controller)
        return controller, handler

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def plain_server(start_server):
    return start_server()


@pytest.fixture
def starttls_server(start_server, server_tls_context):
    return start_server(
        tls_context=server_tls_context,
        require_starttls=True,
        authenticator=_check_credentials,
        auth_required=True,
    )


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / WORKBOOK_NAME
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Kinerja")
    sheet.write_row(0, 0, ["Indikator", "Target", "Realisasi", "Capaian"])
    sheet.write_row(1, 0, ["Angka partisipasi sekolah", 95, 96.5])
    sheet.write_formula(1, 3, "=C2/B2")
    book.close()
    return path


def _settings(controller, **overrides):
    values = dict(
        host="127.0.0.1",
        port=controller.port,
        security="none",
        sender=SENDER,
        timeout=5.0,
    )
    values.update(overrides)
    return SmtpSettings(**values)


def _message(workbook, **overrides):
    values = dict(
        sender=SENDER,
        to=["kepala@dinas-pendidikan.go.id"],
        cc=["inspektorat@kabupaten.go.id"],
        subject=SUBJECT,
        body=BODY,
    )
    values.update(overrides)
    return build_message([workbook], **values)


def _unused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _assert_no_secret(exc: BaseException):
    texts = [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    plain_blob = base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()
    for text in texts:
        assert PASSWORD not in text
        assert PASSWORD_B64 not in text
        assert plain_blob not in text


# --------------------------------------------------------------------------------------------
# Delivery


def _check_delivery(handler, workbook):
    assert len(handler.envelopes) == 1
    got = handler.envelopes[0]
    assert got["mail_from"] == SENDER
    assert got["rcpt_tos"] == ["kepala@dinas-pendidikan.go.id", "inspektorat@kabupaten.go.id"]
    received = email.message_from_bytes(got["content"], policy=policy.default)
    assert str(received["Subject"]) == SUBJECT
    assert received["Cc"] == "inspektorat@kabupaten.go.id"
    # The wire form is CRLF; the text itself must be unchanged.
    assert received.get_body(("plain",)).get_content().replace("\r\n", "\n") == BODY
    parts = list(received.iter_attachments())
    assert len(parts) == 1
    assert parts[0].get_content_type() == XLSX_TYPE
    assert parts[0].get_filename() == WORKBOOK_NAME
    assert parts[0].get_payload(decode=True) == workbook.read_bytes()
    return got


def test_plain_server_receives_to_cc_subject_and_workbook(plain_server, workbook):
    controller, handler = plain_server
    send(_message(workbook), _settings(controller))
    got = _check_delivery(handler, workbook)
    assert got["tls"] is False


def test_starttls_with_login(starttls_server, workbook, ca_file):
    controller, handler = starttls_server
    settings = _settings(
        controller, security="starttls", user=USER, password=PASSWORD, ca_file=ca_file
    )
    send(_message(workbook), settings)
    got = _check_delivery(handler, workbook)
    assert got["tls"] is True
    assert got["login"] == USER.encode()


def test_implicit_tls(start_server, server_tls_context, workbook, ca_file):
    controller, handler = start_server(ssl_context=server_tls_context)
    send(_message(workbook), _settings(controller, security="ssl", ca_file=ca_file))
    got = _check_delivery(handler, workbook)
    assert got["tls"] is True


def test_wrong_password_is_permanent_and_secret_free(starttls_server, workbook, ca_file):
    controller, handler = starttls_server
    settings = _settings(
        controller, security="starttls", user=USER, password=PASSWORD + "x", ca_file=ca_file
    )
    with pytest.raises(MailError) as info:
        send(_message(workbook), settings)
    exc = info.value
    assert exc.transient is False
    assert exc.smtp_code == 535
    assert "autentikasi ditolak" in str(exc)
    assert f"127.0.0.1:{controller.port}" in str(exc)
    assert exc.__cause__ is None and exc.__context__ is None
    for secret in (PASSWORD + "x", base64.b64encode((PASSWORD + "x").encode()).decode()):
        assert secret not in str(exc) and secret not in repr(exc)
    assert handler.envelopes == []


def test_server_echoing_the_password_is_redacted(start_server, server_tls_context, workbook, ca_file):
    controller, _ = start_server(
        tls_context=server_tls_context, require_starttls=True, authenticator=_echo_credentials
    )
    settings = _settings(
        controller, security="starttls", user=USER, password=PASSWORD, ca_file=ca_file
    )
    with pytest.raises(MailError) as info:
        send(_message(workbook), settings)
    assert info.value.transient is False
    assert "***" in str(info.value)
    _assert_no_secret(info.value)
    # The smtplib exception quoting the password must not ride along as context.
    assert info.value.__context__ is None and info.value.__cause__ is None


def test_refused_connection_is_transient(workbook):
    settings = SmtpSettings(
        host="127.0.0.1", port=_unused_port(), security="none", sender=SENDER, timeout=5.0
    )
    with pytest.raises(MailError) as info:
        send(_message(workbook), settings)
    assert info.value.transient is True
    assert "koneksi ditolak" in str(info.value)


def test_silent_server_times_out_as_transient(workbook):
    # Listening but never accepting: the TCP handshake completes, the greeting never comes.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        settings = SmtpSettings(
            host="127.0.0.1",
            port=listener.getsockname()[1],
            security="none",
            sender=SENDER,
            timeout=0.3,
        )
        with pytest.raises(MailError, match="tidak menjawab dalam 0.3 detik") as info:
            send(_message(workbook), settings)
    assert info.value.transient is True


def test_untrusted_certificate_is_permanent_and_points_to_ca_file(starttls_server, workbook):
    controller, _ = starttls_server
    settings = _settings(controller, security="starttls", user=USER, password=PASSWORD)
    with pytest.raises(MailError) as info:
        send(_message(workbook), settings)
    assert info.value.transient is False
    assert "smtp.ca_file" in str(info.value)
    _assert_no_secret(info.value)


def test_plain_client_against_starttls_only_server_is_permanent(starttls_server, workbook):
    controller, handler = starttls_server
    with pytest.raises(MailError) as info:
        send(_message(workbook), _settings(controller, security="none"))
    assert info.value.transient is False
    assert info.value.smtp_code == 530
    assert handler.envelopes == []


@pytest.mark.parametrize(
    ("recipient", "transient", "code"),
    [("ditolak@kabupaten.go.id", False, 550), ("penuh@kabupaten.go.id", True, 452)],
)
def test_refused_recipients(plain_server, workbook, recipient, transient, code):
    controller, handler = plain_server
    with pytest.raises(MailError) as info:
        send(_message(workbook, to=[recipient], cc=()), _settings(controller))
    assert info.value.transient is transient
    assert info.value.smtp_code == code
    assert recipient in str(info.value)
    assert handler.envelopes == []


def test_partly_refused_recipients_are_reported_but_not_retryable(plain_server, workbook):
    controller, handler = plain_server
    message = _message(workbook, cc=["penuh@kabupaten.go.id"])
    with pytest.raises(MailError) as info:
        send(message, _settings(controller))
    # Retrying would mail the head of office a second copy.
    assert info.value.transient is False
    assert "terkirim sebagian" in str(info.value)
    assert handler.envelopes[0]["rcpt_tos"] == ["kepala@dinas-pendidikan.go.id"]


def test_user_without_password_fails_before_connecting(workbook):
    settings = SmtpSettings(
        host="127.0.0.1", port=_unused_port(), sender=SENDER, user=USER, password=None
    )
    with pytest.raises(MailError, match="sandi kosong") as info:
        send(_message(workbook), settings)
    assert info.value.transient is False


def test_missing_ca_file_names_the_setting(plain_server, workbook, tmp_path):
    controller, _ = plain_server
    settings = _settings(controller, security="starttls", ca_file=str(tmp_path / "tidak-ada.pem"))
    with pytest.raises(MailError, match="smtp.ca_file"):
        send(_message(workbook), settings)


# --------------------------------------------------------------------------------------------
# Header injection and addresses


@pytest.mark.parametrize(
    "subject",
    ["Laporan\r\nBcc: bocor@luar.com", "Laporan\nX-Evil: 1", "Laporan\rTribulan", "Laporan\u2028I"],
)
def test_subject_with_line_break_is_refused(workbook, subject):
    with pytest.raises(MailError, match="CR/LF"):
        _message(workbook, subject=subject)


@given(st.text(min_size=0, max_size=20), st.sampled_from(["\r", "\n", "\r\n"]), st.text(max_size=20))
@hsettings(max_examples=50, deadline=None)
def test_any_line_break_in_subject_is_refused(before, brk, after):
    with pytest.raises(MailError):
        build_message([], sender=SENDER, to=["a@b.go.id"], subject=before + brk + after, body="x")


@pytest.mark.parametrize(
    "raw",
    [
        "kepala@dinas.go.id\r\nBcc: bocor@luar.com",
        "kepala@dinas.go.id\nbocor@luar.com",
        "kepala@@dinas.go.id",
        "kepala@dinas@go.id",
        "kepala dinas@dinas.go.id",
        "kepala@dinas.go.id bocor@luar.com",
        "kepala",
        "kepala@localhost",
        "kepala@dinas.go.id <bocor@luar.com>",
        "kepala@dinas.go.id)<bocor@luar.com>",
        "képala@dinas.go.id",
        "kepala@dinas..go.id",
        "<>",
    ],
)
def test_bad_addresses_are_refused_and_named(raw):
    with pytest.raises(MailError) as info:
        parse_addresses(raw)
    assert "\n" not in str(info.value) and "\r" not in str(info.value)
    assert str(info.value).startswith("Alamat email")


def test_bad_address_in_to_is_refused(workbook):
    with pytest.raises(MailError, match=r"^Penerima \(To\): .*CR/LF"):
        _message(workbook, to=["kepala@dinas.go.id\r\nBcc: bocor@luar.com"])


def test_parse_addresses_splits_strips_and_dedupes():
    raw = " kepala@dinas.go.id; Sekretaris <sekre@dinas.go.id>,,KEPALA@dinas.go.id ;"
    assert parse_addresses(raw) == ("kepala@dinas.go.id", "sekre@dinas.go.id")
    assert parse_addresses(["a@x.go.id, b@y.go.id", "c@z.go.id"]) == (
        "a@x.go.id",
        "b@y.go.id",
        "c@z.go.id",
    )
    assert parse_addresses("") == ()


def test_error_names_the_bad_address():
    with pytest.raises(MailError, match="'salah alamat@x.go.id'"):
        parse_addresses("benar@x.go.id, salah alamat@x.go.id")


# --------------------------------------------------------------------------------------------
# Message building


def test_build_message_headers_and_types(tmp_path, workbook):
    macro = tmp_path / "Rekap.xlsm"
    macro.write_bytes(b"PK\x03\x04macro")
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    other = tmp_path / "data.lkjx"
    other.write_bytes(b"\x00\x01")
    when = datetime(2024, 4, 10, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    message = build_message(
        [workbook, macro, pdf, other],
        sender=SENDER,
        to=["kepala@dinas-pendidikan.go.id"],
        subject=SUBJECT,
        body=BODY,
        date=when,
        message_id_domain="lkj.kabupaten.go.id",
    )
    assert message["Date"] == "Wed, 10 Apr 2024 09:30:00 +0700"
    assert message["Message-ID"].endswith("@lkj.kabupaten.go.id>")
    assert "Cc" not in message
    parts = list(message.iter_attachments())
    assert [part.get_content_type() for part in parts] == [
        XLSX_TYPE,
        XLSM_TYPE.lower(),  # get_content_type() lowercases; the header keeps Microsoft's spelling
        "application/pdf",
        "application/octet-stream",
    ]
    assert parts[1]["Content-Type"].startswith(XLSM_TYPE)
    # Body must be 7-bit safe on the wire.
    assert message.get_body(("plain",))["Content-Transfer-Encoding"] == "quoted-printable"
    message.as_bytes().decode("ascii")


def test_missing_attachment_is_reported(tmp_path):
    with pytest.raises(MailError, match="Lampiran tidak ditemukan"):
        build_message(
            [tmp_path / "hilang.xlsx"], sender=SENDER, to=["a@b.go.id"], subject="s", body="b"
        )


def test_no_recipient_is_refused(workbook):
    with pytest.raises(MailError, match="penerima"):
        _message(workbook, to=[], cc=["a@b.go.id"])


# --------------------------------------------------------------------------------------------
# Settings


def test_env_overrides_config_and_password_comes_from_named_variable():
    section = {
        "host": "smtp.kabupaten.go.id",
        "security": "ssl",
        "user": "renbang",
        "password_env": "DINAS_SMTP_SANDI",
        "from": "lkj@kabupaten.go.id",
        "default_recipients": ["kepala@kabupaten.go.id", "sekre@kabupaten.go.id"],
        "timeout": 12,
    }
    settings = SmtpSettings.from_config(section, {"DINAS_SMTP_SANDI": PASSWORD})
    assert (settings.host, settings.port, settings.security) == ("smtp.kabupaten.go.id", 465, "ssl")
    assert settings.password == PASSWORD
    assert settings.sender == "lkj@kabupaten.go.id"
    assert settings.default_recipients == ("kepala@kabupaten.go.id", "sekre@kabupaten.go.id")
    assert settings.timeout == 12.0
    assert PASSWORD not in repr(settings) and PASSWORD not in str(settings)

    environ = {
        "LKJ_SMTP_HOST": "mail.lain.go.id",
        "LKJ_SMTP_PORT": "2525",
        "LKJ_SMTP_SECURITY": "STARTTLS",
        "LKJ_SMTP_USER": "operator",
        "LKJ_SMTP_FROM": "operator@lain.go.id",
        "LKJ_SMTP_PASSWORD": "dari-env",
        "DINAS_SMTP_SANDI": PASSWORD,
    }
    settings = SmtpSettings.from_config(section, environ)
    assert settings.host == "mail.lain.go.id"
    assert settings.port == 2525
    assert settings.security == "starttls"
    assert settings.user == "operator"
    assert settings.sender == "operator@lain.go.id"
    assert settings.password == "dari-env"


@pytest.mark.parametrize(("security", "port"), [("starttls", 587), ("ssl", 465), ("none", 25)])
def test_port_defaults_by_security(security, port):
    section = {"host": "smtp.x.go.id", "from": "a@x.go.id", "security": security}
    settings = SmtpSettings.from_config(section, {})
    assert settings.port == port
    assert settings.password is None and settings.user is None


def test_default_security_is_starttls():
    settings = SmtpSettings.from_config({"host": "smtp.x.go.id", "from": "a@x.go.id"}, {})
    assert (settings.security, settings.port) == ("starttls", 587)


@pytest.mark.parametrize(
    ("section", "environ", "named"),
    [
        ({"from": "a@x.go.id"}, {}, "smtp.host"),
        ({"host": "smtp.x.go.id"}, {}, "smtp.from"),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id", "port": 70000}, {}, "smtp.port"),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id", "port": "abc"}, {}, "smtp.port"),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id"}, {"LKJ_SMTP_PORT": "0"}, "LKJ_SMTP_PORT"),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id", "security": "tls"}, {}, "smtp.security"),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id\r\nBcc: b@y.go.id"}, {}, "smtp.from"),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id"}, {"LKJ_SMTP_FROM": "a@x\n.go.id"}, "LKJ_SMTP_FROM"),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id, b@x.go.id"}, {}, "smtp.from"),
        (
            {"host": "smtp.x.go.id", "from": "a@x.go.id", "default_recipients": ["ok@x.go.id", "rusak"]},
            {},
            "smtp.default_recipients",
        ),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id", "timeout": 0}, {}, "smtp.timeout"),
        ({"host": "smtp.x.go.id", "from": "a@x.go.id", "pasword_env": "X"}, {}, "smtp.pasword_env"),
    ],
)
def test_invalid_settings_name_the_setting(section, environ, named):
    with pytest.raises(MailError) as info:
        SmtpSettings.from_config(section, environ)
    assert named in str(info.value)


def test_password_in_toml_is_refused_without_echoing_it():
    section = {"host": "smtp.x.go.id", "from": "a@x.go.id", "password": PASSWORD}
    with pytest.raises(MailError, match="smtp.password") as info:
        SmtpSettings.from_config(section, {})
    assert PASSWORD not in str(info.value)


def test_password_pasted_into_password_env_is_not_echoed():
    section = {"host": "smtp.x.go.id", "from": "a@x.go.id", "password_env": PASSWORD}
    with pytest.raises(MailError, match="smtp.password_env") as info:
        SmtpSettings.from_config(section, {})
    assert PASSWORD not in str(info.value)


def test_direct_construction_is_validated_too():
    with pytest.raises(MailError, match="smtp.security"):
        SmtpSettings(host="h.go.id", port=25, security="tls", sender="a@x.go.id")
    with pytest.raises(MailError, match="smtp.from"):
        SmtpSettings(host="h.go.id", port=25, sender="bukan alamat")


# --------------------------------------------------------------------------------------------
# write_eml and retry_delays


def test_write_eml_is_parseable_and_never_overwrites(tmp_path, workbook):
    message = _message(workbook)
    folder = tmp_path / "keluar"
    first = write_eml(message, folder, "LKj Tribulan I")
    second = write_eml(message, folder, "LKj Tribulan I")
    third = write_eml(message, folder, "LKj Tribulan I")
    assert [p.name for p in (first, second, third)] == [
        "LKj Tribulan I.eml",
        "LKj Tribulan I (2).eml",
        "LKj Tribulan I (3).eml",
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in (first, second, third))

    raw = first.read_bytes()
    assert b"\r\n" in raw
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert str(parsed["Subject"]) == SUBJECT
    (part,) = parsed.iter_attachments()
    assert part.get_filename() == WORKBOOK_NAME
    assert part.get_payload(decode=True) == workbook.read_bytes()


def test_write_eml_keeps_an_existing_file(tmp_path, workbook):
    (tmp_path / "laporan.eml").write_bytes(b"punya orang lain")
    written = write_eml(_message(workbook), tmp_path, "laporan")
    assert written.name == "laporan (2).eml"
    assert (tmp_path / "laporan.eml").read_bytes() == b"punya orang lain"


@pytest.mark.parametrize("stem", ["", "..", "a/b", "a\\b", "a\nb"])
def test_write_eml_refuses_bad_stems(tmp_path, workbook, stem):
    with pytest.raises(MailError):
        write_eml(_message(workbook), tmp_path, stem)


def test_retry_delays():
    assert [retry_delays(n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert retry_delays(10_000) == 3600
    assert retry_delays(3, base=1, cap=3) == 3
    with pytest.raises(ValueError):
        retry_delays(0)


@given(st.integers(min_value=1, max_value=10_000))
def test_retry_delays_grow_and_stay_capped(attempt):
    assert retry_delays(attempt) <= retry_delays(attempt + 1) <= 3600


# --------------------------------------------------------------------------------------------
# Issue 8: a password never travels in clear to another machine


def test_login_without_tls_to_another_host_is_refused():
    section = {"host": "smtp.dinas.go.id", "from": "a@dinas.go.id", "security": "none", "user": "operator"}
    with pytest.raises(MailError, match="tanpa enkripsi") as info:
        SmtpSettings.from_config(section, {"LKJ_SMTP_PASSWORD": PASSWORD})
    assert PASSWORD not in str(info.value)


def test_the_environment_cannot_downgrade_a_login_to_clear_text():
    # The toml says starttls; LKJ_SMTP_SECURITY=none would have sent the password in clear.
    section = {"host": "smtp.dinas.go.id", "from": "a@dinas.go.id", "security": "starttls", "user": "operator"}
    assert SmtpSettings.from_config(section, {"LKJ_SMTP_PASSWORD": PASSWORD}).security == "starttls"
    with pytest.raises(MailError, match="LKJ_SMTP_SECURITY"):
        SmtpSettings.from_config(section, {"LKJ_SMTP_PASSWORD": PASSWORD, "LKJ_SMTP_SECURITY": "none"})


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_login_without_tls_is_allowed_to_this_machine_only(host):
    section = {"host": host, "from": "a@dinas.go.id", "security": "none", "user": "operator"}
    assert SmtpSettings.from_config(section, {"LKJ_SMTP_PASSWORD": PASSWORD}).user == "operator"


def test_clear_text_without_login_stays_allowed():
    # An office relay that takes mail without AUTH: nothing secret goes over the wire.
    section = {"host": "relay.dinas.go.id", "from": "a@dinas.go.id", "security": "none"}
    assert SmtpSettings.from_config(section, {}).security == "none"
