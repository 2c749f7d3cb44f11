"""The files the drop folder writes beside its two main artifacts: the LKj document (.docx) and its
PDF beside a finished workbook, and the marked copy (`<name> - perbaiki.xlsx`) beside the note of a
file refused for its findings.

Each one is optional by nature. A document that cannot be rendered or printed, or a copy that
cannot be marked, is a note in Indonesian (logged, and for a refused file also in its note): it never
costs the workbook or the refusal it goes with. The worker-side functions only write inside the
job's work directory; the main process hashes what they made and moves it (journaled, like the
workbook, so a restart neither loses one nor moves one twice).
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath
from typing import Callable, Sequence

from ..config import Config

# (journal column prefix, what the worker's outcome calls it, the public name's ending after the
# workbook's or original's stem, the fallback name when even a cut name does not fit)
BESIDE_WORKBOOK = (("doc", "document", ".docx", "LKj.docx"), ("pdf", "pdf", ".pdf", "LKj.pdf"))
BESIDE_NOTE = (("marked", "marked", " - perbaiki.xlsx", "isian - perbaiki.xlsx"),)


# -- in the worker ---------------------------------------------------------------------------------

def write_documents(check, workbook: Path, config: Config, pdf_timeout: float | None = None) -> dict:
    """The LKj document (and PDF) beside `workbook`, from the same computed results the workbook's
    cached values came from: {"document": name|None, "pdf": name|None, "notes": [Indonesian lines]}.
    `pdf_timeout` bounds LibreOffice below the build's own deadline: a LibreOffice that hangs must cost
    the PDF, not get the whole build taken for hung (and the staff's file refused after three tries)."""
    out: dict = {"document": None, "pdf": None, "notes": []}
    settings = config.laporan
    if not settings.dokumen:
        return out
    from ..laporan.pdf import TIMEOUT_SECONDS, PdfError, write_pdf
    from ..laporan.write import document_bytes, write_document

    target = workbook.with_suffix(".docx")
    try:
        data = document_bytes(check.report, check.results, check.findings, False, settings.templat)
        write_document(data, target)
    except Exception as exc:  # a broken office template, a full disk or a renderer bug: the workbook stays
        why = str(exc) if _is_template_error(exc) else f"{type(exc).__name__}: {exc}"
        out["notes"].append(f"Dokumen LKj tidak dibuat: {why.rstrip('.')}. Workbook tetap dibuat; buat dokumennya "
                            f"dengan: lkj-excel laporan \"{workbook.name}\"")
        return out
    out["document"] = target.name
    if settings.pdf:
        try:
            budget = min(TIMEOUT_SECONDS, pdf_timeout) if pdf_timeout else TIMEOUT_SECONDS
            out["pdf"] = write_pdf(target, target.with_suffix(".pdf"), budget).name
        except PdfError as exc:  # LibreOffice missing, failed or too slow: a note, not a failed job
            out["notes"].append(str(exc))
        except OSError as exc:
            out["notes"].append(f"PDF tidak dibuat: {exc.strerror or exc}.")
    return out


def _is_template_error(exc: Exception) -> bool:
    from ..laporan.render import TemplateError

    return isinstance(exc, TemplateError)


def mark_refused(source: Path, findings: Sequence, note_dir: Path) -> tuple[str | None, str]:
    """The staff's own file with its findings marked, written into `note_dir` (the input is only
    read). Returns (its name or None, a paragraph for the note)."""
    from ..marking import MarkingError, mark_file

    note_dir.mkdir(parents=True, exist_ok=True)
    try:
        marked = mark_file(source, findings, note_dir)
    except MarkingError as exc:
        return None, f"Salinan bertanda tidak dibuat: {exc}"
    except Exception as exc:  # a marking bug must not cost the refusal and its note
        return None, f"Salinan bertanda tidak dibuat: kesalahan program ({type(exc).__name__}: {exc})."
    return marked.path.name, ("Salinan berkas ini dengan setiap sel bermasalah diberi warna dan komentar ada di "
                              "folder yang sama (namanya berakhiran ' - perbaiki.xlsx'); lembar pertamanya "
                              "mendaftar semua temuan. Perbaiki berkas itu atau berkas asli, lalu simpan lagi ke "
                              "folder masuk.")


# -- in the main process ---------------------------------------------------------------------------

def hashed(folder: Path, outcome: dict, kinds, digest: Callable[[Path], str]) -> dict:
    """Journal columns for the extra outputs the worker reported in `folder`."""
    values = {}
    for prefix, key, _, _ in kinds:
        name = outcome.get(key)
        if name:
            values.update({f"{prefix}_name": name, f"{prefix}_sha": digest(folder / name)})
    return values


def place_all(place: Callable[..., str], job, kinds, work: Path, folder: Path, beside: str) -> None:
    """Move each extra output of `job` from `work` into `folder`, named after `beside` (the public
    name its workbook or original got, so "X (2).xlsx" gets "X (2).docx"). `place(kind, src, folder,
    name, fallback, sha)` is the watcher's journaled, never-overwriting move."""
    from .moves import Missing

    stem = PurePosixPath(beside).stem
    for prefix, _, ending, fallback in kinds:
        name = getattr(job, f"{prefix}_name")
        if name:
            try:
                place(prefix, work / name, folder, stem + ending, fallback, getattr(job, f"{prefix}_sha"))
            except Missing:
                continue  # removed from the work area by hand: the workbook or the refusal still goes


def report_lines(job, shown: Callable[[str], str]) -> list[tuple[str, int]]:
    """(line, log level): the extra outputs placed for `job` ('-> hasil/X.docx'), then its notes, as
    warnings: a document or PDF not made, or a copy not marked, is something someone has to act on."""
    placed = [(f"       -> {shown(target)}", logging.INFO)
              for target in (job.doc_target, job.pdf_target, job.marked_target) if target]
    return placed + [(f"       {note}", logging.WARNING) for note in job.details.get("notes") or ()]
