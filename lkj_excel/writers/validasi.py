"""Validasi: every finding (temuan), each linked to the input cell it names."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname

from ..findings import SEVERITY_LABEL, sort_findings

VALIDASI = "Validasi"


def write(book) -> None:
    f = book.f
    ws = book.sheet(VALIDASI, (5, 12, 24, 12, 8, 22, 90))
    row = book.header_block(ws, "HASIL VALIDASI ISIAN", 7)
    findings = sort_findings(book.opt.findings)
    if not findings:
        ws.merge_range(row, 0, row, 6, "Tidak ada temuan: semua pemeriksaan lolos.", f.ok)
        return
    for c, label in enumerate(("No", "Tingkat", "Kode", "Lembar", "Sel", "Nilai", "Pesan")):
        ws.write_string(row, c, label, f.th)
    book.repeat_rows(ws, row)
    ws.freeze_panes(row + 1, 0)
    ws.autofilter(row, 0, row + len(findings), 6)
    source_link = book.opt.source_link
    for n, finding in enumerate(findings, 1):
        r = row + n
        book.block(ws, r)
        sev_fmt = {"error": f.sev_error, "warning": f.sev_warning}.get(finding.severity, f.td_center)
        ws.write_number(r, 0, n, f.td_center)
        ws.write_string(r, 1, SEVERITY_LABEL[finding.severity], sev_fmt)
        book.text_cell(ws, r, 2, finding.code, f.td)
        ws.write_string(r, 3, finding.sheet or "", f.td)
        if finding.cell and finding.sheet and source_link:
            target = f"external:{source_link}#{quote_sheetname(finding.sheet)}!{finding.cell}"
            ws.write_url(r, 4, target, f.link, finding.cell, f"Buka sel {finding.cell} di berkas isian")
        else:
            ws.write_string(r, 4, finding.cell or "", f.td_center)
        ws.write_string(r, 5, finding.value or "", f.td)
        book.text_cell(ws, r, 6, finding.message, f.td)
