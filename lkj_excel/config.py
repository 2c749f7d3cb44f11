"""Settings from `lkj-excel.toml`: the predikat scale, capaian bounds, drop-folder names, SMTP.

Loading a file is the only I/O here; `Config.from_mapping` is pure so tests and callers can build a
configuration without touching disk.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .compute import DEFAULT_SCALE, TAHUNAN, TRIWULAN, Band, PredikatScale

CONFIG_ENV = "LKJ_EXCEL_CONFIG"
DEFAULT_NAME = "lkj-excel.toml"


class ConfigError(Exception):
    """The configuration file is missing, unreadable or holds a bad value (Indonesian message)."""


@dataclass(frozen=True)
class Folders:
    inbox: str = "masuk"
    output: str = "hasil"
    archive: str = "arsip"
    rejected: str = "perlu-perbaikan"


@dataclass(frozen=True)
class Laporan:
    """[laporan]: the LKj document beside the workbook (lkj_excel/laporan)."""

    dokumen: bool = True  # build writes the .docx too
    pdf: bool = False  # ... and prints it to PDF with LibreOffice
    templat: str | None = None  # the office's own Word template; relative to the config file
    # What the drop folder's mail attaches (LAMPIRAN's keys); None: the workbook, and the document
    # when one is written. Here, not in [smtp], because it names the outputs this section turns on,
    # and a choice that contradicts them (pdf with pdf = false) is caught when the file is read.
    lampiran: tuple[str, ...] | None = None

    @property
    def attachments(self) -> tuple[str, ...]:
        if self.lampiran is not None:
            return self.lampiran
        return ("workbook", "dokumen") if self.dokumen else ("workbook",)


# laporan.lampiran's values, in the order a mail attaches them, with what each names (for messages).
LAMPIRAN = {
    "workbook": "workbook hasil (.xlsx)",
    "dokumen": "dokumen LKj (.docx)",
    "pdf": "dokumen LKj dalam PDF (.pdf)",
}


@dataclass(frozen=True)
class RekapSettings:
    """[rekap]: who consolidates and signs the rekap (`--penyusun` overrides the name)."""

    penyusun: str = ""
    jabatan: str = ""
    nip: str = ""
    tempat: str = ""


@dataclass(frozen=True)
class Config:
    scale: PredikatScale = DEFAULT_SCALE
    capaian_cap: float | None = None  # fraction; None = no cap (DOMAIN §2)
    capaian_warning_above: float = 1.5  # fraction; capaian-sangat-tinggi
    predikat_capaian: str = TAHUNAN  # year workbook: the predikat of the yearly capaian, or TRIWULAN
    folders: Folders = Folders()
    laporan: Laporan = Laporan()
    smtp: Mapping[str, Any] = field(default_factory=dict)  # checked and read by mail.SmtpSettings
    rekap: RekapSettings = RekapSettings()
    source: str | None = None  # the file it came from, for messages

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str | None = None) -> "Config":
        where = source or DEFAULT_NAME
        check_known_names(data, where)
        report = _table(data, "report", where)
        scale = DEFAULT_SCALE
        if "predikat" in data:
            scale = _scale(data["predikat"], where)
        cap = report.get("capaian_cap_percent")
        warn = report.get("capaian_warning_above_percent", 150)
        folders_raw = _table(data, "folders", where)
        smtp = _table(data, "smtp", where)
        basis = report.get("predikat_capaian", TAHUNAN)
        if basis not in (TAHUNAN, TRIWULAN):
            raise ConfigError(f"{where}: report.predikat_capaian harus \"{TAHUNAN}\" atau \"{TRIWULAN}\", "
                              f"bukan {basis!r}.")
        laporan = _laporan(_table(data, "laporan", where), source, where)
        rekap_raw = _table(data, "rekap", where)
        unknown = set(rekap_raw) - set(RekapSettings.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"{where}: kunci [rekap] tidak dikenal: {', '.join(sorted(unknown))}.")
        for key, value in rekap_raw.items():
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise ConfigError(f"{where}: rekap.{key} harus berupa teks, bukan {value!r}.")
        return cls(
            scale=scale,
            capaian_cap=None if cap is None else _percent(cap, "report.capaian_cap_percent", where),
            capaian_warning_above=_percent(warn, "report.capaian_warning_above_percent", where),
            predikat_capaian=basis,
            folders=Folders(**{k: str(v) for k, v in folders_raw.items()}),
            laporan=laporan,
            smtp=smtp,
            rekap=RekapSettings(**{k: str(v) for k, v in rekap_raw.items()}),
            source=source,
        )


# Every section and key the file may hold. A misspelt one ([reprot], capaian_cap_prcent) would otherwise
# be ignored without a word and the office would run with defaults it never chose.
SECTIONS: dict[str, tuple[str, ...]] = {
    "report": ("capaian_cap_percent", "capaian_warning_above_percent", "predikat_capaian"),
    "predikat": ("above_percent", "label", "color"),
    "folders": tuple(Folders.__dataclass_fields__),
    "laporan": tuple(Laporan.__dataclass_fields__),
    "rekap": tuple(RekapSettings.__dataclass_fields__),
    "smtp": (),  # its keys are mail.SmtpSettings' to know; filled in lazily (mail is a heavy import)
}
_SHOWN = {"predikat": "[[predikat]]"}


def _shown(section: str) -> str:
    return _SHOWN.get(section, f"[{section}]")


def _nearest(name: str, known) -> str | None:
    import difflib

    match = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=0.6)
    return match[0] if match else None


def check_known_names(data: Mapping[str, Any], where: str) -> None:
    """Raise ConfigError naming the first unknown section or key and the nearest known name."""
    for section in data:
        if section not in SECTIONS:
            near = _nearest(section, SECTIONS)
            hint = (f"mungkin maksudnya {_shown(near)}" if near else
                    "bagian yang dikenal: " + ", ".join(_shown(s) for s in SECTIONS))
            raise ConfigError(f"{where}: bagian [{section}] tidak dikenal; {hint}.")
    for section, value in data.items():
        keys = SECTIONS[section]
        if section == "smtp":
            from .mail import _KNOWN_KEYS as keys
        tables = value if isinstance(value, list) else [value]
        for i, table in enumerate(tables, 1):
            if not isinstance(table, Mapping):
                continue  # the section's own reader says what shape it must have
            for key in table:
                if key in keys:
                    continue
                label = f"predikat[{i}]" if section == "predikat" else section
                near = _nearest(str(key), keys)
                hint = (f"mungkin maksudnya {label}.{near}" if near else
                        "kunci yang dikenal: " + ", ".join(f"{label}.{k}" for k in keys))
                raise ConfigError(f"{where}: kunci {label}.{key} di {_shown(section)} tidak dikenal; {hint}.")


def _table(data: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: [{name}] harus berupa tabel.")
    return value


def _laporan(raw: Mapping[str, Any], source: str | None, where: str) -> Laporan:
    for key in ("dokumen", "pdf"):
        if key in raw and not isinstance(raw[key], bool):
            raise ConfigError(f"{where}: laporan.{key} harus true atau false, bukan {raw[key]!r}.")
    templat = raw.get("templat")
    if templat is not None:
        if not isinstance(templat, str) or not templat.strip():
            raise ConfigError(f"{where}: laporan.templat harus nama berkas .docx, bukan {templat!r}.")
        # A relative name means beside the configuration file, wherever the command runs from.
        path = Path(templat).expanduser()
        if not path.is_absolute() and source:
            path = Path(source).resolve().parent / path
        templat = str(path)
    dokumen, pdf = raw.get("dokumen", True), raw.get("pdf", False)
    lampiran = _lampiran(raw["lampiran"], dokumen, pdf, where) if "lampiran" in raw else None
    return Laporan(dokumen=dokumen, pdf=pdf, templat=templat, lampiran=lampiran)


def _lampiran(value: Any, dokumen: bool, pdf: bool, where: str) -> tuple[str, ...]:
    choices = ", ".join(f'"{key}" ({what})' for key, what in LAMPIRAN.items())
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: laporan.lampiran harus daftar teks, misalnya [\"workbook\", \"dokumen\"]; "
                          f"pilihan: {choices}. Bukan {value!r}.")
    chosen: list[str] = []
    for raw_item in value:
        item = raw_item.strip().lower()
        if item not in LAMPIRAN:
            raise ConfigError(f"{where}: laporan.lampiran berisi {raw_item!r} yang tidak dikenal; pilihan: {choices}.")
        if item not in chosen:
            chosen.append(item)
    # A mail can only carry what is written: naming an output that is switched off is a contradiction
    # the office should hear about now, not as a missing attachment in every mail.
    if not dokumen and ("dokumen" in chosen or "pdf" in chosen):
        raise ConfigError(f"{where}: laporan.lampiran menyebut dokumen LKj, tetapi laporan.dokumen = false "
                          f"(dokumen tidak dibuat); hapus \"dokumen\"/\"pdf\" dari laporan.lampiran atau "
                          f"ubah laporan.dokumen menjadi true.")
    if "pdf" in chosen and not pdf:
        raise ConfigError(f"{where}: laporan.lampiran menyebut \"pdf\", tetapi laporan.pdf = false (PDF tidak "
                          f"dibuat); hapus \"pdf\" dari laporan.lampiran atau ubah laporan.pdf menjadi true.")
    # The configured order would only reorder the attachments; a fixed order keeps mails alike.
    return tuple(key for key in LAMPIRAN if key in chosen)


def _percent(value: Any, key: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"{where}: {key} harus angka persen tidak negatif, bukan {value!r}.")
    return value / 100


def _scale(raw: Any, where: str) -> PredikatScale:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: [[predikat]] harus berisi paling sedikit satu tingkat.")
    bands = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, Mapping) or "label" not in item:
            raise ConfigError(f"{where}: [[predikat]] ke-{i} harus punya 'label'.")
        last = i == len(raw)
        above = float("-inf") if last else _percent(item.get("above_percent"), f"predikat[{i}].above_percent", where)
        color = str(item.get("color", "#FFFFFF"))
        if len(color) != 7 or not color.startswith("#"):
            raise ConfigError(f"{where}: predikat[{i}].color harus berbentuk #RRGGBB, bukan {color!r}.")
        bands.append(Band(above, str(item["label"]), color))
    aboves = [b.above for b in bands]
    if aboves != sorted(aboves, reverse=True) or len(set(aboves)) != len(aboves):
        raise ConfigError(f"{where}: [[predikat]] harus urut dari batas tertinggi ke terendah.")
    return PredikatScale(tuple(bands))


def find_config(explicit: str | os.PathLike | None = None) -> Path | None:
    """--config, else $LKJ_EXCEL_CONFIG, else ./lkj-excel.toml when it exists."""
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    local = Path.cwd() / DEFAULT_NAME
    return local if local.is_file() else None


def load_config(explicit: str | os.PathLike | None = None) -> Config:
    path = find_config(explicit)
    if path is None:
        return Config()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"Berkas konfigurasi {path} tidak ditemukan.") from None
    except OSError as exc:
        raise ConfigError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc.strerror}.") from None
    except tomllib.TOMLDecodeError as exc:
        hint = f" {WINDOWS_PATH_HINT}" if "'\\'" in str(exc) or "hex value" in str(exc) else ""
        raise ConfigError(f"Berkas konfigurasi {path} tidak valid (TOML): {exc}.{hint}") from None
    _refuse_control_characters(data, str(path))
    return Config.from_mapping(data, str(path))


# A Windows path in "double quotes" breaks on its backslashes: "C:\lkj" is an error, and "D:\new"
# silently holds a line break. Both get this sentence.
WINDOWS_PATH_HINT = ("Path Windows ditulis dengan garis miring (\"C:/lkj/ca.pem\") atau di antara tanda kutip "
                     "tunggal ('C:\\lkj\\ca.pem'), karena di antara tanda kutip ganda \\ adalah kode khusus.")


def _refuse_control_characters(data: Mapping[str, Any], where: str, prefix: str = "") -> None:
    """No setting holds a tab or line break; one that does came from a backslash in a Windows path."""
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, list):
            value = {f"[{i}]": item for i, item in enumerate(value)}
        if isinstance(value, Mapping):
            _refuse_control_characters(value, where, f"{name}.")
        elif isinstance(value, str) and any(ord(ch) < 32 for ch in value):
            raise ConfigError(f"{where}: {name} berisi tab atau ganti baris ({value!r}). {WINDOWS_PATH_HINT}")
