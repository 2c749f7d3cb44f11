"""Inputs of several sizes for the printed-page checks (issue 9), and reading a printed PDF back.

Every text carries a token (S03, I017, K005) so a page's extracted text says which rows it holds,
however the words wrapped."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from helpers import SOFFICE, identitas, write_workbook, KINERJA_HEADER, ANGGARAN_HEADER

LONG_JABATAN = "Kepala Bidang Pengembangan Ketenagakerjaan dan Perluasan Kesempatan Kerja Kab"  # 76 characters
GROUPS = (1, 3, 2, 4, 1, 2, 5, 1, 3, 2)  # indicators per sasaran, cycled
# Issue 9's sweep: 16 sizes from 1 to 60 indicators, each with short and with long texts.
SWEEP = (1, 2, 3, 5, 8, 10, 13, 17, 21, 26, 30, 34, 40, 47, 55, 60)
LONG_EVALUASI = "Evaluasi capaian triwulan. " * 200  # 5,400 characters: Narasi continues over rows
FILLER = ("meningkatnya kualitas dan produktivitas tenaga kerja serta perluasan kesempatan kerja bagi "
          "masyarakat di seluruh kecamatan melalui pelatihan berbasis kompetensi dan pemagangan")


@dataclass
class Plan:
    """What one input holds: sasaran token -> its indicator tokens, and the kegiatan tokens."""
    name: str
    sasaran: dict[str, list[str]] = field(default_factory=dict)
    kegiatan: list[str] = field(default_factory=list)


def make_input(folder: Path, n: int, long_texts: bool = False, jabatan: str | None = None,
               evaluasi: str | None = None, groups: tuple[int, ...] = GROUPS,
               name: str | None = None) -> tuple[Path, Plan]:
    plan = Plan(name or f"isian-{n:02d}{'-panjang' if long_texts else ''}")
    kinerja, anggaran = [], []
    made, s = 0, 0
    while made < n:
        size = min(groups[s % len(groups)], n - made)
        s += 1
        tag = f"S{s:02d}"
        words = FILLER[: 60 + (s * 37) % (len(FILLER) - 60)] if long_texts else FILLER[: 20 + (s * 13) % 50]
        plan.sasaran[tag] = []
        for k in range(size):
            made += 1
            itag = f"I{made:03d}"
            plan.sasaran[tag].append(itag)
            text = f"{itag} persentase {FILLER[: 10 + (made * 29) % (90 if long_texts else 45)]}"
            satuan, arah, target, real = (("%", "Naik", 80, 51.43) if made % 3 else ("orang", "Turun", 70, 36))
            note = "Sesuai rencana." if made % 4 == 0 else None
            kinerja.append([s if k == 0 else None, f"{tag} {words}" if k == 0 else None, text, satuan, arah,
                            target, real, note])
        for j in range(1 + s % 2):
            ktag = f"K{len(plan.kegiatan) + 1:03d}"
            plan.kegiatan.append(ktag)
            anggaran.append([len(plan.kegiatan), f"{ktag} kegiatan {FILLER[: 15 + (s * 7) % 40]}", s,
                             20_000_000 + 1_000_000 * s, 6_300_000])
    ident = identitas(**({"Jabatan Pelapor": jabatan, "Jabatan Atasan": jabatan} if jabatan else {}))
    sheets = {"Identitas": ident, "Kinerja": [KINERJA_HEADER, *kinerja], "Anggaran": [ANGGARAN_HEADER, *anggaran]}
    if evaluasi:
        sheets["Narasi"] = [["Evaluasi dan Analisis", evaluasi], ["Hambatan", "Cuaca buruk."],
                            ["Rencana Tindak Lanjut", "Koordinasi ulang."]]
    path = write_workbook(folder / f"{plan.name}.xlsx", sheets)
    return path, plan


# The one allowed exception: a sasaran taller than a page (40 indicators with long texts, then a
# small one), split at row boundaries with "(lanjutan)" on its continuation pages.
TALL = "isian-40-satu-sasaran"
TALL_GROUPS = (40, 2)


def build_sweep(folder: Path, sizes=SWEEP, tall: bool = True) -> dict[Path, Plan]:
    """Each size built twice, short and long texts (the long ones with the 76-character jabatan, and
    at even sizes the 5,400-character Evaluasi), and (`tall`) the tall-sasaran input; output path ->
    what it holds."""
    from lkj_excel.api import build_file

    jobs = [dict(n=n, long_texts=long, jabatan=LONG_JABATAN if long else None,
                 evaluasi=LONG_EVALUASI if long and n % 2 == 0 else None)
            for n in sizes for long in (False, True)]
    if tall:
        jobs.append(dict(n=sum(TALL_GROUPS), long_texts=True, groups=TALL_GROUPS, name=TALL,
                         evaluasi=LONG_EVALUASI))
    built = {}
    for job in jobs:
        src, plan = make_input(folder, **job)
        built[build_file(src, folder / f"LKj-{plan.name}.xlsx", force=True).output] = plan
    return built


def print_pdfs(paths: list[Path], outdir: Path) -> dict[Path, Path]:
    """All workbooks to PDF in one LibreOffice call (a private profile, as parallel runs need)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-pdf-"))
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(profile)}
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
                   check=True, capture_output=True, timeout=600, env=env)
    shutil.rmtree(profile, ignore_errors=True)
    return {p: outdir / (p.stem + ".pdf") for p in paths}


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=120).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


TITLES = {"PERJANJIAN KINERJA TAHUN": "Perjanjian Kinerja", "TABEL CAPAIAN KINERJA": "Capaian Kinerja",
          "REALISASI ANGGARAN KEGIATAN": "Realisasi Anggaran", "TABEL COST PER OUTCOME": "Cost per Outcome",
          "EVALUASI DAN ANALISIS KINERJA": "Narasi", "HASIL VALIDASI ISIAN": "Validasi"}


def sheets_of(pages: list[str]) -> list[tuple[str, list[str]]]:
    """The pages grouped by sheet: a sheet's first page carries its title (the title is not repeated)."""
    out: list[tuple[str, list[str]]] = []
    for page in pages:
        title = next((name for key, name in TITLES.items() if key in page), None)
        if title is not None or not out:
            out.append((title or "?", [page]))
        else:
            out[-1][1].append(page)
    return out


def tokens(page: str, prefix: str) -> set[str]:
    return set(re.findall(rf"\b{prefix}\d{{2,3}}\b", page))
