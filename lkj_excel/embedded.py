"""The machine-readable copy of a report that every finished workbook carries (pure: no I/O).

A finished workbook is read back by `lkj-excel send` and `lkj-excel rekap`. Reading its cells would tie
them to the writer's layout (which sheet, which column, how many header rows), so the writer also stores
the report, its computed results and its findings as JSON inside a custom XML part
(`customXml/item1.xml`, attached by `writers/workbook.py` through `embed_part`). This module turns a
report into that JSON and back.

Reading does not trust the file: the version must be one this program knows, every value must have the
expected type and a bounded size, every finding code must be in the registry with its registered
severity. Anything else raises `EmbeddedCopyError` with an Indonesian sentence.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from .findings import CODES, Finding
from .quarters import CARA_HITUNG
from .model import NAIK, TURUN, Cell, Identity, Indicator, Kegiatan, Report, Sasaran, TypedTotal

FORMAT = "lkj-excel/laporan"
VERSION = 1
NAMESPACE = "urn:lkj-excel:laporan"
ROOT_TAG = "laporan"
REKAP_TAG = "rekap"  # a rekap workbook carries only this marker, so a rekap is never read as a unit

MAX_TEXT = 32_767  # Excel's own cell limit: no value typed into a template is longer
MAX_ITEMS = 200_000  # indicators, kegiatan or findings: the input guard allows 200,000 rows per sheet

_IDENTITY_TEXT = ("pemerintah_daerah", "perangkat_daerah", "alamat", "unit_kerja", "jabatan_pelapor",
                  "nama_pelapor", "nip_pelapor", "jabatan_atasan", "nama_atasan", "nip_atasan", "tempat")


class EmbeddedCopyError(Exception):
    """The embedded copy is missing, of an unknown version, or malformed (Indonesian message)."""


@dataclass(frozen=True)
class IndicatorFigures:
    """What the workbook showed for one indicator when it was written."""

    capaian: float | None
    predikat: str | None


@dataclass(frozen=True)
class EmbeddedCopy:
    version: int
    generator: str
    draft: bool
    report: Report
    findings: tuple[Finding, ...]
    figures: tuple[IndicatorFigures, ...]  # one per indicator, in report order


# ------------------------------------------------------------------------------------------------
# Writing


def payload(report: Report, results, findings, draft: bool, generator: str) -> dict[str, Any]:
    """The JSON-ready copy. `results` is compute.evaluate(report, config): the figures stored are the
    ones the workbook's cells carry."""
    ident = report.identity
    identity: dict[str, Any] = {name: getattr(ident, name) for name in _IDENTITY_TEXT}
    identity.update(tahun=ident.tahun, tribulan=ident.tribulan,
                    tanggal=ident.tanggal.isoformat() if ident.tanggal else None,
                    email_penerima=list(ident.email_penerima), cells=_cells(ident.cells))
    sasaran = []
    for computed in results.sasaran:
        s = computed.sasaran
        sasaran.append({
            "no": s.no, "text": s.text, "cell": _cell(s.cell),
            "indicators": [{
                "indikator": r.indicator.indikator, "satuan": r.indicator.satuan, "arah": r.indicator.arah,
                "target": r.indicator.target, "realisasi": r.indicator.realisasi,
                "keterangan": r.indicator.keterangan, "row": r.indicator.row, "cells": _cells(r.indicator.cells),
                # A year workbook (contract version 2): without its quarters the report cannot be recomputed.
                "target_tw": list(r.indicator.target_tw), "realisasi_tw": list(r.indicator.realisasi_tw),
                "cara_hitung": r.indicator.cara_hitung, "cara_hitung_default": r.indicator.cara_hitung_default,
                "capaian": r.capaian, "predikat": r.predikat.label if r.predikat else None,
            } for r in computed.indicators],
        })
    kegiatan = [{
        "no": k.kegiatan.no, "nama": k.kegiatan.nama, "sasaran_no": k.kegiatan.sasaran_no,
        "pagu": k.kegiatan.pagu, "realisasi": k.kegiatan.realisasi, "row": k.kegiatan.row,
        "cells": _cells(k.kegiatan.cells), "serapan": k.serapan,
        "realisasi_tw": list(k.kegiatan.realisasi_tw), "rencana_tw": list(k.kegiatan.rencana_tw),
    } for k in results.kegiatan]
    typed = [{"label": t.label, "pagu": t.pagu, "realisasi": t.realisasi, "row": t.row, "cells": _cells(t.cells)}
             for t in report.typed_totals]
    return {
        "format": FORMAT, "version": VERSION, "generator": generator, "draft": bool(draft),
        "source_name": report.source_name, "identity": identity, "sasaran": sasaran, "kegiatan": kegiatan,
        "typed_totals": typed, "narasi": dict(report.narasi),
        "total": {"pagu": results.total.pagu, "realisasi": results.total.realisasi,
                  "serapan": results.total.serapan},
        "findings": [f.to_dict() for f in findings],
    }


def to_xml(data: dict[str, Any]) -> bytes:
    """The custom XML part: the JSON as the text of one element. Sorted keys and ASCII-only JSON make
    the same report give the same bytes; only & < > need escaping in XML text."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"), allow_nan=False)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<lkj:{ROOT_TAG} xmlns:lkj="{NAMESPACE}" versi="{VERSION}">{text}</lkj:{ROOT_TAG}>').encode("ascii")


def rekap_marker() -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<lkj:{REKAP_TAG} xmlns:lkj="{NAMESPACE}" versi="{VERSION}"/>').encode("ascii")


def is_rekap_marker(root) -> bool:
    return root.tag == f"{{{NAMESPACE}}}{REKAP_TAG}"


def _cell(cell: Cell | None):
    return None if cell is None else [cell.sheet, cell.ref]


def _cells(cells: dict[str, Cell]) -> dict[str, list[str]]:
    return {key: [c.sheet, c.ref] for key, c in sorted(cells.items())}


# ------------------------------------------------------------------------------------------------
# Reading


def from_xml_root(root, name: str) -> EmbeddedCopy:
    """From the parsed custom XML part (defusedxml Element) to the copy, checking everything."""
    if root.tag != f"{{{NAMESPACE}}}{ROOT_TAG}":
        raise EmbeddedCopyError(f"Salinan data di berkas '{name}' bukan milik lkj-excel.")
    version = root.get("versi", "")
    if version != str(VERSION):
        raise EmbeddedCopyError(
            f"Salinan data di berkas '{name}' berversi {version or '?'}, sedangkan lkj-excel ini hanya mengenal "
            f"versi {VERSION}; perbarui lkj-excel atau buat ulang workbook dari berkas isiannya.")
    try:
        data = json.loads(root.text or "", parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise _malformed(name) from None
    return from_payload(data, name)


def from_payload(data: Any, name: str) -> EmbeddedCopy:
    try:
        return _Reader(name).copy(data)
    except _Bad:
        raise _malformed(name) from None


def _refuse_constant(_text: str):
    raise ValueError("NaN and Infinity are not JSON")


def _malformed(name: str) -> EmbeddedCopyError:
    return EmbeddedCopyError(f"Salinan data di berkas '{name}' rusak atau telah diubah; buat ulang workbook dari "
                             "berkas isiannya dengan lkj-excel build.")


class _Bad(Exception):
    pass


class _Reader:
    """Type-checked field access: every value is checked before a model object is built from it."""

    def __init__(self, name: str):
        self.name = name

    def copy(self, data: Any) -> EmbeddedCopy:
        obj = self.obj(data)
        if obj.get("format") != FORMAT or obj.get("version") != VERSION:
            raise _Bad
        ident = self.identity(self.obj(obj.get("identity")))
        sasaran, figures = [], []
        for raw in self.items(obj.get("sasaran")):
            s = self.obj(raw)
            indicators = []
            for raw_ind in self.items(s.get("indicators")):
                i = self.obj(raw_ind)
                arah = self.text(i.get("arah"))
                if arah not in (NAIK, TURUN):
                    raise _Bad
                indicators.append(Indicator(
                    indikator=self.text(i.get("indikator")), satuan=self.text(i.get("satuan")), arah=arah,
                    target=self.number(i.get("target")), realisasi=self.number(i.get("realisasi")),
                    keterangan=self.text(i.get("keterangan")), row=self.integer(i.get("row")),
                    cells=self.cells(i.get("cells")),
                    target_tw=self.quarters(i.get("target_tw")), realisasi_tw=self.quarters(i.get("realisasi_tw")),
                    cara_hitung=self.cara_hitung(i.get("cara_hitung")),
                    cara_hitung_default=self.flag(i.get("cara_hitung_default")),
                ))
                figures.append(IndicatorFigures(self.number(i.get("capaian")), self.optional_text(i.get("predikat"))))
            sasaran.append(Sasaran(self.text(s.get("no")), self.text(s.get("text")), indicators,
                                   self.cell(s.get("cell"))))
        kegiatan = []
        for raw in self.items(obj.get("kegiatan")):
            k = self.obj(raw)
            kegiatan.append(Kegiatan(
                no=self.text(k.get("no")), nama=self.text(k.get("nama")), sasaran_no=self.text(k.get("sasaran_no")),
                pagu=self.number(k.get("pagu")), realisasi=self.number(k.get("realisasi")),
                row=self.integer(k.get("row")), cells=self.cells(k.get("cells")),
                realisasi_tw=self.quarters(k.get("realisasi_tw")), rencana_tw=self.quarters(k.get("rencana_tw")),
            ))
        typed = []
        for raw in self.items(obj.get("typed_totals")):
            t = self.obj(raw)
            typed.append(TypedTotal(self.text(t.get("label")), self.number(t.get("pagu")),
                                    self.number(t.get("realisasi")), self.integer(t.get("row")),
                                    self.cells(t.get("cells"))))
        narasi = {self.text(k): self.text(v) for k, v in self.obj(obj.get("narasi")).items()}
        findings = tuple(self.finding(f) for f in self.items(obj.get("findings")))
        draft = obj.get("draft")
        if not isinstance(draft, bool):
            raise _Bad
        report = Report(ident, sasaran, kegiatan, typed, narasi, self.text(obj.get("source_name")))
        return EmbeddedCopy(VERSION, self.text(obj.get("generator")), draft, report, findings, tuple(figures))

    def identity(self, obj: dict) -> Identity:
        ident = Identity(**{name: self.text(obj.get(name)) for name in _IDENTITY_TEXT})
        ident.tahun = self.optional_int(obj.get("tahun"))
        ident.tribulan = self.optional_int(obj.get("tribulan"))
        if ident.tribulan is not None and ident.tribulan not in (1, 2, 3, 4):
            raise _Bad
        tanggal = obj.get("tanggal")
        if tanggal is not None:
            try:
                ident.tanggal = dt.date.fromisoformat(self.text(tanggal))
            except ValueError:
                raise _Bad from None
        ident.email_penerima = tuple(self.text(e) for e in self.items(obj.get("email_penerima")))
        ident.cells = self.cells(obj.get("cells"))
        return ident

    def finding(self, raw: Any) -> Finding:
        f = self.obj(raw)
        code, severity = self.text(f.get("code")), self.text(f.get("severity"))
        if code not in CODES or CODES[code][0] != severity:
            raise _Bad
        return Finding(code, severity, self.optional_text(f.get("sheet")), self.optional_text(f.get("cell")),
                       self.optional_text(f.get("value")), self.text(f.get("message")))

    # -- typed access --

    def obj(self, value: Any) -> dict:
        if not isinstance(value, dict):
            raise _Bad
        return value

    def items(self, value: Any) -> list:
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            raise _Bad
        return value

    def text(self, value: Any) -> str:
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise _Bad
        return value

    def optional_text(self, value: Any) -> str | None:
        return None if value is None else self.text(value)

    def number(self, value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Bad
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an int with hundreds of digits
            raise _Bad from None
        if not finite:
            raise _Bad
        return value

    def quarters(self, value: Any) -> tuple[float | None, ...]:
        """TW I..IV (four numbers or blanks) in a year workbook, () in a version-1 one; absent = ()."""
        if value is None:
            return ()
        items = self.items(value)
        if len(items) not in (0, 4):
            raise _Bad
        return tuple(self.number(v) for v in items)

    def cara_hitung(self, value: Any) -> str | None:
        if value is not None and value not in CARA_HITUNG:
            raise _Bad
        return value

    def flag(self, value: Any) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            raise _Bad
        return value

    def integer(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000_000:
            raise _Bad
        return value

    def optional_int(self, value: Any) -> int | None:
        return None if value is None else self.integer(value)

    def cell(self, value: Any) -> Cell | None:
        if value is None:
            return None
        pair = self.items(value)
        if len(pair) != 2:
            raise _Bad
        return Cell(self.text(pair[0]), self.text(pair[1]))

    def cells(self, value: Any) -> dict[str, Cell]:
        cells = {self.text(key): self.cell(pair) for key, pair in self.obj(value).items()}
        if any(c is None for c in cells.values()):
            raise _Bad
        return cells
