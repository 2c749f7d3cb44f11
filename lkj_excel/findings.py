"""Findings as data: what validation reports, one record per problem.

Modelled on frictionless-py's errors: a stable kebab-case ``code`` (a public contract, listed in the
README), a severity, a position (sheet and A1 cell as Excel shows it), the value seen, and an
Indonesian message telling the staff member what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_LABEL = {ERROR: "galat", WARNING: "peringatan", INFO: "info"}

# code -> (severity, meaning). The meaning is developer/README text; messages are built per finding.
CODES: dict[str, tuple[str, str]] = {
    "lembar-hilang": (ERROR, "a required sheet is missing"),
    "kolom-hilang": (ERROR, "a required column or Identitas label is missing"),
    "isian-kosong": (ERROR, "a required value is empty (0 is a value, empty is not)"),
    "bukan-angka": (ERROR, "a number cell holds text that is not a number in any accepted form"),
    "angka-negatif": (ERROR, "a negative target, realisasi, pagu or realisasi anggaran"),
    "target-nol": (ERROR, "target 0: capaian cannot be computed"),
    "arah-tidak-valid": (ERROR, "Arah is neither Naik nor Turun"),
    "realisasi-tanpa-pagu": (ERROR, "money spent where the pagu is 0 or empty"),
    "realisasi-melebihi-pagu": (ERROR, "money spent above the pagu"),
    "sasaran-tidak-dikenal": (ERROR, "a kegiatan linked to a sasaran number that does not exist"),
    "sasaran-ganda": (ERROR, "two sasaran share one number, so kegiatan cannot be linked unambiguously"),
    "jumlah-tidak-cocok": (ERROR, "a typed Jumlah/Total row that is not the sum of its rows"),
    "nip-tidak-valid": (ERROR, "a NIP that is not 18 digits with real dates, gender 1/2 and sequence >= 001"),
    "nip-pppk": (WARNING, "an 18-digit number whose digits 13-14 are not a month: an NI PPPK, not a NIP"),
    "tribulan-tidak-valid": (ERROR, "the period is not Tribulan I-IV"),
    "tahun-tidak-valid": (ERROR, "the year is not plausible"),
    "tanggal-tidak-valid": (ERROR, "Tanggal Laporan is not a date in an accepted form"),
    "email-tidak-valid": (ERROR, "an Email Penerima address is not a single valid address"),
    "sel-error": (ERROR, "a cell holds an Excel error (#DIV/0!, #REF!, #VALUE!, ...)"),
    "rumus-tanpa-hasil": (ERROR, "a formula saved without its result (openpyxl and scripts do this): open and save the file in Excel or LibreOffice"),
    "tanpa-indikator": (ERROR, "the Kinerja sheet holds no indicator"),
    "kinerja-tanpa-serapan": (WARNING, "realisasi > 0 while the sasaran's pagu > 0 and its realisasi anggaran is 0"),
    "nilai-kembar": (WARNING, "a realisasi equal to another indicator's capaian"),
    "persen-di-atas-100": (WARNING, "satuan % with a target or realisasi above 100"),
    "persen-tersimpan-pecahan": (WARNING, "satuan % with one of target/realisasi at most 1 and the other above 1, or both at most 1: "
                                          "Excel stored a typed 51,43% as 0,5143"),
    "satuan-cacah-pecahan": (WARNING, "a count unit (perusahaan, orang, dokumen, ...) with a fraction"),
    "sasaran-tanpa-anggaran": (WARNING, "a sasaran that no kegiatan funds"),
    "kegiatan-ganda": (WARNING, "a kegiatan row repeating an earlier one (same name, same sasaran): counted twice"),
    "capaian-sangat-tinggi": (WARNING, "capaian above the configured bound (default 150%)"),
    "tanggal-di-luar-periode": (WARNING, "a report dated before its tribulan ends"),
    "realisasi-menurun": (WARNING, "with --sebelumnya: a cumulative realisasi below the previous tribulan's"),
    "periode-sebelumnya-tidak-cocok": (WARNING, "with --sebelumnya: the other workbook is not an earlier tribulan of the same year"),
    "sebelumnya-tidak-terbaca": (WARNING, "with --sebelumnya: the other workbook cannot be read or lacks a sheet or column the comparison needs"),
    # contract version 2: a year workbook with quarterly columns
    "cara-hitung-tidak-valid": (ERROR, "Cara Hitung is none of Kumulatif, Nilai Akhir, Rata-rata (the satuan's default is used)"),
    "kenaikan-negatif": (ERROR, "a Kumulatif quarter's realisasi below 0: the cumulative value would fall"),
    "lonjakan-nilai-akhir": (WARNING, "a Nilai Akhir realisasi that moves by more than half the yearly target "
                                      "from the previous filled quarter"),
    "target-triwulan-tidak-cocok": (WARNING, "Kumulatif quarterly targets that do not add up to the yearly target, "
                                             "or a Nilai Akhir TW IV target other than the yearly target"),
    "belanja-melebihi-sisa-pagu": (ERROR, "money spent in a quarter above what the pagu leaves after the earlier quarters"),
    "triwulan-melewati-periode": (ERROR, "a quarter after the report's Tribulan already holds a realisasi"),
    "triwulan-sebelumnya-kosong": (ERROR, "an earlier quarter left empty where the quarters are summed (Kumulatif, money)"),
    "realisasi-tidak-cocok": (ERROR, "the single Realisasi column disagrees with the value s.d. tribulan of the quarters"),
    "persen-dibaca": (INFO, "satuan % and a cell with a percent format: the stored 0,8 is read as 80"),
    "teks-angka": (INFO, "a number read from text, shown so staff see what was understood"),
    "tanggal-dibaca": (INFO, "a Tanggal Laporan whose day and month could be the other way round, both in the period: shown in words"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str | None
    cell: str | None
    value: str | None
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


def finding(code: str, sheet: str | None, cell: str | None, value: object, message: str) -> Finding:
    """Build a finding whose severity comes from the code registry, so a code never changes severity
    by accident in one rule."""
    severity = CODES[code][0]
    return Finding(code, severity, sheet, cell, None if value is None else show_value(value), message)


def where(sheet: str | None, cell: str | None) -> str:
    """A finding's position as staff read it: 'Kinerja!G5', or the sheet alone, or '-'."""
    if sheet and cell:
        return f"{sheet}!{cell}"
    return sheet or "-"


def show_value(value: object) -> str:
    """Numbers as an Indonesian reader writes them (51,43; 20.000.000); text exactly as typed."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then by sheet and row so a printed list reads top to bottom like the workbook."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.sheet or "", _row_col(f.cell)))


def _row_col(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return (int(digits or 0), col)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
