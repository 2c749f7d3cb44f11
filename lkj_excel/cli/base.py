"""What every `lkj-excel` command shares: Indonesian help formatting, exit codes, failing with a
message, loading the configuration. Imports nothing from the commands, so there is no cycle."""

from __future__ import annotations

import sys

import click

from ..click_id import install as _indonesian_click

# Before any command is defined: click translates some words ("file", "directory") when a
# parameter type is built, not when the error is shown.
_indonesian_click()

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2

_HEADINGS = {"Options": "Opsi", "Commands": "Perintah", "Arguments": "Argumen"}


class Formatter(click.HelpFormatter):
    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args, prefix="Pemakaian: ")

    def write_heading(self, heading):
        super().write_heading(_HEADINGS.get(heading, heading))


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    context_class = Context
    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def help_option(f):
    return click.help_option("-h", "--help", help="Tampilkan bantuan ini lalu keluar.")(f)


def load_config_or_exit(ctx: click.Context, config_path: str | None = None):
    """The command's own --config wins over the group's; a bad config is exit 2 with its message."""
    from ..config import ConfigError, load_config

    path = config_path or (ctx.obj or {}).get("config_path")
    try:
        return load_config(path)
    except ConfigError as exc:
        fail(str(exc), EXIT_UNREADABLE)


def fail(message: str, code: int):
    click.echo(f"Galat: {message}", err=True)
    sys.exit(code)


def fail_output(exc: OSError, path=None):
    """Every command's answer to an output it cannot write (missing folder, a file where a folder
    belongs, a folder where the file belongs, no permission): one Indonesian sentence naming the
    path, exit 2."""
    from ..oserrors import not_written

    fail(f"{not_written(path, exc)}.", EXIT_UNREADABLE)


CONFIG_HELP = "Berkas konfigurasi lkj-excel.toml (bawaan: $LKJ_EXCEL_CONFIG atau ./lkj-excel.toml)."
