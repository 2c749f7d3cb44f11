"""`lkj-excel watch` and `lkj-excel send`: the office commands (drop folder, mail).

The library modules are imported inside the commands, so `lkj-excel --help` stays fast.
"""

from __future__ import annotations

import os
import sys

import click

from .base import (CONFIG_HELP, CONTEXT, EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, Command, fail, fail_output,
                   help_option, load_config_or_exit)


def _echo(line: str, is_error: bool) -> None:
    click.echo(line, err=is_error)


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("root", type=click.Path(file_okay=False))
@click.option("--once", is_flag=True,
              help="Proses berkas yang sudah ada di folder masuk, kirim email yang tertunda, lalu keluar "
                   "(untuk Task Scheduler atau cron).")
@click.option("--poll", type=click.FloatRange(min=0.5), default=None, metavar="DETIK",
              help="Periksa folder masuk tiap DETIK detik, untuk folder jaringan yang tidak mengirim "
                   "peristiwa folder.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Jumlah berkas yang dikerjakan bersamaan (bawaan: jumlah inti prosesor).")
@click.option("--status", "show_status", is_flag=True,
              help="Tampilkan ringkasan jurnal (jumlah per status, email yang menunggu atau gagal) lalu keluar.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help=CONFIG_HELP)
@help_option
@click.pass_context
def watch(ctx: click.Context, root: str, once: bool, poll: float | None, jobs: int | None, show_status: bool,
          config_path: str | None) -> None:
    """Awasi folder ROOT: isian yang disimpan di ROOT/masuk dibuat menjadi workbook laporan di ROOT/hasil,
    di sampingnya dokumen LKj (.docx; juga .pdf bila [laporan] pdf = true), berkas aslinya dipindah ke
    ROOT/arsip, lalu hasilnya dikirim lewat email bila [smtp] diatur (lampirannya: [laporan] lampiran).
    Isian yang bergalat atau bukan workbook dipindah ke ROOT/perlu-perbaikan beserta catatan perbaikannya
    dan, bila bergalat, salinannya dengan sel bermasalah ditandai (<nama> - perbaiki.xlsx).

    Log tersimpan di ROOT/lkj-excel.log; jurnal dan kunci di disk komputer ini (bukan di folder
    jaringan; LKJ_EXCEL_STATE memilih foldernya). {stop}
    Keluar 0 bila selesai; dengan --once, 1 bila ada isian yang ditolak;
    2 bila folder atau pengaturan tidak dapat dipakai."""
    config = load_config_or_exit(ctx, config_path)
    from ..watch import WatchError, WatchOptions, format_status, read_status
    from ..watch import watch as run_watch

    try:
        if show_status:
            for line in format_status(read_status(root, config)):
                click.echo(line)
            sys.exit(EXIT_OK)
        summary = run_watch(root, config, WatchOptions(once=once, poll=poll, jobs=jobs), echo=_echo)
    except WatchError as exc:
        fail(str(exc), EXIT_UNREADABLE)
    except OSError as exc:
        fail_output(exc, exc.filename or root)
    except Exception as exc:  # never a traceback for office staff; the log has the details
        fail(f"kesalahan tak terduga ({type(exc).__name__}: {exc}); lihat {os.path.join(root, 'lkj-excel.log')}",
              EXIT_UNREADABLE)
    sys.exit(EXIT_INVALID if once and summary.rejected else EXIT_OK)


def _stop_sentence() -> str:
    from ..office.signals import stop_help

    return stop_help()


# The stop sentence depends on the system: Windows has no SIGTERM.
watch.help = (watch.help or "").replace("{stop}", _stop_sentence())


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--to", "to", multiple=True, metavar="ALAMAT",
              help="Penerima; boleh diulang atau dipisah koma (bawaan: smtp.default_recipients).")
@click.option("--cc", multiple=True, metavar="ALAMAT", help="Tembusan; boleh diulang atau dipisah koma.")
@click.option("--dry-run", is_flag=True, help="Jangan kirim: tulis email sebagai berkas .eml untuk diperiksa.")
@click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
              help="Folder untuk berkas .eml dengan --dry-run (bawaan: folder saat ini).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help=CONFIG_HELP)
@help_option
@click.pass_context
def send(ctx: click.Context, files: tuple[str, ...], to: tuple[str, ...], cc: tuple[str, ...], dry_run: bool,
         output: str | None, config_path: str | None) -> None:
    """Kirim workbook laporan yang sudah jadi lewat email, satu email per workbook, dengan subjek dan
    ringkasan capaian dari workbook itu. Pengaturan server di [smtp] lkj-excel.toml atau variabel
    LKJ_SMTP_*; sandi hanya dari variabel lingkungan.
    Keluar 0 bila semua terkirim, 2 bila ada berkas yang tidak dapat dibaca atau dikirim,
    atau pengaturan salah."""
    config = load_config_or_exit(ctx, config_path)
    from ..summary import SendSetupError, send_workbooks

    try:
        outcomes = send_workbooks(files, to=to, cc=cc, config=config, environ=os.environ, dry_run=dry_run,
                                  eml_dir=output)
    except SendSetupError as exc:
        fail(str(exc), EXIT_UNREADABLE)
    for outcome in outcomes:
        click.echo(outcome.line, err=not outcome.ok)
    sys.exit(EXIT_OK if all(o.ok for o in outcomes) else EXIT_UNREADABLE)
