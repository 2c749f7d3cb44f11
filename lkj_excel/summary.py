"""What people read about a processed file: the email that carries a finished workbook, the
findings note left beside a refused original, and sending finished workbooks by hand.

The watcher has the `Report` and its findings in hand and builds the email from them; `lkj-excel
send` gets files built earlier, so it reads the same facts back from the finished workbook (its
document title and the 'Capaian Kinerja' and 'Validasi' sheets). Both paths end in one body layout.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .findings import ERROR, INFO, SEVERITY_LABEL, WARNING, Finding, show_value, sort_findings, where

NOTE_SUFFIX = ".perbaikan.txt"


class NotFinishedWorkbook(Exception):
    """The file is not a workbook written by lkj-excel (Indonesian message)."""


@dataclass(frozen=True)
class IndicatorLine:
    indikator: str
    target: str
    realisasi: str
    capaian: str  # "51,43%" or the reason it cannot be computed
    predikat: str


def one_line(text: str) -> str:
    """Cell text as header-safe text: an Alt+Enter in a Unit Kerja cell is layout, not a new
    header line, so every run of whitespace (CR/LF included) becomes one space."""
    return " ".join(str(text).split())


# --------------------------------------------------------------------------------------------
# From a Report (the watcher)


def subject_for(report) -> str:
    """'LKj Tribulan II 2023 – Bidang Pengembangan Ketenagakerjaan', exactly the finished workbook's
    document title (periods.report_title) with whitespace made single-line."""
    from .periods import report_title

    ident = report.identity
    return one_line(report_title(ident.tribulan, ident.tahun, ident.unit_kerja))


def indicator_lines(report, config, results=None) -> list[IndicatorLine]:
    from .compute import evaluate
    from .periods import format_percent_id

    results = results or evaluate(report, config)
    lines = []
    for computed in results.indicators():
        ind, value, band = computed.indicator, computed.capaian, computed.predikat
        lines.append(IndicatorLine(
            indikator=one_line(ind.indikator),
            target=_with_unit(ind.target, ind.satuan),
            realisasi=_with_unit(computed.realisasi, ind.satuan),
            capaian=format_percent_id(value) if value is not None else "tidak dapat dihitung (target 0 atau kosong)",
            predikat=band.label if band else "-",
        ))
    return lines


def _with_unit(value: float | None, satuan: str) -> str:
    if value is None:
        return "-"
    text = show_value(value)
    satuan = one_line(satuan or "")
    if not satuan:
        return text
    return f"{text}{satuan}" if satuan == "%" else f"{text} {satuan}"


# The body's closing line; the drop folder's outbox rewords it when the workbook is not attached.
WORKBOOK_ATTACHED = "Rumus dan rincian lengkap ada di workbook terlampir."


def mail_body_for(report, findings: Sequence[Finding], config, source_name: str, results=None) -> str:
    from .periods import period_text, roman

    ident = report.identity
    period = ""
    if ident.tribulan and ident.tahun:
        period = f"Tribulan {roman(ident.tribulan)} Tahun {ident.tahun} ({period_text(ident.tribulan, ident.tahun)})"
    heading = [f"Terlampir Laporan Kinerja (LKj) {period}.".replace(" .", ".")]
    for label, value in (("Unit kerja", ident.unit_kerja), ("Perangkat daerah", ident.perangkat_daerah),
                         ("Pemerintah daerah", ident.pemerintah_daerah)):
        if one_line(value or ""):
            heading.append(f"{label}: {one_line(value)}")
    warnings = [_finding_line(f) for f in sort_findings(findings) if f.severity == WARNING]
    return compose_body(heading, indicator_lines(report, config, results), warnings, source_name)


def _finding_line(f: Finding) -> str:
    return f"{_where(f)} {f.code}: {one_line(f.message)}"


def _where(f: Finding) -> str:
    return where(f.sheet, f.cell)


def compose_body(heading: Sequence[str], indicators: Sequence[IndicatorLine], warnings: Sequence[str],
                 source_name: str | None) -> str:
    lines = ["Yth. Bapak/Ibu,", "", *heading, ""]
    lines.append("Capaian kinerja per indikator:")
    if not indicators:
        lines.append("  (tidak ada indikator)")
    for n, ind in enumerate(indicators, 1):
        lines.append(f"{n}. {ind.indikator}")
        lines.append(f"   target {ind.target}, realisasi {ind.realisasi}: capaian {ind.capaian} "
                     f"(predikat {ind.predikat})")
    lines.append("")
    if warnings:
        lines.append(f"Peringatan hasil pemeriksaan ({len(warnings)}), mohon diperiksa:")
        lines.extend(f"- {w}" for w in warnings)
    else:
        lines.append("Tidak ada peringatan: semua pemeriksaan lolos.")
    lines.append("")
    if source_name:
        lines.append(f"Berkas isian: {source_name}")
    lines.append(WORKBOOK_ATTACHED)
    lines.append("")
    lines.append("Email ini dikirim otomatis oleh lkj-excel.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# The note beside a refused original


def rejection_note(name: str, *, findings: Sequence[Finding] = (), unreadable: str | None = None,
                   problem: str | None = None, when: dt.datetime | None = None) -> str:
    """The text of '<original>.perbaikan.txt': why the file was refused and what to fix, errors
    first. Returned with LF line ends; `note_bytes` makes the file Notepad-friendly."""
    from .periods import format_date_id

    when = when or dt.datetime.now()
    lines = [
        "CATATAN PERBAIKAN (lkj-excel)",
        "",
        f"Berkas     : {name}",
        f"Diperiksa  : {format_date_id(when.date())} pukul {when:%H.%M}",
    ]
    if problem is not None:
        lines += [
            "Hasil      : TIDAK DAPAT DIPROSES",
            "",
            problem,
            "Ini bukan kesalahan isian Anda. Hubungi pengelola lkj-excel; berkas asli disimpan utuh di folder ini.",
        ]
    elif unreadable is not None:
        lines += [
            "Hasil      : BUKAN WORKBOOK YANG DAPAT DIBACA",
            "",
            unreadable,
            "",
            "Simpan isian sebagai workbook Excel (.xlsx) dari templat lkj-excel, lalu taruh lagi di folder masuk.",
        ]
    else:
        ordered = sort_findings(findings)
        counts = {s: sum(f.severity == s for f in ordered) for s in (ERROR, WARNING, INFO)}
        lines += [
            f"Hasil      : TIDAK LOLOS PEMERIKSAAN: {counts[ERROR]} galat, {counts[WARNING]} peringatan, "
            f"{counts[INFO]} info",
            "",
            "Workbook laporan belum dibuat. Perbaiki sel-sel berikut di berkas isian, simpan, lalu taruh lagi "
            "berkasnya di folder masuk.",
        ]
        for severity, title in ((ERROR, "GALAT (harus diperbaiki)"), (WARNING, "PERINGATAN (periksa kembali)"),
                                (INFO, "INFO")):
            chosen = [f for f in ordered if f.severity == severity]
            if not chosen:
                continue
            lines += ["", f"{title}:"]
            for n, f in enumerate(chosen, 1):
                value = f" (nilai: {one_line(f.value)})" if f.value not in (None, "") else ""
                lines.append(f"{n:>3}. {_where(f)}  [{SEVERITY_LABEL[f.severity]}] {f.code}{value}")
                lines.append(f"     {one_line(f.message)}")
    return "\n".join(lines) + "\n"


def note_bytes(text: str) -> bytes:
    # BOM and CRLF: Notepad on older Windows shows UTF-8 without BOM as mojibake and LF as one line.
    return b"\xef\xbb\xbf" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# From a finished workbook (lkj-excel send)


@dataclass(frozen=True)
class FinishedWorkbook:
    path: Path
    subject: str
    body: str


def read_finished(path: str | os.PathLike, config=None) -> FinishedWorkbook:
    """Subject and body for a workbook lkj-excel wrote earlier, from the copy of the report embedded in
    it (lkj_excel.embedded), never from its cells. Raises NotFinishedWorkbook."""
    from .embedded import EmbeddedCopyError
    from .finished import RekapWorkbook, read_embedded
    from .safety import UnreadableWorkbook

    path = Path(path)
    try:
        copy = read_embedded(path)
    except (UnreadableWorkbook, EmbeddedCopyError) as exc:
        raise NotFinishedWorkbook(str(exc)) from None
    except RekapWorkbook:
        raise NotFinishedWorkbook(f"Berkas '{path.name}' adalah rekap, bukan laporan satu unit; kirim rekap sebagai "
                                  "lampiran email biasa.") from None
    except OSError as exc:
        raise NotFinishedWorkbook(f"Berkas {path} tidak dapat dibaca ({exc.strerror or exc}).") from None
    if copy is None:
        raise NotFinishedWorkbook(
            f"Berkas '{path.name}' bukan workbook hasil lkj-excel (tidak memuat salinan data laporan): kirim "
            "workbook dari folder hasil, bukan berkas isian. Workbook buatan lkj-excel versi lama: buat ulang "
            "dengan lkj-excel build dari berkas isiannya.")
    title = subject_for(copy.report)
    heading = [f"Terlampir {title}."]
    if copy.draft:
        heading.append("PERHATIAN: workbook ini masih DRAF, belum lolos validasi.")
    warnings = [_finding_line(f) for f in sort_findings(copy.findings) if f.severity == WARNING]
    return FinishedWorkbook(path, title, compose_body(heading, _shown_lines(copy, config), warnings, None))


def _shown_lines(copy, config) -> list[IndicatorLine]:
    """The indicator lines with the capaian and predikat the workbook shows (stored in the copy), so a
    later change of the configuration does not change what the mail says about an old workbook."""
    from .config import Config
    from .periods import format_percent_id

    lines = indicator_lines(copy.report, config or Config())
    out = []
    for line, shown in zip(lines, copy.figures):
        capaian = format_percent_id(shown.capaian) if shown.capaian is not None else "tidak dapat dihitung"
        out.append(IndicatorLine(line.indikator, line.target, line.realisasi, capaian, shown.predikat or "-"))
    return out


# --------------------------------------------------------------------------------------------
# Sending by hand


class SendSetupError(Exception):
    """Nothing can be sent: settings or recipients are wrong (Indonesian message)."""


@dataclass(frozen=True)
class SendOutcome:
    file: str
    ok: bool
    line: str


DRY_RUN_SENDER = "lkj-excel@lkj-excel.invalid"


def send_workbooks(files: Iterable[str | os.PathLike], *, to: Sequence[str], cc: Sequence[str] = (),
                   config, environ: Mapping[str, str], dry_run: bool = False,
                   eml_dir: str | os.PathLike | None = None) -> list[SendOutcome]:
    """One email per finished workbook. Raises SendSetupError before sending anything when the
    settings or the recipients are wrong; a file that cannot be sent is one failed outcome."""
    from .mail import MailError, SmtpSettings, build_message, parse_addresses, send, write_eml

    settings = None
    defaults: tuple[str, ...] = ()
    try:
        if dry_run:
            sender, defaults = _dry_run_sender(config.smtp, environ)
        else:
            settings = SmtpSettings.from_config(config.smtp, environ)
            sender, defaults = settings.sender, settings.default_recipients
        to_addrs = parse_addresses(list(to)) or defaults
        cc_addrs = parse_addresses(list(cc))
    except MailError as exc:
        raise SendSetupError(str(exc)) from None
    if not to_addrs:
        raise SendSetupError("belum ada penerima: isi --to ALAMAT atau smtp.default_recipients di lkj-excel.toml.")

    outcomes = []
    folder = Path(eml_dir) if eml_dir is not None else Path.cwd()
    for item in files:
        path = Path(item)
        try:
            finished = read_finished(path, config)
            message = build_message([path], sender=sender, to=to_addrs, cc=cc_addrs, subject=finished.subject,
                                    body=finished.body)
            if dry_run:
                written = write_eml(message, folder, path.stem)
                outcomes.append(SendOutcome(str(path), True, f"EML    {path.name} -> {written}"))
            else:
                send(message, settings)
                outcomes.append(SendOutcome(str(path), True,
                                            f"KIRIM  {path.name} -> {', '.join(to_addrs + cc_addrs)}"))
        except NotFinishedWorkbook as exc:
            outcomes.append(SendOutcome(str(path), False, f"GAGAL  {path.name}: {exc}"))
        except MailError as exc:
            outcomes.append(SendOutcome(str(path), False, f"GAGAL  {path.name}: {exc}"))
    return outcomes


def _dry_run_sender(section: Mapping[str, object], environ: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    from .mail import parse_addresses

    raw = (environ.get("LKJ_SMTP_FROM") or "").strip() or section.get("from") or DRY_RUN_SENDER
    found = parse_addresses(raw if isinstance(raw, str) else str(raw))
    defaults = section.get("default_recipients") or ()
    return (found[0] if found else DRY_RUN_SENDER), parse_addresses(defaults if isinstance(defaults, (str, list, tuple))
                                                                    else ())
