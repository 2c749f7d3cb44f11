"""The `lkj-excel` group and its entry point. Each command lives in its own module and only imports
`base`; this module gathers them, so imports run one way: base <- commands <- app."""

from __future__ import annotations

import logging
import sys

import click

from .. import __version__
from .base import CONFIG_HELP, CONTEXT, EXIT_UNREADABLE, Group, help_option
from .build import build
from .check import check
from .laporan import laporan
from .office import send, watch
from .rekap import rekap
from .template import template


@click.group(cls=Group, context_settings=CONTEXT)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help=CONFIG_HELP)
@click.option("-v", "--verbose", is_flag=True, help="Tampilkan catatan proses (log) di layar.")
@click.version_option(__version__, "-V", "--version", message="lkj-excel %(version)s",
                      help="Tampilkan versi lalu keluar.")
@help_option
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """lkj-excel: mengubah templat LKj Tribulan yang sudah diisi menjadi workbook laporan kinerja
    yang siap cetak, lengkap dengan pemeriksaan isian.

    \b
    Urutan kerja:
      1. lkj-excel template           (buat templat kosong, lalu isi di Excel)
      2. lkj-excel check ISIAN.xlsx   (periksa isian)
      3. lkj-excel build ISIAN.xlsx   (buat workbook dan dokumen LKj .docx)
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    ctx.obj = {"config_path": config_path}


for _command in (template, check, build, laporan, watch, send, rekap):
    cli.add_command(_command)


def _tolerant_streams() -> None:
    """Redirected or piped output on Windows is cp1252: a "≥" or an emoji in a Kegiatan must print
    as a replacement character, never end the command in UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    _tolerant_streams()
    try:
        cli.main(prog_name="lkj-excel", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Dibatalkan.", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        hint = f"\nLihat 'lkj-excel {exc.ctx.command.name if exc.ctx and exc.ctx.parent else ''} --help'."
        click.echo(f"Galat pemakaian: {exc.format_message()}{hint.replace('  ', ' ')}", err=True)
        sys.exit(EXIT_UNREADABLE)
    except click.ClickException as exc:
        click.echo(f"Galat: {exc.format_message()}", err=True)
        sys.exit(EXIT_UNREADABLE)
