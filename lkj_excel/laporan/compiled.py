"""A Word template made ready once, rendered many times: docxtpl's work split at the point where
the report comes in.

docxtpl (DocxTemplate.render + save) redoes everything on every render: python-docx parses the
package, docxtpl's regex passes clean the XML (patch_xml), Jinja compiles the whole document.xml,
and python-docx serialises and re-zips every part. Only the Jinja render and what follows it depend
on the report. `Compiled` does the rest once per template content and keeps, per process:
- each rendered part (document body, headers, footers, footnotes) as a compiled Jinja template of
  docxtpl's own patched XML (DocxTemplate.patch_xml);
- every other member of the package as the bytes the template holds, already deflated.

A render then runs what docxtpl runs after Jinja, with docxtpl's own functions, in its order:
tag braces `{_{` back to `{{`, resolve_listing (only when a tab, newline or break character is
left: it changes nothing else). For the body, docxtpl then parses the whole rendered XML for
fix_tables and the wp:docPr renumbering; when shape.plain_body has proved that neither can change
anything (the shipped template), the body goes into the template's serialised w:document as text,
otherwise it takes docxtpl's parse and gives docxtpl's bytes. Either way word/document.xml is the
XML docxtpl gives (tests/test_document_render.py compares them); the other members keep the
template's own bytes instead of python-docx's re-serialisation of them, and are written with fixed
timestamps, so the same input gives the same file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

DOCUMENT = "word/document.xml"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_LISTING_CHARS = ("\t", "\a", "\n", "\f")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# The core properties docxtpl renders (DocxTemplate.render_properties).
_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_JINJA = ("{{", "{%", "{#")


def _parser() -> etree.XMLParser:
    # python-docx's own settings (docx.oxml.parser.oxml_parser): the template is read as docxtpl reads it
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@dataclass
class _Part:
    member: str  # zip member name, word/header1.xml
    label: str  # where it is, in Indonesian, for messages
    source: str  # docxtpl-patched XML, as compiled
    template: Any  # compiled jinja2 Template
    kind: str  # "body", "xml" (header/footer: re-serialised as python-docx does), "raw" (footnotes)


@dataclass
class _Plain:
    """How a body that shape.plain_body accepts goes into word/document.xml as text: the template's
    w:document serialised around it, and the body's start tag without the namespace declarations
    that w:document already makes (tostring of the body repeats them)."""

    start_tag: str
    prefix: bytes
    suffix: bytes


class PartError(Exception):
    """A Jinja or XML error while making or rendering one part; `label` says which."""

    def __init__(self, exc: Exception, label: str):
        super().__init__(str(exc))
        self.exc = exc
        self.label = label


class Compiled:
    """One template, ready to render: build with `Compiled.make(tpl, data, env, label_of)`."""

    def __init__(self, parts: list[_Part], static_zip: bytes, document_xml: bytes,
                 properties: dict[str, Any], core_xml: bytes | None, order: list[str], plain: _Plain | None):
        self.parts = parts
        self.plain = plain  # None: the body takes docxtpl's parse, fix_tables and docPr renumbering
        self.static_zip = static_zip
        self.document_xml = document_xml
        self.properties = properties
        self.core_xml = core_xml
        self.order = order

    @classmethod
    def make(cls, tpl, data: bytes, env, label_of) -> "Compiled":
        """`tpl` is the DocxTemplate of `data`, loaded (init_docx) and not rendered."""
        from docx.opc.oxml import parse_xml as parse_part

        patch = tpl.patch_xml
        parts = [_compile(DOCUMENT, label_of(DOCUMENT), patch(tpl.get_xml()), "body", env)]
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _, part in tpl.get_headers_footers(uri):
                member = str(part.partname).lstrip("/")
                xml = tpl.xml_to_string(parse_part(part.blob))
                parts.append(_compile(member, label_of(member), patch(xml), "xml", env))
        for part in tpl.docx.part.package.parts:
            if part.content_type == _FOOTNOTES:
                member = str(part.partname).lstrip("/")
                blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                parts.append(_compile(member, label_of(member), patch(blob), "raw", env))
        properties, core_xml = {}, None
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = [i.filename for i in z.infolist()]
            if "docProps/core.xml" in names:
                core_xml = z.read("docProps/core.xml")
                properties = _compile_properties(core_xml, env)
            rendered = {p.member for p in parts} | ({"docProps/core.xml"} if properties else set())
            document_xml = z.read(DOCUMENT)
            static = io.BytesIO()
            with zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as out:
                for name in names:
                    if name not in rendered and not name.endswith("/"):
                        out.writestr(_info(name), z.read(name))
        plain = _plain(parts[0].source, document_xml, env)
        return cls(parts, static.getvalue(), document_xml, properties, core_xml,
                   [n for n in names if n in rendered], plain)

    def render(self, context: dict[str, Any]) -> bytes:
        rendered: dict[str, bytes] = {}
        for part in self.parts:
            try:
                xml = _after_jinja(part.template.render(context))
                if part.kind == "body":
                    rendered[part.member] = self._document(xml)
                elif part.kind == "xml":
                    from docx.opc.oxml import parse_xml as parse_part

                    rendered[part.member] = etree.tostring(parse_part(xml.encode("utf-8")), encoding="UTF-8",
                                                           standalone=True)
                else:
                    rendered[part.member] = xml.encode("utf-8")
            except Exception as exc:
                raise PartError(exc, part.label) from None
        if self.properties:
            rendered["docProps/core.xml"] = self._core(context)
        out = io.BytesIO()
        out.write(self.static_zip)
        # level 3: a third of level 6's time on a 1 MB document.xml, 16% larger
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=3) as z:
            for name in self.order:
                z.writestr(_info(name), rendered[name])
        return out.getvalue()

    def _document(self, body_xml: str) -> bytes:
        plain = self.plain
        if plain is not None and body_xml.startswith(plain.start_tag):
            return plain.prefix + ("<w:body>" + body_xml[len(plain.start_tag):]).encode("utf-8") + plain.suffix
        from docxtpl import DocxTemplate

        tree = DocxTemplate.fix_tables(None, body_xml)  # uses nothing of the instance
        renumber = _DocPrIds()
        DocxTemplate.fix_docpr_ids(renumber, tree)
        root = etree.fromstring(self.document_xml, _parser())
        body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
        root.replace(body, tree)
        return etree.tostring(root, encoding="UTF-8", standalone=True)

    def _core(self, context: dict[str, Any]) -> bytes:
        from docx.opc.packuri import PackURI
        from docx.opc.parts.coreprops import CorePropertiesPart

        part = CorePropertiesPart.load(PackURI("/docProps/core.xml"),
                                       "application/vnd.openxmlformats-package.core-properties+xml",
                                       self.core_xml, None)
        props = part.core_properties
        for name, template in self.properties.items():
            try:
                setattr(props, name, template.render(context))
            except Exception as exc:
                raise PartError(exc, "properti dokumen (docProps/core.xml)") from None
        return part.blob


class _DocPrIds:
    """What DocxTemplate.fix_docpr_ids reads of its instance: the counter it numbers from."""

    docx_ids_index = 1000


def _compile(member: str, label: str, patched: str, kind: str, env) -> _Part:
    """docxtpl compiles the part with a newline before each paragraph, only so that an error has a
    line number, and takes the newlines out of every output. Here the part is compiled as it is
    (the same output: the newlines stand before `<w:p`, where no tag or whitespace control meets
    them) and the numbered form is made only to explain a syntax error."""
    try:
        template = env.from_string(patched)
    except Exception as exc:
        numbered = _PARAGRAPH_START.sub(r"\n<w:p\1", patched)
        try:
            env.from_string(numbered)
        except Exception as again:
            exc = again
        lineno = getattr(exc, "lineno", None)
        if lineno is not None:  # what docxtpl's render_xml_part gives: the tags near the error
            start = max(lineno - 4, 0)
            exc.docx_context = [re.sub(r"<[^>]+>", "", x) for x in numbered.splitlines()[start:start + 7]]
        raise PartError(exc, label) from None
    return _Part(member, label, patched, template, kind)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY_START = re.compile(r"<w:body((?:\s+xmlns:[\w.-]+=\"[^\"]*\")*)\s*>")
_XMLNS = re.compile(r'xmlns:([\w.-]+)="([^"]*)"')


def _plain(source: str, document_xml: bytes, env) -> _Plain | None:
    from .shape import plain_body

    start = _BODY_START.match(source)
    if start is None or not plain_body(source, env):
        return None
    root = etree.fromstring(document_xml, _parser())
    body = root.find(f"{_W}body")
    if body is None or any(root.nsmap.get(p) != uri for p, uri in _XMLNS.findall(start.group(1))):
        return None
    root.replace(body, etree.Element(f"{_W}body"))
    prefix, marker, suffix = etree.tostring(root, encoding="UTF-8", standalone=True).partition(b"<w:body/>")
    if not marker or b"<w:body/>" in suffix:
        return None
    return _Plain(start.group(0), prefix, suffix)


def _compile_properties(core_xml: bytes, env) -> dict[str, Any]:
    """The core properties holding a tag, compiled; the others are left as the template has them
    (docxtpl renders all six, which changes nothing in a property without a tag)."""
    from docx.opc.packuri import PackURI
    from docx.opc.parts.coreprops import CorePropertiesPart

    part = CorePropertiesPart.load(PackURI("/docProps/core.xml"),
                                   "application/vnd.openxmlformats-package.core-properties+xml", core_xml, None)
    found = {}
    for name in _PROPERTIES:
        value = getattr(part.core_properties, name) or ""
        if any(mark in value for mark in _JINJA):
            try:
                found[name] = env.from_string(value)
            except Exception as exc:
                raise PartError(exc, "properti dokumen (docProps/core.xml)") from None
    return found


def _after_jinja(xml: str) -> str:
    """docxtpl's render_xml_part after Jinja: tag braces back, listings resolved (each step only
    where it has something to change: each is a pass over the whole part)."""
    from docxtpl import DocxTemplate

    if "{_" in xml or "_}" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(c in xml for c in _LISTING_CHARS):  # resolve_listing replaces only these characters
        xml = DocxTemplate.resolve_listing(None, xml)
    return xml


def _info(name: str) -> zipfile.ZipInfo:
    """Fixed timestamps and modes: the same input gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info
