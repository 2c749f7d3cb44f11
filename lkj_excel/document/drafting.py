"""Paragraphs lkj-excel writes itself: those carried straight from the numbers (the kegiatan and their
budget), and drafts for Narasi sections the staff left empty, marked `draft` for them to check.

A draft only restates numbers the Results hold (capaian, predikat, serapan, pagu) and the findings
validation made; it never estimates, projects or invents one.
"""

from __future__ import annotations

from typing import Sequence

from ..compute import TRIWULAN, Results
from ..findings import Finding
from ..model import Report
from ..quarters import QUARTERS
from .model import Block
from .text import join_id, one_line, percent, rupiah, rupiah_with_words, with_unit

# Findings worth a sentence in the evaluation: each says something about one indicator's numbers.
_FINDING_SENTENCES = {
    "kinerja-tanpa-serapan": "Realisasi indikator ini ({realisasi}) dilaporkan tanpa realisasi anggaran, padahal "
                             "pagunya {pagu}: pastikan kinerja ini benar tercapai tanpa anggaran, atau lengkapi "
                             "realisasi anggarannya.",
    "nilai-kembar": "Realisasi indikator ini ({realisasi}) sama persis dengan capaian indikator lain: pastikan "
                    "angka ini hasil pengukuran, bukan salinan capaian.",
    "capaian-sangat-tinggi": "Capaian indikator ini ({capaian}) jauh di atas target: periksa kembali target "
                             "dan realisasinya.",
    "realisasi-menurun": "Realisasi kumulatif indikator ini ({realisasi}) lebih rendah dari tribulan "
                         "sebelumnya: periksa kembali angkanya.",
}


# the cells a finding about an indicator's realisasi names: Realisasi, or a quarter's (contract.py's keys)
_REALISASI_KEYS = ("realisasi", *(f"realisasi_tw{q}" for q in QUARTERS))


def kegiatan_sentence(report: Report, shown: dict[str, str]) -> Block:
    """BAB I: 'Dalam tahun 2023, Bidang ... melaksanakan tugas dan fungsi melalui Kegiatan A dan B.'"""
    names = [one_line(k.nama) for k in report.kegiatan if one_line(k.nama)]
    year = f"Dalam tahun {shown['tahun']}, " if shown["tahun"] else ""
    if not names:
        return Block(f"[{year}{shown['unit_kerja']} melaksanakan tugas dan fungsi melalui kegiatan ...: "
                     f"isi lembar Anggaran.]", draft=True)
    return Block(f"{year}{shown['unit_kerja']} melaksanakan tugas dan fungsi melalui Kegiatan {join_id(names)}.")


def budget_paragraphs(report: Report, results: Results, shown: dict[str, str]) -> tuple[Block, ...]:
    """2.3 opens with each kegiatan's pagu in figures and words, and what of it was spent."""
    kegiatan = results.kegiatan
    if not kegiatan:
        return ()
    parts = [f"({i}) {one_line(k.kegiatan.nama)} dengan anggaran sebesar {rupiah_with_words(k.kegiatan.pagu or 0)}"
             for i, k in enumerate(kegiatan, 1)]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", dan " + parts[-1]
    year = f" dalam tahun {shown['tahun']}" if shown["tahun"] else ""
    count = f"{len(kegiatan)} kegiatan" + (" yaitu" if len(kegiatan) > 1 else ", yaitu")
    first = Block(f"{shown['unit_kerja']}{year} melaksanakan {count} {listed}.")
    total = results.total
    tw = f"Tribulan {shown['tribulan']}" if shown["tribulan"] else "tribulan ini"
    if total.realisasi == 0:
        spent = f"Sampai dengan {tw} belum ada realisasi anggaran."
    else:
        spent = (f"Sampai dengan {tw} realisasi anggaran sebesar {rupiah_with_words(total.realisasi)}, "
                 f"atau {percent(total.serapan)} dari jumlah pagu {rupiah_with_words(total.pagu)}.")
    return first, Block(spent)


def evaluation(results: Results, findings: Sequence[Finding], tw: str) -> tuple[Block, ...]:
    """One drafted paragraph per indicator: its capaian and predikat, the sasaran's serapan, and a
    sentence for each finding about that indicator."""
    by_cell: dict[tuple[str | None, str | None], list[Finding]] = {}
    for f in findings:
        if f.code in _FINDING_SENTENCES:
            by_cell.setdefault((f.sheet, f.cell), []).append(f)
    until = f" sampai dengan Tribulan {tw}" if tw else ""
    blocks = []
    for s in results.sasaran:
        for r in s.indicators:
            ind = r.indicator
            name = one_line(ind.indikator)
            if ind.quarterly:
                sentence = _year_capaian(r, name, until, tw)
            elif r.capaian is None:
                sentence = f"Capaian indikator {name} tidak dapat dihitung karena targetnya 0 atau kosong"
            else:
                band = f" ({r.predikat.label})" if r.predikat else ""
                sentence = f"Capaian indikator {name}{until} sebesar {percent(r.capaian)}{band}"
            if s.budget.serapan is None:
                sentence += ", sedangkan sasarannya tidak memiliki pagu anggaran."
            else:
                sentence += f", sedangkan serapan anggaran sasarannya {percent(s.budget.serapan)}."
            for key in _REALISASI_KEYS:
                cell = ind.cells.get(key)
                for f in by_cell.get((cell.sheet, cell.ref), ()) if cell else ():
                    sentence += " " + _FINDING_SENTENCES[f.code].format(
                        realisasi=with_unit(r.realisasi, ind.satuan), pagu=rupiah(s.budget.pagu),
                        capaian=percent(r.capaian_uncapped))
            blocks.append(Block(sentence, draft=True))
    return tuple(blocks)


def _year_capaian(r, name: str, until: str, tw: str) -> str:
    """A year workbook's indicator: its capaian against the yearly target and against the Rencana
    Aksi's target s.d. tribulan, the predikat beside the one it classifies (`predikat_of`)."""
    sd = f"s.d. Tribulan {tw}" if tw else "s.d. tribulan ini"
    if r.realisasi is None:  # no quarter filled (a forced draft): the targets are there, the realisasi is not
        return f"Capaian indikator {name}{until} belum dapat dihitung karena realisasinya belum diisi"
    band = f" ({r.predikat.label})" if r.predikat else ""
    unit = r.indicator.satuan
    known, unknown = [], []
    for value, target, against, of_this in (
            (r.capaian, r.indicator.target, "target tahunan", r.predikat_of != TRIWULAN),
            (r.capaian_sd, r.target_sd, f"target {sd}", r.predikat_of == TRIWULAN)):
        if value is None:
            unknown.append(against)
        else:
            known.append(f"{percent(value)}{band if of_this else ''} terhadap {against} {with_unit(target, unit)}")
    parts = []
    if known:
        parts.append("sebesar " + " dan ".join(known))
    if unknown:
        parts.append(f"terhadap {' dan '.join(unknown)} tidak dapat dihitung karena targetnya 0 atau kosong")
    return f"Capaian indikator {name}{until} " + "; ".join(parts)


def obstacles(results: Results, tw: str) -> tuple[Block, ...]:
    """Hambatan the numbers show: budget not absorbed at all. Anything else only the staff know."""
    until = f" sampai dengan akhir Tribulan {tw}" if tw else ""
    items = [f"Anggaran sasaran {s.sasaran.no} sebesar {rupiah(s.budget.pagu)} belum terserap{until}."
             for s in results.sasaran if s.budget.pagu > 0 and s.budget.realisasi == 0]
    items.append("[Tambahkan hambatan lain pada label Hambatan di lembar Narasi.]")
    return tuple(Block(text, f"{i}.", draft=True) for i, text in enumerate(items, 1))


def follow_up(results: Results, tw: str) -> tuple[Block, ...]:
    """Rencana tindak lanjut for each indicator still short of its yearly target."""
    until = f" sampai dengan Tribulan {tw}" if tw else ""
    items = [f"Mengupayakan tercapainya target indikator {one_line(r.indicator.indikator)} "
             f"({with_unit(r.indicator.target, r.indicator.satuan)}), yang{until} baru tercapai {percent(r.capaian)}."
             for r in results.indicators() if r.capaian is not None and r.capaian < 1]
    items.append("[Tambahkan upaya lain pada label Rencana Tindak Lanjut di lembar Narasi.]")
    return tuple(Block(text, f"{i}.", draft=True) for i, text in enumerate(items, 1))


def closing(shown: dict[str, str], tw: str) -> tuple[Block, ...]:
    period = " ".join(x for x in (f"Tribulan {tw}" if tw else "", f"Tahun {shown['tahun']}" if shown["tahun"] else "") if x)
    where = " ".join(x for x in (shown["perangkat_daerah"], shown["pemerintah_daerah"]) if x)
    return (Block(
        f"Laporan Kinerja (LKj) {period} {shown['unit_kerja']} pada {where} merupakan pertanggungjawaban "
        f"atas penggunaan anggaran untuk melaksanakan kegiatan guna tercapainya tujuan organisasi secara "
        f"efektif dan efisien.".replace("  ", " "), draft=True),)

