"""Checks on the package of an .xlsx that a schema validator does not make: `openxml-audit` validates
each part against the schema, but a style index past the end of cellXfs or two merged ranges that
overlap are schema-valid, and Excel answers both with "We found a problem with some content"."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def audit_errors(path: Path) -> list[str]:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(path))
    return [str(e) for e in result.errors]


def structural_errors(path: Path) -> list[str]:
    errors = []
    with zipfile.ZipFile(path) as z:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
        xfs = styles.find(f"{NS}cellXfs")
        n_xf = len(xfs) if xfs is not None else 0
        dxfs = styles.find(f"{NS}dxfs")
        n_dxf = len(dxfs) if dxfs is not None else 0
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)):
            sheet = ElementTree.fromstring(z.read(name))
            for el in sheet.iter():
                tag = el.tag.removeprefix(NS)
                if tag in ("c", "row", "col") and "s" in el.attrib and not 0 <= int(el.get("s")) < n_xf:
                    errors.append(f"{name}: {tag} {el.get('r') or el.get('min')} style {el.get('s')} of {n_xf}")
                if tag == "cfRule" and "dxfId" in el.attrib and not 0 <= int(el.get("dxfId")) < n_dxf:
                    errors.append(f"{name}: cfRule dxfId {el.get('dxfId')} of {n_dxf}")
            merges = [_bounds(m.get("ref")) for m in sheet.iter(f"{NS}mergeCell")]
            taken: dict[tuple[int, int], str] = {}
            for (r1, c1, r2, c2), ref in zip(merges, (m.get("ref") for m in sheet.iter(f"{NS}mergeCell"))):
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        if (r, c) in taken:
                            errors.append(f"{name}: merge {ref} overlaps {taken[(r, c)]}")
                            break
                        taken[(r, c)] = ref
                    else:
                        continue
                    break
    return errors


def _bounds(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = _rc(first), _rc(last or first)
    return r1, c1, r2, c2


def _rc(cell: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", cell)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col
