"""`lkj-excel template`: write the blank (or sample-filled) input template."""

from __future__ import annotations

from pathlib import Path

import click

from .base import CONTEXT, EXIT_UNREADABLE, Command, fail, fail_output, help_option


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
    from ..template import TEMPLATE_NAME, TemplatePathError, template_target, write_template

    if dari:
        _next_template(dari, path)
        return

    data = None
    if contoh:
        from ..samples import seed_data

        data = seed_data()

    target = Path(TEMPLATE_NAME)
    try:
        if path:
            target = template_target(path, TEMPLATE_NAME)
        if target.exists():
            fail(f"{target} sudah ada; templat tidak ditulis agar isian Anda tidak tertimpa. "
                 f"Hapus berkas itu atau pilih nama lain.", EXIT_UNREADABLE)
        write_template(target, data)
    except TemplatePathError as exc:
        fail(f"{exc}.", EXIT_UNREADABLE)
    except OSError as exc:
        fail_output(exc, exc.filename or target)
    click.echo(f"Templat ditulis: {target}")


def _next_template(source: str, path: str | None) -> None:
    from ..carry import CarryError, write_next_template
    from ..safety import UnreadableWorkbook

    from ..template import TemplatePathError

    try:
        out = write_next_template(source, path)
    except (CarryError, UnreadableWorkbook) as exc:
        fail(str(exc), EXIT_UNREADABLE)
    except TemplatePathError as exc:
        fail(f"{exc}.", EXIT_UNREADABLE)
    except OSError as exc:
        fail_output(exc)
    click.echo(f"Templat tribulan berikutnya ditulis: {out}")
