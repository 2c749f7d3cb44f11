"""Issue 11 item 3: every file a command writes, when it cannot be written, is one Indonesian sentence
naming that path and exit 2, never a traceback (xlsxwriter's FileCreateError, "Not a directory").

The four ways an output path fails: its folder is missing, a folder sits where the file belongs, a
regular file sits where a folder belongs (`berkas.txt/out.xlsx`, which fails for root too), and the
folder is read-only. Tests run as root, which ignores permissions, so the read-only folder is
simulated: every way of creating or writing a file under it raises PermissionError, as the OS would."""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkj_excel.api import build_file
from lkj_excel.cli import cli
from lkj_excel.oserrors import not_written, output_error

from helpers import simple_workbook

UNIT_FILE = "LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan"
READ_ONLY = "tidak ada izin menulis di folder itu; pilih folder lain"
MISSING = "folder tujuannya tidak ada; buat foldernya dulu atau pilih folder lain"
UNDER_A_FILE = "salah satu folder di jalurnya adalah berkas biasa; pilih folder lain"
A_FOLDER = "sudah ada folder dengan nama itu; pilih nama lain"


def native(path: str) -> str:
    """How the command prints a path it built (backslashes on Windows); a folder typed with a trailing
    slash is shown as typed."""
    return path if path.endswith("/") else str(Path(path))


def invoke(*args):
    # Only SystemExit may leave a command: any other exception would be a user's traceback.
    result = CliRunner().invoke(cli, [str(a) for a in args],
                                env={"LKJ_EXCEL_CONFIG": None, "LKJ_SMTP_HOST": None, "LKJ_SMTP_FROM": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def read_only(monkeypatch):
    """Make folders read-only for this process: open/os.open for writing, mkdir, rename, replace and
    link into them raise PermissionError(EACCES), naming the path as the OS does."""
    folders: list[str] = []

    def inside(path) -> bool:
        if isinstance(path, int):
            return False
        where = os.path.abspath(os.fspath(path))
        return any(where.startswith(f + os.sep) for f in folders)

    def deny(path):
        raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    real_open, real_os_open = builtins.open, os.open
    real = {name: getattr(os, name) for name in ("mkdir", "rename", "replace", "link")}

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+") and inside(file):
            deny(file)
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC) and inside(path):
            deny(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guard(name, *paths_at):
        def guarded(*args, **kwargs):
            for i in paths_at:
                if i < len(args) and inside(args[i]):
                    deny(args[i])
            return real[name](*args, **kwargs)
        return guarded

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    monkeypatch.setattr(os, "mkdir", guard("mkdir", 0))
    for name in ("rename", "replace", "link"):
        monkeypatch.setattr(os, name, guard(name, 1))

    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        folders.append(os.path.abspath(folder))
        return folder

    return make


@pytest.fixture
def isian(tmp_path, monkeypatch):
    """A valid one-indicator input (36/70 = 51,43%), and the test working in tmp_path so that the
    messages show the relative paths the user typed."""
    monkeypatch.chdir(tmp_path)
    simple_workbook(tmp_path / "isian.xlsx", kinerja=[[1, "S", "I", "orang", "Naik", 70, 36]],
                    anggaran=[[1, "K", 1, 20_000_000, 6_300_000]])
    (tmp_path / "berkas.txt").write_text("bukan folder")
    return Path("isian.xlsx")


def test_the_simulated_read_only_folder_refuses_like_the_os(tmp_path, read_only):
    ro = read_only(tmp_path / "ro")
    with pytest.raises(PermissionError):
        open(ro / "x", "wb")
    with pytest.raises(PermissionError):
        (ro / "sub").mkdir()
    assert (tmp_path / "elsewhere.txt").write_text("ok") == 2


def test_output_error_keeps_the_kind_and_names_the_output_not_the_temporary_file():
    cause = PermissionError(errno.EACCES, "Permission denied", "hasil/.lkj-abc123.xlsx.tmp")
    again = output_error(cause, Path("hasil") / "x.xlsx")
    assert isinstance(again, PermissionError) and again.errno == errno.EACCES
    assert again.filename == os.path.join("hasil", "x.xlsx") and again.strerror == READ_ONLY
    assert not_written(None, again) == f"tidak dapat menulis {os.path.join('hasil', 'x.xlsx')}: {READ_ONLY}"



def test_a_path_through_a_file_is_said_the_same_as_windows_reports_it(tmp_path):
    # What Windows raises where POSIX says ENOTDIR: opening berkas.txt\\x.xlsx is "path not found",
    # and Path("berkas.txt/eml").mkdir(parents=True) fails making berkas.txt itself, with EEXIST.
    (tmp_path / "berkas.txt").write_text("bukan folder")
    under = tmp_path / "berkas.txt" / "x.xlsx"
    assert not_written(under, FileNotFoundError(errno.ENOENT, "not found", str(under))).endswith(UNDER_A_FILE)
    deeper = tmp_path / "berkas.txt" / "eml" / "x.eml"
    made = FileExistsError(errno.EEXIST, "exists", str(tmp_path / "berkas.txt"))
    assert not_written(deeper, made).endswith(UNDER_A_FILE)
    # A file where the output's own folder should be keeps its message; a missing folder too.
    assert not_written(under, FileExistsError(errno.EEXIST, "exists", str(under))).endswith(
        "sudah ada sebagai berkas biasa; pilih folder lain")
    missing = tmp_path / "nodir" / "x.xlsx"
    assert not_written(missing, FileNotFoundError(errno.ENOENT, "no", str(missing))).endswith(MISSING)


# --------------------------------------------------------------------------------------------
# lkj-excel template PATH


@pytest.mark.parametrize(("target", "why"), [
    ("ro/t.xlsx", READ_ONLY),
    ("ro/", READ_ONLY),
    ("nodir/sub/t.xlsx", MISSING),
    ("nodir/", MISSING),
    ("berkas.txt/t.xlsx", UNDER_A_FILE),
])
def test_template_output_that_cannot_be_written(isian, read_only, target, why):
    read_only(Path("ro").absolute())
    shown = native(target if target != "ro/" else "ro/lkj-template-v2.xlsx")
    result = invoke("template", target)
    assert result.exit_code == 2
    assert result.stderr == f"Galat: tidak dapat menulis {shown}: {why}.\n" and result.stdout == ""
    assert sorted(p.name for p in Path(".").iterdir()) == ["berkas.txt", "isian.xlsx", "ro"]


def test_template_with_a_trailing_slash_writes_into_that_folder_whatever_its_name(isian):
    # A folder named like the template: with the slash it is the folder, and the template goes inside.
    (Path("out") / "lkj-template-v2.xlsx").mkdir(parents=True)
    result = invoke("template", "out/lkj-template-v2.xlsx/")
    assert result.exit_code == 0
    assert (Path("out") / "lkj-template-v2.xlsx" / "lkj-template-v2.xlsx").is_file()


@pytest.mark.parametrize(("target", "message"), [
    ("hasil", "hasil bukan folder yang ada, dan nama berkas templat harus berakhiran .xlsx (misalnya hasil.xlsx)."),
    ("isian.txt", "nama berkas templat harus berakhiran .xlsx: isian.txt."),
])
def test_template_name_that_excel_would_not_open_is_refused(isian, target, message):
    # Before: "template hasil/" and "template hasil" wrote an .xlsx file called "hasil".
    result = invoke("template", target)
    assert result.exit_code == 2 and result.stderr == f"Galat: {message}\n"
    assert not Path(target).exists()


# --------------------------------------------------------------------------------------------
# lkj-excel template --dari ISIAN PATH


@pytest.mark.parametrize(("target", "why"), [
    ("ro/t3.xlsx", READ_ONLY),
    ("ro/", READ_ONLY),
    ("nodir/sub/t3.xlsx", MISSING),
    ("berkas.txt/t3.xlsx", UNDER_A_FILE),
])
def test_template_dari_output_that_cannot_be_written(isian, read_only, target, why):
    read_only(Path("ro").absolute())
    shown = native(target if target != "ro/" else "ro/isian - TW III 2023.xlsx")
    result = invoke("template", "--dari", isian, target)
    assert result.exit_code == 2
    assert result.stderr == f"Galat: tidak dapat menulis {shown}: {why}.\n" and result.stdout == ""


def test_template_dari_beside_an_input_in_a_read_only_folder(isian, read_only, tmp_path):
    (tmp_path / "kantor").mkdir()
    (tmp_path / "kantor" / "isian.xlsx").write_bytes(isian.read_bytes())
    read_only(tmp_path / "kantor")
    result = invoke("template", "--dari", "kantor/isian.xlsx")
    assert result.exit_code == 2
    shown = os.path.join("kantor", "isian - TW III 2023.xlsx")
    assert result.stderr == f"Galat: tidak dapat menulis {shown}: {READ_ONLY}.\n"


# --------------------------------------------------------------------------------------------
# lkj-excel build -o


@pytest.mark.parametrize(("output", "shown", "why"), [
    ("ro/hasil.xlsx", "ro/hasil.xlsx", READ_ONLY),
    ("ro/", f"ro/{UNIT_FILE}.xlsx", READ_ONLY),
    ("ro/baru/", "ro/baru", READ_ONLY),  # build makes a missing -o folder, here it cannot
    ("berkas.txt/hasil.xlsx", "berkas.txt/hasil.xlsx",
     "salah satu folder di jalurnya sudah ada sebagai berkas biasa; pilih folder lain"),
])
def test_build_output_that_cannot_be_written(isian, read_only, output, shown, why):
    read_only(Path("ro").absolute())
    result = invoke("build", isian, "-o", output)
    assert result.exit_code == 2
    assert result.stderr == f"GAGAL  isian.xlsx: tidak dapat menulis {native(shown)}: {why}.\n"
    assert result.stdout == ""
    assert list(Path("ro").iterdir()) == []


def test_build_where_a_folder_has_the_output_name(isian):
    (Path("hasil") / f"{UNIT_FILE}.xlsx").mkdir(parents=True)
    result = invoke("build", isian, "-o", "hasil/")
    assert result.exit_code == 2
    shown = native(f"hasil/{UNIT_FILE}.xlsx")
    assert result.stderr == f"GAGAL  isian.xlsx: tidak dapat menulis {shown}: {A_FOLDER}.\n"
    assert [p.name for p in Path("hasil").iterdir()] == [f"{UNIT_FILE}.xlsx"]  # no temporary file left


def test_build_beside_an_input_in_a_read_only_folder_each_of_a_batch(isian, read_only, tmp_path):
    for office in ("kantor-a", "kantor-b"):
        (tmp_path / office).mkdir()
        (tmp_path / office / "isian.xlsx").write_bytes(isian.read_bytes())
        read_only(tmp_path / office)
    result = invoke("build", "kantor-a/isian.xlsx", "kantor-b/isian.xlsx")
    assert result.exit_code == 2
    # Each keeps its own name in the batch (item 4): "… - isian (kantor-a).xlsx".
    assert result.stderr.splitlines() == [
        f"GAGAL  isian.xlsx: tidak dapat menulis {native(f'{o}/{UNIT_FILE} - isian ({o}).xlsx')}: {READ_ONLY}."
        for o in ("kantor-a", "kantor-b")]


def test_build_file_raises_on_the_output_path_for_library_callers(isian, read_only, tmp_path):
    read_only(tmp_path / "ro")
    with pytest.raises(PermissionError) as refused:
        build_file(isian, tmp_path / "ro" / "x.xlsx")
    assert refused.value.filename == str(tmp_path / "ro" / "x.xlsx") and refused.value.strerror == READ_ONLY


# --------------------------------------------------------------------------------------------
# lkj-excel laporan ISIAN -o, and laporan --templat BERKAS


@pytest.mark.parametrize(("output", "shown", "why"), [
    ("ro/laporan.docx", "ro/laporan.docx", READ_ONLY),
    ("ro/", f"ro/{UNIT_FILE}.docx", READ_ONLY),
    ("berkas.txt/laporan.docx", "berkas.txt/laporan.docx",
     "salah satu folder di jalurnya sudah ada sebagai berkas biasa; pilih folder lain"),
])
def test_laporan_output_that_cannot_be_written(isian, read_only, output, shown, why):
    read_only(Path("ro").absolute())
    result = invoke("laporan", isian, "-o", output)
    assert result.exit_code == 2
    assert result.stderr == f"Galat: tidak dapat menulis {native(shown)}: {why}.\n" and result.stdout == ""
    assert list(Path("ro").iterdir()) == []


@pytest.mark.parametrize(("target", "why"), [
    ("ro/templat.docx", READ_ONLY),
    ("berkas.txt/templat.docx", "salah satu folder di jalurnya sudah ada sebagai berkas biasa; pilih folder lain"),
])
def test_laporan_templat_that_cannot_be_written(isian, read_only, target, why):
    read_only(Path("ro").absolute())
    result = invoke("laporan", "--templat", target)
    assert result.exit_code == 2
    assert result.stderr == f"Galat: tidak dapat menulis {native(target)}: {why}.\n" and result.stdout == ""


# --------------------------------------------------------------------------------------------
# lkj-excel check writes nothing, so a read-only folder does not matter to it


def test_check_writes_nothing_and_works_in_a_read_only_folder(isian, read_only, tmp_path):
    read_only(tmp_path)
    result = invoke("check", isian, "--format", "json")
    assert result.exit_code == 0 and '"valid": true' in result.stdout


# --------------------------------------------------------------------------------------------
# lkj-excel send --dry-run -o (the .eml files)


@pytest.fixture
def finished(isian, tmp_path):
    return build_file(isian, tmp_path / "hasil").output.relative_to(tmp_path)


@pytest.mark.parametrize(("folder", "why"), [
    ("ro", READ_ONLY),
    ("ro/baru", READ_ONLY),
    ("berkas.txt/eml", UNDER_A_FILE),
])
def test_send_dry_run_eml_that_cannot_be_written(finished, read_only, folder, why):
    read_only(Path("ro").absolute())
    result = invoke("send", finished, "--to", "kadis@example.go.id", "--dry-run", "-o", folder)
    assert result.exit_code == 2
    eml = Path(folder) / f"{UNIT_FILE}.eml"  # printed as a native path (backslashes on Windows)
    assert result.stderr == f"GAGAL  {UNIT_FILE}.xlsx: tidak dapat menulis {eml}: {why}.\n"
    assert list(Path("ro").iterdir()) == []


def test_send_dry_run_into_a_file_is_a_usage_error_in_indonesian(finished):
    result = invoke("send", finished, "--to", "kadis@example.go.id", "--dry-run", "-o", "berkas.txt")
    assert result.exit_code == 2 and "adalah berkas, bukan folder" in result.stderr


# --------------------------------------------------------------------------------------------
# lkj-excel watch ROOT (its folders are made under ROOT)


def test_watch_root_that_cannot_be_made_is_exit_2(isian, read_only):
    read_only(Path("ro").absolute())
    result = invoke("watch", "ro/kantor", "--once")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Galat: Folder {Path('ro/kantor')} tidak ada dan tidak dapat dibuat")


def test_watch_root_that_cannot_be_made_is_said_in_indonesian(isian, read_only):
    read_only(Path("ro").absolute())
    result = invoke("watch", "ro/kantor", "--once")
    assert "Permission denied" not in result.stderr and READ_ONLY in result.stderr


def test_a_link_whose_path_cannot_be_resolved_uses_the_absolute_path(tmp_path, monkeypatch):
    # Wine raised ERROR_MORE_DATA (winerror 234) from resolve() past MAX_PATH, and the build failed
    # for the sake of a Validasi link.
    from lkj_excel.writers.workbook import link_target

    def refuse(self, strict=False):
        raise OSError(22, "More data available")

    monkeypatch.setattr(Path, "resolve", refuse)
    assert link_target(tmp_path / "masuk" / "isian #2.xlsx", tmp_path / "hasil" / "x.xlsx") == "../masuk/isian%20%232.xlsx"
