"""`lkj-excel rekap`: parse, call lkj_excel.rekap.make_rekap, turn its outcome into lines and an exit code."""

from __future__ import annotations

import os
import sys

import click

from .base import CONFIG_HELP, CONTEXT, EXIT_UNREADABLE, Command, fail, help_option, load_config_or_exit


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(), metavar="MASUKAN...")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="Berkas rekap yang ditulis (.xlsx), misalnya Rekap.xlsx.")
@click.option("--force", is_flag=True, help="Ikutkan isian yang masih bergalat; rekap diberi tanda DRAF.")
@click.option("--penyusun", default=None, help="Nama penyusun rekap untuk blok tanda tangan (bawaan: [rekap] di "
              "lkj-excel.toml).")
@click.option("-j", "--jobs", type=click.IntRange(min=1, max=61), default=None,
              help="Jumlah berkas yang dibaca bersamaan (bawaan: jumlah inti prosesor, paling banyak 61).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help=CONFIG_HELP)
@help_option
@click.pass_context
def rekap(ctx, inputs, output, force, penyusun, jobs, config_path) -> None:
    """Gabungkan laporan banyak unit (berkas isian atau workbook hasil; berkas atau folder) menjadi satu
    workbook rekap. Keluar 0 bila semua lolos, 1 bila ada isian bergalat (tidak ikut direkap, kecuali
    --force), 2 bila ada berkas yang tidak dapat dibaca."""
    from dataclasses import replace

    from ..rekap import MAX_JOBS, NoInputs, config_penyusun, make_rekap

    config = load_config_or_exit(ctx, config_path)
    if not output.lower().endswith(".xlsx"):
        fail("nama berkas rekap harus berakhiran .xlsx.", EXIT_UNREADABLE)
    signer = config_penyusun(config)
    if penyusun:
        signer = replace(signer, nama=penyusun)
    try:
        outcome = make_rekap(inputs, output, config, jobs=jobs or min(os.cpu_count() or 1, MAX_JOBS),
                             force=force, penyusun=signer)
    except NoInputs as exc:
        fail(str(exc), EXIT_UNREADABLE)
    except OSError as exc:
        fail(f"tidak dapat menulis {output}: {exc.strerror or exc}", EXIT_UNREADABLE)
    r = outcome.rekap
    for issue in r.issues:
        if issue.severity != "info":
            name = os.path.basename(issue.source) if issue.source else "-"
            click.echo(f"[{issue.severity}] {issue.kind}: {name}: {issue.message}", err=True)
    if outcome.output is None:
        click.echo(f"GAGAL  tidak ada laporan yang dapat direkap dari {outcome.files} berkas; rekap tidak ditulis.",
                   err=True)
    else:
        draft = " (DRAF)" if r.draft else ""
        click.echo(f"REKAP  {len(r.entries)} laporan unit dari {outcome.files} berkas -> {outcome.output}{draft}")
    sys.exit(outcome.exit_code)
