"""The LKj Tribulan document (the report the office signs) as data: no I/O here.

`compose(report, results, findings)` gives a `Document` whose every number comes from the one
`compute.Results`; the docx edge (lkj_excel/docx/) renders it through a Word template.
"""

from .compose import compose
from .model import HEADINGS, Block, Document, Narrative, Table

__all__ = ["HEADINGS", "Block", "Document", "Narrative", "Table", "compose"]
