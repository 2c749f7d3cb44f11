"""Template contract, versions 1 and 2: from the cells of a filled workbook to a `Report`.

Version 2 (a year workbook) only adds columns: quarterly targets and realisasi, Cara Hitung, and
quarterly money. A file without them is a version-1 file and reads exactly as before.

Pure: it gets each sheet as a grid of raw cell values (0-based, absolute positions, as the reader
found them), the merged ranges and the error cells, and gives back the report plus the findings
about cells it could not read (missing sheets, columns and values, text that is not a number).
Header rows are found by their labels wherever they are, so title rows, blank rows, extra columns and
any column order are all accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from .addresses import AddressError, parse_addresses
from .cells import a1, ascii_digits, norm_label
from .findings import Finding, finding, show_value
from .model import NAIK, TURUN, Cell, Identity, Indicator, Kegiatan, Report, Sasaran, TypedTotal
from .nip import check_nip
from .numbers import NotANumber, NotMoney, is_blank, parse_money, parse_number
from .periods import parse_date, parse_tribulan
from .quarters import PERCENT_UNITS, QUARTERS, default_cara_hitung, parse_cara_hitung

Grid = Sequence[Sequence[object]]
MergedRanges = Sequence[tuple[tuple[int, int], tuple[int, int]]]

IDENTITAS = "Identitas"
KINERJA = "Kinerja"
ANGGARAN = "Anggaran"
NARASI = "Narasi"
REQUIRED_SHEETS = (IDENTITAS, KINERJA, ANGGARAN)

# field -> (label shown to users, accepted normalised labels, required)
IDENTITY_FIELDS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "pemerintah_daerah": ("Pemerintah Daerah", ("pemerintahdaerah", "pemda"), True),
    "perangkat_daerah": ("Perangkat Daerah", ("perangkatdaerah", "opd", "skpd", "instansi"), True),
    "alamat": ("Alamat", ("alamat",), False),
    "unit_kerja": ("Unit Kerja", ("unitkerja", "bidang"), True),
    "jabatan_pelapor": ("Jabatan Pelapor", ("jabatanpelapor",), True),
    "nama_pelapor": ("Nama Pelapor", ("namapelapor",), True),
    "nip_pelapor": ("NIP Pelapor", ("nippelapor",), True),
    "jabatan_atasan": ("Jabatan Atasan", ("jabatanatasan",), True),
    "nama_atasan": ("Nama Atasan", ("namaatasan",), True),
    "nip_atasan": ("NIP Atasan", ("nipatasan",), True),
    "tahun": ("Tahun", ("tahun", "tahunanggaran"), True),
    "tribulan": ("Tribulan", ("tribulan", "triwulan", "tw"), True),
    "tempat": ("Tempat", ("tempat", "tempatlaporan"), True),
    "tanggal": ("Tanggal Laporan", ("tanggallaporan", "tanggal"), True),
    "email_penerima": ("Email Penerima", ("emailpenerima", "email"), False),
}

# column key -> (header shown to users, accepted normalised headers, required)
KINERJA_COLUMNS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "no": ("No", ("no", "nomor", "nosasaran"), False),
    "sasaran": ("Sasaran", ("sasaran", "sasaranstrategis", "sasarankegiatan", "sasaranprogram"), True),
    "indikator": ("Indikator Kinerja", ("indikatorkinerja", "indikator", "indikatorsasaran"), True),
    "satuan": ("Satuan", ("satuan",), False),
    "arah": ("Arah", ("arah", "arahindikator", "polaritas"), False),
    "target": ("Target", ("target", "targettahunan", "targetpk"), True),
    "realisasi": ("Realisasi", ("realisasi", "realisasikumulatif"), True),
    "keterangan": ("Keterangan", ("keterangan", "ket"), False),
}

ROMAN = ("I", "II", "III", "IV")


def _quarter_labels(*prefixes: str) -> dict[int, tuple[str, ...]]:
    """Every way a quarterly header is written: "Target TW I", "Target Triwulan 2", "Target TW-III",
    "Target Tribulan IV", "Target Trw 1", normalised as cells.norm_label does."""
    words = ("tw", "triwulan", "tribulan", "trw", "tri", "q")
    out = {}
    for q in QUARTERS:
        marks = (ROMAN[q - 1].lower(), str(q))
        out[q] = tuple(p + w + m for p in prefixes for w in words for m in marks)
    return out


_TARGET_TW = _quarter_labels("target", "targettarget", "rencanaaksi", "targetrencanaaksi")
_REALISASI_TW = _quarter_labels("realisasi", "capaianrealisasi")
_ANGGARAN_REALISASI_TW = _quarter_labels("realisasi", "realisasianggaran", "belanja")
_RENCANA_TW = _quarter_labels("rencana", "rencanapenarikan", "anggarankas", "rencanakas", "rencanaanggaran")

# version 2: quarterly columns, all optional
KINERJA_COLUMNS.update({
    "cara_hitung": ("Cara Hitung", ("carahitung", "carapenghitungan", "metodehitung", "jenisakumulasi"), False),
    **{f"target_tw{q}": (f"Target TW {ROMAN[q - 1]}", _TARGET_TW[q], False) for q in QUARTERS},
    **{f"realisasi_tw{q}": (f"Realisasi TW {ROMAN[q - 1]}", _REALISASI_TW[q], False) for q in QUARTERS},
})

ANGGARAN_COLUMNS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "no": ("No", ("no", "nomor"), False),
    "kegiatan": ("Kegiatan", ("kegiatan", "namakegiatan", "subkegiatan", "programkegiatan"), True),
    "sasaran_no": ("No Sasaran", ("nosasaran", "nomorsasaran", "sasaran"), True),
    "pagu": ("Pagu", ("pagu", "paguanggaran", "anggaran"), True),
    "realisasi": ("Realisasi", ("realisasi", "realisasianggaran"), True),
    # version 2
    **{f"realisasi_tw{q}": (f"Realisasi TW {ROMAN[q - 1]}", _ANGGARAN_REALISASI_TW[q], False) for q in QUARTERS},
    **{f"rencana_tw{q}": (f"Rencana TW {ROMAN[q - 1]}", _RENCANA_TW[q], False) for q in QUARTERS},
}

_QUARTER_KEYS = tuple(f"{kind}_tw{q}" for kind in ("target", "realisasi") for q in QUARTERS)
_MONEY_QUARTER_KEYS = tuple(f"{kind}_tw{q}" for kind in ("realisasi", "rencana") for q in QUARTERS)

# A required column that quarterly columns make optional: the value s.d. tribulan comes from them.
_SATISFIED_BY = {"realisasi": tuple(f"realisasi_tw{q}" for q in QUARTERS)}

# The LKj document's BAB I and III come from here too; list labels (Dasar Hukum, Fungsi, Sub Substansi)
# hold one item per line of the cell.
NARASI_FIELDS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "dasar_hukum": ("Dasar Hukum", ("dasarhukum", "landasanhukum"), False),
    "tugas": ("Tugas", ("tugas", "tugaspokok"), False),
    "fungsi": ("Fungsi", ("fungsi",), False),
    "sub_substansi": ("Sub Substansi", ("subsubstansi", "kelompoksubsubstansi"), False),
    "evaluasi": ("Evaluasi dan Analisis", ("evaluasidananalisis", "evaluasi", "analisis"), False),
    "hambatan": ("Hambatan", ("hambatan", "kendala"), False),
    "rencana": ("Rencana Tindak Lanjut", ("rencanatindaklanjut", "tindaklanjut", "rtl"), False),
    "penutup": ("Penutup", ("penutup", "kesimpulan"), False),
}

TOTAL_LABELS = ("jumlah", "total", "jumlahtotal", "totalanggaran", "jumlahanggaran")
HEADER_SEARCH_ROWS = 60


@dataclass
class ReadResult:
    report: Report | None
    findings: list[Finding] = field(default_factory=list)


def parse_report(
    sheets: Mapping[str, Grid],
    merged: Mapping[str, MergedRanges] | None = None,
    error_cells: Mapping[str, Mapping[str, str]] | None = None,
    source_name: str = "",
    unsaved_formulas: Mapping[str, Mapping[str, str]] | None = None,
    percent_cells: Mapping[str, frozenset[str]] | None = None,
) -> ReadResult:
    """Read the template contract out of raw sheet grids; never raises on bad data.
    `unsaved_formulas` (sheet -> {"G2": "SUM(80,10)"}) are formula cells saved without their result."""
    parser = _Parser(sheets, merged or {}, error_cells or {})
    parser.unsaved = unsaved_formulas or {}
    parser.percent_cells = percent_cells or {}
    return parser.run(source_name)


class _Parser:
    unsaved: Mapping[str, Mapping[str, str]] = {}
    percent_cells: Mapping[str, frozenset[str]] = {}
    percent_row = False  # reading a Kinerja row whose satuan is %

    def __init__(self, sheets, merged, error_cells):
        self.findings: list[Finding] = []
        # Sheet names are matched without case or surrounding spaces: "KINERJA " is still Kinerja.
        self.names = {name.strip().lower(): name for name in sheets}
        self.sheets = sheets
        self.merged = merged
        self.errors = error_cells
        self.tribulan: int | None = None  # the report's quarter, once Identitas is read

    # -- helpers -----------------------------------------------------------------------------

    def add(self, code, sheet, cell, value, message):
        self.findings.append(finding(code, sheet, cell, value, message))

    def grid(self, wanted: str, required: bool = True) -> tuple[str, list[list[object]]] | None:
        actual = self.names.get(wanted.lower())
        if actual is None:
            if required:
                self.add(
                    "lembar-hilang", wanted, None, None,
                    f"Lembar '{wanted}' tidak ditemukan. Gunakan templat lkj-excel "
                    f"(perintah: lkj-excel template) dan jangan mengganti nama lembarnya.",
                )
            return None
        grid = [list(row) for row in self.sheets[actual]]
        # A merged cell holds its value only in the top-left cell; the contract reads it as filled
        # into every cell of the range (a Sasaran spanning its indicator rows).
        for (r1, c1), (r2, c2) in self.merged.get(actual, ()):
            if r1 >= len(grid) or c1 >= len(grid[r1]):
                continue
            top_left = grid[r1][c1]
            for r in range(r1, min(r2, len(grid) - 1) + 1):
                row = grid[r]
                for c in range(c1, c2 + 1):
                    if c < len(row):
                        row[c] = top_left
                    else:
                        row.extend([None] * (c - len(row)) + [top_left])
        return actual, grid

    def raw(self, grid, r, c):
        if c is None or r >= len(grid) or c >= len(grid[r]):
            return None
        return grid[r][c]

    def text(self, sheet, grid, r, c) -> str:
        raw = self.raw(grid, r, c)
        if c is not None and self._sel_error(sheet, r, c):
            return ""
        if is_blank(raw):
            return ""
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        return str(raw).strip()

    def raw_text(self, grid, r, c) -> str:
        """The cell as text, without reporting anything (for a look ahead over rows)."""
        raw = self.raw(grid, r, c)
        if is_blank(raw):
            return ""
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        return str(raw).strip()

    def _sel_error(self, sheet, r, c) -> bool:
        errors = self.errors.get(sheet)
        if not errors:  # the usual case: no reference to build for every cell read
            return False
        ref = a1(r, c)
        err = errors.get(ref)
        if err is None:
            return False
        self.add(
            "sel-error", sheet, ref, err,
            f"Sel {ref} berisi galat Excel {err}. Perbaiki rumus atau ganti dengan nilai yang benar.",
        )
        return True

    def _unsaved_formula(self, sheet, ref, label) -> bool:
        """A formula that some program (openpyxl, a script) saved without computing it reads as empty;
        saying "kosong" would send the staff member looking for a value they did type."""
        formula = self.unsaved.get(sheet, {}).get(ref) if self.unsaved else None
        if formula is None:
            return False
        self.add(
            "rumus-tanpa-hasil", sheet, ref, f"={formula}",
            f"{label} di sel {ref} berisi rumus ={formula} yang hasilnya tidak tersimpan di berkas (berkas "
            f"disimpan oleh program yang tidak menghitung rumus). Buka berkas di Excel atau LibreOffice, "
            f"simpan, lalu kirim lagi; atau ganti rumus dengan angkanya.",
        )
        return True

    def number(self, sheet, grid, r, c, label, required=True, money=False):
        """A number cell: None (with a finding) when empty, an Excel error or not a number."""
        if c is None:
            return None
        if self._sel_error(sheet, r, c):
            return None
        raw = self.raw(grid, r, c)
        if (raw.__class__ is float or raw.__class__ is int) and raw - raw == 0 \
                and not (self.percent_row and not money):
            # The usual cell, a finite number as calamine reads it: parse_number and parse_money give
            # it back unchanged and there is nothing to report (a year workbook reads 15,000 of them).
            return raw
        ref = a1(r, c)
        if is_blank(raw):
            if self._unsaved_formula(sheet, ref, label):
                return None
            if required:
                self.add(
                    "isian-kosong", sheet, ref, None,
                    f"{label} di sel {ref} kosong. Isi dengan angka; tulis 0 bila memang nol.",
                )
            return None
        try:
            value = parse_money(raw) if money else parse_number(raw)
        except NotANumber as exc:
            if isinstance(exc, NotMoney):
                message = f"{label} di sel {ref}: {exc}."
            else:
                message = (
                    f"{label} di sel {ref} berisi \"{raw}\", yang tidak dapat dibaca sebagai angka. "
                    f"Tulis angkanya saja, misalnya 20.000.000 atau 51,43."
                )
            self.add("bukan-angka", sheet, ref, raw, message)
            return None
        if (self.percent_row and not money and not isinstance(raw, str)
                and ref in self.percent_cells.get(sheet, ())):
            shown = show_value(value * 100)
            self.add(
                "persen-dibaca", sheet, ref, f"{shown}%",
                f"{label} di sel {ref} berformat persen ({shown}%) dan satuannya %, sehingga dibaca sebagai {shown}.",
            )
            return value * 100
        if isinstance(raw, str):
            self.add(
                "teks-angka", sheet, ref, raw,
                f"{label} di sel {ref} ditulis sebagai teks \"{raw}\" dan dibaca sebagai angka {show_value(value)}.",
            )
        return value

    def find_header(self, sheet, grid, columns) -> tuple[int, dict[str, int]] | None:
        """The row that holds the most known column labels (at least two), and where each one is."""
        best: tuple[int, dict[str, int]] | None = None
        for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
            found: dict[str, int] = {}
            for c, raw in enumerate(row):
                label = norm_label(raw)
                if not label:
                    continue
                for key, (_, accepted, _) in columns.items():
                    if key not in found and label in accepted:
                        found[key] = c
                        break
            if len(found) >= 2 and (best is None or len(found) > len(best[1])):
                best = (r, found)
        if best is None:
            for key, (shown, _, required) in columns.items():
                if required:
                    self.add(
                        "kolom-hilang", sheet, None, None,
                        f"Baris judul kolom di lembar '{sheet}' tidak ditemukan: kolom '{shown}' tidak ada. "
                        f"Salin baris judul dari templat lkj-excel.",
                    )
            return None
        r, found = best
        for key in _missing_required(columns, found):
            shown = columns[key][0]
            self.add(
                "kolom-hilang", sheet, a1(r, max(found.values()) + 1), None,
                f"Kolom '{shown}' tidak ada di baris judul (baris {r + 1}) lembar '{sheet}'. "
                f"Tambahkan kolom dengan judul '{shown}'.",
            )
        return best

    # -- sheets ------------------------------------------------------------------------------

    def run(self, source_name: str) -> ReadResult:
        identity = self.identity()
        self.tribulan = identity.tribulan if identity else None
        sasaran = self.kinerja()
        kegiatan, totals = self.anggaran()
        narasi = self.narasi()
        if identity is None or sasaran is None or kegiatan is None:
            return ReadResult(None, self.findings)
        report = Report(identity, sasaran, kegiatan, totals, narasi, source_name)
        return ReadResult(report, self.findings)

    def label_values(self, sheet, grid, fields) -> dict[str, tuple[object, int, int]]:
        """Label in one cell, value in the cell to its right (a lone ':' between them is skipped)."""
        found: dict[str, tuple[object, int, int]] = {}
        lookup = {label: key for key, (_, accepted, _) in fields.items() for label in accepted}
        for r, row in enumerate(grid):
            for c, raw in enumerate(row):
                key = lookup.get(norm_label(raw))
                if key is None or key in found:
                    continue
                vc = c + 1
                if isinstance(self.raw(grid, r, vc), str) and self.raw(grid, r, vc).strip() == ":":
                    vc += 1
                found[key] = (self.raw(grid, r, vc), r, vc)
        return found

    def identity(self) -> Identity | None:
        got = self.grid(IDENTITAS)
        if got is None:
            return None
        sheet, grid = got
        values = self.label_values(sheet, grid, IDENTITY_FIELDS)
        ident = Identity()
        for key, (shown, _, required) in IDENTITY_FIELDS.items():
            if key not in values:
                if required:
                    self.add(
                        "kolom-hilang", sheet, None, None,
                        f"Label '{shown}' tidak ada di lembar '{sheet}'. Tulis '{shown}' di satu sel "
                        f"dan isinya di sel sebelah kanannya.",
                    )
                continue
            raw, r, c = values[key]
            ref = a1(r, c)
            ident.cells[key] = Cell(sheet, ref)
            if self._sel_error(sheet, r, c):
                continue
            if is_blank(raw):
                if required:
                    self.add("isian-kosong", sheet, ref, None, f"{shown} (sel {ref}) belum diisi.")
                continue
            self._identity_value(ident, key, shown, raw, sheet, ref)
        return ident

    def _identity_value(self, ident: Identity, key, shown, raw, sheet, ref):
        if key == "tahun":
            try:
                year = parse_number(raw)
            except NotANumber:
                year = None
            if year is None or year != int(year) or not 2014 <= year <= 2100:
                self.add(
                    "tahun-tidak-valid", sheet, ref, raw,
                    f"Tahun di sel {ref} (\"{raw}\") tidak masuk akal. Tulis tahun laporan, misalnya 2023.",
                )
            else:
                ident.tahun = int(year)
        elif key == "tribulan":
            try:
                ident.tribulan = parse_tribulan(raw)
            except ValueError:
                self.add(
                    "tribulan-tidak-valid", sheet, ref, raw,
                    f"Tribulan di sel {ref} (\"{raw}\") tidak dikenal. Pilih I, II, III atau IV.",
                )
        elif key == "tanggal":
            try:
                ident.tanggal = parse_date(raw)
            except ValueError:
                self.add(
                    "tanggal-tidak-valid", sheet, ref, raw,
                    f"Tanggal Laporan di sel {ref} (\"{raw}\") bukan tanggal. Tulis misalnya 5 Juli 2023 "
                    f"atau 05/07/2023 (hari/bulan/tahun).",
                )
        elif key in ("nip_pelapor", "nip_atasan"):
            check = check_nip(raw)
            if check.kind == "invalid":
                self.add(
                    "nip-tidak-valid", sheet, ref, raw,
                    f"{shown} di sel {ref} tidak valid: {check.problem}",
                )
                setattr(ident, key, str(raw).strip())
            else:
                if check.kind == "pppk":
                    self.add(
                        "nip-pppk", sheet, ref, raw,
                        f"{shown} di sel {ref} bukan NIP PNS ({check.problem}). Bila ini NI PPPK, "
                        f"abaikan peringatan ini; bila NIP, periksa kembali.",
                    )
                setattr(ident, key, check.digits)
        elif key == "email_penerima":
            try:
                ident.email_penerima = parse_addresses(str(raw))
            except AddressError as exc:
                self.add("email-tidak-valid", sheet, ref, raw, f"Email Penerima di sel {ref}: {exc}")
        else:
            setattr(ident, key, " ".join(str(raw).split()))

    def kinerja(self) -> list[Sasaran] | None:
        got = self.grid(KINERJA)
        if got is None:
            return None
        sheet, grid = got
        header = self.find_header(sheet, grid, KINERJA_COLUMNS)
        if header is None:
            return None
        hr, cols = header
        if _missing_required(KINERJA_COLUMNS, cols):
            return None
        col = cols.get
        quarterly = any(key in cols for key in _QUARTER_KEYS)
        rows = [r for r in range(hr + 1, len(grid))
                if not (_is_blank_row(grid[r]) or _is_column_number_row(grid[r]))]
        # A sasaran the user left unnumbered gets a number nobody typed, so it can never collide with one.
        typed_nos = {_key(self.raw_text(grid, r, col("no"))) for r in rows}
        sasaran: list[Sasaran] = []
        known = _SasaranIndex()
        current: Sasaran | None = None
        for r in rows:
            no = _key(self.text(sheet, grid, r, col("no")))
            text = self.text(sheet, grid, r, col("sasaran"))
            indikator = self.text(sheet, grid, r, col("indikator"))
            same = known.find(no, text) if (no or text) else None
            if same is not None:
                current = same
            elif no or text:
                if not text:
                    ref = a1(r, cols["sasaran"])
                    self.add("isian-kosong", sheet, ref, None, f"Sasaran nomor {no} (sel {ref}) belum diisi.")
                if not no:
                    no = _free_number(len(sasaran) + 1, typed_nos, known)
                current = Sasaran(no, text, cell=Cell(sheet, a1(r, cols["sasaran"])))
                sasaran.append(current)
                known.add(current)
            elif current is None:
                ref = a1(r, cols["sasaran"])
                self.add(
                    "isian-kosong", sheet, ref, None,
                    f"Baris {r + 1} punya indikator tetapi sasarannya kosong (sel {ref}). Isi No dan Sasaran "
                    f"pada baris pertama setiap sasaran.",
                )
                current = Sasaran(_free_number(len(sasaran) + 1, typed_nos, known), "", cell=Cell(sheet, ref))
                sasaran.append(current)
                known.add(current)
            if not indikator:
                ref = a1(r, cols["indikator"])
                self.add("isian-kosong", sheet, ref, None, f"Indikator Kinerja di sel {ref} belum diisi.")
            arah = self._arah(sheet, grid, r, col("arah"))
            cells = {key: Cell(sheet, a1(r, c)) for key, c in cols.items()}
            satuan = self.text(sheet, grid, r, col("satuan"))
            # Under satuan %, a cell with a percent format holds 0,8 for the 80% that was typed.
            self.percent_row = " ".join(satuan.lower().split()) in PERCENT_UNITS
            target = self.number(sheet, grid, r, col("target"), "Target")
            if not quarterly:
                realisasi = self.number(sheet, grid, r, col("realisasi"), "Realisasi")
                extra = {}
            else:
                realisasi = self.number(sheet, grid, r, col("realisasi"), "Realisasi", required=False)
                extra = self._indicator_quarters(sheet, grid, r, cols, satuan, single_given=realisasi is not None)
            self.percent_row = False
            current.indicators.append(
                Indicator(
                    indikator=indikator,
                    satuan=satuan,
                    arah=arah,
                    target=target,
                    realisasi=realisasi,
                    keterangan=self.text(sheet, grid, r, col("keterangan")),
                    row=r + 1,
                    cells=cells,
                    **extra,
                )
            )
        if not sasaran:
            self.add(
                "tanpa-indikator", sheet, a1(hr + 1, cols["indikator"]), None,
                f"Lembar '{sheet}' belum berisi indikator. Isi satu baris per indikator di bawah baris judul.",
            )
        return sasaran

    def _indicator_quarters(self, sheet, grid, r, cols, satuan, single_given) -> dict:
        """Version 2: the four quarterly targets and realisasi and the Cara Hitung of one row. The
        report's own quarter must be filled unless the single Realisasi column carries the value."""
        col = cols.get
        targets = tuple(self.number(sheet, grid, r, col(f"target_tw{q}"), f"Target TW {ROMAN[q - 1]}",
                                    required=False) for q in QUARTERS)
        realisasi = tuple(self.number(sheet, grid, r, col(f"realisasi_tw{q}"), f"Realisasi TW {ROMAN[q - 1]}",
                                      required=self._required_quarter(q, single_given))
                          for q in QUARTERS)
        text = self.text(sheet, grid, r, col("cara_hitung"))
        cara = parse_cara_hitung(text) if text else None
        default = default_cara_hitung(satuan)
        if text and cara is None:
            ref = a1(r, cols["cara_hitung"])
            self.add(
                "cara-hitung-tidak-valid", sheet, ref, text,
                f"Cara Hitung di sel {ref} (\"{text}\") tidak dikenal. Pilih Kumulatif (nilai tiap tribulan "
                f"dijumlahkan), Nilai Akhir (nilai tribulan terakhir) atau Rata-rata. Sementara dipakai {default}.",
            )
        return {"target_tw": targets, "realisasi_tw": realisasi, "cara_hitung": cara or default,
                "cara_hitung_default": cara is None}

    def _required_quarter(self, q: int, single_given: bool) -> bool:
        return not single_given and q == self.tribulan

    def _money_quarters(self, sheet, grid, r, cols, single_given) -> dict:
        col = cols.get
        spent = tuple(self.number(sheet, grid, r, col(f"realisasi_tw{q}"), f"Realisasi anggaran TW {ROMAN[q - 1]}",
                                  required=self._required_quarter(q, single_given), money=True)
                      for q in QUARTERS)
        plan = tuple(self.number(sheet, grid, r, col(f"rencana_tw{q}"), f"Rencana anggaran TW {ROMAN[q - 1]}",
                                 required=False, money=True) for q in QUARTERS)
        has_spent = any(f"realisasi_tw{q}" in cols for q in QUARTERS)
        has_plan = any(f"rencana_tw{q}" in cols for q in QUARTERS)
        return {"realisasi_tw": spent if has_spent else (), "rencana_tw": plan if has_plan else ()}

    def _arah(self, sheet, grid, r, c) -> str:
        text = self.text(sheet, grid, r, c).lower()
        if text in ("", "naik", "positif", "maksimal", "max", "↑"):
            return NAIK
        if text in ("turun", "negatif", "minimal", "min", "↓"):
            return TURUN
        ref = a1(r, c)
        self.add(
            "arah-tidak-valid", sheet, ref, text,
            f"Arah di sel {ref} (\"{text}\") tidak dikenal. Pilih Naik (makin tinggi makin baik) atau "
            f"Turun (makin rendah makin baik).",
        )
        return NAIK

    def anggaran(self) -> tuple[list[Kegiatan] | None, list[TypedTotal]]:
        got = self.grid(ANGGARAN)
        if got is None:
            return None, []
        sheet, grid = got
        header = self.find_header(sheet, grid, ANGGARAN_COLUMNS)
        if header is None:
            return None, []
        hr, cols = header
        if _missing_required(ANGGARAN_COLUMNS, cols):
            return None, []
        col = cols.get
        kegiatan: list[Kegiatan] = []
        totals: list[TypedTotal] = []
        for r in range(hr + 1, len(grid)):
            if _is_blank_row(grid[r]) or _is_column_number_row(grid[r]):
                continue
            nama = self.text(sheet, grid, r, col("kegiatan"))
            cells = {key: Cell(sheet, a1(r, c)) for key, c in cols.items()}
            no_text = self.text(sheet, grid, r, col("no"))
            if norm_label(nama) in TOTAL_LABELS or (not nama and norm_label(no_text) in TOTAL_LABELS):
                totals.append(
                    TypedTotal(
                        label=nama or no_text,
                        pagu=self.number(sheet, grid, r, col("pagu"), "Jumlah pagu", required=False, money=True),
                        realisasi=self.number(sheet, grid, r, col("realisasi"), "Jumlah realisasi", required=False, money=True),
                        row=r + 1,
                        cells=cells,
                    )
                )
                continue
            if not nama:
                ref = a1(r, cols["kegiatan"])
                self.add("isian-kosong", sheet, ref, None, f"Nama Kegiatan di sel {ref} belum diisi.")
            link = _key(self.text(sheet, grid, r, col("sasaran_no")))
            if not link:
                ref = a1(r, cols["sasaran_no"])
                self.add(
                    "isian-kosong", sheet, ref, None,
                    f"No Sasaran di sel {ref} belum diisi: tulis nomor sasaran (lembar Kinerja) yang "
                    f"didukung kegiatan ini.",
                )
            pagu = self.number(sheet, grid, r, col("pagu"), "Pagu", money=True)
            spent_quarterly = any(f"realisasi_tw{q}" in cols for q in QUARTERS)
            realisasi = self.number(sheet, grid, r, col("realisasi"), "Realisasi anggaran",
                                    required=not spent_quarterly, money=True)
            extra = {}
            if any(key in cols for key in _MONEY_QUARTER_KEYS):
                extra = self._money_quarters(sheet, grid, r, cols, single_given=realisasi is not None)
            kegiatan.append(
                Kegiatan(
                    no=_key(no_text) or str(len(kegiatan) + 1),
                    nama=nama,
                    sasaran_no=link,
                    pagu=pagu,
                    realisasi=realisasi,
                    row=r + 1,
                    cells=cells,
                    **extra,
                )
            )
        return kegiatan, totals

    def narasi(self) -> dict[str, str]:
        got = self.grid(NARASI, required=False)
        if got is None:
            return {}
        sheet, grid = got
        out = {}
        for key, (raw, r, c) in self.label_values(sheet, grid, NARASI_FIELDS).items():
            if not is_blank(raw):
                out[key] = str(raw).strip()
        return out


def _missing_required(columns, found) -> list[str]:
    return [key for key, (_, _, required) in columns.items()
            if required and key not in found and not any(k in found for k in _SATISFIED_BY.get(key, ()))]


def same_text(text: str) -> str:
    """Sasaran text compared the way a reader sees it: spacing and case do not make a new sasaran."""
    return " ".join(text.split()).casefold()


class _SasaranIndex:
    """The sasaran read so far, by number, by text and by both: the README's promise that repeating
    a sasaran's No, its Sasaran or both on a later row means that same sasaran."""

    def __init__(self):
        self.by_both: dict[tuple[str, str], Sasaran] = {}
        self.by_no: dict[str, Sasaran] = {}
        self.by_text: dict[str, Sasaran] = {}

    def add(self, s: Sasaran) -> None:
        text = same_text(s.text)
        self.by_both.setdefault((s.no, text), s)
        self.by_no.setdefault(s.no, s)
        if text:
            self.by_text.setdefault(text, s)

    def find(self, no: str, text: str) -> Sasaran | None:
        if no and text:
            return self.by_both.get((no, same_text(text)))
        if no:  # the No repeated with the Sasaran left blank
            return self.by_no.get(no)
        return self.by_text.get(same_text(text))

    def __contains__(self, no: str) -> bool:
        return no in self.by_no


def _free_number(start: int, typed: set[str], known: _SasaranIndex) -> str:
    n = start
    while str(n) in typed or str(n) in known:
        n += 1
    return str(n)


def _key(text: str) -> str:
    """Sasaran numbers are compared as typed but without a trailing dot or spaces ("1." is "1")."""
    return text.strip().rstrip(".").strip()


def _is_blank_row(row: Sequence[object]) -> bool:
    return all(is_blank(v) for v in row)


def _is_column_number_row(row: Sequence[object]) -> bool:
    """The printed tables' "1 | 2 | 3 | 4 | 5=4/3" row, which staff often keep under the headers."""
    seen = [v for v in row if not is_blank(v)]
    if len(seen) < 3:
        return False
    numbers = []
    for v in seen:
        text = str(int(v)) if isinstance(v, (int, float)) and float(v).is_integer() else str(v)
        head = text.split("=")[0].strip()
        if not ascii_digits(head):
            return False
        numbers.append(int(head))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] in (0, 1)

