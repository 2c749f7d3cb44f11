"""`lkj-excel laporan`: the LKj document (.docx, optionally .pdf) alone, and the default Word template
written out for an office to edit."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import (CONTEXT, EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, Command, fail, fail_output, help_option,
                   load_config_or_exit)

TEMPLATE_FILE_NAME = "templat-laporan.docx"


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("source", required=False, type=click.Path(dir_okay=False), metavar="ISIAN|HASIL")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Berkas laporan (.docx) atau folder. Bawaan: di samping berkas isian.")
@click.option("--pdf", is_flag=True, help="Cetak juga ke PDF (perlu LibreOffice). Bawaan dari [laporan] pdf.")
@click.option("--force", is_flag=True, help="Tetap buat laporan walau ada galat; laporan diberi tanda DRAF.")
@click.option("--pakai-templat", type=click.Path(dir_okay=False), default=None, metavar="DOCX",
              help="Templat Word yang dipakai kali ini (bawaan: [laporan] templat, atau templat bawaan).")
@click.option("--templat", "write_to", type=click.Path(), default=None, metavar="BERKAS",
              help="Tulis templat Word bawaan ke BERKAS untuk diubah (kop, logo, huruf, judul bab), lalu "
                   "pakai dengan [laporan] templat = \"BERKAS\".")
@help_option
@click.pass_context
def laporan(ctx: click.Context, source: str | None, output: str | None, pdf: bool, force: bool,
            pakai_templat: str | None, write_to: str | None) -> None:
    """Tulis dokumen LKj Tribulan (.docx) dari berkas isian atau workbook hasil lkj-excel: sampul
    dengan kop, BAB I-III, tabel capaian dan cost per outcome, tanggapan atasan dan lembar
    pengesahan, dengan angka yang sama dengan workbook.
    Keluar 0 bila ditulis, 1 bila isian bergalat, 2 bila berkas atau templat tidak dapat dipakai."""
    if write_to is not None:
        if source is not None:
            fail("--templat menulis templat bawaan dan tidak membaca isian; untuk memakai templat sendiri "
                 "gunakan --pakai-templat DOCX atau [laporan] templat.", EXIT_UNREADABLE)
        _write_template(Path(write_to))
        return
    if source is None:
        fail("sebutkan berkas isian (ISIAN) atau workbook hasil (HASIL), atau --templat BERKAS untuk menulis "
             "templat Word bawaan.",
             EXIT_UNREADABLE)
    import dataclasses

    from ..api import BuildError, document_file
    from ..findings import ERROR, SEVERITY_LABEL, where
    from ..safety import UnreadableWorkbook

    config = load_config_or_exit(ctx)
    if pakai_templat:
        config = dataclasses.replace(config, laporan=dataclasses.replace(config.laporan, templat=pakai_templat))
    name = Path(source).name
    try:
        result = document_file(source, output, config, force, pdf or config.laporan.pdf)
    except (UnreadableWorkbook, BuildError) as exc:
        fail(f"{name}: {exc}", EXIT_UNREADABLE)
    except OSError as exc:
        fail_output(exc)
    if result.document is None:
        errors = [f for f in result.check.findings if f.severity == ERROR]
        click.echo(f"GAGAL  {name}: {len(errors)} galat, laporan tidak dibuat. Perbaiki sel berikut lalu ulangi "
                   f"(atau pakai --force untuk DRAF):", err=True)
        for f in errors:
            click.echo(f"       [{SEVERITY_LABEL[f.severity]}] {where(f.sheet, f.cell)} {f.code}: {f.message}",
                       err=True)
        sys.exit(EXIT_INVALID)
    label = "DRAF " if result.draft else "OK   "
    click.echo(f"{label}  {name} -> {result.document}")
    if result.pdf is not None:
        click.echo(f"       -> {result.pdf}")
    for note in result.notes:
        click.echo(f"       {note}", err=True)
    sys.exit(EXIT_UNREADABLE if result.notes else EXIT_OK)


def _write_template(target: Path) -> None:
    from ..fileops import write_atomic
    from ..laporan import default_template_path

    if target.is_dir() or str(target).endswith(("/", "\\")):
        target = target / TEMPLATE_FILE_NAME
    if target.suffix.lower() != ".docx":
        fail(f"nama templat harus berakhiran .docx: {target}", EXIT_UNREADABLE)
    if target.exists():
        fail(f"{target} sudah ada; templat tidak ditulis agar templat Anda tidak tertimpa. Hapus berkas itu "
             f"atau pilih nama lain.", EXIT_UNREADABLE)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, default_template_path().read_bytes())
    except OSError as exc:
        fail_output(exc, target)
    click.echo(f"Templat laporan ditulis: {target}")
    click.echo("Ubah di Word (kop, logo, huruf, judul bab; biarkan tag {{ ... }} dan {% ... %}), lalu tulis "
               f"di lkj-excel.toml:  [laporan]  templat = \"{target}\"")
