"""What one input contributes to a rekap: plain, picklable values, cheap to send between processes.

Built in the worker process from `compute.evaluate(report, config)` (sources.py), so every capaian,
predikat and serapan here is the one the unit's own workbook shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorLine:
    sasaran_no: str
    sasaran: str
    indikator: str
    satuan: str
    arah: str
    target: float | None
    realisasi: float | None
    capaian: float | None
    predikat: str | None


@dataclass(frozen=True)
class KegiatanLine:
    no: str
    nama: str
    sasaran_no: str
    pagu: float | None
    realisasi: float | None
    serapan: float | None


@dataclass(frozen=True)
class FirstError:
    sheet: str | None
    cell: str | None
    text: str  # "Anggaran!E5 realisasi-melebihi-pagu: ..."


@dataclass(frozen=True)
class UnitInput:
    """One readable input: a filled template or a finished workbook. `has_report` is False when the
    input is too broken to hold a report (a missing sheet): it can only be listed."""

    source: str
    kind: str  # "isian" | "hasil"
    has_report: bool
    pemerintah_daerah: str
    perangkat_daerah: str
    unit_kerja: str
    tahun: int | None
    tribulan: int | None
    tanggal: dt.date | None
    tempat: str
    indicators: tuple[IndicatorLine, ...]
    kegiatan: tuple[KegiatanLine, ...]
    pagu: float
    realisasi: float
    serapan: float | None
    errors: int
    warnings: int
    first_error: FirstError | None
    modified: float  # the file's modification time: the last tie-breaker between duplicates

    @property
    def valid(self) -> bool:
        return self.has_report and self.errors == 0


@dataclass(frozen=True)
class Unreadable:
    source: str
    message: str


@dataclass(frozen=True)
class OtherRekap:
    """A rekap workbook found among the inputs (a folder holding last quarter's rekap): skipped."""

    source: str
