"""Capaian Kinerja of a year workbook: for the report's tribulan, Target tahun, Target s.d. TW and
Realisasi s.d. TW (live formulas over the quarter cells on Perkembangan, added up by each row's
Cara Hitung), the capaian against both targets, Keterangan and the predikat of the capaian the
configuration names (`report.predikat_capaian`, the yearly one by default).

Every cached value is the Results model's (compute.evaluate): the writer computes nothing."""

from __future__ import annotations

from ..cells import ref as cell_ref
from ..compute import TRIWULAN, report_tribulan
from ..periods import roman
from . import formulas, perkembangan, quarter_formulas
from .capaian import CAPAIAN, _colours, _legend, keterangan
from .signature import signature_block

WIDTHS = (32, 34, 12, 14, 14, 14, 13, 13, 22, 14)
TARGET_COL, REALISASI_COL = 3, 5  # what Cost per Outcome reads: the yearly target, the realisasi s.d. TW
SD_COL, TAHUNAN_COL, PREDIKAT_COL = 6, 7, 9
TURUN_RULE = "(2×5−6)/5 dan (2×4−6)/4"


def write(book, rows: dict[int, int], blocks: dict[int, int]) -> None:
    f = book.f
    tw = report_tribulan(book.r)
    ws = book.sheet(CAPAIAN, WIDTHS)
    row = book.header_block(ws, "TABEL CAPAIAN KINERJA", len(WIDTHS))
    labels = ("Sasaran", "Indikator Kinerja", "Cara Hitung", "Target Tahun", f"Target s.d. TW {roman(tw)}",
              f"Realisasi s.d. TW {roman(tw)}", "Capaian thd Target s.d. TW (%)", "Capaian thd Target Tahun (%)",
              "Keterangan", "Predikat")
    for c, label in enumerate(labels):
        ws.write_string(row, c, label, f.th)
        book.need(ws, row, c, label, bold=True)
    book.column_numbers(ws, row + 1, ("1", "2", "3", "4", "5", "6", "7=6/5", "8=6/4", "9", "10"))
    book.repeat_rows(ws, row, row + 1)
    ws.freeze_panes(row + 2, 0)
    row += 2
    first = row
    cap = book.opt.config.capaian_cap
    bands = book.opt.config.scale.bands
    by_quarter = book.opt.config.predikat_capaian == TRIWULAN
    for s in book.r.sasaran:
        n = len(s.indicators)
        book.block(ws, row)
        book.merged_text(ws, row, 0, n, f"{s.no}. {s.text}" if s.text else s.no, f.td)
        for k, ind in enumerate(s.indicators):
            r = row + k
            assert rows[id(ind)] == r
            _indicator(book, ws, r, ind, blocks[id(ind)], tw, cap)
            book.text_cell(ws, r, 8, keterangan(ind, TURUN_RULE), f.td)
            band = book.res.of(ind).predikat
            basis = cell_ref(r, SD_COL if by_quarter else TAHUNAN_COL)
            ws.write_formula(r, PREDIKAT_COL, formulas.predikat(bands, basis), f.td_center,
                             band.label if band else "-")
        row += n
    if row > first:
        _colours(book, ws, first, row - 1, PREDIKAT_COL)
    book.keep_tail(ws, first, row)
    basis = "7, terhadap target s.d. tribulan" if by_quarter else "8, terhadap target tahunan"
    _legend(book, ws, row + 1, f"Skala predikat capaian (kolom {basis}):")
    signature_block(book, ws, row + 2 + len(bands), len(WIDTHS))


def _indicator(book, ws, r, ind, block, tw, cap) -> None:
    f = book.f
    computed = book.res.of(ind)
    unit = book.unit_format(ind)
    book.text_cell(ws, r, 1, ind.indikator, f.td)
    ws.write_string(r, 2, computed.cara_hitung or "-", f.td_center)
    book.write_number(ws, r, TARGET_COL, ind.target, unit)
    cara = computed.cara_hitung
    t_cells = perkembangan.quarter_refs(block, perkembangan.TARGET, tw)
    ws.write_formula(r, 4, "=" + quarter_formulas.upto(t_cells, cara), unit, formulas.cached(computed.target_sd))
    filled = any(v is not None for v in ind.realisasi_tw[:tw])
    if filled or ind.realisasi is None:
        r_cells = perkembangan.quarter_refs(block, perkembangan.REALISASI, tw)
        ws.write_formula(r, REALISASI_COL, "=" + quarter_formulas.upto(r_cells, cara), unit,
                         formulas.cached(computed.realisasi))
    else:
        # No quarter filled, only the single Realisasi column: the input itself, as in version 1
        # (compute.indicator_realisasi falls back to it the same way).
        ws.write_number(r, REALISASI_COL, ind.realisasi, unit)
    t_ref, y_ref = cell_ref(r, 4), cell_ref(r, TARGET_COL)
    r_ref = cell_ref(r, REALISASI_COL)
    ws.write_formula(r, SD_COL, formulas.capaian(ind, t_ref, r_ref, cap), f.pct, formulas.cached(computed.capaian_sd))
    ws.write_formula(r, TAHUNAN_COL, formulas.capaian(ind, y_ref, r_ref, cap), f.pct, formulas.cached(computed.capaian))
