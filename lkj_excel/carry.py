"""The next quarter's template from a filled one (`lkj-excel template --dari ISIAN.xlsx`).

`next_quarter` is pure: a read `Report` in, the `TemplateData` of the next tribulan out, with what
carries over (Identitas with Tribulan advanced and Tanggal emptied, sasaran, indikator, satuan, arah,
cara hitung, targets, kegiatan, pagu, the plan, and the realisasi already reported) and only the new
quarter's Realisasi cells left open. After TW IV it is next year's TW I, targets kept and realisasi
empty. A version-1 input becomes a version-2 template; what that had to assume is written in the note.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .model import Report
from .periods import roman
from .quarters import KUMULATIF, QUARTERS, default_cara_hitung
from .template import TemplateData

_IDENTITY_LABELS = (
    ("pemerintah_daerah", "Pemerintah Daerah"), ("perangkat_daerah", "Perangkat Daerah"), ("alamat", "Alamat"),
    ("unit_kerja", "Unit Kerja"), ("jabatan_pelapor", "Jabatan Pelapor"), ("nama_pelapor", "Nama Pelapor"),
    ("nip_pelapor", "NIP Pelapor"), ("jabatan_atasan", "Jabatan Atasan"), ("nama_atasan", "Nama Atasan"),
    ("nip_atasan", "NIP Atasan"), ("tempat", "Tempat"),
)


class CarryError(Exception):
    """The input cannot give a next quarter (Indonesian message)."""


@dataclass(frozen=True)
class NextTemplate:
    data: TemplateData
    tribulan: int
    tahun: int | None


def next_quarter(report: Report) -> NextTemplate:
    ident = report.identity
    tw = ident.tribulan
    if not tw:
        raise CarryError("Tribulan di lembar Identitas tidak terbaca, sehingga tribulan berikutnya tidak "
                         "diketahui. Perbaiki Tribulan (I, II, III atau IV) lalu ulangi.")
    new_year = tw == 4
    nxt = 1 if new_year else tw + 1
    tahun = (ident.tahun + 1) if (new_year and ident.tahun) else ident.tahun
    note = [f"CATATAN lkj-excel template --dari: templat Tribulan {roman(nxt)} {tahun or ''} dari "
            f"{report.source_name or 'berkas isian'} (Tribulan {roman(tw)} {ident.tahun or ''}).".replace("  ", " ")]
    if new_year:
        note.append("Tahun baru: target dan rencana disalin; semua realisasi dikosongkan. Perbarui target bila "
                    "Perjanjian Kinerja tahun ini berbeda.")
    else:
        note.append(f"Isi hanya kolom Realisasi TW {roman(nxt)} (jingga) di lembar Kinerja dan Anggaran, dan "
                    f"Tanggal Laporan; sel lain disalin dari laporan sebelumnya dan dikunci (tanpa kata sandi).")
    if not report.quarterly_kinerja:
        note.append(_v1_note(tw, new_year))

    identity: dict[str, object] = {label: getattr(ident, key) for key, label in _IDENTITY_LABELS}
    identity["Email Penerima"] = ", ".join(ident.email_penerima)
    identity["Tahun"] = tahun
    identity["Tribulan"] = roman(nxt)
    identity["Tanggal Laporan"] = None

    kinerja = []
    for s in report.sasaran:
        for i, ind in enumerate(s.indicators):
            first = i == 0
            cara = ind.cara_hitung or default_cara_hitung(ind.satuan)
            if ind.quarterly:
                targets = ind.target_tw
                actuals = ind.realisasi_tw
            else:
                targets = (None,) * 4
                actuals = _v1_quarters(ind.realisasi, tw, cara == KUMULATIF)
            if new_year:
                actuals = (None,) * 4
            kinerja.append((
                _number(s.no) if first else None, s.text if first else None, ind.indikator, ind.satuan, ind.arah,
                cara, _clean(ind.target), *map(_clean, targets), *map(_clean, _upto(actuals, tw)), ind.keterangan or None,
            ))
    anggaran = []
    for k in report.kegiatan:
        plan = k.rencana_tw or (None,) * 4
        spent = k.realisasi_tw if k.realisasi_tw else _v1_quarters(k.realisasi, tw, True)
        if new_year:
            spent = (None,) * 4
        anggaran.append((_number(k.no), k.nama, _number(k.sasaran_no), _clean(k.pagu), *map(_clean, plan),
                         *map(_clean, _upto(spent, tw))))
    data = TemplateData(identity, kinerja, anggaran, {}, version=2, open_quarter=nxt, note=tuple(note))
    return NextTemplate(data, nxt, tahun)


def _v1_note(tw: int, new_year: bool) -> str:
    if new_year:
        return ("Berkas asal berformat versi 1 (tanpa kolom tribulan): Target TW I-IV belum ada; isi Rencana Aksi "
                "tiap tribulan. Cara Hitung dipilih dari satuan (% dan tingkat: Nilai Akhir; lainnya Kumulatif).")
    earlier = ", ".join(f"TW {roman(q)}" for q in range(1, tw)) or "-"
    return (f"Berkas asal berformat versi 1 (tanpa kolom tribulan). Anggapan: realisasi kumulatif Tribulan "
            f"{roman(tw)} ditulis di kolom Realisasi TW {roman(tw)}; untuk Cara Hitung Kumulatif dan anggaran, "
            f"tribulan sebelumnya ({earlier}) ditulis 0 karena rinciannya tidak diketahui, sehingga jumlahnya tetap "
            f"sama. Perbaiki rinciannya bila diketahui. Cara Hitung dipilih dari satuan (% dan tingkat: Nilai Akhir; "
            f"lainnya Kumulatif). Target TW I-IV belum ada; isi Rencana Aksi bila ada.")


def _v1_quarters(cumulative: float | None, tw: int, summed: bool) -> tuple[float | None, ...]:
    """A version-1 cumulative value as quarters: all of it in the report's quarter, earlier quarters
    0 where they are summed (so the sum is the same) and empty where the last value counts."""
    out: list[float | None] = [None] * 4
    if cumulative is None:
        return tuple(out)
    for q in QUARTERS:
        if q < tw and summed:
            out[q - 1] = 0
        elif q == tw:
            out[q - 1] = cumulative
    return tuple(out)


def _upto(values, tw: int):
    return tuple(v if q <= tw else None for q, v in zip(QUARTERS, values))


def _clean(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(key: str):
    return int(key) if key.isascii() and key.isdigit() and len(key) < 10 else key


def default_next_name(result: NextTemplate, source: Path) -> Path:
    """'isian-tw2.xlsx' -> 'isian-tw2 - TW III 2023.xlsx' beside it."""
    return source.with_name(f"{source.stem} - TW {roman(result.tribulan)} {result.tahun or ''}".rstrip() + ".xlsx")


def write_next_template(source: str | os.PathLike, target: str | os.PathLike | None = None) -> Path:
    """Read `source`, write the next quarter's template to `target` (a file or folder; default beside the
    source). Raises safety.UnreadableWorkbook for a file that is not a workbook, CarryError when the
    workbook cannot be read as the contract (the message names what to fix), template.TemplatePathError
    for a target that is not .xlsx, OSError (on the target's path) when it cannot be written."""
    from .reader import read_report
    from .template import template_target, write_template

    source = Path(source)
    read = read_report(source)
    if read.report is None:
        problems = "; ".join(f"{f.sheet or '-'}!{f.cell or '-'}: {f.message}" for f in read.findings
                             if f.severity == "error")[:1500]
        raise CarryError(f"{source.name} tidak dapat dibaca sebagai isian LKj: {problems}")
    result = next_quarter(read.report)
    default = default_next_name(result, source)
    out = template_target(target, default.name) if target else default
    if out.exists():
        raise CarryError(f"{out} sudah ada; templat tidak ditulis agar isian Anda tidak tertimpa. Hapus berkas "
                         f"itu atau pilih nama lain.")
    write_template(out, result.data)
    return out
