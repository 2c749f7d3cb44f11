"""The drop folder's edge cases (issue 8 office part, issue 11 items 2 and 13): names too long for
the filesystem, files held by another program, workers that hang, files put in a sub-folder."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path


import lkj_excel.office.moves as moves_mod
import office_hooks
from lkj_excel.api import build_file
from lkj_excel.config import Config
from lkj_excel.names import name_room
from lkj_excel.office.journal import Journal
from lkj_excel.office.layout import Layout
from lkj_excel.office.signals import CTRL_CLOSE_EVENT, console_handler, stop_help
from test_watch import assert_nothing_left_behind, make_input, names, run_once, state_env


def test_a_name_too_long_for_its_note_is_refused_with_a_fitted_note(tmp_path):
    # 245 + ".xlsx" = 250 bytes: the file itself fits, but "<name>.perbaikan.txt" would be 264 bytes,
    # over ext4's and NTFS's 255. Before the fix the note could not be written, the OSError was taken
    # for a full disk, and the file stayed in the work area forever with --once exiting 0.
    root = tmp_path / "lkj"
    name = "Laporan " + "a" * 237 + ".xlsx"
    assert len(name.encode("utf-8")) == 250
    (root / "masuk").mkdir(parents=True)
    (root / "masuk" / name).write_text("bukan workbook")
    summary, lines = run_once(root)
    assert summary.rejected == 1
    found = names(root / "perlu-perbaikan")
    room = name_room(str((root / "perlu-perbaikan").absolute()))
    if room is None or len(name) <= room:
        assert name in found
    else:  # Windows: the folder's path leaves fewer than 250 characters, so the file is fitted too
        assert all(len(n) <= room for n in found) and any(n.endswith("….xlsx") for n in found)
    assert len(found) == 2
    (note,) = [n for n in found if n.endswith(".perbaikan.txt")]
    assert note.endswith("….xlsx.perbaikan.txt") and len(note.encode("utf-8")) <= 255
    assert note.startswith("Laporan aaaa")
    assert_nothing_left_behind(root)


def test_a_multibyte_name_is_fitted_in_bytes(tmp_path):
    root = tmp_path / "lkj"
    name = "é" * 124 + ".xlsx"  # 253 bytes in UTF-8
    (root / "masuk").mkdir(parents=True)
    (root / "masuk" / name).write_text("bukan workbook")
    summary, _ = run_once(root)
    assert summary.rejected == 1
    assert all(len(n.encode("utf-8")) <= 255 for n in names(root / "perlu-perbaikan"))
    assert len(names(root / "perlu-perbaikan")) == 2
    assert_nothing_left_behind(root)


def test_a_batch_output_name_is_fitted(tmp_path):
    # The input's name is appended to 'LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan - ':
    # 200 characters of it made a 262-byte name, and the build failed with ENAMETOOLONG.
    source = make_input(tmp_path / ("isian " + "b" * 194 + ".xlsx"))
    built = build_file(source, tmp_path / "hasil", Config(), in_batch=True)
    assert built.output is not None and built.output.is_file()
    assert len(built.output.name.encode("utf-8")) <= 255
    assert built.output.name.startswith("LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan - isian bbb")
    assert built.output.name.endswith("….xlsx")


def test_a_file_held_by_another_program_is_put_off_and_the_rest_goes_on(tmp_path, monkeypatch):
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "a.xlsx", unit="Bidang A")
    make_input(root / "masuk" / "dipegang.xlsx", unit="Bidang B")
    real = moves_mod.rename_noreplace
    tries = []

    def held(src, dst):
        if Path(dst).parent.name == "arsip" and Path(src).name == "dipegang.xlsx":
            tries.append(dst)
            exc = PermissionError(13, "The process cannot access the file because it is being used")
            exc.winerror = 32  # ERROR_SHARING_VIOLATION, as Windows raises it
            raise exc
        return real(src, dst)

    monkeypatch.setattr(moves_mod, "rename_noreplace", held)
    monkeypatch.setattr("lkj_excel.fileops.time.sleep", lambda s: None)
    summary, lines = run_once(root)
    assert summary.ok == 1 and names(root / "arsip") == ["a.xlsx"]
    assert len(tries) == 5  # retried briefly, then put off: the watcher did not stop
    assert any("MENUNGGU dipegang.xlsx" in line and "dibuka program lain" in line for line in lines)
    assert any("Menunggu di area kerja" in line for line in lines)
    monkeypatch.setattr(moves_mod, "rename_noreplace", real)
    summary, _ = run_once(root)  # the other program let go
    assert names(root / "arsip") == ["a.xlsx", "dipegang.xlsx"] and len([n for n in names(root / "hasil") if n.endswith(".xlsx")]) == 2
    assert_nothing_left_behind(root)


# The hung-worker deadline: it counts from submission, so a worker's start-up is inside it. Spawning
# a Windows worker (a fresh interpreter importing lkj-excel, no fork) takes several seconds, more on a
# loaded machine, so 8 s would end the innocent build too; still bounded.
HUNG_DEADLINE = 20 if os.name == "nt" else 8


def test_a_hung_worker_is_noticed_ended_and_its_file_refused(tmp_path, monkeypatch):
    # jobs=2 in a real spawned pool: the hung build is ended at its deadline (HUNG_DEADLINE), the
    # innocent file sharing the pool is built, the hung one is tried alone up to three times, then
    # refused whole.
    monkeypatch.setenv("LKJ_TEST_BUILD_HANG", "macet.xlsx")
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "a.xlsx", unit="Bidang A")
    make_input(root / "masuk" / "macet.xlsx", unit="Bidang M")
    content = (root / "masuk" / "macet.xlsx").read_bytes()
    started = time.monotonic()
    summary, lines = run_once(root, jobs=2, isolate=True, build_timeout=float(HUNG_DEADLINE),
                              builder=office_hooks.build)
    assert time.monotonic() - started < 150 + 9 * (HUNG_DEADLINE - 8)  # 150 s on Linux
    assert (summary.ok, summary.rejected) == (1, 1)
    assert names(root / "arsip") == ["a.xlsx"]
    assert names(root / "perlu-perbaikan") == ["macet.xlsx", "macet.xlsx.perbaikan.txt"]
    assert (root / "perlu-perbaikan" / "macet.xlsx").read_bytes() == content
    note = (root / "perlu-perbaikan" / "macet.xlsx.perbaikan.txt").read_text(encoding="utf-8-sig")
    assert "macet 3 kali" in note
    assert sum(f"tidak selesai dalam {HUNG_DEADLINE} detik" in line for line in lines) == 3
    log_text = (root / "lkj-excel.log").read_text(encoding="utf-8")
    assert f"macet.xlsx tidak selesai dalam {HUNG_DEADLINE} detik" in log_text
    assert_nothing_left_behind(root)


def test_a_crashing_worker_in_a_spawned_pool_does_not_stall_the_batch(tmp_path, monkeypatch):
    monkeypatch.setenv("LKJ_TEST_BUILD_CRASH", "racun.xlsx")
    root = tmp_path / "lkj"
    for name in ("a.xlsx", "b.xlsx", "racun.xlsx"):
        make_input(root / "masuk" / name, unit=f"Bidang {name[0]}")
    summary, _ = run_once(root, jobs=2, isolate=True, build_timeout=60.0, builder=office_hooks.build)
    assert (summary.ok, summary.rejected) == (2, 1)
    assert names(root / "perlu-perbaikan") == ["racun.xlsx", "racun.xlsx.perbaikan.txt"]
    assert_nothing_left_behind(root)


def test_files_in_a_sub_folder_of_masuk_get_a_notice(tmp_path):
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "kiriman" / "isian.xlsx")
    (root / "masuk" / "kosong").mkdir()
    summary, lines = run_once(root)
    notices = [line for line in lines if "berisi berkas yang tidak diproses" in line]
    assert len(notices) == 1 and os.path.join("masuk", "kiriman") in notices[0]
    assert (root / "masuk" / "kiriman" / "isian.xlsx").is_file()  # left where it was, untouched
    assert "berisi berkas yang tidak diproses" in (root / "lkj-excel.log").read_text(encoding="utf-8")


def test_the_journal_is_on_this_machines_disk_not_in_the_drop_folder(tmp_path):
    root = tmp_path / "lkj"
    make_input(root / "masuk" / "isian.xlsx")
    run_once(root)
    layout = Layout.of(root, Config(), state_env())
    assert layout.journal.is_file() and tmp_path / "lokal" in layout.journal.parents
    assert not (root / ".lkj-excel" / "journal.sqlite3").exists()
    with Journal(layout.journal, readonly=True) as journal:
        assert journal.counts()["result"] == {"ok": 1}


def test_the_stop_help_is_true_on_each_system():
    assert "SIGTERM" in stop_help(windows=False)
    windows = stop_help(windows=True)
    assert "SIGTERM" not in windows and "Ctrl-Break" in windows and "jendela konsol" in windows


def test_closing_the_console_asks_the_watcher_to_stop_and_waits_for_it():
    import threading

    asked = []
    stopped = threading.Event()
    handle = console_handler(lambda: (asked.append(True), stopped.set()), stopped, wait=5)
    assert handle(CTRL_CLOSE_EVENT) is True and asked == [True]
    assert handle(0) is False  # Ctrl-C arrives as SIGINT, not here


def _external_links(workbook: Path) -> set[str]:
    import re
    import zipfile

    with zipfile.ZipFile(workbook) as zf:
        rels = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/_rels/")]
    return {t for text in rels for t in re.findall(r'Target="([^"]+)" TargetMode="External"', text)}


def test_validasi_links_lead_to_each_workbooks_own_original(tmp_path):
    # Issue 11.12: the second office's isian.xlsx is archived as "isian (2).xlsx", and its workbook's
    # links must say so; a '#' in a name cut the link target; no absolute path ever.
    root = tmp_path / "lkj"
    sources = tmp_path / "sumber"
    first = make_input(sources / "a" / "isian.xlsx", unit="Bidang Satu")
    second = make_input(sources / "b" / "isian.xlsx", unit="Bidang Dua")
    hashed = make_input(sources / "Isian TW II #2 (Bidang).xlsx", unit="Bidang Tiga")
    (root / "masuk").mkdir(parents=True)
    shutil.copy2(first, root / "masuk" / "isian.xlsx")
    run_once(root)
    shutil.copy2(second, root / "masuk" / "isian.xlsx")
    shutil.copy2(hashed, root / "masuk" / hashed.name)
    run_once(root)
    assert names(root / "arsip") == ["Isian TW II #2 (Bidang).xlsx", "isian (2).xlsx", "isian.xlsx"]
    hasil = root / "hasil"
    assert _external_links(hasil / "LKj TW II 2023 - Bidang Satu.xlsx") == {"..\\arsip\\isian.xlsx"}  # xlsxwriter writes Excel's separators
    assert _external_links(hasil / "LKj TW II 2023 - Bidang Dua.xlsx") == {"..\\arsip\\isian%20(2).xlsx"}
    assert _external_links(hasil / "LKj TW II 2023 - Bidang Tiga.xlsx") == {
        "..\\arsip\\Isian%20TW%20II%20%232%20(Bidang).xlsx"}
    assert_nothing_left_behind(root)
