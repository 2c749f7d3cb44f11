"""The document renderer (lkj_excel/laporan/compiled.py, shape.py) gives what docxtpl's own
DocxTemplate.render gives, without docxtpl's per-render work: the template is made once per content,
and a body whose Jinja only repeats or drops whole paragraphs and rows is written without the XML
parse docxtpl does for fix_tables."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from lkj_excel.api import check_file
from lkj_excel.document import compose
from lkj_excel.laporan import default_template_path, render
from lkj_excel.laporan.compiled import Compiled
from lkj_excel.laporan.context import document_context
from lkj_excel.laporan.shape import plain_body

from helpers import simple_workbook
from ooxml import audit_errors

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = "{{ 7*7 }} {_{ x }_} {_% if 1 %_} A & B <w:t> \"kutip\" 'satu'"


def _context(tmp_path: Path, sasaran: str = HOSTILE, **ident) -> dict:
    source = simple_workbook(tmp_path / "isian.xlsx",
                             [[1, sasaran, "Indikator_{{ r }}_", "orang", "Naik", 70, 36, None]],
                             [[1, "Kegiatan\tdengan tab", 1, 100, 10]], **ident)
    check = check_file(source)
    context = document_context(compose(check.report, check.results, check.findings))
    # the model makes cells one line; a renderer still has to print what a context holds
    context["tables"]["capaian"]["rows"][0]["keterangan"] = "baris satu\nbaris dua\tlalu tab"
    return context


def _docxtpl(template: Path, context: dict) -> zipfile.ZipFile:
    """The reference: docxtpl's whole render and save, with the same sandboxed environment."""
    tpl = DocxTemplate(str(template))
    tpl.render(context, jinja_env=render._make_environment())
    out = io.BytesIO()
    tpl.save(out)
    return zipfile.ZipFile(out)


def _c14n(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_the_shipped_template_is_written_without_a_reparse_and_equals_docxtpl(tmp_path):
    context = _context(tmp_path)
    compiled, _ = render._compiled(default_template_path())
    assert compiled.plain is not None  # its loops repeat whole rows and paragraphs only
    ours = zipfile.ZipFile(io.BytesIO(render.render_docx(context)))
    theirs = _docxtpl(default_template_path(), context)
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        assert name in ours.namelist()
        assert _c14n(ours.read(name)) == _c14n(theirs.read(name)), name
    assert sorted(ours.namelist()) == sorted(theirs.namelist())
    # the hostile Sasaran, the newline and the tab came through as docxtpl would print them
    body = ours.read("word/document.xml").decode()
    # the newline a line break (resolve_listing), the tab a space (finalize: a tab would be a w:tab)
    assert '>baris satu</w:t><w:br/><w:t xml:space="preserve">baris dua lalu tab</w:t></w:r>' in body
    inner = body.split("<w:body>", 1)[1]
    assert "\t" not in inner and "\n" not in inner
    doc = docx.Document(io.BytesIO(render.render_docx(context)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert f"1. {HOSTILE}" in cells and "Indikator_{{ r }}_" in cells


def _office(tmp_path: Path, edit) -> Path:
    d = docx.Document(str(default_template_path()))
    edit(d)
    path = tmp_path / "office.docx"
    d.save(str(path))
    return path


def _cell_loop(d) -> None:
    # {%tc %}: one cell per checklist item (6), in a table made with 3 columns of 3.024 twips
    t = d.add_table(rows=2, cols=3)
    t.rows[0].cells[0].text = "{%tc for h in checklist %}"
    t.rows[0].cells[1].text = "{{ h }}"
    t.rows[0].cells[2].text = "{%tc endfor %}"
    t.rows[1].cells[0].text = "akhir"
    d.core_properties.title = "LKj {{ identitas.unit_kerja }}"


def test_a_cell_loop_takes_docxtpls_table_fix_and_gives_its_bytes(tmp_path):
    office = _office(tmp_path, _cell_loop)
    context = _context(tmp_path)
    compiled, _ = render._compiled(office)
    assert compiled.plain is None
    ours = zipfile.ZipFile(io.BytesIO(render.render_docx(context, office)))
    theirs = _docxtpl(office, context)
    assert ours.read("word/document.xml") == theirs.read("word/document.xml")
    # fix_tables: 3 x 3.024 = 9.072 twips kept over 6 columns, 9.072 / 6 = 1.512 each
    last = etree.fromstring(ours.read("word/document.xml")).findall(f".//{W}tbl")[-1]
    assert [c.get(f"{W}w") for c in last.find(f"{W}tblGrid")] == ["1512"] * 6
    assert docx.Document(io.BytesIO(render.render_docx(context, office))).core_properties.title == \
        "LKj Bidang Pengembangan Ketenagakerjaan"
    out = tmp_path / "out.docx"
    out.write_bytes(render.render_docx(context, office))
    assert audit_errors(out) == []


def test_safe_in_an_office_template_does_not_let_markup_in(tmp_path):
    def edit(d):
        for p in d.paragraphs:
            if "{{ kop.pemerintah }}" in p.text:
                p.runs[0].text = "{{ identitas.unit_kerja|safe }}|{{ identitas.unit_kerja|e }}"
    office = _office(tmp_path, edit)
    context = _context(tmp_path, Unit_Kerja="Bidang <w:b/> & Co")
    out = tmp_path / "out.docx"
    out.write_bytes(render.render_docx(context, office))
    text = [p.text for p in docx.Document(str(out)).paragraphs]
    # |e escapes once before finalize does: the reader sees the entity, never markup
    assert "Bidang <w:b/> & Co|Bidang &lt;w:b/&gt; &amp; Co" in text
    assert audit_errors(out) == []


def test_a_template_is_made_once_per_content_and_again_when_the_file_changes(tmp_path, monkeypatch):
    made = []
    real = Compiled.make.__func__

    def counting(cls, *args):
        made.append(1)
        return real(cls, *args)

    monkeypatch.setattr(Compiled, "make", classmethod(counting))
    monkeypatch.setattr(render, "_CACHE", type(render._CACHE)())
    context = _context(tmp_path)

    def kop(text):
        def edit(d):
            for p in d.paragraphs:
                if "{{ kop.pemerintah }}" in p.text:
                    p.runs[0].text = text
        return edit

    office = _office(tmp_path, kop("PEMERINTAH KOTA SATU"))
    first = render.render_docx(context, office)
    assert render.render_docx(context, office) == first and len(made) == 1
    office = _office(tmp_path, kop("PEMERINTAH KOTA DUA"))  # same path, edited in Word meanwhile
    text = [p.text for p in docx.Document(io.BytesIO(render.render_docx(context, office))).paragraphs]
    assert "PEMERINTAH KOTA DUA" in text and "PEMERINTAH KOTA SATU" not in text and len(made) == 2


def _body(inner: str, grid: int = 2) -> str:
    cols = "".join('<w:gridCol w:w="100"/>' for _ in range(grid))
    return f'<w:body xmlns:w="x">{inner.replace("GRID", f"<w:tblGrid>{cols}</w:tblGrid>")}</w:body>'


ROW = "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"


@pytest.mark.parametrize("inner, plain", [
    ("<w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p>", True),
    ("{% for b in bs %}<w:p><w:r><w:t>{{ b }}</w:t></w:r></w:p>{% endfor %}", True),
    (f"<w:tbl>GRID{ROW}{{% for r in rows %}}{ROW}{{% endfor %}}</w:tbl>", True),
    # the if opens in one paragraph and closes in the next: a false branch leaves a lone </w:p>
    ("<w:p>{% if a %}</w:p><w:p>{% endif %}</w:p>", False),
    ("{% if a %}<w:p>{% else %}</w:p>{% endif %}", False),
    # a block among a row's cells changes how many cells the row has
    ("<w:tbl>GRID<w:tr>{% if a %}<w:tc><w:p/></w:tc>{% endif %}<w:tc><w:p/></w:tc></w:tr></w:tbl>", False),
    # a row spanning 2 of a 3-column grid: fix_tables would trim the grid
    (f"<w:tbl>GRID{ROW}</w:tbl>", None),
    # every row inside a loop: an empty loop leaves no row, and fix_tables removes the grid
    (f"<w:tbl>GRID{{% for r in rows %}}{ROW}{{% endfor %}}</w:tbl>", False),
    ('<w:p><w:pPr><w:jc w:val="{{ a }}"/></w:pPr></w:p>', False),  # a tag inside an XML tag
    (f"<w:tbl>GRID<w:tr><w:tc><w:tbl>GRID{ROW}</w:tbl><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>", False),
    ("<w:p><w:r><w:drawing><wp:docPr id=\"1\"/></w:drawing></w:r></w:p>", False),
    ("{% macro m() %}<w:p>{% endmacro %}", False),
    ("{% set x = 1 %}<w:p><w:r><w:t>{{ x }}</w:t></w:r></w:p>", True),
])
def test_plain_body_accepts_only_what_cannot_need_docxtpls_parse(inner, plain):
    env = render._environment()
    if plain is None:
        assert plain_body(_body(inner, grid=3), env) is False
        assert plain_body(_body(inner, grid=2), env) is True
    else:
        assert plain_body(_body(inner), env) is plain
