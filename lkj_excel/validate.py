"""The rules of DOMAIN §4: impossible and suspicious values in a read `Report`.

Pure: each rule looks at the report and yields findings that point at the cell to fix. Rules never
raise on bad data; a value that could not be read is already None (and reported by the reader).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from . import compute
from .config import Config
from .contract import ANGGARAN, IDENTITAS
from .findings import Finding, finding, show_value
from .model import Cell, Report
from .periods import format_date_id, format_percent_id, format_rupiah, roman, tribulan_end
from .quarters import KUMULATIF, PERCENT_UNITS, QUARTERS, sum_upto
from .validate_year import kegiatan_cell, realisasi_cell, year_rules

COUNT_UNITS = {
    "perusahaan", "orang", "dokumen", "kegiatan", "unit", "buah", "laporan", "desa", "kelurahan",
    "kali", "paket", "jiwa", "kk", "lembaga", "sekolah", "pelaku", "peserta", "kelompok", "koperasi",
    "umkm", "usaha", "pekerja", "tenaga kerja", "rumah", "titik", "ruas", "kecamatan", "sertifikat",
}
MONEY_TOLERANCE = 0.5  # rupiah; typed totals are whole rupiah, floats carry noise below that


def validate(report: Report, config: Config = Config(), previous: Report | None = None,
             results: compute.Results | None = None) -> list[Finding]:
    """`results` is `compute.evaluate(report, config)`, passed in by a caller that has it already."""
    findings: list[Finding] = []
    for rule in (_negative_and_zero, _units, _links, _duplicate_kegiatan, _report_date):
        findings.extend(rule(report, config))
    results = results or compute.evaluate(report, config)
    for computed_rule in (_budget, _typed_totals, _performance_without_money, _copied_values, _high_capaian):
        findings.extend(computed_rule(report, config, results))
    if report.version == 2:
        findings.extend(year_rules(report, results))
    if previous is not None:
        findings.extend(_decreasing(report, previous))
    return findings


def _ref(cell: Cell | None) -> tuple[str | None, str | None]:
    return (cell.sheet, cell.ref) if cell else (None, None)


def _indicator_numbers(ind, negative_rule: bool = False):
    """(cell key, label, value) of every number typed for an indicator: Target and Realisasi, and in a
    year workbook each quarter's. A Kumulatif quarter below 0 is kenaikan-negatif, not angka-negatif."""
    yield "target", "Target", ind.target
    yield "realisasi", "Realisasi", ind.realisasi
    for (key, label), value in zip(_TARGET_TW, ind.target_tw):
        yield key, label, value
    if negative_rule and ind.cara_hitung == KUMULATIF:
        return
    for (key, label), value in zip(_REALISASI_TW, ind.realisasi_tw):
        yield key, label, value


def _quarter_keys(key: str, label: str) -> tuple[tuple[str, str], ...]:
    """(cell key, label) of TW I..IV, made once: a year workbook's 1,000 indicators ask for them
    twice each."""
    return tuple((f"{key}_tw{q}", f"{label} TW {roman(q)}") for q in QUARTERS)


_TARGET_TW, _REALISASI_TW = _quarter_keys("target", "Target"), _quarter_keys("realisasi", "Realisasi")
_SPENT_TW = _quarter_keys("realisasi", "Realisasi anggaran")
_PLAN_TW = _quarter_keys("rencana", "Rencana anggaran")


def _kegiatan_numbers(k):
    yield "pagu", "Pagu", k.pagu
    yield "realisasi", "Realisasi anggaran", k.realisasi
    for (key, label), value in zip(_SPENT_TW, k.realisasi_tw):
        yield key, label, value
    for (key, label), value in zip(_PLAN_TW, k.rencana_tw):
        yield key, label, value


def _negative_and_zero(report: Report, config: Config) -> Iterator[Finding]:
    for _, ind in report.indicators():
        for key, label, value in _indicator_numbers(ind, negative_rule=True):
            if value is not None and value < 0:
                sheet, ref = _ref(ind.cells.get(key))
                yield finding("angka-negatif", sheet, ref, value,
                              f"{label} di sel {ref} bernilai negatif ({value}). Capaian tidak bisa dihitung "
                              f"dari angka negatif; periksa kembali isiannya.")
        if ind.target == 0:
            sheet, ref = _ref(ind.cells.get("target"))
            yield finding("target-nol", sheet, ref, 0,
                          f"Target di sel {ref} bernilai 0, sehingga capaian (realisasi ÷ target) tidak dapat "
                          f"dihitung. Isi target sesuai Perjanjian Kinerja.")
    for k in report.kegiatan:
        for key, label, value in _kegiatan_numbers(k):
            if value is not None and value < 0:
                sheet, ref = _ref(k.cells.get(key))
                yield finding("angka-negatif", sheet, ref, value,
                              f"{label} di sel {ref} bernilai negatif ({value}). Uang tidak bisa negatif; "
                              f"periksa kembali isiannya.")


def _unit(satuan: str) -> str:
    return " ".join(satuan.lower().split())


def _units(report: Report, config: Config) -> Iterator[Finding]:
    for _, ind in report.indicators():
        unit = _unit(ind.satuan)
        yield from _percent_as_fraction(ind, unit)
        percent, count = unit in PERCENT_UNITS, unit in COUNT_UNITS
        for key, label, value in _indicator_numbers(ind):
            if value is None:
                continue
            if percent and value > 100:
                sheet, ref = _ref(ind.cells.get(key))
                yield finding("persen-di-atas-100", sheet, ref, value,
                              f"{label} di sel {ref} bersatuan % tetapi bernilai {show_value(value)}, di atas 100. "
                              f"Periksa kembali; persentase biasanya tidak melebihi 100.")
            if count and not float(value).is_integer():
                sheet, ref = _ref(ind.cells.get(key))
                yield finding("satuan-cacah-pecahan", sheet, ref, value,
                              f"{label} di sel {ref} bersatuan {ind.satuan} tetapi bernilai pecahan "
                              f"({show_value(value)}). Jumlah {ind.satuan} seharusnya bilangan bulat.")


def _percent_as_fraction(ind, unit: str) -> Iterator[Finding]:
    """Typing "51,43%" into an Excel cell stores 0,5143 with a percent format, which the reader sees as
    0,5143: against a target of 100 that is a capaian of 0,5%. Flag the pair that mixes the two."""
    if unit not in PERCENT_UNITS:
        return
    pairs = [("target", "Target", ind.target, "realisasi", "Realisasi", ind.realisasi)]
    for q, t_q, r_q in zip(QUARTERS, ind.target_tw, ind.realisasi_tw):
        pairs.append((f"target_tw{q}", f"Target TW {roman(q)}", t_q, f"realisasi_tw{q}", f"Realisasi TW {roman(q)}", r_q))
    for t_key, t_label, t, r_key, r_label, r in pairs:
        if t is not None and r is not None:
            found = list(_mixed_pair(ind, t_key, t_label, t, r_key, r_label, r))
            if found:
                yield found[0]
                return


def _mixed_pair(ind, t_key, t_label, t, r_key, r_label, r) -> Iterator[Finding]:
    if 0 < t <= 1 and 0 <= r <= 1:
        # Both typed as 80% and 64% into cells whose percent format the reader could not see (or a
        # tool that dropped it): the report would print "0,80 %" and "0,64 %".
        t_sheet, t_ref = _ref(ind.cells.get(t_key))
        _, r_ref = _ref(ind.cells.get(r_key))
        yield finding("persen-tersimpan-pecahan", t_sheet, t_ref, t,
                      f"{t_label} (sel {t_ref}) dan {r_label} (sel {r_ref}) bernilai {show_value(t)} dan {show_value(r)} "
                      f"padahal satuannya %. Bila yang dimaksud {show_value(t * 100)}% dan {show_value(r * 100)}%, tulis "
                      f"{show_value(t * 100)} dan {show_value(r * 100)} (tanpa tanda %) agar tidak tersimpan sebagai pecahan.")
        return
    for key, label, small, big in ((r_key, r_label, r, t), (t_key, t_label, t, r)):
        if 0 < small <= 1 < big:
            sheet, ref = _ref(ind.cells.get(key))
            yield finding("persen-tersimpan-pecahan", sheet, ref, small,
                          f"{label} di sel {ref} bernilai {show_value(small)} padahal satuannya % dan pasangannya "
                          f"{show_value(big)}. Bila yang dimaksud {show_value(small * 100)}%, tulis {show_value(small * 100)} "
                          f"(tanpa tanda %) agar Excel tidak menyimpannya sebagai pecahan.")
            return


def _budget(report: Report, config: Config, results: compute.Results) -> Iterator[Finding]:
    tw = report.identity.tribulan
    for computed in results.kegiatan:
        k = computed.kegiatan
        spent = computed.realisasi or 0
        sheet, ref = _ref(kegiatan_cell(k, tw))
        if k.realisasi_tw and sum_upto(k.realisasi_tw, 4) is not None and k.pagu:
            continue  # quarter by quarter: belanja-melebihi-sisa-pagu names the quarter (validate_year)
        if spent > 0 and not k.pagu:
            yield finding("realisasi-tanpa-pagu", sheet, ref, spent,
                          f"Kegiatan '{k.nama}' mencatat realisasi {format_rupiah(spent)} (sel {ref}) padahal "
                          f"pagunya kosong atau 0. Isi pagu kegiatan, atau perbaiki realisasinya.")
        elif k.pagu and spent > k.pagu + MONEY_TOLERANCE:
            yield finding("realisasi-melebihi-pagu", sheet, ref, spent,
                          f"Realisasi kegiatan '{k.nama}' {format_rupiah(spent)} (sel {ref}) melebihi pagu "
                          f"{format_rupiah(k.pagu)}. Pagu adalah batas tertinggi yang tidak boleh dilampaui.")


def _links(report: Report, config: Config) -> Iterator[Finding]:
    counts = Counter(s.no for s in report.sasaran)
    for s in report.sasaran:
        if counts[s.no] > 1:
            sheet, ref = _ref(s.cell)
            yield finding("sasaran-ganda", sheet, ref, s.no,
                          f"Nomor sasaran {s.no} dipakai lebih dari satu sasaran (sel {ref}). Beri setiap "
                          f"sasaran nomor sendiri agar kegiatan dapat dihubungkan dengan benar.")
    known = set(counts)
    for k in report.kegiatan:
        if k.sasaran_no and k.sasaran_no not in known:
            sheet, ref = _ref(k.cells.get("sasaran_no"))
            listed = ", ".join(sorted(known)) or "belum ada"
            yield finding("sasaran-tidak-dikenal", sheet, ref, k.sasaran_no,
                          f"Kegiatan '{k.nama}' dihubungkan ke sasaran nomor {k.sasaran_no} (sel {ref}), yang "
                          f"tidak ada di lembar Kinerja (nomor yang ada: {listed}).")
    funded = {k.sasaran_no for k in report.kegiatan}
    for s in report.sasaran:
        if s.no not in funded and counts[s.no] == 1:
            sheet, ref = _ref(s.cell)
            yield finding("sasaran-tanpa-anggaran", sheet, ref, s.no,
                          f"Sasaran {s.no} tidak didukung kegiatan mana pun di lembar {ANGGARAN}. Tulis nomor "
                          f"sasaran ini di kolom No Sasaran kegiatan yang mendanainya.")


def _duplicate_kegiatan(report: Report, config: Config) -> Iterator[Finding]:
    """A kegiatan row copied twice counts its pagu and realisasi twice in every total. The same name
    (spacing and case ignored) under the same sasaran is reported on the later row."""
    first: dict[tuple[str, str], object] = {}
    for k in report.kegiatan:
        name = " ".join(k.nama.split()).casefold()
        if not name:
            continue
        earlier = first.setdefault((name, k.sasaran_no), k)
        if earlier is k:
            continue
        sheet, ref = _ref(k.cells.get("kegiatan"))
        yield finding("kegiatan-ganda", sheet, ref, k.nama,
                      f"Kegiatan '{k.nama}' (sel {ref}, baris {k.row}) sama dengan baris {earlier.row} untuk sasaran "
                      f"{k.sasaran_no or '(kosong)'}; pagu dan realisasinya terhitung dua kali. Hapus baris yang "
                      f"tersalin, atau bedakan nama kegiatannya.")


def _typed_totals(report: Report, config: Config, results: compute.Results) -> Iterator[Finding]:
    total = results.total
    for typed in report.typed_totals:
        for key, label, expected in (("pagu", "pagu", total.pagu), ("realisasi", "realisasi", total.realisasi)):
            value = getattr(typed, key)
            if value is None or abs(value - expected) <= MONEY_TOLERANCE:
                continue
            sheet, ref = _ref(typed.cells.get(key))
            yield finding("jumlah-tidak-cocok", sheet, ref, value,
                          f"Jumlah {label} di sel {ref} tertulis {format_rupiah(value)}, padahal jumlah "
                          f"baris kegiatannya {format_rupiah(expected)}. Baris Jumlah boleh dihapus: "
                          f"lkj-excel menghitungnya sendiri.")


def _performance_without_money(report: Report, config: Config, results: compute.Results) -> Iterator[Finding]:
    for computed in results.sasaran:
        s, budget = computed.sasaran, computed.budget
        if not (budget.pagu > 0 and budget.realisasi == 0):
            continue
        for item in computed.indicators:
            ind, realisasi = item.indicator, item.realisasi
            if realisasi and realisasi > 0:
                sheet, ref = _ref(realisasi_cell(ind, report.identity.tribulan))
                yield finding("kinerja-tanpa-serapan", sheet, ref, realisasi,
                              f"Sasaran {s.no} melaporkan realisasi {show_value(realisasi)} (sel {ref}) padahal "
                              f"anggarannya ({format_rupiah(budget.pagu)}) belum terserap sama sekali. Pastikan "
                              f"kinerja ini benar tercapai tanpa anggaran, atau isi realisasi anggarannya.")


def _copied_values(report: Report, config: Config, results: compute.Results) -> Iterator[Finding]:
    """A realisasi identical (to 2 decimals) to another indicator's capaian in percent: the seed's
    indicator 1 reports 51,43, which is indicator 2's 36/70. Whole numbers are left alone: 100 or 50
    coincide too often to mean a copy."""
    items = list(results.indicators())
    capaian = {id(r.indicator): r.capaian for r in items}
    by_value: dict[float, list] = {}
    for item in items:
        value = item.capaian
        if value is not None:
            by_value.setdefault(round(value * 100, 2), []).append(item.indicator)
    for item in items:
        ind, r = item.indicator, item.realisasi
        if r is None or float(r).is_integer():
            continue
        for other in by_value.get(round(r, 2), ()):
            if other is ind:
                continue
            sheet, ref = _ref(realisasi_cell(ind, report.identity.tribulan))
            yield finding("nilai-kembar", sheet, ref, r,
                          f"Realisasi di sel {ref} ({show_value(r)}) sama persis dengan capaian indikator lain "
                          f"(baris {other.row}: {format_percent_id(capaian[id(other)])}). Periksa apakah "
                          f"angka ini tersalin dari capaian, bukan hasil pengukuran.")
            break


def _high_capaian(report: Report, config: Config, results: compute.Results) -> Iterator[Finding]:
    bound = config.capaian_warning_above
    for computed in results.indicators():
        ind, value = computed.indicator, computed.capaian_uncapped
        if value is not None and value > bound:
            sheet, ref = _ref(realisasi_cell(ind, report.identity.tribulan))
            yield finding("capaian-sangat-tinggi", sheet, ref, computed.realisasi,
                          f"Capaian indikator di baris {ind.row} adalah {format_percent_id(value)}, di atas batas "
                          f"wajar {format_percent_id(bound)}. Periksa target dan realisasinya (sel {ref}).")


def _report_date(report: Report, config: Config) -> Iterator[Finding]:
    ident = report.identity
    if not (ident.tanggal and ident.tribulan and ident.tahun):
        return
    end = tribulan_end(ident.tribulan, ident.tahun)
    sheet, ref = _ref(ident.cells.get("tanggal"))
    swapped = _plausible_swap(ident.tanggal, end)
    if ident.tanggal < end:
        yield finding("tanggal-di-luar-periode", sheet or IDENTITAS, ref, format_date_id(ident.tanggal),
                      f"Laporan bertanggal {format_date_id(ident.tanggal)}, sebelum Tribulan {roman(ident.tribulan)} "
                      f"berakhir ({format_date_id(end)}). Realisasi kumulatif baru lengkap setelah tribulan usai."
                      + (f" Tanggal ini dibaca sebagai {format_date_id(ident.tanggal)}." + _swap_advice(swapped)
                         if swapped else ""))
    elif swapped:
        # Both readings fall in the period, so no rule can tell them apart: show the date as read, in
        # words, as teks-angka shows a number read from text.
        yield finding("tanggal-dibaca", sheet or IDENTITAS, ref, format_date_id(ident.tanggal),
                      f"Tanggal Laporan di sel {ref} dibaca sebagai {format_date_id(ident.tanggal)}."
                      + _swap_advice(swapped))


def _plausible_swap(day, end):
    """07/10/2024 typed under an English locale is stored as 10 July: the date with day and month
    swapped, when that falls from the tribulan's end to a year later; otherwise None."""
    if day.day > 12 or day.day == day.month:
        return None
    swapped = day.replace(day=day.month, month=day.day)
    return swapped if end <= swapped <= end.replace(year=end.year + 1) else None


def _swap_advice(swapped) -> str:
    return (f" Bila yang dimaksud {format_date_id(swapped)}, hari dan bulannya tertukar: tulis tanggalnya dengan "
            f"nama bulan, misalnya {format_date_id(swapped)}.")


def _decreasing(report: Report, previous: Report) -> Iterator[Finding]:
    now, before = report.identity, previous.identity
    if now.tahun != before.tahun or not (now.tribulan and before.tribulan and before.tribulan < now.tribulan):
        yield finding("periode-sebelumnya-tidak-cocok", IDENTITAS, None, None,
                      f"Laporan pembanding ({previous.source_name}) bukan tribulan sebelumnya pada tahun yang sama, "
                      f"sehingga realisasi kumulatif tidak dibandingkan.")
        return
    earlier = {}
    for s, ind in previous.indicators():
        earlier[(s.no, _unit(ind.indikator))] = ind
    for s, ind in report.indicators():
        old = earlier.get((s.no, _unit(ind.indikator)))
        if old is None or old.realisasi is None or ind.realisasi is None:
            continue
        if _unit(ind.satuan) in PERCENT_UNITS:
            continue  # a rate is not cumulative: it may rightly fall
        if ind.realisasi < old.realisasi:
            sheet, ref = _ref(ind.cells.get("realisasi"))
            yield finding("realisasi-menurun", sheet, ref, ind.realisasi,
                          f"Realisasi kumulatif di sel {ref} ({show_value(ind.realisasi)}) lebih kecil daripada "
                          f"Tribulan {roman(before.tribulan)} ({show_value(old.realisasi)}). Realisasi tribulan dihitung "
                          f"kumulatif sejak Januari, jadi tidak boleh turun.")

