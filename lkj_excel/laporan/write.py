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


def write_document(data: bytes, target: str | os.PathLike) -> Path:
    return write_atomic(Path(target), data)
