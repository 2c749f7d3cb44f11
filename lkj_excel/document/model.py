"""The document as data: the Word template decides how it looks, this decides what it says.

Every string here is final text (numbers already in Indonesian form), so the template only places
them. Keys of the tables' rows are the names the template's tags use (`{{ r.capaian }}`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

# The seed's outline (DOMAIN §9). The default template writes these headings; an office template
# may word them its own way.
HEADINGS: tuple[tuple[str, str], ...] = (
    ("bab_1", "BAB I"),
    ("bab_1_judul", "PENDAHULUAN"),
    ("bab_2", "BAB II"),
    ("bab_2_judul", "AKUNTABILITAS KINERJA"),
    ("pk", "2.1 Perjanjian Kinerja"),
    ("capaian", "2.2 Capaian Kinerja"),
    ("evaluasi", "2.3 Evaluasi dan Analisis Kinerja"),
    ("rencana", "2.4 Rencana Tindak Lanjut"),
    ("tanggapan", "2.5 Tanggapan Atasan Langsung"),
    ("bab_3", "BAB III"),
    ("bab_3_judul", "P E N U T U P"),
    ("pengesahan", "LEMBAR PENGESAHAN"),
)

# 2.5: the superior ticks one of these by hand on the printed report.
CHECKLIST: tuple[str, ...] = (
    "Laporan kurang baik",
    "Laporan sudah baik",
    "Laporan diperbaiki",
    "Target dan realisasi diteliti ulang",
    "Capaian diteliti ulang",
    "Lain-lain",
)

DRAFT_NOTE = ("Bagian ini disusun otomatis oleh lkj-excel dari angka laporan karena lembar Narasi belum "
              "mengisinya. Periksa dan sesuaikan sebelum ditandatangani.")


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list item when it has a label ('a.', '1.')."""

    text: str
    label: str = ""
    draft: bool = False  # written by lkj-excel, not the staff: marked for them to check

    @property
    def item(self) -> bool:
        return bool(self.label)


@dataclass(frozen=True)
class Narrative:
    blocks: tuple[Block, ...]

    @property
    def drafted(self) -> bool:
        return any(b.draft for b in self.blocks)

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if not b.item)

    @property
    def items(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.item)


@dataclass(frozen=True)
class Table:
    rows: tuple[Mapping[str, str], ...]
    total: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Document:
    identitas: Mapping[str, str]  # display text of every Identitas field (nip_* printed "NIP. ...")
    cover: Mapping[str, str]  # judul, jabatan, tahun
    kop: Mapping[str, str]  # pemerintah, instansi, alamat
    periode: str  # "selama bulan Januari s.d. bulan Juni 2023 (Tribulan II)"
    narasi: Mapping[str, Narrative]  # pendahuluan, fungsi, sub_substansi, kegiatan, evaluasi, ...
    tables: Mapping[str, Table]  # pk, kegiatan, capaian, cost
    pengesahan: Mapping[str, str]
    draft: bool = False  # built with --force despite validation errors
    # a year workbook (quarterly targets, the Rencana Aksi): the capaian table shows the target and
    # capaian s.d. tribulan beside the yearly ones, as the workbook's Capaian Kinerja does
    rencana_aksi: bool = False
    headings: Mapping[str, str] = field(default_factory=lambda: dict(HEADINGS))
    checklist: tuple[str, ...] = CHECKLIST
    draft_note: str = DRAFT_NOTE
