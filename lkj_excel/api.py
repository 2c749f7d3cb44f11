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
from .model import Report
from .periods import roman
from .reader import read_report
from .safety import UnreadableWorkbook
from .validate import validate
from .writers import WriteOptions, link_target, write_workbook

__all__ = ["BuildError", "BuildResult", "CheckResult", "UnreadableWorkbook", "build_file", "check_file",
           "default_output_name"]


class BuildError(Exception):
    """The request itself cannot be carried out (e.g. the output would overwrite the input)."""


@dataclass
class CheckResult:
    file: str
    findings: list[Finding]
    report: Report | None = field(default=None, repr=False)
    results: Results | None = field(default=None, repr=False)  # computed once, for every output

    @property
    def valid(self) -> bool:
        return self.report is not None and not has_errors(self.findings)

    def to_dict(self) -> dict:
        return {"file": self.file, "valid": self.valid, "findings": [f.to_dict() for f in self.findings]}


@dataclass
class BuildResult:
    check: CheckResult
    output: Path | None  # None when validation errors stopped the build
    draft: bool = False


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
               in_batch: bool | str = False) -> BuildResult:
    """Read, validate and, when there are no errors (or `force`), write the finished workbook.
    `output` is a file (.xlsx) or a folder; `in_batch` adds the input's name to a default output name."""
    # The build allocates hundreds of thousands of small objects that all live until the workbook
    # is written: the cyclic collector only rescans them (-11% on 10,000 indicators), so it pauses.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(Path(path), output, config, force, previous, in_batch)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(source: Path, output, config: Config, force: bool, previous, in_batch: bool | str) -> BuildResult:
    check = check_file(source, config, previous)
    if check.report is None or (not check.valid and not force):
        return BuildResult(check, None)
    target = output_path_for(source, check.report, output, in_batch)
    if target.exists() and source.exists() and os.path.samefile(target, source):
        raise BuildError(f"Berkas hasil akan menimpa berkas isian {source.name}; pilih nama lain dengan -o.")
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = not check.valid
    options = WriteOptions(config=config, draft=draft, findings=check.findings,
                           source_link=link_target(source, target), results=check.results)
    write_workbook(check.report, target, options)
    return BuildResult(check, target, draft)
