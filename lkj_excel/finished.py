"""Reading the embedded copy back from a finished workbook (the reading edge of lkj_excel.embedded).

The part is read through the input guard (safety.read_part: zip bombs, encryption, lying sizes, DTDs),
bounded in size, parsed with defusedxml, and its JSON checked field by field by embedded.from_xml_root.
"""

from __future__ import annotations

import os
from pathlib import Path

from .embedded import EmbeddedCopy, EmbeddedCopyError, from_xml_root, is_rekap_marker
from .safety import MiB, UnreadableWorkbook, read_part

PART = "customXml/item1.xml"
MAX_PART = 64 * MiB  # a 200,000-indicator report is about 60 MB of JSON


class RekapWorkbook(Exception):
    """The workbook is a rekap written by lkj-excel, not one unit's report."""


def read_embedded(path: str | os.PathLike) -> EmbeddedCopy | None:
    """The copy a finished workbook carries, or None for a workbook without one (a filled template).
    Raises UnreadableWorkbook for a file that is not a safe workbook, EmbeddedCopyError for a copy that
    is of an unknown version or malformed."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    path = Path(path)
    if not path.is_file():
        raise UnreadableWorkbook(f"Berkas {path} tidak ditemukan.", "tidak-ada")
    data = read_part(path, PART, MAX_PART)
    if data is None:
        return None
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError):
        raise EmbeddedCopyError(f"Salinan data di berkas '{path.name}' rusak; buat ulang workbook dari berkas "
                                "isiannya dengan lkj-excel build.") from None
    if is_rekap_marker(root):
        raise RekapWorkbook(path.name)
    return from_xml_root(root, path.name)
