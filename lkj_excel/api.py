"""The library: what each CLI command calls, and what other tools can call directly.

`check_file` and `build_file` raise `UnreadableWorkbook` for a file that is not a workbook at all,
`BuildError` for a usage problem; everything wrong inside a workbook comes back as findings.
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .compute import Results, evaluate
from .config import Config
from .contract import IDENTITAS
from .findings import Finding, finding, has_errors, sort_findings
from .marking import MarkingError, MarkResult, mark_file
from .model import Report
from .oserrors import output_error
from .periods import roman
from .reader import read_report
from .safety import UnreadableWorkbook
from .validate import validate
from .writers import WriteOptions, link_target, write_workbook

__all__ = ["BuildError", "BuildResult", "CheckResult", "MarkingError", "UnreadableWorkbook", "build_file",
           "check_and_mark", "check_file", "default_output_name", "document_file"]


class BuildError(Exception):
    """The request itself cannot be carried out (e.g. the output would overwrite the input)."""


@dataclass
class CheckResult:
    file: str
    findings: list[Finding]
    report: Report | None = field(default=None, repr=False)
    results: Results | None = field(default=None, repr=False)  # computed once, for every output
    marked: MarkResult | None = None  # check_and_mark: the marked copy, when there was anything to mark

    @property
    def valid(self) -> bool:
        return self.report is not None and not has_errors(self.findings)

    def to_dict(self) -> dict:
        out = {"file": self.file, "valid": self.valid, "findings": [f.to_dict() for f in self.findings]}
        if self.marked is not None:
            out["marked"] = str(self.marked.path)
        return out


@dataclass
class BuildResult:
    check: CheckResult
    output: Path | None  # None when validation errors stopped the build
    draft: bool = False
    document: Path | None = None  # the LKj document (.docx) beside the workbook, when asked for
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)  # what was asked for and not made (no LibreOffice)
    # build: the workbook was written and then its document could not be (Indonesian reason)
    document_error: str | None = None


def check_file(path: str | os.PathLike, config: Config = Config(),
               previous: str | os.PathLike | None = None) -> CheckResult:
    """Read and validate one filled template."""
    read = read_report(path)
    findings = list(read.findings)
    results = None
    if read.report is not None:
        prev_report = None
        if previous is not None:
            prev_report = _previous_report(previous, findings)
        results = evaluate(read.report, config)
        findings.extend(validate(read.report, config, prev_report, results))
    return CheckResult(str(path), sort_findings(findings), read.report, results)


def check_and_mark(path: str | os.PathLike, config: Config = Config(), previous: str | os.PathLike | None = None,
                   folder: str | os.PathLike | None = None) -> CheckResult:
    """check_file, then, when there are findings, the staff's own file marked at each finding's cell
    (`<name> - perbaiki.xlsx` in `folder`, default beside the input; marking.py). The input is never
    written. Raises MarkingError when the copy cannot be made (an .ods, a folder that refuses it)."""
    result = check_file(path, config, previous)
    if result.findings:
        try:
            result.marked = mark_file(path, result.findings, folder)
        except MarkingError as exc:
            exc.check = result  # the findings stand; only the copy failed
            raise
    return result


def _previous_report(previous: str | os.PathLike, findings: list[Finding]) -> Report | None:
    """The --sebelumnya workbook, or None with a finding that says why no comparison was made: a
    workbook without its Kinerja sheet used to be skipped without a word."""
    name = Path(previous).name
    try:
        prev = read_report(previous)
    except UnreadableWorkbook as exc:
        why = str(exc)
    else:
        if prev.report is not None:
            return prev.report
        blocking = [f.message for f in prev.findings if f.code in ("lembar-hilang", "kolom-hilang")]
        why = " ".join(blocking[:3]) or "isinya tidak dapat dibaca sebagai isian lkj-excel."
    findings.append(finding(
        "sebelumnya-tidak-terbaca", IDENTITAS, None, name,
        f"Laporan pembanding {name} (--sebelumnya) tidak dapat dipakai, sehingga realisasi kumulatif tidak "
        f"dibandingkan: {why}"))
    return None


def default_output_name(report: Report, source_stem: str | None = None) -> str:
    """'LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan.xlsx': unit, tribulan and year, safe as a
    Windows file name. In a batch several inputs often share unit and period, so the input's own name
    is added to keep their outputs apart."""
    ident = report.identity
    tw = roman(ident.tribulan) if ident.tribulan else "X"
    unit = safe_name(ident.unit_kerja) or "Unit"
    name = f"LKj TW {tw} {ident.tahun or ''} - {unit[:80]}".replace("  ", " ")
    if source_stem:
        name += f" - {safe_name(source_stem)}"
    return name + ".xlsx"


def safe_name(text: str) -> str:
    return " ".join(re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", text).split()).strip(" .")


def output_path_for(source: Path, report: Report, output: str | os.PathLike | None,
                    in_batch: bool | str = False) -> Path:
    # A batch passes each input's own distinct label (batch.batch_labels); True means the file's stem.
    stem = (in_batch if isinstance(in_batch, str) else source.stem) if in_batch else None
    path = _output_path(source, report, output, stem)
    if path.name == default_output_name(report, stem):
        # A made-up name (the input's own name appended) may exceed what the filesystem allows.
        from .names import fit_name, name_room

        path = path.with_name(fit_name(path.name, chars=name_room(str(path.parent.absolute()))))
    return path


def _output_path(source: Path, report: Report, output, stem: str | None) -> Path:
    if output is None:
        return source.parent / default_output_name(report, stem)
    # A trailing slash always means a folder, whatever its name looks like ("hasil.2024/").
    if str(output).endswith(("/", os.sep)):
        out = Path(output)
        out.mkdir(parents=True, exist_ok=True)
        return out / default_output_name(report, stem)
    out = Path(output)
    if out.suffix.lower() == ".xlsx" and not out.is_dir():
        return out
    if out.suffix and not out.is_dir():
        raise BuildError(f"Nama berkas hasil harus berakhiran .xlsx: {out}")
    # Anything else names a folder. Decided from the name, not from whether the folder exists yet:
    # parallel workers create it concurrently.
    out.mkdir(parents=True, exist_ok=True)
    return out / default_output_name(report, stem)


def build_file(path: str | os.PathLike, output: str | os.PathLike | None = None, config: Config = Config(),
               force: bool = False, previous: str | os.PathLike | None = None,
               in_batch: bool | str = False, document: bool = False, pdf: bool = False) -> BuildResult:
    """Read, validate and, when there are no errors (or `force`), write the finished workbook.
    `output` is a file (.xlsx) or a folder; `in_batch` adds the input's name to a default output name.
    `document` also writes the LKj document (.docx, template from `config.laporan`) beside the
    workbook, `pdf` prints that to PDF as well; a template that cannot be used is a BuildError before
    anything is written, a PDF that cannot be made is a note in the result, and a document that cannot
    be written once the workbook is is `result.document_error` (the workbook stays)."""
    # The build allocates hundreds of thousands of small objects that all live until the workbook
    # is written: the cyclic collector only rescans them (-11% on 10,000 indicators), so it pauses.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(Path(path), output, config, force, previous, in_batch, document or pdf, pdf)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(source: Path, output, config: Config, force: bool, previous, in_batch: bool | str,
           document: bool, pdf: bool) -> BuildResult:
    check = check_file(source, config, previous)
    if check.report is None or (not check.valid and not force):
        return BuildResult(check, None)
    try:
        target = output_path_for(source, check.report, output, in_batch)
    except OSError as exc:  # the -o folder could not be made: name it, not a temporary file
        raise output_error(exc, exc.filename or output) from None
    if target.exists() and source.exists() and os.path.samefile(target, source):
        raise BuildError(f"Berkas hasil akan menimpa berkas isian {source.name}; pilih nama lain dengan -o.")
    draft = not check.valid
    # Rendered before the workbook is written: an office template that cannot be used stops the
    # build with its message instead of leaving a workbook without its document.
    docx = _document_bytes(check, draft, config) if document else None
    options = WriteOptions(config=config, draft=draft, findings=check.findings,
                           source_link=link_target(source, target), results=check.results)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(check.report, target, options)
    except OSError as exc:  # the writer's error names its temporary file; the user chose `target`
        raise output_error(exc, target) from None
    result = BuildResult(check, target, draft)
    if docx is not None:
        try:
            _write_document(result, docx, target.with_suffix(".docx"), pdf)
        except OSError as exc:
            # The workbook is written and stays: the caller must hear that, not a bare "cannot write".
            from .oserrors import not_written

            where = target.with_suffix(".pdf" if result.document is not None else ".docx")
            if result.document is None:
                result.document_error = not_written(where, exc)
            else:
                result.notes.append(f"PDF tidak dibuat: {not_written(where, exc)}.")
    return result


def _document_bytes(check: CheckResult, draft: bool, config: Config) -> bytes:
    from .laporan.render import TemplateError
    from .laporan.write import document_bytes

    try:
        return document_bytes(check.report, check.results, check.findings, draft, config.laporan.templat)
    except TemplateError as exc:
        raise BuildError(str(exc)) from None


def _write_document(result: BuildResult, docx: bytes, target: Path, pdf: bool) -> None:
    from .laporan.pdf import PdfError, write_pdf
    from .laporan.write import write_document

    try:
        result.document = write_document(docx, target)
    except OSError as exc:
        raise output_error(exc, target) from None
    if pdf:
        try:
            result.pdf = write_pdf(target, target.with_suffix(".pdf"))
        except PdfError as exc:
            result.notes.append(str(exc))
        except OSError as exc:
            raise output_error(exc, target.with_suffix(".pdf")) from None


def default_document_name(report: Report) -> str:
    return default_output_name(report)[: -len(".xlsx")] + ".docx"


def document_file(path: str | os.PathLike, output: str | os.PathLike | None = None, config: Config = Config(),
                  force: bool = False, pdf: bool = False) -> BuildResult:
    """`lkj-excel laporan`: the LKj document alone, from a filled template (ISIAN) or a finished workbook
    (HASIL, through the copy of the report it carries). `output` is a
    .docx file or a folder (default: beside the input). `result.output` stays None: no workbook."""
    source = Path(path)
    check = _finished_check(source, config)
    # A finished workbook with errors was built with --force: its document is that draft's document.
    force = force or check is not None
    if check is None:
        check = check_file(source, config)
        if check.report is None and _is_finished_workbook(source):
            raise BuildError("workbook hasil ini tidak memuat salinan data lkj-excel (dibuat versi lama?). Buat "
                             "laporan dari berkas isiannya, atau buat ulang workbook itu dengan lkj-excel build.")
    if check.report is None or (not check.valid and not force):
        return BuildResult(check, None)
    try:
        target = _document_path_for(source, check.report, output)
    except OSError as exc:  # the folder could not be made
        raise output_error(exc, exc.filename or output) from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, target) from None
    draft = not check.valid
    result = BuildResult(check, None, draft)
    _write_document(result, _document_bytes(check, draft, config), target, pdf)
    return result


def _finished_check(source: Path, config: Config) -> CheckResult | None:
    """A finished workbook (HASIL) read through the copy of the report it carries: the same report,
    findings and draft state it was written with, computed again with this configuration. None for a
    workbook without that copy (a filled template)."""
    from .embedded import EmbeddedCopyError
    from .finished import RekapWorkbook, read_embedded

    try:
        copy = read_embedded(source)
    except EmbeddedCopyError as exc:
        raise BuildError(str(exc)) from None
    except RekapWorkbook:
        raise BuildError("berkas ini adalah rekap beberapa unit, bukan laporan satu unit; dokumen LKj dibuat "
                         "per unit dari berkas isian atau workbook hasilnya.") from None
    if copy is None:
        return None
    # A draft workbook carries its errors among the findings, so the document is a draft again.
    return CheckResult(str(source), list(copy.findings), copy.report, evaluate(copy.report, config))


def _is_finished_workbook(source: Path) -> bool:
    """The sheets build writes, without the input's Identitas: someone passed the HASIL workbook."""
    try:
        from python_calamine import CalamineWorkbook

        names = {n.strip().lower() for n in CalamineWorkbook.from_path(str(source)).sheet_names}
    except Exception:
        return False
    return "capaian kinerja" in names and "identitas" not in names


def _document_path_for(source: Path, report: Report, output: str | os.PathLike | None) -> Path:
    if output is None:
        return source.parent / default_document_name(report)
    out = Path(output)
    if not str(output).endswith(("/", os.sep)) and out.suffix.lower() == ".docx" and not out.is_dir():
        return out
    if out.suffix and not out.is_dir() and not str(output).endswith(("/", os.sep)):
        raise BuildError(f"Nama berkas laporan harus berakhiran .docx: {out}")
    out.mkdir(parents=True, exist_ok=True)
    return out / default_document_name(report)
