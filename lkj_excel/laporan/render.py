"""Rendering the document through a Word template with docxtpl: the docx edge.

The template is checked, patched by docxtpl and compiled once per content and process
(compiled.Compiled); each report then costs one Jinja render and one zip write.

Two rules hold whatever the template or the report says:
- input text is text. Values are XML-escaped (by finalize) and rendered once, so `{{ 7*7 }}` typed in a
  Sasaran is printed as typed. docxtpl turns `{_{`, `}_}`, `{_%`, `%_}` into tag braces after rendering, across
  the whole part; the finalize hook writes such an underscore as the character reference `&#95;`,
  which that replacement does not see and Word reads back as `_`. Control characters are dropped.
- the template is data. Jinja runs sandboxed with undefined names as errors, and anything wrong with
  the file (not a .docx, a broken tag, a name the context lacks) is a `TemplateError` with one
  Indonesian sentence naming the template, its part and the tag.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

from ..document.text import clean
from .compiled import Compiled, PartError

MAX_TEMPLATE_BYTES = 32 * 1024 * 1024
MAX_TEMPLATE_UNCOMPRESSED = 128 * 1024 * 1024
MAX_TEMPLATE_MEMBERS = 2_000

_TAG_UNDERSCORE = re.compile(r"(?<=[{%])_|_(?=[}%])")
_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_PARTS = {"word/document.xml": "isi dokumen"}


class TemplateError(Exception):
    """The Word template cannot be used (Indonesian message naming the file, part and tag)."""


def default_template_path() -> Path:
    return Path(__file__).with_name("templat-laporan.docx")  # built by default_template.py


def render_docx(context: dict[str, Any], template: str | os.PathLike | None = None) -> bytes:
    """The rendered document as .docx bytes, from `template` (default: the shipped one)."""
    path = Path(template) if template is not None else default_template_path()
    compiled, tpl = _compiled(path)
    try:
        return compiled.render(context)
    except PartError as err:
        raise TemplateError(_explain(err.exc, tpl, path, err.label)) from None


# Made templates per process, by content: a batch, the drop folder's workers and `laporan` after
# `build` reuse one. Few entries: each holds the template's parts and its python-docx package.
_CACHE: "OrderedDict[bytes, tuple[Any, Any]]" = OrderedDict()
_CACHE_SIZE = 4


def _compiled(path: Path):
    """The template at `path` checked, patched and compiled (compiled.Compiled), with its
    DocxTemplate for naming tags in messages; made once per template content."""
    data = _read(path)
    key = hashlib.sha256(data).digest()
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    _check_package(data, path)
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx names what it refuses in English; say it in a sentence
        raise TemplateError(f"Templat laporan {path.name} bukan dokumen Word (.docx) yang dapat dipakai "
                            f"({type(exc).__name__}).") from None
    if not _check_paragraph_tags(tpl, path):
        raise TemplateError(f"Templat laporan {path.name} tidak memuat satu pun tag lkj-excel ({{{{ ... }}}}): "
                            f"ini bukan templat laporan. Tulis templat bawaan dengan 'lkj-excel laporan "
                            f"--templat FILE' lalu ubah berkas itu.")
    try:
        compiled = Compiled.make(tpl, data, _environment(), _part_label)
    except PartError as err:
        raise TemplateError(_explain(err.exc, tpl, path, err.label)) from None
    except Exception as exc:
        raise TemplateError(f"Templat laporan {path.name} tidak dapat dipakai: {type(exc).__name__}.") from None
    _CACHE[key] = (compiled, tpl)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return compiled, tpl


def reproducible_zip(data: bytes) -> bytes:
    """The same input gives the same bytes: python-docx stamps each zip entry with the current time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            # "Made by" Unix on every OS: ZipInfo says 0 (MS-DOS) on Windows, and the central
            # directory would differ from a Linux build by that byte (xlsxfile does the same).
            fixed.create_system = 3
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


_ENV = None
# A string with none of these needs no work in finalize: nothing to escape, clean or mark.
_PLAIN = re.compile("[^<>&'\"_\r\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]*")


def _environment():
    """One environment per process: the compiled templates in the cache belong to it."""
    global _ENV
    if _ENV is None:
        _ENV = _make_environment()
    return _ENV


def _make_environment():
    """finalize is the one place a value becomes XML: Jinja calls it on every `{{ }}` (constants
    too), and it escapes whatever it is given, Markup included, so `|safe` cannot let markup in.
    Autoescape is off because it would only escape finalize's result once more."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import escape

    plain = _PLAIN.fullmatch

    def finalize(value: Any) -> str:
        if type(value) is str and plain(value):  # most table cells: nothing to escape or drop
            return value
        text = clean("" if value is None else value).replace("\r\n", "\n").replace("\r", "\n")
        return _TAG_UNDERSCORE.sub("&#95;", str(escape(text)))

    return SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, finalize=finalize)


def _read(path: Path) -> bytes:
    """The template's bytes, refused before reading when the file is huge."""
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"Templat laporan {path.name} terlalu besar ({size // (1024 * 1024)} MiB; "
                                f"paling besar {MAX_TEMPLATE_BYTES // (1024 * 1024)} MiB).")
        return path.read_bytes()
    except FileNotFoundError:
        raise TemplateError(f"Templat laporan {path} tidak ditemukan.") from None
    except IsADirectoryError:
        raise TemplateError(f"Templat laporan {path} adalah folder, bukan berkas .docx.") from None
    except OSError as exc:
        raise TemplateError(f"Templat laporan {path} tidak dapat dibaca ({exc.strerror or exc}).") from None


def _check_package(data: bytes, path: Path) -> None:
    """Refused before parsing when it is not a plausible .docx (a zip bomb would otherwise be
    inflated by python-docx)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_TEMPLATE_MEMBERS or sum(i.file_size for i in infos) > MAX_TEMPLATE_UNCOMPRESSED:
                raise TemplateError(f"Templat laporan {path.name} ditolak: isinya setelah dibuka terlalu besar.")
            if "word/document.xml" not in names:
                kind = ("buku kerja Excel" if "xl/workbook.xml" in names else
                        "presentasi PowerPoint" if "ppt/presentation.xml" in names else "bukan dokumen Word")
                raise TemplateError(f"Templat laporan {path.name} bukan dokumen Word (.docx) ({kind}): bagian "
                                    f"word/document.xml tidak ada.")
            # python-docx's parser resolves no entities, but a DTD has no business in a Word part.
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and re.search(rb"<!(?:DOCTYPE|ENTITY)",
                                                                          z.read(info.filename)):
                    raise TemplateError(f"Templat laporan {path.name} ditolak: bagian {info.filename} memuat "
                                        f"deklarasi DTD/entitas XML, yang tidak dipakai dokumen Word.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, RuntimeError):
        raise TemplateError(f"Templat laporan {path.name} bukan dokumen Word (.docx) yang utuh: berkasnya bukan "
                            f"arsip Office Open XML atau rusak. Simpan templat dari Word sebagai 'Dokumen Word "
                            f"(.docx)'.") from None


_DELIMITER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSES = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _check_paragraph_tags(tpl, path: Path) -> bool:
    """Every tag opens and closes within one paragraph. docxtpl would otherwise join everything up
    to the next closing brace into the tag, and a whole table can vanish without an error.
    Returns whether the template holds any tag at all."""
    from lxml import etree

    parts = [("isi dokumen", tpl.docx.element.body)]
    for uri, label in ((tpl.HEADER_URI, "kepala halaman"), (tpl.FOOTER_URI, "kaki halaman")):
        for _, part in tpl.get_headers_footers(uri):
            parts.append((f"{label} ({str(part.partname).lstrip('/')})", etree.fromstring(part.blob)))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    found = False
    for label, root in parts:
        for paragraph in root.iter(f"{w}p"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{w}t"))
            open_ = None
            for match in _DELIMITER.finditer(text):
                found = True
                token = match.group()
                if token in _CLOSES and open_ is None:
                    open_ = token
                elif open_ is not None and token == _CLOSES[open_]:
                    open_ = None
                elif open_ is None or token in _CLOSES:
                    open_ = "?"
                    break
            if open_ is not None:
                shown = " ".join(text.split())[:160]
                raise TemplateError(f"Templat laporan {path.name}, bagian {label}: tag tidak ditutup dalam "
                                    f"paragrafnya («{shown}»). Setiap {{{{ ... }}}} dan {{% ... %}} harus dibuka "
                                    f"dan ditutup dalam satu paragraf.")
    return found


def _part_label(member: str) -> str:
    """Where in the package a part is, in the words of the messages: word/header1.xml -> kepala halaman."""
    if member in _PARTS:
        return _PARTS[member]
    if "header" in member:
        return f"kepala halaman ({member})"
    if "footer" in member:
        return f"kaki halaman ({member})"
    return member or "isi dokumen"


def _explain(exc: Exception, tpl, path: Path, label: str) -> str:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    where = f"Templat laporan {path.name}, bagian {label}"
    lines = list(getattr(exc, "docx_context", None) or ())  # docxtpl gives a one-shot map
    near = _near(lines)
    if isinstance(exc, UndefinedError):
        match = _UNDEFINED.search(str(exc))
        name = next((g for g in match.groups() if g), "") if match else ""
        tag = _tag_using(tpl, name) or near
        shown = f" {tag}" if tag else ""
        return (f"{where}: tag{shown} memakai nama '{name}' yang tidak dikenal lkj-excel. Periksa ejaannya "
                f"(daftar nama ada di README, bagian 'Dokumen LKj').")
    if isinstance(exc, SecurityError):
        match = re.search(r"attribute '([^']+)'", str(exc))
        tag = (_tag_using(tpl, match.group(1)) if match else "") or near
        return f"{where}: tag{' ' + tag if tag else ''} mencoba sesuatu yang tidak diizinkan dalam templat."
    if isinstance(exc, TemplateSyntaxError):
        culprit = "" if "end of template" in str(exc) else _culprit(lines)
        shown = f" {culprit}" if culprit else ""
        return f"{where}: tag{shown} tidak sah ({_syntax(exc)})."
    return f"{where} tidak dapat dipakai: {type(exc).__name__}{': ' + near if near else ''}."


_BLOCK = re.compile(r"\{%-?\s*(?:end\w+|else|elif|for|if|macro|call|filter|set|with|block|raw)\b")


def _culprit(lines) -> str:
    """The tag near the error that does not parse on its own (block tags never do, so they are skipped)."""
    from jinja2 import Environment, TemplateSyntaxError

    text = " ".join(" ".join(lines).split())
    env = Environment()
    for tag in _TAG.findall(text):
        if _BLOCK.match(tag):
            continue
        try:
            env.parse(tag)
        except TemplateSyntaxError:
            return tag[:160]
    return ""


def _near(lines: list[str]) -> str:
    if not lines:
        return ""
    text = " ".join(" ".join(lines).split())
    tags = _TAG.findall(text)
    return (tags[len(tags) // 2] if tags else text)[:160]


def _tag_using(tpl, name: str) -> str:
    if not name:
        return ""
    xml = re.sub(r"<[^>]+>", "", tpl.patch_xml(tpl.get_xml()))
    for part in _header_footer_xml(tpl):
        xml += re.sub(r"<[^>]+>", "", part)
    for tag in _TAG.findall(xml):
        if re.search(rf"\b{re.escape(name)}\b", tag):
            return tag[:160]
    return ""


def _header_footer_xml(tpl) -> list[str]:
    found = []
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            found.append(tpl.patch_xml(tpl.get_part_xml(part)))
    return found


_SYNTAX = (
    (re.compile(r"unknown tag '(\w+)'", re.I), "tag '{%% %s %%}' tidak dikenal"),
    (re.compile(r"expected token 'end of print statement'", re.I), "tag {{ ... }} tidak ditutup dengan benar"),
    (re.compile(r"unexpected 'end of print statement'", re.I), "isi tag {{ ... }} tidak lengkap"),
    (re.compile(r"unexpected end of template.*?'(end\w+)'", re.I | re.S), "blok tidak ditutup dengan '{%% %s %%}'"),
    (re.compile(r"unexpected end of template", re.I), "templat berakhir sebelum sebuah tag ditutup"),
    (re.compile(r"unexpected '([^']+)'", re.I), "tanda '%s' tidak pada tempatnya"),
)


def _syntax(exc) -> str:
    message = str(getattr(exc, "message", "") or exc)
    for pattern, text in _SYNTAX:
        match = pattern.search(message)
        if match:
            return text % match.group(1) if "%s" in text else text.replace("%%", "%")
    return "susunan tag tidak dapat dibaca"
