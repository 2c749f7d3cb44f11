"""Email from the drop folder and from `lkj-excel send`, checked against real SMTP servers on
127.0.0.1 (aiosmtpd): what arrives, to whom, under which subject, with which attachment."""

from __future__ import annotations

import email
import os
import subprocess
import sys
import threading
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkj_excel.api import build_file
from lkj_excel.cli import cli
from lkj_excel.config import Config, load_config
from lkj_excel.mail import DOCX_TYPE, XLSX_TYPE, SmtpSettings
from lkj_excel.watch import Layout, WatchOptions, format_status, read_status, watch

from smtp_server import PASSWORD, USER, Servers, make_ca, server_context, write_ca
from test_watch import _wait_for, journal_path, make_input, names, run_once

SUBJECT = "LKj Tribulan II 2023 – Bidang Pengembangan Ketenagakerjaan"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "lkj-excel.toml"


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    ca = make_ca()
    return server_context(ca), write_ca(ca, tmp_path_factory.mktemp("ca") / "ca.pem")


@pytest.fixture
def servers():
    s = Servers()
    yield s
    s.stop()


def _plain_config(controller, **extra) -> Config:
    return Config(smtp={"host": "127.0.0.1", "port": controller.port, "security": "none",
                        "from": "lkj@example.go.id", "timeout": 5, **extra})


def _only_attachment(message):
    (part,) = message.iter_attachments()
    return part


# --------------------------------------------------------------------------------------------
# The watcher sends


def test_finished_workbook_is_mailed_over_starttls_with_login(tmp_path, servers, tls):
    context, ca_file = tls
    controller, handler = servers.starttls_auth(context)
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "isian.xlsx", email_to="kadis@example.go.id")
    config = Config(smtp={"host": "127.0.0.1", "port": controller.port, "security": "starttls", "user": USER,
                          "from": "lkj@example.go.id", "default_recipients": ["kepala@example.go.id"],
                          "ca_file": ca_file, "timeout": 10})
    environ = {"LKJ_SMTP_PASSWORD": PASSWORD}

    summary, lines = run_once(root, config, environ)

    assert summary.mails_sent == 1
    (envelope,) = handler.envelopes
    assert envelope["tls"] and envelope["login"] == USER.encode()
    assert envelope["mail_from"] == "lkj@example.go.id"
    assert envelope["rcpt_tos"] == ["kadis@example.go.id", "kepala@example.go.id"]
    message = email.message_from_bytes(envelope["content"], policy=policy.default)
    assert str(message["Subject"]) == SUBJECT
    # The default laporan.lampiran: the workbook and, beside it in hasil, its LKj document.
    finished, document = sorted((root / "hasil").glob("*.xlsx")), sorted((root / "hasil").glob("*.docx"))
    assert len(finished) == 1 and [d.stem for d in document] == [finished[0].stem]
    part, doc_part = message.iter_attachments()
    assert part.get_content_type() == XLSX_TYPE and doc_part.get_content_type() == DOCX_TYPE
    for attached, on_disk in ((part, finished[0]), (doc_part, document[0])):
        assert attached.get_filename() == on_disk.name
        assert attached.get_payload(decode=True) == on_disk.read_bytes()
    body = message.get_body(("plain",)).get_content()
    assert "Prosentase Perusahaan kecil yang melakukan konsultasi produktivitas" in body
    assert "target 70 perusahaan, realisasi 36 perusahaan: capaian 51,43% (predikat Rendah)" in body
    assert "Peringatan hasil pemeriksaan (3)" in body and "Kinerja!G5 kinerja-tanpa-serapan" in body
    assert "Berkas isian: isian.xlsx" in body
    assert any("EMAIL" in line and "terkirim" in line for line in lines)

    # The password is nowhere: not on the console, in the log, or in the journal.
    secret = PASSWORD.encode()
    assert all(PASSWORD not in line for line in lines)
    assert secret not in (root / "lkj-excel.log").read_bytes()
    assert secret not in journal_path(root).read_bytes()

    # A restart does not send it again.
    summary, _ = run_once(root, config, environ)
    assert summary.mails_sent == 0 and len(handler.envelopes) == 1


def test_a_transient_failure_is_retried_with_backoff_in_the_same_run(tmp_path, servers):
    controller, handler = servers.start()
    handler.data_replies.append("451 4.3.0 Server sibuk, coba lagi nanti")
    root = tmp_path / "lkj"
    (root / "masuk").mkdir(parents=True)
    lines: list[str] = []
    stop = threading.Event()
    options = WatchOptions(settle=0.05, jobs=1, retry_base=0.5, install_signals=False)
    thread = threading.Thread(target=watch, args=(root, _plain_config(controller), options),
                              kwargs={"environ": {"LKJ_EXCEL_STATE": os.environ["LKJ_EXCEL_STATE"]}, "echo": lambda line, err: lines.append(line), "stop": stop})
    thread.start()
    try:
        make_input(root / "masuk" / "isian.xlsx", email_to="kadis@example.go.id")
        _wait_for(lambda: any("percobaan 1" in line for line in lines), 15, "the first, failed attempt")
        pending = format_status(read_status(root))
        assert any("menunggu: hasil/" in line and "percobaan 1" in line and "Server sibuk" in line
                   for line in pending), pending
        assert len(names(root / "hasil")) == 2  # the workbook and its document do not wait for the mail
        _wait_for(lambda: len(handler.envelopes) == 1, 15, "the retry")
    finally:
        stop.set()
        thread.join(timeout=15)
    assert not thread.is_alive()
    assert len(handler.envelopes) == 1
    status = format_status(read_status(root))
    assert any("Email: terkirim 1, menunggu 0, gagal 0" in line for line in status), status


def test_a_permanent_failure_is_visible_and_keeps_the_workbook(tmp_path, servers):
    controller, handler = servers.start()
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "isian.xlsx", email_to="ditolak@example.go.id")
    summary, lines = run_once(root, _plain_config(controller))
    assert summary.mails_failed == 1 and handler.envelopes == []
    assert len(names(root / "hasil")) == 2 and names(root / "arsip") == ["isian.xlsx"]
    # The command to send it by hand names the workbook only: `send` reads each file it is given as a
    # finished workbook, so the LKj document beside it would be refused as unreadable.
    (advice,) = [line for line in lines if "lkj-excel send" in line]
    (workbook,) = [n for n in names(root / "hasil") if n.endswith(".xlsx")]
    assert advice.endswith(f'lkj-excel send "{root / "hasil" / workbook}" --to ALAMAT'), advice
    status = format_status(read_status(root))
    assert any(line.startswith("  gagal: hasil/") and "550" in line for line in status), status
    # Not retried by a restart either.
    run_once(root, _plain_config(controller))
    assert handler.envelopes == []


def test_no_recipients_means_no_mail(tmp_path, servers):
    controller, handler = servers.start()
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "isian.xlsx")
    summary, lines = run_once(root, _plain_config(controller))
    assert summary.ok == 1 and handler.envelopes == []
    assert any("tanpa email (tidak ada penerima)" in line for line in lines)


def test_header_injection_through_the_workbook_is_refused(tmp_path, servers):
    controller, handler = servers.start()
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "sisip.xlsx", email_to="kadis@example.go.id\r\nBcc: bocor@luar.com")
    # An Alt+Enter inside Unit Kerja is layout: the subject stays one line, it is not refused.
    make_input(root / "masuk" / "dua-baris.xlsx", unit="Bidang Pengembangan\nKetenagakerjaan",
               email_to="kadis@example.go.id")
    summary, _ = run_once(root, _plain_config(controller))
    assert summary.rejected == 1 and summary.ok == 1
    note = (root / "perlu-perbaikan" / "sisip.xlsx.perbaikan.txt").read_text(encoding="utf-8-sig")
    assert "email-tidak-valid" in note
    (envelope,) = handler.envelopes
    assert envelope["rcpt_tos"] == ["kadis@example.go.id"]
    message = email.message_from_bytes(envelope["content"], policy=policy.default)
    assert str(message["Subject"]) == SUBJECT
    assert b"bocor" not in envelope["content"]


def test_environment_overrides_the_config_file(tmp_path, servers):
    controller, handler = servers.start()
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "isian.xlsx", email_to="kadis@example.go.id")
    config = Config(smtp={"host": "smtp.tidak-ada.invalid", "port": 1, "from": "salah@example.go.id"})
    environ = {"LKJ_SMTP_HOST": "127.0.0.1", "LKJ_SMTP_PORT": str(controller.port), "LKJ_SMTP_SECURITY": "none",
               "LKJ_SMTP_FROM": "benar@example.go.id"}
    summary, _ = run_once(root, config, environ)
    assert summary.mails_sent == 1
    assert handler.envelopes[0]["mail_from"] == "benar@example.go.id"


# --------------------------------------------------------------------------------------------
# lkj-excel send


@pytest.fixture
def finished(tmp_path, seed_input):
    return build_file(seed_input, tmp_path / "hasil").output


def _invoke(args, env=None):
    base = {k: None for k in ("LKJ_SMTP_HOST", "LKJ_SMTP_PORT", "LKJ_SMTP_SECURITY", "LKJ_SMTP_USER",
                              "LKJ_SMTP_PASSWORD", "LKJ_SMTP_FROM", "LKJ_EXCEL_CONFIG")}
    base.update(env or {})
    return CliRunner().invoke(cli, [str(a) for a in args], env=base, catch_exceptions=False)


def test_send_dry_run_writes_an_eml_with_subject_summary_and_workbook(tmp_path, finished):
    out = tmp_path / "eml"
    result = _invoke(["send", finished, "--to", "kadis@example.go.id, sekre@example.go.id",
                      "--cc", "inspektorat@example.go.id", "--dry-run", "-o", out])
    assert result.exit_code == 0, result.output
    (eml,) = out.iterdir()
    assert eml.name == finished.stem + ".eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert str(message["Subject"]) == SUBJECT
    assert message["To"] == "kadis@example.go.id, sekre@example.go.id"
    assert message["Cc"] == "inspektorat@example.go.id"
    part = _only_attachment(message)
    assert part.get_content_type() == XLSX_TYPE
    assert part.get_payload(decode=True) == finished.read_bytes()
    body = message.get_body(("plain",)).get_content()
    assert "capaian 51,43% (predikat Rendah)" in body
    assert "Peringatan hasil pemeriksaan (3)" in body


def test_send_over_starttls_with_login_from_the_environment(tmp_path, finished, servers, tls):
    context, ca_file = tls
    controller, handler = servers.starttls_auth(context)
    config = tmp_path / "lkj-excel.toml"
    # A TOML literal string ('...'): a Windows path's backslashes are not escapes there.
    config.write_text(f"[smtp]\nca_file = '{ca_file}'\ndefault_recipients = [\"kepala@example.go.id\"]\n",
                      encoding="utf-8")
    env = {"LKJ_SMTP_HOST": "127.0.0.1", "LKJ_SMTP_PORT": str(controller.port), "LKJ_SMTP_SECURITY": "starttls",
           "LKJ_SMTP_USER": USER, "LKJ_SMTP_PASSWORD": PASSWORD, "LKJ_SMTP_FROM": "lkj@example.go.id"}
    result = _invoke(["send", finished, "--config", config], env)
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    (envelope,) = handler.envelopes
    assert envelope["tls"] and envelope["login"] == USER.encode()
    assert envelope["rcpt_tos"] == ["kepala@example.go.id"]
    message = email.message_from_bytes(envelope["content"], policy=policy.default)
    assert str(message["Subject"]) == SUBJECT
    assert _only_attachment(message).get_payload(decode=True) == finished.read_bytes()


def test_send_refuses_line_breaks_in_addresses(finished, servers):
    controller, handler = servers.start()
    env = {"LKJ_SMTP_HOST": "127.0.0.1", "LKJ_SMTP_PORT": str(controller.port), "LKJ_SMTP_SECURITY": "none",
           "LKJ_SMTP_FROM": "lkj@example.go.id"}
    result = _invoke(["send", finished, "--to", "kadis@example.go.id\r\nBcc: bocor@luar.com"], env)
    assert result.exit_code == 2 and "CR/LF" in result.output
    assert handler.envelopes == []


def test_send_refuses_what_is_not_a_finished_workbook(tmp_path, seed_input):
    result = _invoke(["send", seed_input, "--to", "kadis@example.go.id", "--dry-run", "-o", tmp_path])
    assert result.exit_code == 2 and "bukan workbook hasil lkj-excel" in result.output
    result = _invoke(["send", tmp_path / "tidak-ada.xlsx", "--to", "kadis@example.go.id", "--dry-run"])
    assert result.exit_code == 2 and "tidak ditemukan" in result.output
    assert "Traceback" not in result.output


def test_send_needs_recipients_and_settings(finished):
    result = _invoke(["send", finished, "--dry-run"])
    assert result.exit_code == 2 and "--to" in result.output
    result = _invoke(["send", finished, "--to", "kadis@example.go.id"])
    assert result.exit_code == 2 and "smtp.host" in result.output


def test_send_to_a_server_that_is_down_exits_2(finished):
    env = {"LKJ_SMTP_HOST": "127.0.0.1", "LKJ_SMTP_PORT": "1", "LKJ_SMTP_SECURITY": "none",
           "LKJ_SMTP_FROM": "lkj@example.go.id"}
    result = _invoke(["send", finished, "--to", "kadis@example.go.id"], env)
    assert result.exit_code == 2 and "GAGAL" in result.output and "Traceback" not in result.output


def test_a_draft_says_so_in_the_mail(tmp_path):
    source = make_input(tmp_path / "bergalat.xlsx", errors=True)
    draft = build_file(source, tmp_path / "hasil", force=True).output
    result = _invoke(["send", draft, "--to", "kadis@example.go.id", "--dry-run", "-o", tmp_path / "eml"])
    assert result.exit_code == 0, result.output
    (eml,) = (tmp_path / "eml").iterdir()
    body = email.message_from_bytes(eml.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert "DRAF" in body


# --------------------------------------------------------------------------------------------
# The example config and the command line


def test_the_example_config_loads():
    config = load_config(EXAMPLE)
    settings = SmtpSettings.from_config(config.smtp, {"LKJ_SMTP_PASSWORD": "x"})
    assert settings.security == "starttls" and settings.default_recipients
    assert Layout.of("/srv/lkj", config).inbox.name == config.folders.inbox
    assert config.capaian_cap is None or config.capaian_cap > 0


@pytest.mark.parametrize("command", ["watch", "send"])
def test_office_commands_are_listed_in_indonesian_and_stay_light(command):
    result = _invoke([command, "--help"])
    assert result.exit_code == 0 and "Pemakaian: " in result.output and "Opsi:" in result.output
    code = ("import sys; from lkj_excel.cli import main; sys.argv=['lkj-excel', %r, '--help']\n"
            "try:\n    main()\nexcept SystemExit: pass\n"
            "assert 'pandas' not in sys.modules, 'pandas imported'\n") % command
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_send_reads_the_embedded_copy_and_names_a_workbook_without_one(tmp_path, finished):
    """The mail's figures come from the copy in customXml/item1.xml, not from cells: a finished workbook
    whose copy is removed (as one written before the copy existed) is refused with what to do."""
    import zipfile

    from lkj_excel.summary import NotFinishedWorkbook, read_finished

    body = read_finished(finished).body
    assert "target 70 perusahaan, realisasi 36 perusahaan: capaian 51,43% (predikat Rendah)" in body
    old = tmp_path / "lama.xlsx"
    with zipfile.ZipFile(finished) as src, zipfile.ZipFile(old, "w") as dst:
        for info in src.infolist():
            if not info.filename.startswith("customXml/"):
                dst.writestr(info, src.read(info))
    with pytest.raises(NotFinishedWorkbook, match="tidak memuat salinan data laporan.*lkj-excel build"):
        read_finished(old)
