"""Consolidation: the inputs of many units and quarters -> the rows of one rekap (pure, no I/O).

Rules (README "Rekap"):
- an unreadable input is listed and left out; the others are still consolidated;
- an input with validation errors is left out and listed, unless `force` takes it in (then the row and
  the whole rekap are marked DRAF);
- one year per rekap: the year most inputs have (the later one on a tie); inputs of another year are
  listed and left out;
- the same unit and tribulan twice: one is used, chosen in this order: the input without errors, the
  later Tanggal Laporan, the later file modification time, the first path in name order; the others
  are listed with the reason;
- across quarters of the same unit: a PK target that changed and a cumulative realisasi that fell are
  listed (the realisasi of a percentage is a rate, not cumulative, and may fall).
Every step is a dictionary pass, so the work is linear in the number of indicators.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from ..compute import PredikatScale, efisiensi, serapan
from ..findings import show_value
from ..periods import roman
from ..validate import PERCENT_UNITS
from .model import OtherRekap, UnitInput, Unreadable

GALAT, PERINGATAN, INFO = "galat", "peringatan", "info"


@dataclass(frozen=True)
class Entry:
    """One row of Ringkasan: one unit in one tribulan."""

    no: int
    unit: UnitInput
    indicators: int
    average: float | None  # mean capaian of the indicators whose capaian can be computed
    counts: tuple[int, ...]  # indicators per predikat band, in the scale's order
    efisiensi: float | None  # average capaian − serapan
    draft: bool


@dataclass(frozen=True)
class Issue:
    kind: str  # what a reader scans for: "Tidak terbaca", "Unit ganda", ...
    severity: str  # galat | peringatan | info
    source: str | None
    unit: str
    tribulan: int | None
    message: str
    sheet: str | None = None  # for a link into the input
    cell: str | None = None


@dataclass(frozen=True)
class TrendRow:
    perangkat_daerah: str
    unit_kerja: str
    by_tribulan: dict[int, Entry]


@dataclass(frozen=True)
class Totals:
    indicators: int
    average: float | None
    counts: tuple[int, ...]
    pagu: float
    realisasi: float
    serapan: float | None
    efisiensi: float | None


@dataclass(frozen=True)
class Rekap:
    entries: tuple[Entry, ...]
    issues: tuple[Issue, ...]
    totals: Totals
    tahun: int | None
    quarters: tuple[int, ...]
    trend: tuple[TrendRow, ...]  # empty unless the entries span more than one tribulan
    band_labels: tuple[str, ...]
    draft: bool
    pemerintah_daerah: str
    perangkat_daerah: str  # "" when the units belong to several perangkat daerah
    tempat: str
    tanggal: object  # the latest Tanggal Laporan used, or None
    exit_code: int = field(default=0)


def unit_key(unit: UnitInput) -> tuple[str, str]:
    return (_norm(unit.perangkat_daerah), _norm(unit.unit_kerja))


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _name(unit: UnitInput) -> str:
    return unit.unit_kerja or unit.source


def consolidate(inputs: Sequence[UnitInput | Unreadable | OtherRekap], scale: PredikatScale,
                force: bool = False) -> Rekap:
    issues: list[Issue] = []
    candidates: list[UnitInput] = []
    unreadable = invalid = False
    for item in inputs:
        if isinstance(item, Unreadable):
            unreadable = True
            issues.append(Issue("Tidak terbaca", GALAT, item.source, "", None,
                                f"{item.message} Berkas ini tidak masuk rekap; berkas lain tetap direkap."))
        elif isinstance(item, OtherRekap):
            issues.append(Issue("Berkas rekap", INFO, item.source, "", None,
                                "Berkas ini sendiri sebuah rekap, bukan laporan unit: dilewati."))
        elif item.valid:
            candidates.append(item)
        else:
            invalid = True
            issues.append(_error_issue(item, taken=force and _usable(item)))
            if force and _usable(item):
                candidates.append(item)
    candidates = _one_year(candidates, issues)
    chosen = _without_duplicates(candidates, issues)
    chosen.sort(key=lambda u: (_norm(u.perangkat_daerah), _norm(u.unit_kerja), u.tribulan or 0, u.source))
    labels = tuple(b.label for b in scale.bands)
    entries = tuple(_entry(n, unit, labels) for n, unit in enumerate(chosen, 1))
    trend = _trend(entries, issues)
    for unit in chosen:
        if unit.warnings:
            issues.append(Issue("Peringatan isian", INFO, unit.source, _name(unit), unit.tribulan,
                                f"{unit.warnings} peringatan pada berkas ini; lihat lembar Validasi di workbook "
                                f"unitnya atau jalankan lkj-excel check."))
    quarters = tuple(sorted({e.unit.tribulan for e in entries}))
    years = {e.unit.tahun for e in entries}
    pemda = Counter(e.unit.pemerintah_daerah for e in entries if e.unit.pemerintah_daerah).most_common(1)
    perangkat = {e.unit.perangkat_daerah for e in entries}
    tempat = Counter(e.unit.tempat for e in entries if e.unit.tempat).most_common(1)
    dates = [e.unit.tanggal for e in entries if e.unit.tanggal]
    code = 2 if unreadable else 1 if invalid else 0
    if not entries and not unreadable:
        code = max(code, 1)
    return Rekap(
        entries=entries, issues=tuple(_ordered(issues)), totals=_totals(entries, labels),
        tahun=years.pop() if len(years) == 1 else None, quarters=quarters,
        trend=trend if len(quarters) > 1 else (), band_labels=labels,
        draft=any(e.draft for e in entries), pemerintah_daerah=pemda[0][0] if pemda else "",
        perangkat_daerah=perangkat.pop() if len(perangkat) == 1 else "",
        tempat=tempat[0][0] if tempat else "", tanggal=max(dates) if dates else None, exit_code=code,
    )


def _usable(unit: UnitInput) -> bool:
    return unit.has_report and unit.tahun is not None and unit.tribulan in (1, 2, 3, 4)


def _error_issue(unit: UnitInput, taken: bool) -> Issue:
    first = unit.first_error
    fate = ("diikutkan sebagai DRAF (--force)" if taken else
            "tidak masuk rekap" + (" (tanpa tahun/tribulan yang sah, juga dengan --force)" if not _usable(unit)
                                   else "; perbaiki isiannya, atau pakai --force untuk mengikutkannya sebagai DRAF"))
    text = f"{unit.errors} galat, {unit.warnings} peringatan: {fate}."
    if first is not None:
        text += f" Galat pertama: {first.text}"
    return Issue("Galat isian", GALAT, unit.source, _name(unit), unit.tribulan, text,
                 first.sheet if first else None, first.cell if first else None)


def _one_year(units: list[UnitInput], issues: list[Issue]) -> list[UnitInput]:
    years = Counter(u.tahun for u in units)
    if len(years) <= 1:
        return units
    year = max(years, key=lambda y: (years[y], y))
    others = ", ".join(f"{y} ({n} berkas)" for y, n in sorted(years.items()) if y != year)
    for u in units:
        if u.tahun != year:
            issues.append(Issue("Tahun berbeda", PERINGATAN, u.source, _name(u), u.tribulan,
                                f"Laporan tahun {u.tahun}, sedangkan rekap ini tahun {year} (tahun terbanyak: "
                                f"{years[year]} berkas; tahun lain: {others}). Tidak masuk rekap; rekap tahun "
                                f"{u.tahun} dibuat terpisah."))
    return [u for u in units if u.tahun == year]


def _without_duplicates(units: list[UnitInput], issues: list[Issue]) -> list[UnitInput]:
    groups: dict[tuple, list[UnitInput]] = {}
    for u in units:
        groups.setdefault((unit_key(u), u.tribulan), []).append(u)
    chosen = []
    for group in groups.values():
        if len(group) == 1:
            chosen.append(group[0])
            continue
        ranked = sorted(group, key=_preference)
        best = ranked[0]
        chosen.append(best)
        for other in ranked[1:]:
            issues.append(Issue(
                "Unit ganda", PERINGATAN, other.source, _name(other), other.tribulan,
                f"Unit dan tribulan yang sama juga ada di '{best.source}'. Yang dipakai: '{best.source}', "
                f"karena {_reason(best, other)}. Berkas ini tidak masuk rekap."))
    return chosen


def _preference(u: UnitInput):
    # sorted() ascending: errors-free first, later date first, later mtime first, then path order
    ordinal = u.tanggal.toordinal() if u.tanggal else 0
    return (not u.valid, -ordinal, -u.modified, u.source)


def _reason(best: UnitInput, other: UnitInput) -> str:
    if best.valid != other.valid:
        return "berkas itu lolos validasi sedangkan berkas ini bergalat"
    if best.tanggal != other.tanggal and best.tanggal and (other.tanggal is None or best.tanggal > other.tanggal):
        return f"tanggal laporannya lebih baru ({best.tanggal:%d-%m-%Y})"
    if best.modified != other.modified:
        return "berkasnya disimpan lebih akhir"
    return "nama berkasnya lebih dahulu menurut abjad"


def _entry(no: int, unit: UnitInput, labels: tuple[str, ...]) -> Entry:
    values = [i.capaian for i in unit.indicators if i.capaian is not None]
    average = sum(values) / len(values) if values else None
    counted = Counter(i.predikat for i in unit.indicators)
    return Entry(no, unit, len(unit.indicators), average, tuple(counted[label] for label in labels),
                 efisiensi(average, unit.serapan), not unit.valid)


def _totals(entries: Sequence[Entry], labels: tuple[str, ...]) -> Totals:
    values = [i.capaian for e in entries for i in e.unit.indicators if i.capaian is not None]
    average = sum(values) / len(values) if values else None
    pagu = sum(e.unit.pagu for e in entries)
    realisasi = sum(e.unit.realisasi for e in entries)
    absorbed = serapan(pagu, realisasi)
    counts = tuple(sum(e.counts[k] for e in entries) for k in range(len(labels)))
    return Totals(sum(e.indicators for e in entries), average, counts, pagu, realisasi, absorbed,
                  efisiensi(average, absorbed))


def _trend(entries: Sequence[Entry], issues: list[Issue]) -> tuple[TrendRow, ...]:
    rows: dict[tuple[str, str], TrendRow] = {}
    for e in entries:
        key = unit_key(e.unit)
        if key not in rows:
            rows[key] = TrendRow(e.unit.perangkat_daerah, e.unit.unit_kerja, {})
        rows[key].by_tribulan[e.unit.tribulan] = e
    for row in rows.values():
        quarters = sorted(row.by_tribulan)
        for before, after in zip(quarters, quarters[1:]):
            issues.extend(_between(row.by_tribulan[before].unit, row.by_tribulan[after].unit))
    return tuple(rows.values())


def _between(before: UnitInput, after: UnitInput) -> list[Issue]:
    earlier = {(i.sasaran_no, _norm(i.indikator)): i for i in before.indicators}
    found = []
    for ind in after.indicators:
        old = earlier.get((ind.sasaran_no, _norm(ind.indikator)))
        if old is None:
            continue
        tw, tw_old = roman(after.tribulan), roman(before.tribulan)
        if old.target != ind.target and old.target is not None and ind.target is not None:
            found.append(Issue(
                "Target PK berubah", PERINGATAN, after.source, _name(after), after.tribulan,
                f"Indikator '{ind.indikator}': target {show_value(ind.target)} di Tribulan {tw}, padahal "
                f"{show_value(old.target)} di Tribulan {tw_old}. Target Perjanjian Kinerja berlaku setahun; "
                f"periksa mana yang benar."))
        if (_norm(ind.satuan) not in PERCENT_UNITS and old.realisasi is not None and ind.realisasi is not None
                and ind.realisasi < old.realisasi):
            found.append(Issue(
                "Realisasi menurun", PERINGATAN, after.source, _name(after), after.tribulan,
                f"Indikator '{ind.indikator}': realisasi kumulatif {show_value(ind.realisasi)} di Tribulan {tw}, "
                f"lebih kecil daripada {show_value(old.realisasi)} di Tribulan {tw_old}. Realisasi dihitung "
                f"kumulatif sejak Januari, jadi tidak boleh turun."))
    return found


_ORDER = {GALAT: 0, PERINGATAN: 1, INFO: 2}


def _ordered(issues: list[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (_ORDER[i.severity], i.kind, i.source or "", i.tribulan or 0))


def quarter_averages(rekap: Rekap) -> dict[int, tuple[float | None, float | None]]:
    """Per tribulan: the mean of the units' average capaian and the mean of their serapan (what the
    Perkembangan sheet's last row and the trend chart show)."""
    out = {}
    for q in rekap.quarters:
        entries = [e for e in rekap.entries if e.unit.tribulan == q]
        out[q] = (_mean([e.average for e in entries]), _mean([e.unit.serapan for e in entries]))
    return out


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None
