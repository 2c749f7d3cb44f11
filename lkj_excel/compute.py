"""The LKj formulas (DOMAIN §2) and the predikat scale (DOMAIN §3), as plain functions.

Percentages are fractions here (51,43% is 0.5142857...), exactly as the finished workbook stores them.
The writer turns each of these into an Excel formula too; both must agree, and the LibreOffice test
holds them to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator, Protocol

from .model import TURUN, Indicator, Kegiatan, Report, Sasaran


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


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's computed numbers, as every output shows them."""

    sasaran: Sasaran
    indicator: Indicator
    capaian: float | None  # with the configured cap: what the workbook, document and rekap show
    capaian_uncapped: float | None  # what the plausibility rule judges
    predikat: Band | None
    efisiensi: float | None  # capaian − the sasaran's serapan


@dataclass(frozen=True)
class SasaranResult:
    sasaran: Sasaran
    budget: SasaranBudget
    indicators: tuple[IndicatorResult, ...]


@dataclass(frozen=True)
class KegiatanResult:
    kegiatan: Kegiatan
    serapan: float | None


@dataclass(frozen=True)
class Results:
    """Everything computed from a report, computed once (`evaluate`). The workbook's cached values,
    the validation rules, the mail text, the document and the rekap all read these numbers, so no two
    outputs can disagree about a capaian."""

    sasaran: tuple[SasaranResult, ...]
    kegiatan: tuple[KegiatanResult, ...]
    total: SasaranBudget

    def indicators(self) -> Iterator[IndicatorResult]:
        for s in self.sasaran:
            yield from s.indicators

    def of(self, indicator: Indicator) -> IndicatorResult:
        return self._by_indicator[id(indicator)]

    @cached_property
    def _by_indicator(self) -> dict[int, IndicatorResult]:
        return {id(r.indicator): r for r in self.indicators()}


class _Settings(Protocol):
    capaian_cap: float | None
    scale: PredikatScale


def evaluate(report: Report, config: _Settings) -> Results:
    """Compute every number of the report with the configured cap and predikat scale."""
    cap, scale = config.capaian_cap, config.scale
    sasaran = []
    for s in report.sasaran:
        budget = sasaran_budget(report, s)
        absorbed = budget.serapan
        items = []
        for ind in s.indicators:
            raw = capaian(ind.target, ind.realisasi, ind.arah)
            value = raw if cap is None or raw is None else min(cap, raw)
            items.append(IndicatorResult(s, ind, value, raw, scale.classify(value), efisiensi(value, absorbed)))
        sasaran.append(SasaranResult(s, budget, tuple(items)))
    kegiatan = tuple(KegiatanResult(k, serapan(k.pagu, k.realisasi)) for k in report.kegiatan)
    return Results(tuple(sasaran), kegiatan, totals(report))
