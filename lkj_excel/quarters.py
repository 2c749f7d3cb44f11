"""How quarterly values add up to a value "s.d. tribulan" (template contract version 2, DOMAIN §8).

Pure. A quarter list always has four entries (TW I..IV), None where the cell is empty. `upto` is the
report's tribulan: quarters after it are not part of the report.

- Kumulatif: each quarter is an increment; the value s.d. TW is the sum of the filled quarters.
- Nilai Akhir: the value s.d. TW is the last filled quarter (a rate at the quarter's end).
- Rata-rata: the average of the filled quarters.

Quarterly targets add up the same way, so target s.d. TW and realisasi s.d. TW are comparable.
"""

from __future__ import annotations

from typing import Sequence

from .cells import norm_label

KUMULATIF = "Kumulatif"
NILAI_AKHIR = "Nilai Akhir"
RATA_RATA = "Rata-rata"
CARA_HITUNG = (KUMULATIF, NILAI_AKHIR, RATA_RATA)
QUARTERS = (1, 2, 3, 4)

# What staff type in the Cara Hitung cell, normalised as header labels are (cells.norm_label).
_ACCEPTED = {
    KUMULATIF: ("kumulatif", "akumulatif", "akumulasi", "jumlah", "penjumlahan", "sum", "total"),
    NILAI_AKHIR: ("nilaiakhir", "akhir", "terakhir", "posisiakhir", "nilaiterakhir", "last", "flat", "tetap"),
    RATA_RATA: ("ratarata", "rerata", "average", "mean"),
}
_LOOKUP = {label: name for name, labels in _ACCEPTED.items() for label in labels}

# Satuan whose value is a level at a moment, not a count that grows: their default is Nilai Akhir.
# Everything else (perusahaan, orang, dokumen, kegiatan, ...) is counted and defaults to Kumulatif.
PERCENT_UNITS = frozenset({"%", "persen", "prosentase", "persentase"})
LEVEL_UNITS = PERCENT_UNITS | frozenset({
    "rasio", "indeks", "index", "nilai", "skor", "poin", "point", "tingkat", "peringkat", "predikat",
    "level", "kategori", "permil", "‰", "per mil", "per 1000", "per 1.000", "per 100.000",
})


def parse_cara_hitung(text: str) -> str | None:
    """The Cara Hitung a cell names, or None when it names none of them (blank is handled by the caller)."""
    return _LOOKUP.get(norm_label(text))


def default_cara_hitung(satuan: str) -> str:
    """Percentages, rates and index levels: Nilai Akhir; counts and anything else: Kumulatif."""
    unit = " ".join(satuan.lower().split())
    if unit in LEVEL_UNITS or unit.startswith("%") or unit.startswith("per "):
        return NILAI_AKHIR
    return KUMULATIF


def upto(values: Sequence[float | None], tw: int, cara: str) -> float | None:
    """The value s.d. TW `tw` of the quarters `values` under `cara`; None when no quarter is filled."""
    filled = [v for v in values[:tw] if v is not None]
    if not filled:
        return None
    if cara == NILAI_AKHIR:
        return filled[-1]
    if cara == RATA_RATA:
        return sum(filled) / len(filled)
    return sum(filled)


def sum_upto(values: Sequence[float | None], tw: int) -> float | None:
    """Money is always cumulative: the sum of the filled quarters, None when none is filled."""
    return upto(values, tw, KUMULATIF)


def last_filled(values: Sequence[float | None]) -> int:
    """The last quarter (1-4) that holds a value, 0 when none does."""
    for q in reversed(QUARTERS):
        if values[q - 1] is not None:
            return q
    return 0
