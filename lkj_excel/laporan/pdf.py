"""The document printed to PDF by headless LibreOffice, when it is installed.

Each conversion runs with its own throwaway profile: two conversions sharing the user's profile
(a second build, the drop folder, LibreOffice open on the desk) block or break each other.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..fileops import write_atomic

TIMEOUT_SECONDS = 300
_WINDOWS_PLACES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                   r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
_MAC_PLACE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


class PdfError(Exception):
    """No PDF was written (Indonesian message: LibreOffice missing, failed or too slow)."""


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for place in (*_WINDOWS_PLACES, _MAC_PLACE):
        if os.path.isfile(place):
            return place
    return None


def write_pdf(docx: str | os.PathLike, target: str | os.PathLike, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert `docx` to `target` (.pdf), written atomically; LibreOffice is ended after `timeout` s."""
    soffice = find_soffice()
    docx, target = Path(docx), Path(target)
    if soffice is None:
        raise PdfError("PDF tidak dibuat: LibreOffice tidak ditemukan di komputer ini. Pasang LibreOffice "
                       "(libreoffice.org), atau buka berkas .docx di Word lalu simpan sebagai PDF.")
    work = Path(tempfile.mkdtemp(prefix="lkj-pdf-"))
    try:
        profile = work / "profile"
        outdir = work / "out"
        outdir.mkdir()
        # A plain ASCII copy: LibreOffice on Windows mangles some non-ASCII paths given as arguments.
        source = work / "laporan.docx"
        shutil.copyfile(docx, source)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(source)]
        _run(command, {**os.environ, "HOME": str(work)}, timeout)
        produced = outdir / "laporan.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise PdfError(f"PDF tidak dibuat: LibreOffice tidak dapat mengubah {docx.name} menjadi PDF.")
        write_atomic(target, produced.read_bytes())
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(command: list[str], env: dict[str, str], timeout: float = TIMEOUT_SECONDS) -> None:
    posix = os.name != "nt"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                               start_new_session=posix)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        # soffice starts soffice.bin as a child: end the whole group, not only the launcher.
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait()
        raise PdfError(f"PDF tidak dibuat: LibreOffice tidak selesai dalam {timeout:g} detik.") from None
    if process.returncode != 0:
        raise PdfError(f"PDF tidak dibuat: LibreOffice berhenti dengan kode {process.returncode}.")
