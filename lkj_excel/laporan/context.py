"""The `Document` as the plain values a Word template's tags read (pure: no I/O).

Only dicts, lists, strings and booleans reach the template, never a model object, so a tag in an
office's template can read the report and nothing else. The names are the template's vocabulary
(README, "The LKj document"): `identitas`, `cover`, `kop`, `periode`, `headings`, `narasi.<name>`,
`tables.<pk|kegiatan|capaian|cost>.rows`/`.total`, `pengesahan`, `checklist`, `draft`, `draft_note`,
`rencana_aksi` (a year workbook: the capaian rows also carry `target_sd` and `capaian_sd`).
"""

from __future__ import annotations

from typing import Any

from ..document import Document, Narrative, Table


def document_context(doc: Document) -> dict[str, Any]:
    return {
        "identitas": dict(doc.identitas),
        "cover": dict(doc.cover),
        "kop": dict(doc.kop),
        "periode": doc.periode,
        "headings": dict(doc.headings),
        "narasi": {name: _narrative(n) for name, n in doc.narasi.items()},
        "tables": {name: _table(t) for name, t in doc.tables.items()},
        "pengesahan": dict(doc.pengesahan),
        "checklist": list(doc.checklist),
        "draft": doc.draft,
        "draft_note": doc.draft_note,
        "rencana_aksi": doc.rencana_aksi,
    }


def _narrative(n: Narrative) -> dict[str, Any]:
    # `plain` and `marked` split each block's text by who wrote it, so the template can highlight
    # lkj-excel's drafts without a condition around every run.
    blocks = [{"text": b.text, "label": b.label, "draft": b.draft,
               "plain": "" if b.draft else b.text, "marked": b.text if b.draft else ""} for b in n.blocks]
    return {"blocks": blocks, "drafted": n.drafted}


def _table(t: Table) -> dict[str, Any]:
    rows = []
    for row in t.rows:
        shown = dict(row)
        if "sasaran" in shown:
            # the seed's capaian table numbers the sasaran inside its cell: "1. Meningkatnya ..."
            no = shown.get("no", "")
            shown["no_sasaran"] = f"{no}. {shown['sasaran']}" if no and shown["sasaran"] else shown["sasaran"]
        rows.append(shown)
    return {"rows": rows, "total": dict(t.total) if t.total is not None else {}}
