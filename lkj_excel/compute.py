"""The LKj formulas (DOMAIN §2) and the predikat scale (DOMAIN §3), as plain functions.

Percentages are fractions here (51,43% is 0.5142857...), exactly as the finished workbook stores them.
The writer turns each of these into an Excel formula too; both must agree, and the LibreOffice test
holds them to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import TURUN, Report, Sasaran


def capaian(target: float | None, realisasi: float | None, arah: str, cap: float | None = None) -> float | None:
    """Capaian as a fraction, or None when it cannot be computed (target 0 or missing)."""
    if not target or realisasi is None:
        return None
    if arah == TURUN:
        value = max(0.0, (2 * target - realisasi) / target)
    else:
        value = realisasi / target
    if cap is not None:
        value = min(cap, value)
    return value if math.isfinite(value) else None  # a target like 1e-308 overflows


def serapan(pagu: float | None, realisasi: float | None) -> float | None:
    """Budget absorption RA/P; None when there is no pagu to absorb."""
    if not pagu:
        return None
    value = (realisasi or 0) / pagu
    return value if math.isfinite(value) else None


def efisiensi(capaian_value: float | None, serapan_value: float | None) -> float | None:
    """Column 10 = 9 − 6 of the seed's cost-per-outcome table, in percentage points (as a fraction)."""
    if capaian_value is None or serapan_value is None:
        return None
    return capaian_value - serapan_value


@dataclass(frozen=True)
class Band:
    above: float  # fraction; a capaian strictly above this falls in the band
    label: str
    color: str  # fill colour for the cell, "#RRGGBB"


@dataclass(frozen=True)
class PredikatScale:
    """Bands from highest to lowest; the last band catches everything at or below the one before."""

    bands: tuple[Band, ...]

    def classify(self, value: float | None) -> Band | None:
        if value is None:
            return None
        for band in self.bands[:-1]:
            if value > band.above:
                return band
        return self.bands[-1]


DEFAULT_SCALE = PredikatScale(
    (
        Band(0.90, "Sangat Tinggi", "#63BE7B"),
        Band(0.75, "Tinggi", "#C6EFCE"),
        Band(0.65, "Sedang", "#FFEB9C"),
        Band(0.50, "Rendah", "#F8CBAD"),
        Band(float("-inf"), "Sangat Rendah", "#FF9999"),
    )
)


@dataclass(frozen=True)
class SasaranBudget:
    pagu: float
    realisasi: float

    @property
    def serapan(self) -> float | None:
        return serapan(self.pagu, self.realisasi)


def sasaran_budget(report: Report, sasaran: Sasaran) -> SasaranBudget:
    """A sasaran's budget is the sum of the kegiatan linked to it (DOMAIN §2)."""
    linked = report.kegiatan_of(sasaran.no)
    return SasaranBudget(
        pagu=sum(k.pagu or 0 for k in linked),
        realisasi=sum(k.realisasi or 0 for k in linked),
    )


def totals(report: Report) -> SasaranBudget:
    return SasaranBudget(
        pagu=sum(k.pagu or 0 for k in report.kegiatan),
        realisasi=sum(k.realisasi or 0 for k in report.kegiatan),
    )
