"""The rules of a year workbook (template contract version 2): quarters that cannot be, or look wrong.

Pure, like validate.py, which calls `year_rules` for a report with quarterly columns. Every finding
points at the quarter's own cell. The numbers come from compute's Results; nothing is recomputed here
that an output shows.
"""

from __future__ import annotations

from typing import Iterator

from . import compute
from .contract import ROMAN
from .findings import Finding, finding, show_value
from .model import Cell, Indicator, Kegiatan, Report
from .periods import format_rupiah
from .quarters import KUMULATIF, NILAI_AKHIR, QUARTERS, RATA_RATA

# A Nilai Akhir that moves by more than this share of the yearly target between two filled quarters
# is worth a second look (a rate of 7% that reads 3% a quarter later is more likely a typing slip
# than a policy success). Moving against the Arah is allowed: rates do go the wrong way.
NILAI_AKHIR_SWING = 0.5
TARGET_TOLERANCE = 0.01  # per quarter: targets typed to two decimals may not add up exactly
VALUE_TOLERANCE = 0.005  # a typed Realisasi against the quarters' value, both to two decimals
MONEY_TOLERANCE = 0.5  # rupiah


def year_rules(report: Report, results: compute.Results) -> Iterator[Finding]:
    tw = report.identity.tribulan  # None when unreadable: that is already an error of its own
    for computed in results.indicators():
        ind = computed.indicator
        if not ind.quarterly:
            continue
        yield from _negative_increments(ind)
        yield from _swings(ind, tw or 4)
        yield from _targets(ind)
        if tw:
            yield from _after_period(ind.realisasi_tw, ind.cells, tw, "Realisasi", ind.indikator)
            if ind.cara_hitung == KUMULATIF:
                yield from _earlier_empty(ind.realisasi_tw, ind.cells, tw, "Realisasi", "indikator ini Kumulatif")
        yield from _single_value(ind, computed.realisasi)
    for computed in results.kegiatan:
        k = computed.kegiatan
        if not k.realisasi_tw:
            continue
        yield from _over_remaining_pagu(k)
        if tw:
            yield from _after_period(k.realisasi_tw, k.cells, tw, "Realisasi anggaran", k.nama)
            yield from _earlier_empty(k.realisasi_tw, k.cells, tw, "Realisasi anggaran",
                                      "belanja tiap tribulan dijumlahkan")
        yield from _single_money(k, computed.realisasi)


def realisasi_cell(ind: Indicator, tw: int | None) -> Cell | None:
    """The cell a finding about an indicator's realisasi s.d. tribulan points at: in a year workbook
    the last filled quarter up to the report's (else the report's own quarter), else the Realisasi cell."""
    if ind.realisasi_tw:
        tw = tw or 4
        for q in range(tw, 0, -1):
            if ind.realisasi_tw[q - 1] is not None:
                return ind.cells.get(f"realisasi_tw{q}")
        return ind.cells.get("realisasi") or ind.cells.get(f"realisasi_tw{tw}")
    return ind.cells.get("realisasi")


def kegiatan_cell(k: Kegiatan, tw: int | None) -> Cell | None:
    if k.realisasi_tw:
        tw = tw or 4
        for q in range(tw, 0, -1):
            if k.realisasi_tw[q - 1] is not None:
                return k.cells.get(f"realisasi_tw{q}")
    return k.cells.get("realisasi")


def _at(cells: dict[str, Cell], key: str) -> tuple[str | None, str | None]:
    cell = cells.get(key)
    return (cell.sheet, cell.ref) if cell else (None, None)


def _negative_increments(ind: Indicator) -> Iterator[Finding]:
    if ind.cara_hitung != KUMULATIF:
        return  # a negative level is angka-negatif (validate.py)
    for q in QUARTERS:
        value = ind.realisasi_tw[q - 1]
        if value is not None and value < 0:
            sheet, ref = _at(ind.cells, f"realisasi_tw{q}")
            yield finding("kenaikan-negatif", sheet, ref, value,
                          f"Realisasi TW {ROMAN[q - 1]} di sel {ref} bernilai {show_value(value)}. Cara Hitung "
                          f"indikator ini Kumulatif: isian tiap tribulan adalah tambahan tribulan itu, jadi tidak "
                          f"boleh negatif (nilai kumulatif tidak boleh turun). Bila yang ditulis nilai sampai akhir "
                          f"tribulan, pilih Cara Hitung Nilai Akhir.")


def _swings(ind: Indicator, tw: int) -> Iterator[Finding]:
    if ind.cara_hitung != NILAI_AKHIR:
        return
    previous = None
    for q in range(1, tw + 1):
        value = ind.realisasi_tw[q - 1]
        if value is None:
            continue
        if previous is not None:
            base = abs(ind.target) if ind.target else abs(previous[1])
            if base and abs(value - previous[1]) > NILAI_AKHIR_SWING * base:
                sheet, ref = _at(ind.cells, f"realisasi_tw{q}")
                what = "target tahunan" if ind.target else "nilai sebelumnya"
                yield finding("lonjakan-nilai-akhir", sheet, ref, value,
                              f"Realisasi TW {ROMAN[q - 1]} di sel {ref} ({show_value(value)}) berubah "
                              f"{show_value(round(abs(value - previous[1]), 4))} dari TW {ROMAN[previous[0] - 1]} "
                              f"({show_value(previous[1])}), lebih dari separuh {what} ({show_value(base)}). "
                              f"Periksa apakah angkanya tertulis benar.")
        previous = (q, value)


def _targets(ind: Indicator) -> Iterator[Finding]:
    given = [(q, t) for q, t in zip(QUARTERS, ind.target_tw) if t is not None]
    if not given or ind.target is None:
        return
    yearly = ind.target
    if ind.cara_hitung == KUMULATIF:
        total = sum(t for _, t in given)
        if abs(total - yearly) > TARGET_TOLERANCE * len(given) + 1e-9 * abs(yearly):
            q = given[-1][0]
            sheet, ref = _at(ind.cells, f"target_tw{q}")
            parts = " + ".join(show_value(t) for _, t in given)
            yield finding("target-triwulan-tidak-cocok", sheet, ref, total,
                          f"Target tribulan indikator di baris {ind.row} berjumlah {parts} = {show_value(round(total, 6))}, "
                          f"tidak sama dengan target tahunan {show_value(yearly)}. Cara Hitung Kumulatif: target "
                          f"TW I sampai TW IV harus berjumlah target tahunan.")
    elif ind.cara_hitung == NILAI_AKHIR:
        last = ind.target_tw[3]
        if last is not None and abs(last - yearly) > TARGET_TOLERANCE + 1e-9 * abs(yearly):
            sheet, ref = _at(ind.cells, "target_tw4")
            yield finding("target-triwulan-tidak-cocok", sheet, ref, last,
                          f"Target TW IV di sel {ref} ({show_value(last)}) tidak sama dengan target tahunan "
                          f"{show_value(yearly)}. Cara Hitung Nilai Akhir: target akhir tahun adalah target TW IV.")
    elif ind.cara_hitung == RATA_RATA and len(given) == 4:
        mean = sum(t for _, t in given) / 4
        if abs(mean - yearly) > TARGET_TOLERANCE + 1e-9 * abs(yearly):
            sheet, ref = _at(ind.cells, "target_tw4")
            yield finding("target-triwulan-tidak-cocok", sheet, ref, mean,
                          f"Rata-rata target TW I sampai TW IV indikator di baris {ind.row} adalah "
                          f"{show_value(round(mean, 6))}, tidak sama dengan target tahunan {show_value(yearly)}.")


def _after_period(values, cells, tw: int, label: str, name: str) -> Iterator[Finding]:
    for q in range(tw + 1, 5):
        value = values[q - 1]
        if value is not None:
            sheet, ref = _at(cells, f"realisasi_tw{q}")
            yield finding("triwulan-melewati-periode", sheet, ref, value,
                          f"{label} TW {ROMAN[q - 1]} di sel {ref} sudah terisi ({show_value(value)}) untuk "
                          f"'{name}', padahal laporan ini Tribulan {ROMAN[tw - 1]}. Bila laporan ini memang "
                          f"Tribulan {ROMAN[q - 1]}, ubah Tribulan di lembar Identitas; bila belum, kosongkan sel ini.")


def _earlier_empty(values, cells, tw: int, label: str, why: str) -> Iterator[Finding]:
    if all(v is None for v in values[:tw]):
        return  # nothing filled at all: the report's own quarter is already isian-kosong
    for q in range(1, tw):
        if values[q - 1] is None:
            sheet, ref = _at(cells, f"realisasi_tw{q}")
            yield finding("triwulan-sebelumnya-kosong", sheet, ref, None,
                          f"{label} TW {ROMAN[q - 1]} di sel {ref} kosong, padahal laporan ini Tribulan "
                          f"{ROMAN[tw - 1]} dan {why}: jumlah sampai tribulan ini tidak lengkap. Isi nilainya; "
                          f"tulis 0 bila memang nol.")


def _single_value(ind: Indicator, derived: float | None) -> Iterator[Finding]:
    typed = ind.realisasi
    if typed is None or derived is None or abs(typed - derived) <= VALUE_TOLERANCE + 1e-9 * abs(derived):
        return
    sheet, ref = _at(ind.cells, "realisasi")
    yield finding("realisasi-tidak-cocok", sheet, ref, typed,
                  f"Realisasi di sel {ref} ({show_value(typed)}) berbeda dengan realisasi s.d. tribulan dari kolom "
                  f"tribulan ({show_value(round(derived, 6))}, {ind.cara_hitung}). Yang dipakai adalah kolom "
                  f"tribulan; kosongkan kolom Realisasi atau samakan angkanya.")


def _single_money(k: Kegiatan, derived: float | None) -> Iterator[Finding]:
    typed = k.realisasi
    if typed is None or derived is None or abs(typed - derived) <= MONEY_TOLERANCE:
        return
    sheet, ref = _at(k.cells, "realisasi")
    yield finding("realisasi-tidak-cocok", sheet, ref, typed,
                  f"Realisasi anggaran kegiatan '{k.nama}' di sel {ref} ({format_rupiah(typed)}) berbeda dengan "
                  f"jumlah belanja tiap tribulan ({format_rupiah(derived)}). Yang dipakai adalah kolom tribulan; "
                  f"kosongkan kolom Realisasi atau samakan angkanya.")


def _over_remaining_pagu(k: Kegiatan) -> Iterator[Finding]:
    if not k.pagu:
        return  # money without a pagu is realisasi-tanpa-pagu (validate.py)
    spent = 0.0
    for q in QUARTERS:
        value = k.realisasi_tw[q - 1]
        if value is None:
            continue
        remaining = k.pagu - spent
        if value > 0 and value > remaining + MONEY_TOLERANCE:
            sheet, ref = _at(k.cells, f"realisasi_tw{q}")
            yield finding("belanja-melebihi-sisa-pagu", sheet, ref, value,
                          f"Belanja TW {ROMAN[q - 1]} kegiatan '{k.nama}' {format_rupiah(value)} (sel {ref}) melebihi "
                          f"sisa pagu {format_rupiah(max(0.0, remaining))} (pagu {format_rupiah(k.pagu)} dikurangi "
                          f"belanja tribulan sebelumnya {format_rupiah(spent)}). Pagu tidak boleh dilampaui.")
            return  # one finding per kegiatan: later quarters are over the pagu because of this one
        spent += value
