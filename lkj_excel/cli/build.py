"""`lkj-excel build`: validate and write finished workbooks, one or many."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import CONTEXT, EXIT_OK, EXIT_UNREADABLE, Command, fail, help_option, load_config_or_exit


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="ISIAN...")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Berkas hasil (.xlsx) atau folder hasil. Bawaan: di samping berkas isian.")
@click.option("--force", is_flag=True, help="Tetap buat workbook walau ada galat; setiap lembar diberi tanda DRAF.")
@click.option("--sebelumnya", type=click.Path(dir_okay=False), default=None,
              help="Isian tribulan sebelumnya, untuk memeriksa realisasi kumulatif yang menurun.")
@click.option("--pdf", is_flag=True,
              help="Cetak juga dokumen LKj ke PDF (perlu LibreOffice). Bawaan dari [laporan] pdf.")
@click.option("--tanpa-laporan", is_flag=True,
              help="Hanya workbook, tanpa dokumen LKj (.docx). Bawaan dari [laporan] dokumen.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Jumlah berkas yang dikerjakan bersamaan (sebanyak inti prosesor).")
@help_option
@click.pass_context
def build(ctx: click.Context, inputs: tuple[str, ...], output: str | None, force: bool,
          sebelumnya: str | None, pdf: bool, tanpa_laporan: bool, jobs: int) -> None:
    """Baca isian, periksa, lalu tulis workbook laporan kinerja yang sudah jadi, dan di sampingnya
    dokumen LKj (.docx) yang siap ditandatangani.
    Keluar 0 bila semua ditulis, 1 bila ada isian bergalat (tidak ditulis), 2 bila berkas tidak dapat
    dibaca (atau PDF yang diminta tidak dapat dibuat), 3 bila workbook ditulis tetapi dokumen LKj-nya
    tidak; dari beberapa berkas, yang terburuk (2, lalu 3, lalu 1)."""
    from ..batch import SEVERITY, build_many

    config = load_config_or_exit(ctx)
    if output and len(inputs) > 1 and Path(output).suffix.lower() == ".xlsx":
        fail("dengan lebih dari satu berkas isian, -o harus berupa folder.", EXIT_UNREADABLE)
    worst = EXIT_OK
    document = config.laporan.dokumen and not tanpa_laporan
    pdf = pdf or (config.laporan.pdf and document)
    for outcome in build_many(inputs, output, config, force, sebelumnya, jobs, document or pdf, pdf):
        click.echo(outcome.message, err=outcome.code != EXIT_OK)
        worst = max(worst, outcome.code, key=SEVERITY.__getitem__)
    sys.exit(worst)
