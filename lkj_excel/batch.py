"""Building several workbooks, one per process when asked, with one result line per file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator, Sequence

from .config import Config

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_PARTIAL = 0, 1, 2, 3
# A batch exits with its worst outcome: an unreadable file outranks a workbook without its document.
SEVERITY = {EXIT_OK: 0, EXIT_INVALID: 1, EXIT_PARTIAL: 2, EXIT_UNREADABLE: 3}


@dataclass(frozen=True)
class Outcome:
    source: str
    code: int
    message: str
    output: str | None = None


def build_one(source: str, output: str | None, config: Config, force: bool, previous: str | None,
              in_batch: bool | str = False, document: bool = False, pdf: bool = False) -> Outcome:
    from .api import BuildError, build_file
    from .findings import ERROR, SEVERITY_LABEL, WARNING, where
    from .safety import UnreadableWorkbook

    name = os.path.basename(source)
    try:
        result = build_file(source, output, config, force, previous, in_batch, document, pdf)
    except UnreadableWorkbook as exc:
        return Outcome(source, EXIT_UNREADABLE, f"GAGAL  {name}: {exc}")
    except BuildError as exc:
        return Outcome(source, EXIT_UNREADABLE, f"GAGAL  {name}: {exc}")
    except OSError as exc:
        from .oserrors import not_written

        return Outcome(source, EXIT_UNREADABLE, f"GAGAL  {name}: {not_written(None, exc)}.")
    findings = result.check.findings
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    if result.output is None:
        lines = [f"GAGAL  {name}: {errors} galat, workbook tidak dibuat. Perbaiki sel berikut lalu ulangi "
                 f"(atau pakai --force untuk DRAF):"]
        lines += [f"       [{SEVERITY_LABEL[f.severity]}] {where(f.sheet, f.cell)} {f.code}: {f.message}"
                  for f in findings if f.severity == ERROR]
        return Outcome(source, EXIT_INVALID, "\n".join(lines))
    label = "DRAF " if result.draft else "OK   "
    note = f" ({errors} galat, {warnings} peringatan)" if result.draft else f" ({warnings} peringatan)"
    if result.document_error:
        return Outcome(source, EXIT_PARTIAL, "\n".join([
            f"SEBAGIAN  {name}: workbook ditulis -> {result.output}{note}, tetapi dokumen LKj tidak ditulis: "
            f"{result.document_error}.",
            f"       Setelah itu diperbaiki, buat dokumennya dari workbook itu: "
            f"lkj-excel laporan \"{result.output}\""]), str(result.output))
    lines = [f"{label}  {name} -> {result.output}{note}"]
    lines += [f"       -> {extra}" for extra in (result.document, result.pdf) if extra is not None]
    # A PDF asked for and not made (no LibreOffice) is exit 2: a script must not expect the file.
    lines += [f"       {text}" for text in result.notes]
    code = EXIT_UNREADABLE if result.notes else EXIT_OK
    return Outcome(source, code, "\n".join(lines), str(result.output))


def batch_labels(sources: Sequence[str]) -> list[str]:
    """The name each input adds to its output name, distinct within the batch: two offices'
    kantor-a/isian.xlsx and kantor-b/isian.xlsx would otherwise write one file, the second over the
    first. Compared as Windows compares names (case-folded, after making them safe)."""
    from pathlib import Path

    from .api import safe_name

    def key(text: str) -> str:
        return safe_name(text).casefold()

    stems = [Path(s).stem for s in sources]
    counts: dict[str, int] = {}
    for stem in stems:
        counts[key(stem)] = counts.get(key(stem), 0) + 1
    labels, taken = [], set()
    for source, stem in zip(sources, stems):
        label = stem if counts[key(stem)] == 1 else f"{stem} ({Path(source).resolve().parent.name or 'akar'})"
        candidate, n = label, 2
        while key(candidate) in taken:
            candidate, n = f"{label} ({n})", n + 1
        taken.add(key(candidate))
        labels.append(candidate)
    return labels


def build_many(sources: Sequence[str], output: str | None, config: Config, force: bool = False,
               previous: str | None = None, jobs: int = 1, document: bool = False,
               pdf: bool = False) -> Iterator[Outcome]:
    """Outcomes in input order. Workbooks are independent, so with jobs > 1 they are spread over
    processes (the work is CPU-bound Python: threads would share one core)."""
    labels = batch_labels(sources) if len(sources) > 1 else [False] * len(sources)
    jobs = min(jobs, len(sources))
    if jobs <= 1:
        for source, label in zip(sources, labels):
            yield build_one(source, output, config, force, previous, label, document, pdf)
        return
    from concurrent.futures import ProcessPoolExecutor  # only a parallel build pays for the import

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(build_one, s, output, config, force, previous, label, document, pdf)
                   for s, label in zip(sources, labels)]
        for future in futures:
            yield future.result()
