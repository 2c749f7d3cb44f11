"""openpyxl's writer with three repairs, for the marked copy (lkj_excel.marking).

- A formula cell keeps the value the input cached for it. openpyxl writes every formula with an
  empty `<v/>`: Excel recalculates on opening, but readers that do not (calamine, which lkj-excel
  reads with, and most import tools) see an empty cell. Two methods of openpyxl 3.1's writer are
  mirrored here to write `<v>` beside `<f>`; pyproject pins openpyxl below 3.2 because of it.
- Font properties in styles.xml are put in the schema's order (b, i, ..., sz, color, name, family,
  charset, scheme). openpyxl writes name first, which the schema (CT_Font is a sequence) and the
  Open XML SDK validator refuse.
- Text goes into a shared-strings table (`xl/sharedStrings.xml`, `t="s"`), as Excel, LibreOffice and
  xlsxwriter write it. openpyxl 3.1 writes every text cell inline (`t="inlineStr"`), which Excel
  rewrites on its next save and openxml-audit reports.
tests/test_marking.py checks all three.
"""

from __future__ import annotations

import datetime as dt
import re
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.cell._writer import write_cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.writer.excel import ExcelWriter
from openpyxl.cell.rich_text import CellRichText
from openpyxl.xml.constants import ARC_SHARED_STRINGS, ARC_STYLE, ARC_WORKBOOK_RELS, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import Element, SubElement, tostring, whitespace

# (sheet title, "G5") -> (cached value, openpyxl data type of that value: n, s, b, e, d)
Cached = dict[tuple[str, str], tuple[object, str]]


def save_with_cached_values(book, cached: Cached, filename) -> None:
    """openpyxl's save_workbook, keeping the workbook's own modification time (the copy is the
    same document) and writing cached formula values."""
    with _Archive(filename, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _Writer(book, archive, cached).save()


_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
               "name", "family", "charset", "scheme")
_FONT = re.compile(rb"<font>(.*?)</font>", re.S)
_EMPTY_CHILD = re.compile(rb"<(\w+)\b[^<>]*/>")


_SST_REL = ('<Relationship Id="rIdLkjSst" Target="sharedStrings.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>').encode()


class _Archive(ZipFile):
    has_strings = False  # set once the worksheets put text in the shared-strings table

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        if name == ARC_STYLE:
            data = _fonts_in_schema_order(data if isinstance(data, bytes) else data.encode("utf-8"))
        elif name == ARC_WORKBOOK_RELS and self.has_strings:
            data = data if isinstance(data, bytes) else data.encode("utf-8")
            head, sep, tail = data.rpartition(b"</Relationships>")
            data = head + _SST_REL + sep + tail if sep else data
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)


class _SharedStringsPart:  # what openpyxl's Manifest.append needs to list a part
    path = "/" + ARC_SHARED_STRINGS
    mime_type = SHARED_STRINGS


def _fonts_in_schema_order(xml: bytes) -> bytes:
    rank = {name.encode(): i for i, name in enumerate(_FONT_ORDER)}

    def reorder(match: re.Match) -> bytes:
        inner = match.group(1)
        elements = [m.group(0) for m in _EMPTY_CHILD.finditer(inner)]
        if b"".join(elements) != inner:
            return match.group(0)  # not the flat shape openpyxl writes: leave it as it is
        elements.sort(key=lambda e: rank.get(_EMPTY_CHILD.match(e).group(1), len(rank)))
        return b"<font>" + b"".join(elements) + b"</font>"

    return _FONT.sub(reorder, xml)


class _Writer(ExcelWriter):
    def __init__(self, workbook, archive, cached: Cached):
        super().__init__(workbook, archive)
        self._cached = cached
        self._strings: dict[str, int] = {}

    def _write_worksheets(self):
        super()._write_worksheets()
        if self._strings:
            sst = Element("sst", {"xmlns": SHEET_MAIN_NS, "count": str(len(self._strings)),
                                  "uniqueCount": str(len(self._strings))})
            for text in self._strings:  # dicts keep insertion order: the index order
                t = SubElement(SubElement(sst, "si"), "t")
                t.text = text
                whitespace(t)
            self._archive.writestr(ARC_SHARED_STRINGS, tostring(sst))
            self._archive.has_strings = True
            self.manifest.append(_SharedStringsPart())

    def write_worksheet(self, ws):  # openpyxl 3.1 ExcelWriter.write_worksheet, non-write-only branch
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, {ref: v for (title, ref), v in self._cached.items() if title == ws.title},
                              self._strings)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


class _SheetWriter(WorksheetWriter):
    def __init__(self, ws, cached: dict[str, tuple[object, str]], strings: dict[str, int]):
        self._cached = cached
        self._strings = strings
        super().__init__(ws)

    def write_row(self, xf, row, row_idx):  # openpyxl 3.1 WorksheetWriter.write_row
        attrs = {"r": f"{row_idx}"}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        with xf.element("row", attrs):
            for cell in row:
                if cell._comment is not None:
                    self.ws._comments.append(CommentRecord.from_cell(cell))
                if cell._value is None and not cell.has_style and not cell._comment:
                    continue
                if cell.data_type == "s" and isinstance(cell._value, str) \
                        and not isinstance(cell._value, CellRichText):
                    xf.write(_shared_string_cell(cell, self._strings))
                    continue
                hit = self._cached.get(cell.coordinate) if cell.data_type == "f" else None
                if hit is None or not isinstance(cell._value, (str, ArrayFormula)):
                    write_cell(xf, self.ws, cell, cell.has_style)
                else:
                    xf.write(_formula_cell(cell, *hit))


def _shared_string_cell(cell, strings: dict[str, int]):
    attrs = {"r": cell.coordinate, "t": "s"}
    if cell.has_style:
        attrs["s"] = f"{cell.style_id}"
    if cell.hyperlink:  # openpyxl's write_cell collects the links this way; keep doing it
        cell.parent._hyperlinks.append(cell.hyperlink)
    el = Element("c", attrs)
    SubElement(el, "v").text = str(strings.setdefault(cell._value, len(strings)))
    return el


def _formula_cell(cell, value: object, kind: str):
    attrs = {"r": cell.coordinate}
    if cell.has_style:
        attrs["s"] = f"{cell.style_id}"
    if kind == "d" or isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        value = to_excel(value, cell.parent.parent.epoch)
    elif kind == "b" or isinstance(value, bool):
        attrs["t"], value = "b", int(bool(value))
    elif kind == "e":
        attrs["t"] = "e"
    elif isinstance(value, str):
        attrs["t"] = "str"
    el = Element("c", attrs)
    formula = cell._value
    if isinstance(formula, ArrayFormula):
        f = SubElement(el, "f", dict(formula))
        f.text = formula.text[1:] if formula.text.startswith("=") else formula.text
    else:
        f = SubElement(el, "f")
        f.text = formula[1:]
    SubElement(el, "v").text = value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
    return el
