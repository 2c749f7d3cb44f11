"""Puts the machine-readable copy (lkj_excel.embedded) into the workbook xlsxwriter writes.

Why a custom XML part and not a hidden sheet: a part is not a sheet, so it is not printed, not shown by
"Unhide", not recalculated, not touched by the LibreOffice formula check, and its content is not bound
to a cell layout or to Excel's 32,767-characters-per-cell limit. Excel keeps custom XML parts when it
saves a workbook again; readers that do not know the part ignore it.

xlsxwriter has no API for custom XML parts, so its Packager (which lists the files of the package) is
extended: after the stock package is assembled, the part, its properties part and their relationship
and content-type entries are added. This mirrors xlsxwriter internals (`Workbook._get_packager`,
`Packager._create_package`, `Packager.filenames`, `Packager._filename`), so pyproject pins an upper bound.
"""

from __future__ import annotations

import io

from xlsxwriter.packager import Packager

ITEM = "customXml/item1.xml"
ITEM_PROPS = "customXml/itemProps1.xml"
ITEM_RELS = "customXml/_rels/item1.xml.rels"
# Fixed: the same report must give the same bytes. It identifies the data store item, not the report.
ITEM_ID = "{6C4B4A2E-3F1D-4B7A-9E2C-1A2B3C4D5E6F}"

_CUSTOM_XML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_PROPS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def attach(workbook, part: bytes) -> None:
    """Make `workbook` (an xlsxwriter.Workbook not yet closed) carry `part` as its custom XML item."""
    text = part.decode("ascii")  # embedded.to_xml writes ASCII only
    workbook._get_packager = lambda: _EmbeddingPackager(text)


class _EmbeddingPackager(Packager):
    def __init__(self, item: str):
        super().__init__()
        self._item = item

    def _create_package(self):
        files = super()._create_package()
        self._edit("[Content_Types].xml", "</Types>",
                   f'<Override PartName="/{ITEM_PROPS}" ContentType="{_PROPS_TYPE}"/></Types>')
        self._edit("xl/_rels/workbook.xml.rels", "</Relationships>",
                   f'<Relationship Id="rIdLkjData" Type="{_CUSTOM_XML_REL}" Target="../{ITEM}"/></Relationships>')
        self._add(ITEM, self._item)
        self._add(ITEM_PROPS, _HEAD + (
            f'<ds:datastoreItem ds:itemID="{ITEM_ID}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/>'
            '</ds:datastoreItem>'))
        self._add(ITEM_RELS, _HEAD + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_PROPS_REL}" Target="itemProps1.xml"/></Relationships>'))
        return files

    def _add(self, name: str, text: str) -> None:
        _store(self._filename(name), text)

    def _edit(self, name: str, anchor: str, replacement: str) -> None:
        target = next(entry for entry, xml_name, _ in self.filenames if xml_name == name)
        text = _load(target)
        if text.count(anchor) != 1:
            raise RuntimeError(f"xlsxwriter wrote {name} in an unexpected form")
        _store(target, text.replace(anchor, replacement), replace=True)


def _load(target) -> str:
    if isinstance(target, io.StringIO):
        return target.getvalue()
    with open(target, encoding="utf-8") as fh:
        return fh.read()


def _store(target, text: str, replace: bool = False) -> None:
    if isinstance(target, io.StringIO):
        if replace:
            target.seek(0)
            target.truncate()
        target.write(text)
        return
    with open(target, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
