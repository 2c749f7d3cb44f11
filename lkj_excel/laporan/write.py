"""From a checked report to the document files: compose the model, render it, write it atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from ..compute import Results
from ..fileops import write_atomic
from ..findings import Finding
from ..model import Report


def document_bytes(report: Report, results: Results, findings: Sequence[Finding] = (), draft: bool = False,
                   template: str | os.PathLike | None = None) -> bytes:
    """The .docx of the LKj document. Raises render.TemplateError for an unusable template."""
    from ..document import compose
    from .context import document_context
    from .render import render_docx

    return render_docx(document_context(compose(report, results, findings, draft)), template)


def check_template(template: str | os.PathLike) -> None:
    """Raise render.TemplateError when `template` cannot make a document: rendered in memory with the
    seed twice, once as a version-1 draft with every Narasi section drafted and once as a year
    workbook, so that a misspelt name in either branch of the default template's conditions is found
    (a tag is only looked up when rendering). The drop folder asks once at its start."""
    import dataclasses

    from ..compute import evaluate
    from ..config import Config
    from ..contract import parse_report
    from ..samples import seed_data, seed_year_data
    from ..template import as_grids

    for data, draft in ((dataclasses.replace(seed_data(), narasi={}), True), (seed_year_data(2), False)):
        read = parse_report(as_grids(data))
        document_bytes(read.report, evaluate(read.report, Config()), read.findings, draft, template)


def write_document(data: bytes, target: str | os.PathLike) -> Path:
    return write_atomic(Path(target), data)
