"""Reading the rekap's inputs: files and folders (recursive), filled templates and finished workbooks,
in parallel across processes.

A finished workbook is read from its embedded copy (lkj_excel.finished), never from its cells; a filled
template goes through the same check as `lkj-excel check`. Either way the figures come from
`compute.evaluate(report, config)`, with the rekap's configuration, so every unit is judged on the same
predikat scale. Workers return plain `UnitInput` values: small to pickle, and no object identity to lose.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Sequence

from ..config import Config
from .model import FirstError, IndicatorLine, KegiatanLine, OtherRekap, UnitInput, Unreadable

SUFFIXES = (".xlsx", ".xlsm", ".ods")
MAX_JOBS = 61  # ProcessPoolExecutor's limit on Windows (WaitForMultipleObjects)


class NoInputs(Exception):
    """Nothing to read: no such path, or folders without a workbook (Indonesian message)."""


def expand(paths: Iterable[str | os.PathLike], skip: Path | None = None) -> list[Path]:
    """Files as given; folders searched recursively for workbooks. Excel's lock files (~$...), this
    program's temporary files (.lkj-...) and the rekap being written (`skip`) are left out. Sorted and
    without repeats, so the same folder gives the same rekap."""
    found: dict[str, Path] = {}
    missing = []
    skip_key = _key(skip) if skip is not None else None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in SUFFIXES and not _ignored(child.relative_to(path)) and child.is_file():
                    found.setdefault(_key(child), child)
        elif path.is_file():
            found.setdefault(_key(path), path)
        else:
            missing.append(str(path))
    if missing:
        raise NoInputs(f"tidak ditemukan: {', '.join(missing)}.")
    files = [p for k, p in found.items() if k != skip_key]
    if not files:
        raise NoInputs("tidak ada workbook (.xlsx, .xlsm, .ods) di masukan yang diberikan.")
    return sorted(files, key=lambda p: str(p))


def _ignored(relative: Path) -> bool:
    # Hidden folders too: the drop folder keeps its journal in .lkj-excel/
    return relative.name.startswith("~$") or any(part.startswith(".") for part in relative.parts)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def read_all(files: Sequence[Path], config: Config, jobs: int = 1) -> list[UnitInput | Unreadable | OtherRekap]:
    """Every input read, in the order given. With jobs > 1 the files are spread over processes (the work
    is CPU-bound Python); the worker is a module-level function, so Windows' spawn can import it."""
    jobs = max(1, min(jobs, MAX_JOBS, len(files)))
    names = [str(f) for f in files]
    if jobs == 1:
        return [read_input(name, config) for name in names]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(names) // (jobs * 8))  # fewer round trips for hundreds of small files
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(read_input, names, [config] * len(names), chunksize=chunk))


def read_input(source: str, config: Config) -> UnitInput | Unreadable | OtherRekap:
    from ..embedded import EmbeddedCopyError
    from ..finished import RekapWorkbook, read_embedded
    from ..safety import UnreadableWorkbook

    try:
        modified = os.stat(source).st_mtime
        copy = read_embedded(source)
        if copy is not None:
            return _unit(source, "hasil", copy.report, copy.findings, config, modified)
        from ..api import check_file

        check = check_file(source, config)
        return _unit(source, "isian", check.report, check.findings, config, modified, check.results)
    except RekapWorkbook:
        return OtherRekap(source)
    except (UnreadableWorkbook, EmbeddedCopyError) as exc:
        return Unreadable(source, str(exc))
    except OSError as exc:
        return Unreadable(source, f"Berkas '{os.path.basename(source)}' tidak dapat dibaca ({exc.strerror or exc}).")


def _unit(source, kind, report, findings, config, modified, results=None) -> UnitInput:
    from ..compute import evaluate
    from ..findings import ERROR, WARNING, where

    errors = [f for f in findings if f.severity == ERROR]
    warnings = sum(f.severity == WARNING for f in findings)
    first = None
    if errors:
        f = errors[0]
        first = FirstError(f.sheet, f.cell, f"{where(f.sheet, f.cell)} {f.code}: {f.message}")
    if report is None:
        return UnitInput(source, kind, False, "", "", "", None, None, None, "", (), (), 0, 0, None,
                         len(errors), warnings, first, modified)
    results = results or evaluate(report, config)
    indicators = tuple(
        IndicatorLine(r.sasaran.no, r.sasaran.text, r.indicator.indikator, r.indicator.satuan, r.indicator.arah,
                      r.indicator.target, r.realisasi, r.capaian,
                      r.predikat.label if r.predikat else None)
        for r in results.indicators())
    kegiatan = tuple(
        KegiatanLine(k.kegiatan.no, k.kegiatan.nama, k.kegiatan.sasaran_no, k.kegiatan.pagu, k.realisasi,
                     k.serapan)
        for k in results.kegiatan)
    ident = report.identity
    return UnitInput(source, kind, True, ident.pemerintah_daerah, ident.perangkat_daerah, ident.unit_kerja,
                     ident.tahun, ident.tribulan, ident.tanggal, ident.tempat, indicators, kegiatan,
                     results.total.pagu, results.total.realisasi, results.total.serapan, len(errors), warnings,
                     first, modified)
