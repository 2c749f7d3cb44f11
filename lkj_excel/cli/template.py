"""`lkj-excel template`: write the blank (or sample-filled) input template."""

from __future__ import annotations

from pathlib import Path

import click

from .base import CONTEXT, EXIT_UNREADABLE, Command, fail, help_option


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("path", required=False, type=click.Path(dir_okay=True), default=None, metavar="[BERKAS]")
@click.option("--contoh", is_flag=True, help="Tulis templat yang sudah diisi contoh (data LKj Tribulan II 2023 "
              "Bidang Pengembangan Ketenagakerjaan, Dinas Tenaga Kerja Kab. Lumajang).")
@click.option("--dari", type=click.Path(dir_okay=False), default=None, metavar="ISIAN",
              help="Tulis templat tribulan berikutnya dari isian ini: identitas, indikator, target, kegiatan, "
                   "pagu dan realisasi yang sudah dilaporkan dibawa; hanya sel tribulan baru yang diisi.")
@help_option
def template(path: str | None, contoh: bool, dari: str | None) -> None:
    """Tulis templat isian kosong (bawaan: lkj-template-v2.xlsx di folder ini), atau dengan --dari
    templat tribulan berikutnya (bawaan: di samping isian itu)."""
    from ..template import TEMPLATE_NAME, write_template

    if dari:
        _next_template(dari, path)
        return

    data = None
    if contoh:
        from ..samples import seed_data

        data = seed_data()

    target = Path(path) if path else Path(TEMPLATE_NAME)
    if target.is_dir():
        target = target / TEMPLATE_NAME
    if target.exists():
        fail(f"{target} sudah ada; templat tidak ditulis agar isian Anda tidak tertimpa. "
              f"Hapus berkas itu atau pilih nama lain.", EXIT_UNREADABLE)
    try:
        write_template(target, data)
    except OSError as exc:
        fail(f"tidak dapat menulis {target}: {exc.strerror}", EXIT_UNREADABLE)
    click.echo(f"Templat ditulis: {target}")


def _next_template(source: str, path: str | None) -> None:
    from ..carry import CarryError, write_next_template
    from ..safety import UnreadableWorkbook

    try:
        out = write_next_template(source, path)
    except (CarryError, UnreadableWorkbook) as exc:
        fail(str(exc), EXIT_UNREADABLE)
    except OSError as exc:
        fail(f"tidak dapat menulis templat: {exc.strerror or exc}", EXIT_UNREADABLE)
    click.echo(f"Templat tribulan berikutnya ditulis: {out}")
