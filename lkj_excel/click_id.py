"""Indonesian for click's own messages (usage errors, help headings), through click's gettext hook.

click builds every user-facing message with `gettext(msgid).format(...)`, where `gettext` is imported
into each of its modules as `_` (and `ngettext` for plurals). Replacing those names with a lookup in
this catalogue translates the message templates themselves, so every option, file and value that
click fills in stays exactly as the user typed it. The msgids mirror click 8.1-8.x (pyproject pins
the upper bound); an unknown msgid falls back to click's English.
"""

from __future__ import annotations

import sys

CATALOGUE: dict[str, str] = {
    "No such option: {name}": "Opsi tidak dikenal: {name}",
    "No such option {name!r}.": "Opsi tidak dikenal: {name!r}.",
    "No such command {name!r}.": "Perintah tidak dikenal: {name!r}.",
    "Did you mean {possibility}?": "Mungkin maksudnya {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mungkin maksudnya salah satu dari: {possibilities}?)",
    "Missing argument": "Argumen belum diisi",
    "Missing option": "Opsi belum diisi",
    "Missing parameter": "Parameter belum diisi",
    "Missing command.": "Perintah belum ditulis.",
    "Missing {param_type}": "{param_type} belum diisi",
    "Missing parameter: {param_name}": "Parameter belum diisi: {param_name}",
    "argument": "argumen",
    "option": "opsi",
    "parameter": "parameter",
    "Invalid value for {param_hint}: {message}": "Nilai untuk {param_hint} tidak sah: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Option {name!r} requires an argument.": "Opsi {name!r} perlu diikuti sebuah nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} perlu diikuti {nargs} nilai.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Got unexpected extra argument ({args})": "Ada argumen berlebih yang tidak dikenal ({args})",
    "Got unexpected extra arguments ({args})": "Ada argumen berlebih yang tidak dikenal ({args})",
    "Argument {name!r} takes {nargs} values.": "Argumen {name!r} perlu {nargs} nilai.",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    # number_type is click's English type name ("integer range"), filled in untranslated: left out
    "{value!r} is not a valid {number_type}.": "{value!r} bukan bilangan yang sah.",
    "integer": "bilangan bulat",
    "integer range": "bilangan bulat",
    "float range": "bilangan",
    "float": "bilangan",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{value!r} is not a valid UUID.": "{value!r} bukan UUID yang sah.",
    "{value!r} does not match the format {format}.": "{value!r} tidak sesuai format {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} tidak sesuai format {formats}.",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "Try '{command} {option}' for help.": "Lihat '{command} {option}' untuk bantuan.",
    "Error: {message}": "Galat: {message}",
    "Aborted!": "Dibatalkan.",
    "Usage:": "Pemakaian:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "default: {default}": "bawaan: {default}",
    "required": "wajib",
}

_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types", "click.formatting",
            "click.decorators", "click.termui", "click.utils")


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Point click's `_` and `ngettext` at the catalogue; call once, before any command runs."""
    import click  # noqa: F401  (loads the modules patched below)

    for name in _MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
