"""The `lkj-excel` command: each subcommand parses its options, calls one library function, and turns
its errors into an Indonesian message and an exit code.

Exit codes: 0 done; 1 the input has validation errors; 2 the input cannot be read, or bad usage.
Heavy modules (pandas, xlsxwriter) are imported inside the commands that need them.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from . import __version__
from .click_id import install as _indonesian_click

_indonesian_click()  # click's own usage errors ("No such option", "Missing argument") in Indonesian

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
log = logging.getLogger("lkj_excel")

_HEADINGS = {"Options": "Opsi", "Commands": "Perintah", "Arguments": "Argumen"}


class _Formatter(click.HelpFormatter):
    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args, prefix="Pemakaian: ")

    def write_heading(self, heading):
        super().write_heading(_HEADINGS.get(heading, heading))


class _Context(click.Context):
    formatter_class = _Formatter


class _Command(click.Command):
    context_class = _Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    context_class = _Context
    command_class = _Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _help_option(f):
    return click.help_option("-h", "--help", help="Tampilkan bantuan ini lalu keluar.")(f)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Berkas konfigurasi lkj-excel.toml (bawaan: $LKJ_EXCEL_CONFIG atau ./lkj-excel.toml).")
@click.option("-v", "--verbose", is_flag=True, help="Tampilkan catatan proses (log) di layar.")
@click.version_option(__version__, "-V", "--version", message="lkj-excel %(version)s",
                      help="Tampilkan versi lalu keluar.")
@_help_option
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """lkj-excel: mengubah templat LKj Tribulan yang sudah diisi menjadi workbook laporan kinerja
    yang siap cetak, lengkap dengan pemeriksaan isian.

    \b
    Urutan kerja:
      1. lkj-excel template           (buat templat kosong, lalu isi di Excel)
      2. lkj-excel check ISIAN.xlsx   (periksa isian)
      3. lkj-excel build ISIAN.xlsx   (buat workbook laporan)
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    ctx.obj = {"config_path": config_path}


def _config(ctx: click.Context):
    from .config import ConfigError, load_config

    try:
        return load_config(ctx.obj.get("config_path"))
    except ConfigError as exc:
        _fail(str(exc), EXIT_UNREADABLE)


def _fail(message: str, code: int):
    click.echo(f"Galat: {message}", err=True)
    sys.exit(code)


@cli.command(context_settings=CONTEXT)
@click.argument("path", required=False, type=click.Path(dir_okay=True), default=None, metavar="[BERKAS]")
@click.option("--contoh", is_flag=True, help="Tulis templat yang sudah diisi contoh (data LKj Tribulan II 2023 "
              "Bidang Pengembangan Ketenagakerjaan, Dinas Tenaga Kerja Kab. Lumajang).")
@_help_option
def template(path: str | None, contoh: bool) -> None:
    """Tulis templat isian kosong (bawaan: lkj-template-v1.xlsx di folder ini)."""
    from .template import TEMPLATE_NAME, write_template

    data = None
    if contoh:
        from .samples import seed_data

        data = seed_data()

    target = Path(path) if path else Path(TEMPLATE_NAME)
    if target.is_dir():
        target = target / TEMPLATE_NAME
    if target.exists():
        _fail(f"{target} sudah ada; templat tidak ditulis agar isian Anda tidak tertimpa. "
              f"Hapus berkas itu atau pilih nama lain.", EXIT_UNREADABLE)
    try:
        write_template(target, data)
    except OSError as exc:
        _fail(f"tidak dapat menulis {target}: {exc.strerror}", EXIT_UNREADABLE)
    click.echo(f"Templat ditulis: {target}")


@cli.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="ISIAN...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Bentuk keluaran: tabel yang mudah dibaca, atau JSON untuk program lain.")
@click.option("--sebelumnya", type=click.Path(dir_okay=False), default=None,
              help="Isian tribulan sebelumnya, untuk memeriksa realisasi kumulatif yang menurun.")
@_help_option
@click.pass_context
def check(ctx: click.Context, inputs: tuple[str, ...], fmt: str, sebelumnya: str | None) -> None:
    """Periksa isian tanpa membuat workbook. Keluar 0 bila tanpa galat, 1 bila ada galat,
    2 bila berkas tidak dapat dibaca."""
    from .api import UnreadableWorkbook, check_file

    config = _config(ctx)
    results, unreadable = [], False
    for item in inputs:
        try:
            results.append(check_file(item, config, sebelumnya).to_dict())
        except UnreadableWorkbook as exc:
            unreadable = True
            results.append({"file": item, "valid": False, "error": str(exc), "findings": []})
    if fmt == "json":
        # Bytes go to the binary stream: JSON is UTF-8 whatever the console's code page is.
        click.echo(json.dumps(results, ensure_ascii=False, indent=2).encode("utf-8"))
    else:
        for result in results:
            click.echo(_format_result(result))
    if unreadable:
        sys.exit(EXIT_UNREADABLE)
    sys.exit(EXIT_OK if all(r["valid"] for r in results) else EXIT_INVALID)


def _format_result(result: dict) -> str:
    from .findings import SEVERITY_LABEL, where

    lines = [f"== {result['file']}"]
    if "error" in result:
        lines.append(f"   tidak dapat dibaca: {result['error']}")
        return "\n".join(lines)
    findings = result["findings"]
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning", "info")}
    status = "LOLOS" if result["valid"] else "TIDAK LOLOS"
    lines.append(f"   {status}: {counts['error']} galat, {counts['warning']} peringatan, {counts['info']} info")
    for f in findings:
        lines.append(f"   [{SEVERITY_LABEL[f['severity']]}] {where(f['sheet'], f['cell'])} {f['code']}: {f['message']}")
    return "\n".join(lines)


@cli.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="ISIAN...")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Berkas hasil (.xlsx) atau folder hasil. Bawaan: di samping berkas isian.")
@click.option("--force", is_flag=True, help="Tetap buat workbook walau ada galat; setiap lembar diberi tanda DRAF.")
@click.option("--sebelumnya", type=click.Path(dir_okay=False), default=None,
              help="Isian tribulan sebelumnya, untuk memeriksa realisasi kumulatif yang menurun.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Jumlah berkas yang dikerjakan bersamaan (sebanyak inti prosesor).")
@_help_option
@click.pass_context
def build(ctx: click.Context, inputs: tuple[str, ...], output: str | None, force: bool,
          sebelumnya: str | None, jobs: int) -> None:
    """Baca isian, periksa, lalu tulis workbook laporan kinerja yang sudah jadi.
    Keluar 0 bila semua ditulis, 1 bila ada isian bergalat (tidak ditulis), 2 bila berkas tidak dapat dibaca."""
    from .batch import build_many

    config = _config(ctx)
    if output and len(inputs) > 1 and Path(output).suffix.lower() == ".xlsx":
        _fail("dengan lebih dari satu berkas isian, -o harus berupa folder.", EXIT_UNREADABLE)
    worst = EXIT_OK
    for outcome in build_many(inputs, output, config, force, sebelumnya, jobs):
        click.echo(outcome.message, err=outcome.code != EXIT_OK)
        worst = max(worst, outcome.code)
    sys.exit(worst)


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


from .cli_office import send, watch  # noqa: E402  (registered after cli is defined)
cli.add_command(watch)
cli.add_command(send)
