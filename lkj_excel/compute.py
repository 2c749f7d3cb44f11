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
from .quarters import QUARTERS, sum_upto, upto

# Which capaian the predikat classifies in a year workbook (config `report.predikat_capaian`):
# against the yearly PK target (the default: the predikat then means the same in every quarter's
# report and in a version-1 file), or against the target s.d. tribulan of the Rencana Aksi.
TAHUNAN = "tahunan"
TRIWULAN = "triwulan"


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
class MoneyQuarter:
    """One quarter of a budget line in a year workbook. Quarters after the report's tribulan carry
    only the plan (rencana); their realisasi and serapan are None."""

    tw: int
    realisasi: float | None  # money spent in this quarter, as typed
    rencana: float | None  # the planned drawdown of this quarter (anggaran kas), as typed
    realisasi_sd: float | None  # spent s.d. this quarter
    rencana_sd: float | None  # planned s.d. this quarter
    serapan: float | None  # this quarter's spending / pagu
    serapan_sd: float | None  # spent s.d. this quarter / pagu
    serapan_rencana: float | None  # spent s.d. this quarter / planned s.d. this quarter


@dataclass(frozen=True)
class SasaranBudget:
    pagu: float
    realisasi: float  # s.d. the report's tribulan
    rencana: float | None = None  # planned drawdown s.d. the tribulan; None without Rencana TW columns
    quarters: tuple[MoneyQuarter, ...] = ()  # year workbook with quarterly money: TW I..IV
    planned_realisasi: float | None = None  # spent s.d. the tribulan by the kegiatan that have a plan s.d. it

    @property
    def serapan(self) -> float | None:
        return serapan(self.pagu, self.realisasi)

    @property
    def serapan_rencana(self) -> float | None:
        """Spending against the planned drawdown to date (anggaran kas), when a plan is given: of the
        kegiatan that have a plan, what they spent against what they planned."""
        return serapan(self.rencana, self.planned_realisasi)


def report_tribulan(report: Report) -> int:
    """The quarter the report is for; an unreadable Tribulan (already an error) counts as the year."""
    return report.identity.tribulan or 4


def kegiatan_realisasi(k: Kegiatan, tw: int) -> float | None:
    """Money spent s.d. tribulan: the sum of the quarters when the file has them, else the single column."""
    if k.realisasi_tw:
        derived = sum_upto(k.realisasi_tw, tw)
        if derived is not None:
            return derived
    return k.realisasi


def _money_quarters(pagu: float | None, spent, planned, tw: int, planned_spent=None) -> tuple[MoneyQuarter, ...]:
    """`planned_spent`: for a group of kegiatan, per quarter, what was spent s.d. that quarter by the
    kegiatan that have a plan s.d. it; the serapan against the plan divides that, not all spending,
    by the plan (a kegiatan without a plan has nothing to be measured against). None for one kegiatan."""
    quarters = []
    for q in QUARTERS:
        done = q <= tw
        r_q = spent[q - 1] if spent else None
        p_q = planned[q - 1] if planned else None
        r_sd = (sum_upto(spent, q) or 0.0) if done and spent else None
        p_sd = sum_upto(planned, q) if planned else None
        against = planned_spent[q - 1] if planned_spent is not None and r_sd is not None else r_sd
        quarters.append(MoneyQuarter(
            q, r_q, p_q, r_sd, p_sd,
            serapan(pagu, r_q or 0.0) if done and spent else None,
            serapan(pagu, r_sd) if r_sd is not None else None,
            serapan(p_sd, against) if r_sd is not None else None,
        ))
    return tuple(quarters)


def _planned_spent(linked: list[Kegiatan]) -> tuple[float, ...]:
    """Per quarter, the money spent s.d. that quarter by the kegiatan whose plan s.d. it is known."""
    return tuple(sum(sum_upto(k.realisasi_tw, q) or 0.0 for k in linked
                     if k.rencana_tw and sum_upto(k.rencana_tw, q) is not None) for q in QUARTERS)


def _budget(linked: list[Kegiatan], tw: int) -> SasaranBudget:
    pagu = sum(k.pagu or 0 for k in linked)
    realisasi = sum(kegiatan_realisasi(k, tw) or 0 for k in linked)
    if not any(k.realisasi_tw or k.rencana_tw for k in linked):
        return SasaranBudget(pagu=pagu, realisasi=realisasi)
    spent = _column_sums([k.realisasi_tw for k in linked])
    planned = _column_sums([k.rencana_tw for k in linked])
    rencana = sum_upto(planned, tw) if planned else None
    planned_spent = _planned_spent(linked)
    return SasaranBudget(pagu, realisasi, rencana, _money_quarters(pagu, spent, planned, tw, planned_spent),
                         planned_spent[tw - 1] if rencana is not None else None)


def _column_sums(rows) -> tuple[float | None, ...]:
    """Quarter by quarter sums of the rows that have quarters; None where no row holds a value."""
    rows = [r for r in rows if r]
    if not rows:
        return ()
    out = []
    for i in range(4):
        values = [r[i] for r in rows if r[i] is not None]
        out.append(sum(values) if values else None)
    return tuple(out)


def sasaran_budget(report: Report, sasaran: Sasaran) -> SasaranBudget:
    """A sasaran's budget is the sum of the kegiatan linked to it (DOMAIN §2)."""
    return _budget(report.kegiatan_of(sasaran.no), report_tribulan(report))


def totals(report: Report) -> SasaranBudget:
    return _budget(report.kegiatan, report_tribulan(report))


@dataclass(frozen=True)
class QuarterResult:
    """One quarter of an indicator in a year workbook. Quarters after the report's tribulan carry
    only the plan: their realisasi s.d. and capaian are None."""

    tw: int
    target: float | None  # the quarter's own target cell (an increment under Kumulatif)
    realisasi: float | None  # the quarter's own realisasi cell
    target_sd: float | None  # target s.d. this quarter, added up by the Cara Hitung
    realisasi_sd: float | None  # realisasi s.d. this quarter, added up by the Cara Hitung
    capaian_sd: float | None  # realisasi_sd against target_sd (Arah and cap applied)
    capaian_tahunan: float | None  # realisasi_sd against the yearly target (Arah and cap applied)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's computed numbers, as every output shows them."""

    sasaran: Sasaran
    indicator: Indicator
    capaian: float | None  # against the yearly target, with the configured cap: what every output shows
    capaian_uncapped: float | None  # what the plausibility rule judges
    predikat: Band | None  # of the capaian the configuration names (`predikat_capaian`, yearly by default)
    efisiensi: float | None  # capaian − the sasaran's serapan
    # The realisasi s.d. tribulan that `capaian` divides: the typed Realisasi in a version-1 file,
    # added up from the quarters (by the Cara Hitung) in a year workbook.
    realisasi: float | None = None
    # Year workbook only (None / () in a version-1 file):
    cara_hitung: str | None = None
    target_sd: float | None = None  # target s.d. the report's tribulan (Rencana Aksi)
    capaian_sd: float | None = None  # realisasi s.d. TW against target s.d. TW (capped as `capaian`)
    quarters: tuple[QuarterResult, ...] = ()  # TW I..IV
    predikat_of: str = TAHUNAN  # which capaian `predikat` classifies: TAHUNAN (`capaian`) or TRIWULAN

    @property
    def target(self) -> float | None:
        """The yearly target (Perjanjian Kinerja)."""
        return self.indicator.target

    @property
    def capaian_tahunan(self) -> float | None:
        return self.capaian


@dataclass(frozen=True)
class SasaranResult:
    sasaran: Sasaran
    budget: SasaranBudget
    indicators: tuple[IndicatorResult, ...]


@dataclass(frozen=True)
class KegiatanResult:
    kegiatan: Kegiatan
    serapan: float | None
    realisasi: float | None = None  # money spent s.d. tribulan (the typed value in a version-1 file)
    rencana: float | None = None  # planned drawdown s.d. tribulan, when Rencana TW columns exist
    quarters: tuple[MoneyQuarter, ...] = ()  # year workbook with quarterly money: TW I..IV

    @property
    def serapan_rencana(self) -> float | None:
        return serapan(self.rencana, self.realisasi)


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


def _capped(value: float | None, cap: float | None) -> float | None:
    return value if cap is None or value is None else min(cap, value)


def indicator_realisasi(ind: Indicator, tw: int) -> float | None:
    """Realisasi s.d. tribulan: added up from the quarters when the file has them, else the single column."""
    if ind.realisasi_tw:
        derived = upto(ind.realisasi_tw, tw, ind.cara_hitung)
        if derived is not None:
            return derived
    return ind.realisasi


def _indicator_quarters(ind: Indicator, tw: int, cap: float | None) -> tuple[QuarterResult, ...]:
    targets = ind.target_tw or (None,) * 4
    actuals = ind.realisasi_tw or (None,) * 4
    out = []
    for q in QUARTERS:
        t_sd = upto(targets, q, ind.cara_hitung)
        r_sd = upto(actuals, q, ind.cara_hitung) if q <= tw else None
        out.append(QuarterResult(
            q, targets[q - 1], actuals[q - 1], t_sd, r_sd,
            _capped(capaian(t_sd, r_sd, ind.arah), cap),
            _capped(capaian(ind.target, r_sd, ind.arah), cap),
        ))
    return tuple(out)


def evaluate(report: Report, config: _Settings) -> Results:
    """Compute every number of the report with the configured cap and predikat scale."""
    cap, scale = config.capaian_cap, config.scale
    by_quarter = getattr(config, "predikat_capaian", TAHUNAN) == TRIWULAN
    tw = report_tribulan(report)
    sasaran = []
    for s in report.sasaran:
        budget = sasaran_budget(report, s)
        absorbed = budget.serapan
        items = []
        for ind in s.indicators:
            if not ind.quarterly:
                raw = capaian(ind.target, ind.realisasi, ind.arah)
                value = _capped(raw, cap)
                items.append(IndicatorResult(s, ind, value, raw, scale.classify(value), efisiensi(value, absorbed),
                                             realisasi=ind.realisasi))
                continue
            realisasi = indicator_realisasi(ind, tw)
            raw = capaian(ind.target, realisasi, ind.arah)
            value = _capped(raw, cap)
            target_sd = upto(ind.target_tw, tw, ind.cara_hitung) if ind.target_tw else None
            against_sd = _capped(capaian(target_sd, realisasi, ind.arah), cap)
            band = scale.classify(against_sd if by_quarter else value)
            items.append(IndicatorResult(
                s, ind, value, raw, band, efisiensi(value, absorbed), realisasi=realisasi,
                cara_hitung=ind.cara_hitung, target_sd=target_sd, capaian_sd=against_sd,
                quarters=_indicator_quarters(ind, tw, cap), predikat_of=TRIWULAN if by_quarter else TAHUNAN,
            ))
        sasaran.append(SasaranResult(s, budget, tuple(items)))
    kegiatan = tuple(_kegiatan_result(k, tw) for k in report.kegiatan)
    return Results(tuple(sasaran), kegiatan, totals(report))


def _kegiatan_result(k: Kegiatan, tw: int) -> KegiatanResult:
    realisasi = kegiatan_realisasi(k, tw)
    if not (k.realisasi_tw or k.rencana_tw):
        return KegiatanResult(k, serapan(k.pagu, k.realisasi), realisasi=k.realisasi)
    rencana = sum_upto(k.rencana_tw, tw) if k.rencana_tw else None
    return KegiatanResult(k, serapan(k.pagu, realisasi), realisasi, rencana,
                          _money_quarters(k.pagu, k.realisasi_tw, k.rencana_tw, tw))
