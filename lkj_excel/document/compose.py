"""From a report and its computed Results to the `Document`: tables, identity text and narrative.

Nothing is computed here: capaian, serapan, efisiensi and the sums are read from `Results`.
"""

from __future__ import annotations

from typing import Sequence

from ..compute import Results
from ..findings import Finding
from ..model import Report
from ..nip import check_nip, format_nip
from ..periods import MONTHS_ID, format_date_id, roman, tribulan_end
from . import drafting
from .model import Block, Document, Narrative, Table
from .text import letter_label, lines, one_line, percent, rupiah, strip_marker, with_unit


def compose(report: Report, results: Results, findings: Sequence[Finding] = (), draft: bool = False) -> Document:
    ident = report.identity
    shown = _identity_text(report)
    tw = roman(ident.tribulan) if ident.tribulan else ""
    periode = _period_sentence(ident.tribulan, ident.tahun)
    narasi = {
        "pendahuluan": _pendahuluan(report, shown),
        "fungsi": _list(report.narasi.get("fungsi"), letters=True,
                        empty="Fungsi belum diisi: tulis satu fungsi per baris pada label Fungsi di lembar Narasi."),
        "sub_substansi": _list(report.narasi.get("sub_substansi"), letters=False,
                               empty="Sub substansi belum diisi: tulis satu kelompok per baris pada label "
                                     "Sub Substansi di lembar Narasi."),
        "kegiatan": Narrative((drafting.kegiatan_sentence(report, shown),)),
        "anggaran": Narrative(drafting.budget_paragraphs(report, results, shown)),
        "evaluasi": _paragraphs(report.narasi.get("evaluasi"))
        or Narrative(drafting.evaluation(results, findings, tw)),
        "hambatan": _list(report.narasi.get("hambatan"), letters=False)
        or Narrative(drafting.obstacles(results, tw)),
        "rencana": _list(report.narasi.get("rencana"), letters=False)
        or Narrative(drafting.follow_up(results, tw)),
        "penutup": _paragraphs(report.narasi.get("penutup")) or Narrative(drafting.closing(shown, tw)),
    }
    return Document(
        identitas=shown,
        cover={
            "judul": f"LAPORAN KINERJA TRIBULAN {tw}".strip(),
            "jabatan": shown["jabatan_pelapor"].upper(),
            "tahun": f"TAHUN {ident.tahun}" if ident.tahun else "",
        },
        kop={
            "pemerintah": _government(shown["pemerintah_daerah"]).upper(),
            "instansi": shown["perangkat_daerah"].upper(),
            "alamat": shown["alamat"],
        },
        periode=periode,
        narasi=narasi,
        tables={
            "pk": _pk_table(results),
            "kegiatan": _kegiatan_table(results),
            "capaian": _capaian_table(results),
            "cost": _cost_table(results),
        },
        pengesahan={
            "tempat_tanggal": ", ".join(x for x in (shown["tempat"], shown["tanggal"]) if x),
            "jabatan_pelapor": shown["jabatan_pelapor"],
            "nama_pelapor": shown["nama_pelapor"],
            "nip_pelapor": shown["nip_pelapor"],
            "jabatan_atasan": shown["jabatan_atasan"],
            "nama_atasan": shown["nama_atasan"],
            "nip_atasan": shown["nip_atasan"],
        },
        draft=draft,
        rencana_aksi=report.quarterly_kinerja,
    )


def _identity_text(report: Report) -> dict[str, str]:
    ident = report.identity
    shown = {key: one_line(getattr(ident, key)) for key in (
        "pemerintah_daerah", "perangkat_daerah", "alamat", "unit_kerja", "jabatan_pelapor", "nama_pelapor",
        "jabatan_atasan", "nama_atasan", "tempat")}
    shown["nip_pelapor"] = _nip(ident.nip_pelapor)
    shown["nip_atasan"] = _nip(ident.nip_atasan)
    shown["tahun"] = str(ident.tahun or "")
    shown["tribulan"] = roman(ident.tribulan) if ident.tribulan else ""
    shown["tanggal"] = format_date_id(ident.tanggal) if ident.tanggal else ""
    return shown


def _nip(raw: str) -> str:
    """'NIP. 19711018 200604 2 009'; a number that is not 18 digits (a forced draft) as typed."""
    check = check_nip(raw) if raw else None
    if check is not None and check.digits:
        return f"NIP. {format_nip(check.digits)}"
    return f"NIP. {one_line(raw)}" if raw else "NIP."


def _government(pemda: str) -> str:
    return pemda if pemda.lower().startswith("pemerintah") or not pemda else f"Pemerintah {pemda}"


def _period_sentence(tribulan: int | None, tahun: int | None) -> str:
    """'selama bulan Januari s.d. bulan Juni 2023 (Tribulan II)': realisasi is cumulative from January."""
    if not tribulan or not tahun:
        return ""
    last = MONTHS_ID[tribulan_end(tribulan, tahun).month - 1]
    return f"selama bulan {MONTHS_ID[0]} s.d. bulan {last} {tahun} (Tribulan {roman(tribulan)})"


def _placeholder(text: str) -> Narrative:
    return Narrative((Block(f"[{text}]", draft=True),))


def _paragraphs(cell: str | None) -> Narrative | None:
    found = lines(cell)
    return Narrative(tuple(Block(line) for line in found)) if found else None


def _list(cell: str | None, letters: bool, empty: str | None = None) -> Narrative | None:
    found = [strip_marker(line) for line in lines(cell)]
    if not found:
        return _placeholder(empty) if empty else None
    label = letter_label if letters else (lambda i: f"{i + 1}.")
    return Narrative(tuple(Block(text, label(i)) for i, text in enumerate(found)))


def _pendahuluan(report: Report, shown: dict[str, str]) -> Narrative:
    """The seed's first paragraph: 'Sesuai dengan ... Peraturan ..., Bidang ... mempunyai tugas ...'."""
    laws = [strip_marker(line) for line in lines(report.narasi.get("dasar_hukum"))]
    tugas = one_line(report.narasi.get("tugas", "")).rstrip(".")
    unit = shown["unit_kerja"]
    blocks: list[Block] = []
    duty = f"{unit} mempunyai tugas {tugas}." if tugas else None
    if len(laws) == 1 and duty:
        return Narrative((Block(f"Sesuai dengan yang tercantum pada {laws[0]}, {duty}"),))
    if laws:
        blocks.append(Block("Sesuai dengan yang tercantum pada:"))
        blocks.extend(Block(law, f"{i + 1}.") for i, law in enumerate(laws))
    else:
        blocks.append(Block("[Dasar hukum belum diisi: tulis peraturan yang menetapkan tugas dan fungsi pada "
                            "label Dasar Hukum di lembar Narasi, satu per baris.]", draft=True))
    blocks.append(Block(duty) if duty else Block(
        f"[{unit} mempunyai tugas ... : tulis tugas pada label Tugas di lembar Narasi.]", draft=True))
    return Narrative(tuple(blocks))


def _indicator_rows(results: Results, more=lambda r: {}) -> Table:
    """One row per indicator, the sasaran's No and text on its first row only (the seed's tables merge
    them); `more` adds the columns a table has beyond No, Sasaran, Indikator and Target."""
    rows = []
    for s in results.sasaran:
        for i, r in enumerate(s.indicators):
            ind = r.indicator
            rows.append({
                "no": s.sasaran.no if i == 0 else "",
                "sasaran": one_line(s.sasaran.text) if i == 0 else "",
                "indikator": one_line(ind.indikator),
                "target": with_unit(ind.target, ind.satuan),
                **more(r),
            })
    return Table(tuple(rows))


def _pk_table(results: Results) -> Table:
    return _indicator_rows(results)


def _kegiatan_table(results: Results) -> Table:
    rows = tuple({"no": f"{i}.", "kegiatan": one_line(k.kegiatan.nama), "pagu": rupiah(k.kegiatan.pagu),
                  "realisasi": rupiah(k.realisasi), "serapan": percent(k.serapan)}
                 for i, k in enumerate(results.kegiatan, 1))
    total = results.total
    return Table(rows, {"pagu": rupiah(total.pagu), "realisasi": rupiah(total.realisasi),
                        "serapan": percent(total.serapan)})


def _capaian_table(results: Results) -> Table:
    """`realisasi` is the realisasi s.d. tribulan and `capaian` the capaian against the yearly target
    in both kinds of report; a year workbook also gives the Rencana Aksi's target s.d. tribulan, the
    capaian against it and the Cara Hitung ("-" and "" in a version-1 file)."""
    return _indicator_rows(results, lambda r: {
        "realisasi": with_unit(r.realisasi, r.indicator.satuan),
        "capaian": percent(r.capaian),
        "predikat": r.predikat.label if r.predikat else "-",
        "keterangan": one_line(r.indicator.keterangan) or "-",
        "target_sd": with_unit(r.target_sd, r.indicator.satuan),
        "capaian_sd": percent(r.capaian_sd),
        "cara_hitung": r.cara_hitung or "",
    })


def _cost_table(results: Results) -> Table:
    rows = []
    for s in results.sasaran:
        budget = s.budget
        for i, r in enumerate(s.indicators):
            ind = r.indicator
            rows.append({
                "no": s.sasaran.no if i == 0 else "",
                "sasaran": one_line(s.sasaran.text) if i == 0 else "",
                "indikator": one_line(ind.indikator),
                # a sasaran's budget once, on its first row: repeated it would read as spent twice
                "pagu": rupiah(budget.pagu) if i == 0 else "",
                "realisasi_anggaran": rupiah(budget.realisasi) if i == 0 else "",
                "serapan": percent(budget.serapan) if i == 0 else "",
                "target": with_unit(ind.target, ind.satuan),
                "realisasi": with_unit(r.realisasi, ind.satuan),
                "capaian": percent(r.capaian),
                "efisiensi": percent(r.efisiensi),
            })
    return Table(tuple(rows))
