"""The standard input template, blank or filled: contract version 2 (the year workbook) for the blank
template and year data, version 1 for version-1 data (the seed sample keeps its committed bytes).

Written with xlsxwriter rather than openpyxl: it gives the same bytes on every run (the committed
template is compared with what `lkj-excel template` writes), supports everything the template needs
(dropdowns, unlocked input cells on protected sheets, header comments, frozen panes) and keeps
`lkj-excel template` free of the slower imports. The filled form is used for the sample, the tests
and the benchmarks, so every generated fixture follows the same contract as the staff's template.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .oserrors import output_error
from .xlsxfile import new_workbook, save_workbook

TEMPLATE_NAME = "lkj-template-v2.xlsx"
INPUT_ROWS = 500  # rows prepared (unlocked, with dropdowns) below each header
FONT = "Arial"
# General, not "#,##0.##########": Excel shows a whole number under that format with a trailing
# decimal point ("70."). General shows 70 and 51,43 as typed.
NUMBER = "General"

IDENTITY_ROWS: tuple[tuple[str, str], ...] = (
    ("Pemerintah Daerah", "contoh: Kabupaten Lumajang"),
    ("Perangkat Daerah", "contoh: Dinas Tenaga Kerja"),
    ("Alamat", "boleh kosong; contoh: Jl. Veteran No. 72 Lumajang"),
    ("Unit Kerja", "contoh: Bidang Pengembangan Ketenagakerjaan"),
    ("Jabatan Pelapor", "contoh: Kepala Bidang Pengembangan Ketenagakerjaan"),
    ("Nama Pelapor", "contoh: Drs. ABDULLAH"),
    ("NIP Pelapor", "18 angka, boleh berspasi: 19650814 198803 1 011"),
    ("Jabatan Atasan", "contoh: Kepala Dinas Tenaga Kerja Kab. Lumajang"),
    ("Nama Atasan", "contoh: dr. ROSYIDAH"),
    ("NIP Atasan", "18 angka, boleh berspasi: 19711018 200604 2 009"),
    ("Tahun", "contoh: 2023"),
    ("Tribulan", "pilih I, II, III atau IV"),
    ("Tempat", "kota penandatanganan; contoh: Lumajang"),
    ("Tanggal Laporan", "contoh: 5 Juli 2023 (dengan nama bulan: 05/07/2023 bisa terbaca 7 Mei)"),
    ("Email Penerima", "boleh kosong; pisahkan dengan koma"),
)

KINERJA_HEADERS: tuple[tuple[str, float, str], ...] = (
    ("No", 6, "Nomor sasaran. Isi hanya pada baris pertama setiap sasaran; nomor ini dipakai di lembar "
              "Anggaran (kolom No Sasaran)."),
    ("Sasaran", 40, "Bunyi sasaran sesuai Perjanjian Kinerja. Isi hanya pada baris pertama; baris berikutnya "
                    "yang No dan Sasarannya kosong termasuk sasaran yang sama."),
    ("Indikator Kinerja", 40, "Satu indikator per baris."),
    ("Satuan", 14, "Satuan indikator: %, perusahaan, orang, dokumen, ..."),
    ("Arah", 9, "Naik: makin tinggi makin baik (bawaan). Turun: makin rendah makin baik, misalnya tingkat "
                "pengangguran."),
    ("Target", 12, "Target tahunan sesuai Perjanjian Kinerja. Tulis angkanya saja, misalnya 70 atau 100."),
    ("Realisasi", 12, "Realisasi kumulatif sejak Januari sampai akhir tribulan. Isi 0 bila memang nol; "
                      "jangan dikosongkan."),
    ("Keterangan", 30, "Boleh kosong."),
)

_ROMAN = ("I", "II", "III", "IV")

# Version 2, the year workbook: one workbook per unit per year, the next quarter's column each quarter.
KINERJA_HEADERS_V2: tuple[tuple[str, float, str], ...] = (
    *KINERJA_HEADERS[:5],
    ("Cara Hitung", 13, "Cara menjumlahkan nilai tribulan. Kumulatif: nilai tiap tribulan adalah tambahan dan "
                        "dijumlahkan (jumlah perusahaan, orang). Nilai Akhir: nilai tribulan terakhir (persentase, "
                        "tingkat). Rata-rata: rata-rata tribulan yang terisi. Kosong: % dan tingkat Nilai Akhir, "
                        "lainnya Kumulatif."),
    ("Target", 12, "Target tahunan sesuai Perjanjian Kinerja. Tulis angkanya saja, misalnya 70 atau 100."),
    *((f"Target TW {r}", 10, f"Target Tribulan {r} (Rencana Aksi). Kumulatif: target tambahan tribulan ini "
                              f"(TW I sampai IV berjumlah target tahunan). Nilai Akhir: target pada akhir tribulan.")
      for r in _ROMAN),
    *((f"Realisasi TW {r}", 11, f"Realisasi Tribulan {r}. Kumulatif: tambahan pada tribulan ini saja. Nilai Akhir: "
                                 f"nilai pada akhir tribulan. Isi 0 bila memang nol; tribulan yang belum tiba "
                                 f"dibiarkan kosong.")
      for r in _ROMAN),
    KINERJA_HEADERS[7],
)

ANGGARAN_HEADERS: tuple[tuple[str, float, str], ...] = (
    ("No", 6, "Nomor kegiatan."),
    ("Kegiatan", 50, "Nama kegiatan atau sub kegiatan. Baris 'Jumlah' tidak perlu: lkj-excel menjumlahkan "
                     "sendiri (bila ditulis, akan dicocokkan)."),
    ("No Sasaran", 11, "Nomor sasaran (lembar Kinerja, kolom No) yang didukung kegiatan ini."),
    ("Pagu", 18, "Pagu anggaran kegiatan dalam rupiah, misalnya 20.000.000."),
    ("Realisasi", 18, "Realisasi anggaran (uang yang sudah dibelanjakan) kumulatif sampai akhir tribulan. "
                      "Isi 0 bila belum ada."),
)

ANGGARAN_HEADERS_V2: tuple[tuple[str, float, str], ...] = (
    *ANGGARAN_HEADERS[:4],
    *((f"Rencana TW {r}", 14, f"Rencana penarikan dana (anggaran kas) Tribulan {r}. Boleh kosong.") for r in _ROMAN),
    *((f"Realisasi TW {r}", 14, f"Uang yang dibelanjakan pada Tribulan {r} saja (bukan kumulatif). Isi 0 bila "
                                 f"belum ada; tribulan yang belum tiba dibiarkan kosong.") for r in _ROMAN),
)

NARASI_ROWS: tuple[tuple[str, str], ...] = (
    ("Dasar Hukum", "Peraturan yang menetapkan tugas dan fungsi unit kerja; satu peraturan per baris "
                    "(Alt+Enter untuk baris baru)."),
    ("Tugas", "Tugas unit kerja, tanpa kata 'mempunyai tugas'; contoh: merencanakan, melaksanakan dan "
              "mengkoordinasikan kegiatan Pengembangan Ketenagakerjaan."),
    ("Fungsi", "Satu fungsi per baris (Alt+Enter); huruf a., b., ... boleh ditulis atau tidak."),
    ("Sub Substansi", "Kelompok sub substansi yang dikoordinasikan; satu per baris (Alt+Enter)."),
    ("Evaluasi dan Analisis", "Uraian evaluasi dan analisis capaian kinerja. Bila kosong, dokumen LKj "
                              "memuat uraian yang disusun dari angka laporan untuk diperiksa."),
    ("Hambatan", "Hambatan yang dihadapi; satu per baris (Alt+Enter)."),
    ("Rencana Tindak Lanjut", "Upaya yang akan dilakukan; satu per baris (Alt+Enter)."),
    ("Penutup", "Paragraf penutup (BAB III); satu paragraf per baris."),
)

PETUNJUK = (
    "PETUNJUK PENGISIAN TEMPLAT LKj TRIBULAN (lkj-excel, templat versi 1)",
    "",
    "1. Isi lembar Identitas: satu isian di kolom B untuk setiap label di kolom A.",
    "2. Isi lembar Kinerja: satu baris per indikator. No dan Sasaran diisi pada baris pertama setiap sasaran;",
    "   baris berikutnya dengan No dan Sasaran kosong termasuk sasaran yang sama.",
    "3. Target adalah target tahunan (Perjanjian Kinerja); Realisasi adalah kumulatif sejak Januari.",
    "4. Isi lembar Anggaran: satu baris per kegiatan, dengan No Sasaran yang didukungnya, Pagu dan Realisasi.",
    "5. Lembar Narasi boleh diisi (dasar hukum, tugas, fungsi, sub substansi, evaluasi, hambatan, rencana",
    "   tindak lanjut, penutup) atau dibiarkan kosong; isinya dipakai dokumen LKj (.docx).",
    "6. Angka boleh ditulis cara Indonesia: 20.000.000, Rp 6.300.000,-, 51,43 atau 51,43 %.",
    "7. Jangan mengganti nama lembar dan judul kolom. Baris boleh ditambah di dalam tabel.",
    "8. Simpan sebagai .xlsx, lalu jalankan: lkj-excel check NAMA-BERKAS.xlsx, kemudian lkj-excel build NAMA-BERKAS.xlsx",
    "   atau taruh berkas di folder 'masuk' yang disediakan kantor.",
    "",
    "Sel berwarna kuning adalah tempat isian; sel lain dikunci agar judul tidak terhapus (tanpa kata sandi).",
)

PETUNJUK_V2 = (
    "PETUNJUK PENGISIAN TEMPLAT LKj TRIBULAN (lkj-excel, templat versi 2: satu buku kerja untuk setahun)",
    "",
    "1. Isi lembar Identitas: satu isian di kolom B untuk setiap label di kolom A. Tribulan adalah tribulan laporan ini.",
    "2. Isi lembar Kinerja: satu baris per indikator. No dan Sasaran diisi pada baris pertama setiap sasaran;",
    "   baris berikutnya dengan No dan Sasaran kosong termasuk sasaran yang sama.",
    "3. Target adalah target tahunan (Perjanjian Kinerja); Target TW I-IV adalah Rencana Aksi tiap tribulan.",
    "4. Setiap tribulan isi kolom Realisasi TW tribulan itu saja, lalu ubah Tribulan di lembar Identitas.",
    "   Cara Hitung menentukan penjumlahannya: Kumulatif (tambahan tiap tribulan dijumlahkan), Nilai Akhir",
    "   (nilai tribulan terakhir), Rata-rata. Kosong: satuan % dan tingkat memakai Nilai Akhir, lainnya Kumulatif.",
    "5. Isi lembar Anggaran: satu baris per kegiatan, dengan No Sasaran, Pagu, Rencana TW (boleh kosong) dan",
    "   Realisasi TW (uang yang dibelanjakan pada tribulan itu saja).",
    "6. Lembar Narasi boleh diisi (evaluasi, hambatan, rencana tindak lanjut) atau dibiarkan kosong.",
    "7. Angka boleh ditulis cara Indonesia: 20.000.000, Rp 6.300.000,-, 51,43 atau 51,43 %.",
    "8. Jangan mengganti nama lembar dan judul kolom. Baris boleh ditambah di dalam tabel.",
    "9. Simpan sebagai .xlsx, lalu jalankan: lkj-excel check NAMA-BERKAS.xlsx, kemudian lkj-excel build NAMA-BERKAS.xlsx",
    "   atau taruh berkas di folder 'masuk' yang disediakan kantor. Tribulan berikutnya:",
    "   lkj-excel template --dari NAMA-BERKAS.xlsx menyiapkan templat yang sudah terisi.",
    "",
    "Sel berwarna kuning adalah tempat isian; sel lain dikunci agar judul tidak terhapus (tanpa kata sandi).",
)


class TemplatePathError(ValueError):
    """A template name that is not an .xlsx file (the message is Indonesian, for the user)."""


def template_target(path: str | os.PathLike, default_name: str) -> Path:
    """Where `template PATH` (and `template --dari ISIAN PATH`) writes. As with build's -o, a trailing
    slash or an existing folder is a folder, which must exist: the template is never written as a
    file called "hasil" or "hasil.2024/". Any other name must end in .xlsx, or Excel will not open it."""
    text = os.fspath(path)
    out = Path(text)
    if text.endswith(("/", os.sep)) or out.is_dir():
        if not out.is_dir():
            raise output_error(FileNotFoundError(errno.ENOENT, "", text), text)
        return out / default_name
    if not out.suffix:
        raise TemplatePathError(f"{out} bukan folder yang ada, dan nama berkas templat harus berakhiran .xlsx "
                                f"(misalnya {out}.xlsx)")
    if out.suffix.lower() != ".xlsx":
        raise TemplatePathError(f"nama berkas templat harus berakhiran .xlsx: {out}")
    return out


def _close(wb, path: Path) -> None:
    """The OSError of creating the file, with an Indonesian reason the CLI prints as one sentence."""
    try:
        save_workbook(wb, path)
    except OSError as exc:
        raise output_error(exc, path) from None


@dataclass
class TemplateData:
    """What a filled template holds, in the contract's own terms (used for samples, tests, benchmarks)."""

    identity: dict[str, object] = field(default_factory=dict)  # label -> value
    kinerja: Sequence[Sequence[object]] = ()  # rows in KINERJA_HEADERS order
    anggaran: Sequence[Sequence[object]] = ()  # rows in ANGGARAN_HEADERS order
    narasi: dict[str, str] = field(default_factory=dict)  # label -> text
    version: int = 1  # 2: rows follow KINERJA_HEADERS_V2 / ANGGARAN_HEADERS_V2
    # A template for the next quarter (`template --dari`): only this quarter's Realisasi cells (and
    # Tanggal Laporan) stay open for typing, highlighted; everything carried over is locked.
    open_quarter: int | None = None
    note: tuple[str, ...] = ()  # lines added to Petunjuk: what was carried over and assumed


def as_grids(data: TemplateData) -> dict[str, list[list[object]]]:
    """The sheets of the filled template `data` as the reader sees them (contract.parse_report's
    grids: a date cell is a datetime), without writing a workbook: for trying a Word template on a
    sample report in memory."""
    def value(v):
        return dt.datetime.combine(v, dt.time()) if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else v

    v2 = data.version == 2
    kinerja = [h for h, _, _ in (KINERJA_HEADERS_V2 if v2 else KINERJA_HEADERS)]
    anggaran = [h for h, _, _ in (ANGGARAN_HEADERS_V2 if v2 else ANGGARAN_HEADERS)]
    return {
        "Identitas": [[label, value(v)] for label, v in data.identity.items()],
        "Kinerja": [kinerja, *[list(row) for row in data.kinerja]],
        "Anggaran": [anggaran, *[list(row) for row in data.anggaran]],
        "Narasi": [[label, text] for label, text in data.narasi.items()],
    }


def write_template(path: str | os.PathLike, data: TemplateData | None = None) -> Path:
    """The blank template is version 2; filled data is written in its own version."""
    if data is not None and data.version == 1:
        return _write_v1(path, data)
    return _write_v2(path, data)


def _write_v1(path: str | os.PathLike, data: TemplateData | None) -> Path:
    path = Path(path)
    wb = new_workbook({"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({
        "title": "Templat isian LKj Tribulan (lkj-excel, versi 1)",
        "author": "lkj-excel",
        "comments": "Template contract version 1",
        "created": dt.datetime(2026, 1, 1),
    })
    f = _formats(wb)
    _petunjuk(wb, f)
    _identitas(wb, f, data)
    kinerja_rows = data.kinerja if data else ()
    _table(wb, f, "Kinerja", "KINERJA: SASARAN, INDIKATOR, TARGET DAN REALISASI", KINERJA_HEADERS, kinerja_rows,
           dropdowns={4: ["Naik", "Turun"]}, number_cols={5: f["number"], 6: f["number"]})
    anggaran_rows = data.anggaran if data else ()
    _table(wb, f, "Anggaran", "ANGGARAN: KEGIATAN, PAGU DAN REALISASI", ANGGARAN_HEADERS, anggaran_rows,
           dropdowns={}, number_cols={3: f["money"], 4: f["money"]})
    _narasi(wb, f, data)
    wb.worksheets()[1].activate()
    _close(wb, path)
    return path


def _formats(wb) -> dict:
    add = wb.add_format
    base = {"font_name": FONT, "font_size": 10}
    cell = {**base, "border": 1, "border_color": "#A6A6A6", "valign": "top", "text_wrap": True}
    return {
        "title": add({**base, "bold": True, "font_size": 13}),
        "note": add({**base, "italic": True, "font_color": "#595959"}),
        "text": add(base),
        "label": add({**cell, "bold": True, "bg_color": "#F2F2F2"}),
        "header": add({**cell, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"}),
        "input": add({**cell, "locked": False, "bg_color": "#FFF2CC"}),
        "input_text": add({**cell, "locked": False, "bg_color": "#FFF2CC", "num_format": "@"}),
        "input_date": add({**cell, "locked": False, "bg_color": "#FFF2CC", "num_format": "d mmmm yyyy",
                           "align": "left"}),
        "number": add({**cell, "locked": False, "bg_color": "#FFF2CC", "num_format": NUMBER}),
        "money": add({**cell, "locked": False, "bg_color": "#FFF2CC", "num_format": "#,##0"}),
        "hint": add({**base, "italic": True, "font_color": "#7F7F7F", "font_size": 9}),
        # next-quarter template: carried-over values locked and grey, the quarter to type bright
        "carried": add({**cell, "bg_color": "#EDEDED"}),
        "carried_number": add({**cell, "bg_color": "#EDEDED", "num_format": NUMBER}),
        "new": add({**cell, "locked": False, "bg_color": "#FFC000", "bold": True, "num_format": NUMBER}),
        "new_date": add({**cell, "locked": False, "bg_color": "#FFC000", "bold": True, "num_format": "d mmmm yyyy",
                         "align": "left"}),
    }


def _print_setup(ws) -> None:
    """Every template sheet prints on A4 landscape, one page wide (issue 9: Petunjuk ran off the page)."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


PROTECTION = {"insert_rows": True, "delete_rows": True, "format_cells": True, "format_columns": True,
              "format_rows": True, "sort": True, "autofilter": True}


def _petunjuk(wb, f) -> None:
    _petunjuk_lines(wb, f, PETUNJUK)


def _petunjuk_lines(wb, f, lines) -> None:
    ws = wb.add_worksheet("Petunjuk")
    ws.set_column(0, 0, 110)
    for r, line in enumerate(lines):
        ws.write_string(r, 0, line, f["title"] if r == 0 else f["text"])
    _print_setup(ws)
    ws.protect("", PROTECTION)


def _write_value(ws, r, c, value, fmt, date_fmt=None) -> None:
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        value = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        ws.write_datetime(r, c, value, date_fmt or fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def _identitas(wb, f, data: TemplateData | None, open_labels=None) -> None:
    ws = wb.add_worksheet("Identitas")
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 55)
    ws.set_column(2, 2, 48)
    ws.write_string(0, 0, "IDENTITAS LAPORAN", f["title"])
    ws.write_string(1, 0, "Isi kolom B (kuning). Kolom C hanya contoh dan tidak dibaca.", f["note"])
    values = data.identity if data else {}
    for i, (label, hint) in enumerate(IDENTITY_ROWS):
        r = 3 + i
        ws.write_string(r, 0, label, f["label"])
        fmt = f["input"]
        if label.startswith("NIP"):
            fmt = f["input_text"]  # 18 digits exceed Excel's 15 significant digits: keep them as text
        elif label == "Tanggal Laporan":
            fmt = f["input_date"]
        if open_labels is not None:
            fmt = f["new_date"] if label in open_labels else f["carried"]
        _write_value(ws, r, 1, values.get(label), fmt)
        ws.write_string(r, 2, hint, f["hint"])
        if label == "Tribulan":
            ws.data_validation(r, 1, r, 1, {
                "validate": "list", "source": ["I", "II", "III", "IV"],
                "input_title": "Tribulan", "input_message": "Pilih I, II, III atau IV.",
                "error_title": "Tribulan tidak dikenal", "error_message": "Pilih I, II, III atau IV.",
            })
        elif label == "Tahun":
            ws.data_validation(r, 1, r, 1, {
                "validate": "integer", "criteria": "between", "minimum": 2014, "maximum": 2100,
                "error_title": "Tahun tidak masuk akal", "error_message": "Tulis tahun laporan, misalnya 2023.",
            })
        elif label == "Tanggal Laporan":
            ws.data_validation(r, 1, r, 1, _date_validation())
    ws.freeze_panes(3, 0)
    _print_setup(ws)
    ws.protect("", PROTECTION)


def _identity_cell(label: str) -> str:
    return f"$B${4 + [name for name, _ in IDENTITY_ROWS].index(label)}"


def _date_validation() -> dict:
    """Tanggal Laporan must be a date from the tribulan's end to a year later (issue 11 item 15).
    "07/10/2024" typed into an English-locale spreadsheet is stored as 10 July: before TW III ends, so
    Excel and LibreOffice stop and explain at once. A warning, not a stop: "7 Oktober 2024" is text to
    an English-locale Excel, and the reader accepts it. The bounds are formulas over Tahun and
    Tribulan that never evaluate to an error: a blank Tahun allows any date, an unknown Tribulan counts
    as 0 (from 31 December of the year before). No array constants: Excel refuses them here."""
    year, tw = _identity_cell("Tahun"), _identity_cell("Tribulan")
    quarter = f'IF(ISNUMBER({tw}),{tw},({tw}="I")+2*({tw}="II")+3*({tw}="III")+4*({tw}="IV"))'
    return {
        "validate": "date", "criteria": "between",
        "minimum": f"=IF(N({year})=0,DATE(1990,1,1),DATE({year},3*{quarter}+1,0))",
        "maximum": f"=IF(N({year})=0,DATE(2100,12,31),DATE({year}+1,3*{quarter}+1,0))",
        "error_type": "warning",
        "input_title": "Tanggal Laporan",
        "input_message": "Tulis dengan nama bulan, misalnya 5 Juli 2023. Angka seperti 05/07/2023 dibaca 7 Mei "
                         "oleh Excel atau LibreOffice berbahasa Inggris.",
        "error_title": "Tanggal di luar periode",
        "error_message": "Tanggal ini bukan tanggal antara akhir tribulan dan setahun sesudahnya. Bila hari dan "
                         "bulannya tertukar (07/10/2024 terbaca 10 Juli), tulis nama bulannya, misalnya "
                         "7 Oktober 2024. Pilih Ya (Yes) untuk tetap memakai isian ini.",
    }


def _table(wb, f, name, title, headers, rows, dropdowns, number_cols, open_cols=None) -> None:
    """`open_cols`, for a next-quarter template: the only columns left open (highlighted) on the
    carried-over rows; the rows below them stay open everywhere for new indicators or kegiatan."""
    ws = wb.add_worksheet(name)
    ws.write_string(0, 0, title, f["title"])
    ws.write_string(1, 0, "Satu baris per isian, mulai tepat di bawah baris judul kolom. Arahkan kursor ke "
                          "judul kolom untuk petunjuk.", f["note"])
    header_row = 3
    for c, (label, width, comment) in enumerate(headers):
        ws.set_column(c, c, width)
        ws.write_string(header_row, c, label, f["header"])
        ws.write_comment(header_row, c, comment, {"author": "lkj-excel", "x_scale": 2, "y_scale": 1.6})
    last_row = header_row + max(INPUT_ROWS, len(rows))
    for r in range(header_row + 1, last_row + 1):
        values = rows[r - header_row - 1] if r - header_row - 1 < len(rows) else ()
        carried = open_cols is not None and r - header_row - 1 < len(rows)
        for c in range(len(headers)):
            value = values[c] if c < len(values) else None
            fmt = number_cols.get(c, f["input"])
            if carried:
                fmt = f["new"] if c in open_cols else (f["carried_number"] if c in number_cols else f["carried"])
            _write_value(ws, r, c, value, fmt)
    for c, options in dropdowns.items():
        ws.data_validation(header_row + 1, c, last_row, c, {
            "validate": "list", "source": options, "ignore_blank": True,
            "input_title": headers[c][0], "input_message": " atau ".join(options),
            "error_title": f"{headers[c][0]} tidak dikenal", "error_message": "Pilih " + " atau ".join(options) + ".",
        })
    ws.freeze_panes(header_row + 1, 0)
    _print_setup(ws)
    ws.protect("", PROTECTION)


def _narasi(wb, f, data: TemplateData | None) -> None:
    ws = wb.add_worksheet("Narasi")
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, "NARASI (boleh kosong)", f["title"])
    values = data.narasi if data else {}
    for i, (label, hint) in enumerate(NARASI_ROWS):
        r = 2 + i
        ws.set_row(r, 90)
        ws.write_string(r, 0, label, f["label"])
        _write_value(ws, r, 1, values.get(label), f["input"])
        ws.write_comment(r, 1, hint, {"author": "lkj-excel"})
    _print_setup(ws)
    ws.protect("", PROTECTION)


def _write_v2(path: str | os.PathLike, data: TemplateData | None) -> Path:
    path = Path(path)
    wb = new_workbook({"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({
        "title": "Templat isian LKj Tribulan (lkj-excel, versi 2)",
        "author": "lkj-excel",
        "comments": "Template contract version 2",
        "created": dt.datetime(2026, 1, 1),
    })
    f = _formats(wb)
    quarter = data.open_quarter if data else None
    _petunjuk_lines(wb, f, PETUNJUK_V2 + (("",) + tuple(data.note) if data and data.note else ()))
    _identitas(wb, f, data, open_labels=("Tanggal Laporan",) if quarter else None)
    kinerja_numbers = {c: f["number"] for c in range(6, 15)}
    anggaran_numbers = {c: f["money"] for c in range(3, 12)}
    open_k = open_a = None
    if quarter:
        open_k = {10 + quarter}  # Realisasi TW q
        open_a = {7 + quarter}
    _table(wb, f, "Kinerja", "KINERJA: SASARAN, INDIKATOR, TARGET DAN REALISASI PER TRIBULAN", KINERJA_HEADERS_V2,
           data.kinerja if data else (), dropdowns={4: ["Naik", "Turun"], 5: ["Kumulatif", "Nilai Akhir", "Rata-rata"]},
           number_cols=kinerja_numbers, open_cols=open_k)
    _table(wb, f, "Anggaran", "ANGGARAN: KEGIATAN, PAGU, RENCANA DAN REALISASI PER TRIBULAN", ANGGARAN_HEADERS_V2,
           data.anggaran if data else (), dropdowns={}, number_cols=anggaran_numbers, open_cols=open_a)
    _narasi(wb, f, data)
    wb.worksheets()[1].activate()
    _close(wb, path)
    return path
