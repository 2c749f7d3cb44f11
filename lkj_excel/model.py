"""The report as the rest of the program sees it, whatever shape the input workbook had.

Every value keeps the sheet and cell it came from, so a rule that finds a problem can point the
staff member at the exact cell to fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

NAIK = "Naik"
TURUN = "Turun"


@dataclass(frozen=True)
class Cell:
    """A position in the input workbook, as Excel shows it."""

    sheet: str
    ref: str  # "G8"


@dataclass(frozen=True)
class Value:
    """A value read from the input, with where it came from and whether it was typed as text."""

    value: object
    cell: Cell | None = None
    from_text: bool = False


@dataclass
class Identity:
    pemerintah_daerah: str = ""
    perangkat_daerah: str = ""
    alamat: str = ""
    unit_kerja: str = ""
    jabatan_pelapor: str = ""
    nama_pelapor: str = ""
    nip_pelapor: str = ""
    jabatan_atasan: str = ""
    nama_atasan: str = ""
    nip_atasan: str = ""
    tahun: int | None = None
    tribulan: int | None = None
    tempat: str = ""
    tanggal: dt.date | None = None
    email_penerima: tuple[str, ...] = ()
    cells: dict[str, Cell] = field(default_factory=dict)  # field name -> the value's cell


@dataclass
class Indicator:
    indikator: str
    satuan: str
    arah: str
    target: float | None
    realisasi: float | None
    keterangan: str
    row: int  # 1-based row in the Kinerja sheet
    cells: dict[str, Cell] = field(default_factory=dict)  # "target", "realisasi", "target_tw1", ... -> cell
    # Contract version 2 (a year workbook): four entries each (TW I..IV, None where empty), or () in a
    # version-1 file. `realisasi` is then the optional single Realisasi column, checked against them.
    target_tw: tuple[float | None, ...] = ()
    realisasi_tw: tuple[float | None, ...] = ()
    cara_hitung: str | None = None  # quarters.KUMULATIF / NILAI_AKHIR / RATA_RATA; None in version 1
    cara_hitung_default: bool = False  # True when chosen from the satuan, not typed

    @property
    def quarterly(self) -> bool:
        return bool(self.target_tw or self.realisasi_tw)


@dataclass
class Sasaran:
    no: str  # as typed, normalised ("1", "2", "1.a"): the key kegiatan link to
    text: str
    indicators: list[Indicator] = field(default_factory=list)
    cell: Cell | None = None


@dataclass
class Kegiatan:
    no: str
    nama: str
    sasaran_no: str
    pagu: float | None
    realisasi: float | None
    row: int
    cells: dict[str, Cell] = field(default_factory=dict)
    # Contract version 2: money spent in each quarter and the planned drawdown (anggaran kas), four
    # entries each or (). `realisasi` is then the optional single column, checked against the sum.
    realisasi_tw: tuple[float | None, ...] = ()
    rencana_tw: tuple[float | None, ...] = ()


@dataclass
class TypedTotal:
    """A Jumlah/Total row the staff typed themselves: not a kegiatan, only checked against the sum."""

    label: str
    pagu: float | None
    realisasi: float | None
    row: int
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Report:
    identity: Identity
    sasaran: list[Sasaran]
    kegiatan: list[Kegiatan]
    typed_totals: list[TypedTotal] = field(default_factory=list)
    narasi: dict[str, str] = field(default_factory=dict)
    source_name: str = ""

    @property
    def version(self) -> int:
        """2 when any indicator or kegiatan carries quarterly columns (a year workbook), else 1."""
        return 2 if self.quarterly_kinerja or self.quarterly_anggaran else 1

    @cached_property
    def quarterly_kinerja(self) -> bool:
        return any(ind.quarterly for _, ind in self.indicators())

    @cached_property
    def quarterly_anggaran(self) -> bool:
        return any(k.realisasi_tw or k.rencana_tw for k in self.kegiatan)

    def indicators(self):
        for s in self.sasaran:
            for ind in s.indicators:
                yield s, ind

    def kegiatan_of(self, sasaran_no: str) -> list[Kegiatan]:
        return self._kegiatan_by_sasaran.get(sasaran_no, [])

    @cached_property
    def _kegiatan_by_sasaran(self) -> dict[str, list[Kegiatan]]:
        # Indexed once: scanning every kegiatan for every sasaran is quadratic, and a large report
        # (thousands of both) spent seconds there. A report is not changed after it is read.
        index: dict[str, list[Kegiatan]] = {}
        for k in self.kegiatan:
            index.setdefault(k.sasaran_no, []).append(k)
        return index
