"""The drop folder's outputs beside the workbook and the note (issue 12, issue 10): the LKj document
(.docx, and its PDF) in hasil, the mail carrying what [laporan] lampiran names, the staff's marked copy
in perlu-perbaikan, and the journal that moves them (schema 3, older journals adopted).

Worked by hand for the sample (DOMAIN §2): indicator 2, target 70 perusahaan, realisasi 36, capaian
36/70 = 51,43%; indicator 1, 51,43/100 = 51,43%."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import docx
import pytest

from lkj_excel.config import Config, ConfigError, Laporan
from lkj_excel.laporan.pdf import find_soffice
from lkj_excel.office import worker
from lkj_excel.office.layout import Layout

from helpers import marked_comments
from smtp_server import Servers
from test_watch import (assert_nothing_left_behind, journal_rows, make_input, names, run_once, sha,
                        state_env)

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "isian-contoh-tw2-2023.xlsx"
BOOK = "LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan.xlsx"
DOC = BOOK[: -len(".xlsx")] + ".docx"
PDF = BOOK[: -len(".xlsx")] + ".pdf"


@pytest.fixture
def smtp():
    servers = Servers()
    yield servers.start()
    servers.stop()


def _mail_config(controller, **laporan) -> Config:
    return Config(laporan=Laporan(**laporan),
                  smtp={"host": "127.0.0.1", "port": controller.port, "security": "none",
                        "from": "lkj@example.go.id", "default_recipients": ["kepala@example.go.id"], "timeout": 5})


def _drop_sample(root: Path) -> Path:
    (root / "masuk").mkdir(parents=True)
    return Path(shutil.copy2(SAMPLE, root / "masuk" / "isian.xlsx"))


def _attachments(handler) -> dict[str, bytes]:
    (message,) = handler.messages()
    return {part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments()}


def _cells(path: Path) -> list[str]:
    return [c.text for t in docx.Document(str(path)).tables for row in t.rows for c in row.cells]


def test_the_sample_gets_its_lkj_document_beside_the_workbook_and_both_are_mailed(tmp_path, smtp):
    controller, handler = smtp
    root = tmp_path / "lkj"
    _drop_sample(root)

    summary, lines = run_once(root, _mail_config(controller))

    assert summary.ok == 1 and summary.mails_sent == 1
    assert names(root / "hasil") == sorted([BOOK, DOC])
    cells = _cells(root / "hasil" / DOC)
    assert cells.count("51,43%") >= 2 and "Rp26.300.000" in cells  # both capaian, the Jumlah
    # The default laporan.lampiran: the workbook and the document, byte for byte as in hasil.
    attached = _attachments(handler)
    assert sorted(attached) == sorted([BOOK, DOC])
    for name, payload in attached.items():
        assert payload == (root / "hasil" / name).read_bytes()
    assert any(line.strip() == f"-> {os.path.join('hasil', DOC)}" for line in lines), lines
    assert not any("tidak dilampirkan" in line for line in lines)
    (row,) = [r for r in journal_rows(root)]
    assert row["doc_target"] == f"hasil/{DOC}" and row["doc_sha"] == sha(root / "hasil" / DOC)
    assert_nothing_left_behind(root)


@pytest.mark.parametrize(("laporan", "expected"), [
    ({"lampiran": ("workbook",)}, [BOOK]),
    ({"lampiran": ("dokumen",)}, [DOC]),
])
def test_mail_attaches_exactly_what_lampiran_names(tmp_path, smtp, laporan, expected):
    controller, handler = smtp
    root = tmp_path / "lkj"
    _drop_sample(root)

    _, lines = run_once(root, _mail_config(controller, **laporan))

    assert sorted(_attachments(handler)) == expected
    assert DOC in names(root / "hasil")  # written whether or not it is mailed
    # The body points at the workbook only where it is attached.
    body = handler.messages()[0].get_body(preferencelist=("plain",)).get_content()
    assert ("workbook terlampir" in body) == (BOOK in expected)
    assert (f"workbook {os.path.join('hasil', BOOK)} (tidak dilampirkan)" in body) == (BOOK not in expected)
    assert not any("tidak dilampirkan" in line for line in lines)


def test_a_pdf_without_libreoffice_is_a_note_and_the_mail_goes_without_it(tmp_path, smtp, monkeypatch):
    import lkj_excel.laporan.pdf as pdf_mod

    monkeypatch.setattr(pdf_mod, "find_soffice", lambda: None)
    controller, handler = smtp
    root = tmp_path / "lkj"
    _drop_sample(root)

    summary, lines = run_once(root, _mail_config(controller, pdf=True, lampiran=("workbook", "dokumen", "pdf")))

    assert summary.ok == 1 and summary.rejected == 0
    assert names(root / "hasil") == sorted([BOOK, DOC])
    assert any("PDF tidak dibuat: LibreOffice tidak ditemukan" in line for line in lines), lines
    assert any("dokumen LKj dalam PDF (.pdf) tidak dilampirkan" in line for line in lines), lines
    assert sorted(_attachments(handler)) == sorted([BOOK, DOC])
    assert_nothing_left_behind(root)


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_with_libreoffice_the_pdf_is_written_and_attached(tmp_path, smtp):
    controller, handler = smtp
    root = tmp_path / "lkj"
    _drop_sample(root)

    run_once(root, _mail_config(controller, pdf=True, lampiran=("pdf", "workbook")))

    assert names(root / "hasil") == sorted([BOOK, DOC, PDF])
    assert (root / "hasil" / PDF).read_bytes().startswith(b"%PDF")
    attached = _attachments(handler)
    assert sorted(attached) == sorted([BOOK, PDF])
    assert attached[PDF] == (root / "hasil" / PDF).read_bytes()
    assert_nothing_left_behind(root)


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for soffice")
def test_a_libreoffice_that_hangs_costs_the_pdf_not_the_file(tmp_path, monkeypatch):
    """LibreOffice is given half the build's deadline: a conversion that never ends is a note, and the
    build is not taken for hung (which, three times over, would refuse a correct file)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\nexec sleep 120\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")  # the spawned worker's too
    root = tmp_path / "lkj"
    _drop_sample(root)

    started = time.monotonic()
    summary, lines = run_once(root, Config(laporan=Laporan(pdf=True)), isolate=True, build_timeout=8.0)

    assert summary.ok == 1 and summary.rejected == 0, lines
    assert names(root / "hasil") == sorted([BOOK, DOC])
    assert any("PDF tidak dibuat: LibreOffice tidak selesai dalam 4 detik" in line for line in lines), lines
    assert not any("macet" in line for line in lines), lines
    assert time.monotonic() - started < 30
    assert_nothing_left_behind(root)


def test_a_broken_office_template_costs_the_document_not_the_workbook(tmp_path, smtp):
    controller, handler = smtp
    template = tmp_path / "templat-kantor.docx"
    template.write_text("bukan dokumen Word")
    root = tmp_path / "lkj"
    source = _drop_sample(root)
    content = source.read_bytes()
    config = _mail_config(controller)
    config = Config(laporan=Laporan(templat=str(template)), smtp=config.smtp)

    summary, lines = run_once(root, config)

    assert summary.ok == 1 and summary.rejected == 0
    assert names(root / "hasil") == [BOOK] and names(root / "perlu-perbaikan") == []
    assert (root / "arsip" / "isian.xlsx").read_bytes() == content
    # Said once at the start, before any file, with the fix; then for the file itself
    start = lines.index(next(line for line in lines if line.startswith("Mulai:")))
    warning = [i for i, line in enumerate(lines) if line.startswith("Dokumen LKj tidak dapat dibuat: Templat laporan "
                                                                    "templat-kantor.docx")]
    assert warning and warning[0] == start + 1, lines
    assert "hapus [laporan] templat di lkj-excel.toml" in lines[warning[0]]
    note = [line for line in lines if "Dokumen LKj tidak dibuat" in line]
    assert note and "Workbook tetap dibuat" in note[0] and "lkj-excel laporan" in note[0], lines
    assert "Dokumen LKj tidak dibuat" in (root / "lkj-excel.log").read_text(encoding="utf-8")
    # Mailed with what exists, and a line for what does not.
    assert sorted(_attachments(handler)) == [BOOK]
    assert any("dokumen LKj (.docx) tidak dilampirkan" in line for line in lines), lines
    assert_nothing_left_behind(root)


def test_a_misspelt_tag_in_the_office_template_is_said_at_the_start(tmp_path):
    """A template that opens as Word but names something lkj-excel does not know ({{ perode }}) is
    only found when a document is rendered: the start renders one in memory."""
    import docx

    from lkj_excel.laporan import default_template_path

    d = docx.Document(str(default_template_path()))
    paragraph = next(p for p in d.paragraphs if "{{ periode }}" in p.text)
    text = paragraph.text.replace("{{ periode }}", "{{ perode }}")
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = text
    template = tmp_path / "templat-kantor.docx"
    d.save(str(template))
    root = tmp_path / "lkj"
    _drop_sample(root)

    summary, lines = run_once(root, Config(laporan=Laporan(templat=str(template))))

    assert summary.ok == 1
    start = lines.index(next(line for line in lines if line.startswith("Mulai:")))
    assert lines[start + 1].startswith("Dokumen LKj tidak dapat dibuat: ") and "perode" in lines[start + 1], lines
    assert names(root / "hasil") == [BOOK]


def test_a_refused_file_comes_back_marked_beside_its_note(tmp_path):
    root = tmp_path / "lkj"
    source = make_input(root / "masuk" / "bergalat.xlsx", errors=True)
    content = source.read_bytes()

    summary, lines = run_once(root)

    assert summary.rejected == 1
    folder = root / "perlu-perbaikan"
    assert names(folder) == ["bergalat - perbaiki.xlsx", "bergalat.xlsx", "bergalat.xlsx.perbaikan.txt"]
    assert (folder / "bergalat.xlsx").read_bytes() == content  # the input itself, untouched
    comments = marked_comments(folder / "bergalat - perbaiki.xlsx")
    assert "target-nol" in comments[("Kinerja", "F5")]  # the error's cell (target 0)
    note = (folder / "bergalat.xlsx.perbaikan.txt").read_text(encoding="utf-8-sig")
    assert "' - perbaiki.xlsx'" in note
    assert any(line.strip() == f"-> {os.path.join('perlu-perbaikan', 'bergalat - perbaiki.xlsx')}" for line in lines), lines
    assert_nothing_left_behind(root)


def test_a_refused_file_that_cannot_be_marked_is_still_refused_with_its_note(tmp_path, monkeypatch):
    import lkj_excel.marking as marking

    def unmarkable(*args, **kwargs):
        raise marking.MarkingError("Berkas bergalat.xlsx tidak dapat ditandai.")

    monkeypatch.setattr(marking, "mark_file", unmarkable)
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "bergalat.xlsx", errors=True)

    summary, lines = run_once(root)

    assert summary.rejected == 1
    assert names(root / "perlu-perbaikan") == ["bergalat.xlsx", "bergalat.xlsx.perbaikan.txt"]
    note = (root / "perlu-perbaikan" / "bergalat.xlsx.perbaikan.txt").read_text(encoding="utf-8-sig")
    assert "Salinan bertanda tidak dibuat" in note and "target-nol" in note
    assert any("Salinan bertanda tidak dibuat" in line for line in lines), lines
    assert_nothing_left_behind(root)


# -- the journal --------------------------------------------------------------------------------

def _user_version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


# The version-2 table exactly as lkj-excel 0.2 created it: what an office upgrading has on disk.
_V2_TABLE = """CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, sha256 TEXT, size INTEGER, state TEXT NOT NULL,
    dirs TEXT, result TEXT, detail TEXT, crashes INTEGER NOT NULL DEFAULT 0, out_name TEXT, out_sha TEXT,
    out_target TEXT, orig_target TEXT, note_name TEXT, note_sha TEXT, note_target TEXT, mail_state TEXT,
    mail_to TEXT, mail_subject TEXT, mail_body TEXT, mail_id TEXT, mail_attempts INTEGER NOT NULL DEFAULT 0,
    mail_next REAL, mail_error TEXT, mail_sent_at REAL, created REAL NOT NULL, updated REAL NOT NULL,
    finished REAL, work_name TEXT)"""


def test_a_version_2_journal_with_a_built_job_is_adopted_and_finished(tmp_path):
    """An office upgrades while a workbook waits in the work area (built by the old version, so
    without a document): the new version upgrades the journal and moves that workbook, once."""
    root = tmp_path / "lkj"
    layout = Layout.of(root, Config(), state_env())
    job_dir = layout.work / "1"
    original = job_dir / layout.names[2] / "isian.xlsx"
    original.parent.mkdir(parents=True)
    shutil.copy2(SAMPLE, original)
    (root / "masuk").mkdir()
    outcome = worker.build_job(str(job_dir), "isian.xlsx", "isian.xlsx", Config(laporan=Laporan(dokumen=False)),
                               layout.names)
    assert outcome["result"] == "ok" and outcome["document"] is None
    out_sha = sha(job_dir / layout.names[1] / outcome["output"])
    layout.journal.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(layout.journal)
    db.execute(_V2_TABLE)
    now = time.time()
    db.execute("INSERT INTO jobs (id, name, sha256, size, state, dirs, result, detail, out_name, out_sha, "
               "mail_subject, mail_body, mail_to, created, updated, work_name) "
               "VALUES (1, 'isian.xlsx', ?, ?, 'built', ?, 'ok', '{}', ?, ?, 's', 'b', '[]', ?, ?, 'isian.xlsx')",
               (sha(original), original.stat().st_size, json.dumps(layout.names), outcome["output"], out_sha,
                now, now))
    db.execute("PRAGMA user_version=2")
    db.commit()
    db.close()
    # --status only reads: it must see the old journal as it is, without the version-3 columns.
    from lkj_excel.watch import read_status

    assert read_status(root, environ=state_env()).unfinished and _user_version(layout.journal) == 2

    summary, lines = run_once(root)

    assert any("Melanjutkan 1 pekerjaan" in line for line in lines)
    assert names(root / "hasil") == [BOOK] and sha(root / "hasil" / BOOK) == out_sha
    assert names(root / "arsip") == ["isian.xlsx"]
    assert _user_version(layout.journal) == 3
    db = sqlite3.connect(layout.journal)
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(jobs)")}
    finally:
        db.close()
    assert {"doc_target", "pdf_target", "marked_target"} <= columns
    (row,) = journal_rows(root)
    assert row["state"] == "done" and row["doc_target"] is None
    assert_nothing_left_behind(root)


def test_a_crash_after_the_document_moved_does_not_move_it_twice(tmp_path, monkeypatch):
    """Killed right after the document reached hasil, before the original was archived: the restart
    finds the document's recorded name already there and goes on with the original."""
    import lkj_excel.office.watcher as watcher_mod

    class Killed(BaseException):
        pass

    place = watcher_mod.place

    def place_then_die(layout, job, record, kind, *args):
        rel = place(layout, job, record, kind, *args)
        if kind == "doc":
            raise Killed
        return rel

    root = tmp_path / "lkj"
    _drop_sample(root)
    monkeypatch.setattr(watcher_mod, "place", place_then_die)
    with pytest.raises(Killed):
        run_once(root)
    assert names(root / "hasil") == sorted([BOOK, DOC]) and names(root / "arsip") == []
    (row,) = journal_rows(root)
    assert row["state"] == "built" and row["doc_target"] == f"hasil/{DOC}"
    monkeypatch.setattr(watcher_mod, "place", place)

    run_once(root)

    assert names(root / "hasil") == sorted([BOOK, DOC]) and names(root / "arsip") == ["isian.xlsx"]
    assert sha(root / "hasil" / DOC) == journal_rows(root)[0]["doc_sha"]
    assert "51,43%" in _cells(root / "hasil" / DOC)
    assert_nothing_left_behind(root)


# -- the setting --------------------------------------------------------------------------------

@pytest.mark.parametrize(("laporan", "says"), [
    ({"lampiran": ["workbook", "foto"]}, "laporan.lampiran berisi 'foto' yang tidak dikenal"),
    ({"lampiran": "workbook"}, "laporan.lampiran harus daftar teks"),
    ({"lampiran": ["pdf"]}, "laporan.pdf = false"),
    ({"dokumen": False, "lampiran": ["workbook", "dokumen"]}, "laporan.dokumen = false"),
])
def test_lampiran_values_are_checked_when_the_config_is_read(laporan, says):
    with pytest.raises(ConfigError) as caught:
        Config.from_mapping({"laporan": laporan})
    assert says in str(caught.value)
    assert '"workbook"' in str(caught.value) or "laporan." in str(caught.value)


def test_lampiran_is_read_in_any_case_and_order():
    config = Config.from_mapping({"laporan": {"pdf": True, "lampiran": ["PDF", " Workbook", "pdf"]}})
    assert config.laporan.attachments == ("workbook", "pdf")
    assert Config().laporan.attachments == ("workbook", "dokumen")
    # No document written, none expected: the default follows laporan.dokumen, without a line per mail.
    assert Config.from_mapping({"laporan": {"dokumen": False}}).laporan.attachments == ("workbook",)
