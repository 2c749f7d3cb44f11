"""`lkj-excel check`: validate inputs without building; text or JSON findings."""

from __future__ import annotations

import json
import sys

import click

from .base import CONTEXT, EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, Command, help_option, load_config_or_exit


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="ISIAN...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Bentuk keluaran: tabel yang mudah dibaca, atau JSON untuk program lain.")
@click.option("--sebelumnya", type=click.Path(dir_okay=False), default=None,
              help="Isian tribulan sebelumnya, untuk memeriksa realisasi kumulatif yang menurun.")
@click.option("--tandai", is_flag=True,
              help="Tulis salinan isian bertanda, '<nama> - perbaiki.xlsx' di samping isian: sel bergalat "
                   "merah, sel berperingatan kuning, masing-masing dengan komentar pesannya, dan lembar "
                   "pertama berisi daftar temuan bertaut ke selnya. Berkas isian tidak diubah.")
@help_option
@click.pass_context
def check(ctx: click.Context, inputs: tuple[str, ...], fmt: str, sebelumnya: str | None, tandai: bool) -> None:
    """Periksa isian tanpa membuat workbook. Keluar 0 bila tanpa galat, 1 bila ada galat,
    2 bila berkas tidak dapat dibaca (atau salinan bertanda tidak dapat dibuat)."""
    from ..api import MarkingError, UnreadableWorkbook, check_and_mark, check_file

    config = load_config_or_exit(ctx)
    results, unreadable = [], False
    for item in inputs:
        try:
            if tandai:
                result = check_and_mark(item, config, sebelumnya).to_dict()
                result.setdefault("marked", None)
                results.append(result)
            else:
                results.append(check_file(item, config, sebelumnya).to_dict())
        except UnreadableWorkbook as exc:
            unreadable = True
            results.append({"file": item, "valid": False, "error": str(exc), "findings": []})
        except MarkingError as exc:
            # The check itself ran; only the copy failed. Report the findings without it.
            unreadable = True
            result = exc.check.to_dict()
            result["marking_error"] = str(exc)
            results.append(result)
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
    from ..findings import SEVERITY_LABEL, where

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
    if result.get("marked"):
        lines.append(f"   Salinan bertanda: {result['marked']}")
    elif "marked" in result and "marking_error" not in result:
        lines.append("   Tidak ada temuan; salinan bertanda tidak dibuat.")
    if "marking_error" in result:
        lines.append(f"   Salinan bertanda tidak dibuat: {result['marking_error']}")
    return "\n".join(lines)
