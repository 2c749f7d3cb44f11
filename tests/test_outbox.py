"""Mail never holds up the drop folder: a server that swallows connections costs one timeout on the
outbox's own thread, while files keep being claimed and built and a stop request is honoured."""

from __future__ import annotations

import socket
import threading
import time

from lkj_excel.config import Config
from lkj_excel.watch import WatchOptions, watch

from test_watch import journal_rows, make_input, names, run_once, state_env


class SilentServer:
    """Accepts TCP connections and never sends the SMTP greeting, counting each connection."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        self.listener.close()
        for conn in self.connections:
            conn.close()


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _smtp(port: int, timeout: float) -> Config:
    return Config(smtp={"host": "127.0.0.1", "port": port, "security": "none", "from": "lkj@example.go.id",
                        "timeout": timeout})


def _drop_three(root):
    for unit in ("Bidang Satu", "Bidang Dua", "Bidang Tiga"):
        make_input(root / "masuk" / f"isian-{unit.split()[1].lower()}.xlsx", unit=unit,
                   email_to="kadis@example.go.id")


def test_builds_go_on_and_stop_is_prompt_while_the_server_swallows_the_first_mail(tmp_path):
    server = SilentServer()
    root = tmp_path / "lkj"
    _drop_three(root)
    # 300 s per attempt: with mail on the loop's thread the second file would wait that long.
    config = _smtp(server.port, 300)
    stop = threading.Event()
    result: dict = {}
    options = WatchOptions(settle=0.05, grace=1.0, jobs=1, install_signals=False, isolate=False)

    def run():
        try:
            result["summary"] = watch(root, config, options, environ=state_env(), echo=lambda line, err: None,
                                      stop=stop)
        except BaseException as exc:  # surfaced by the assertion below
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    try:
        _wait_for(lambda: len([n for n in names(root / "hasil") if n.endswith(".xlsx")]) == 3, 60, "all three workbooks while a mail hangs")
        _wait_for(lambda: len(server.connections) == 1, 10, "the first mail to reach the server")
    finally:
        asked = time.monotonic()
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert "error" not in result, result.get("error")
    assert time.monotonic() - asked < 30, "the stop request waited for the silent server"
    server.close()
    # One mail in flight when stopped (resent next run with its Message-ID), two never tried.
    states = sorted((r["mail_state"], r["mail_attempts"]) for r in journal_rows(root))
    assert states == [("pending", 0), ("pending", 0), ("sending", 0)]
    assert len(server.connections) == 1


def test_a_refused_connection_holds_every_due_mail_until_the_retry(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on: connection refused at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = tmp_path / "lkj"
    _drop_three(root)

    summary, lines = run_once(root, _smtp(port, 5))

    assert summary.ok == 3 and summary.mails_sent == 0 and summary.mails_failed == 0
    rows = journal_rows(root)
    # The first mail found the server away; the other two were not tried against it (each would
    # have cost a timeout) but wait for the same retry time, 30 s later by default.
    assert sorted(r["mail_attempts"] for r in rows) == [0, 0, 1]
    assert {r["mail_state"] for r in rows} == {"pending"}
    failed = next(r for r in rows if r["mail_attempts"] == 1)
    assert "koneksi ditolak" in failed["mail_error"]
    assert sum("gagal (percobaan 1)" in line for line in lines) == 1
    assert any("menunggu dikirim 3" in line for line in lines)
