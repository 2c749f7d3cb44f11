"""Builds the default Word template of the LKj document (`templat-laporan.docx`, shipped as package
data) with python-docx, so the shipped file can be regenerated and reviewed as code:

    python -m lkj_excel.laporan.default_template            # rewrites the shipped file
    python -m lkj_excel.laporan.default_template OUT.docx   # writes it elsewhere

The template holds docxtpl/Jinja tags (`{{ tables.capaian.rows }}`, `{%tr for %}`, `{%p if %}`) over the
context `context.document_context` makes; every number arrives as finished Indonesian text. Offices
edit the file in Word (kop, logo, fonts, margins, chapter titles) and point `[laporan] templat` at it.

Layout follows the seed: cover with the kop, BAB I-III, tables with their column-number rows repeated
on every page, the Tanggapan Atasan boxes and the Lembar Pengesahan; A4 portrait, 16 cm of text width.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .render import reproducible_zip

SHIPPED = Path(__file__).with_name("templat-laporan.docx")
FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans: same line breaks
TEXT_WIDTH_CM = 16.0  # A4 21 cm - 3 cm left - 2 cm right
DRAFT_MARK = "DRAF – belum lolos validasi"

# Narratives of the document model, each rendered by the same paragraph loop.
NARRATIVES = ("pendahuluan", "fungsi", "sub_substansi", "kegiatan", "anggaran", "evaluasi", "hambatan",
              "rencana", "penutup")


def build(path: str | Path = SHIPPED) -> Path:
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = "lkj-excel"
    props.title = "Laporan Kinerja Tribulan"
    props.comments = ""
    _drop_styles_with_effects(doc)
    _styles(doc)
    _page(doc)
    _cover(doc)
    _bab_1(doc)
    _bab_2(doc)
    _bab_3(doc)
    _pengesahan(doc)
    _schema_order(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    path = Path(path)
    path.write_bytes(reproducible_zip(buffer.getvalue()))
    return path


# -- package and styles ------------------------------------------------------------------------

def _drop_styles_with_effects(doc) -> None:
    # python-docx's base template carries Word 2010's stylesWithEffects.xml, which stops matching
    # styles.xml as soon as a style changes: openxml-audit (and Word) call that unreadable content.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)


# The schema's order of table and cell properties: python-docx appends, Word wants them in sequence.
_TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
          "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")
_TCPR = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
         "tcFitText", "vAlign", "hideMark")


def _schema_order(doc) -> None:
    body = doc.element.body
    for tag, order in (("tblPr", _TBLPR), ("tcPr", _TCPR)):
        for props in body.iter(qn(f"w:{tag}")):
            children = list(props)
            children.sort(key=lambda el: order.index(el.tag.split("}")[1]) if el.tag.split("}")[1] in order
                          else len(order))
            for child in children:
                props.append(child)


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = normal.paragraph_format
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    for name, size, centred in (("Heading 1", 13, True), ("Heading 2", 11, False), ("Title", 16, True)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(attr), None)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        if centred:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = styles["Title"]
    title.paragraph_format.space_before = Pt(0)
    _remove_border(title)
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Heading 1"].paragraph_format.space_after = Pt(18)
    _paragraph_style(doc, "Isi", 11, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1.25)
    _paragraph_style(doc, "Butir", 11, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, left=1.0, hanging=0.75)
    _paragraph_style(doc, "Catatan Draf", 9, italic=True, color=(0x9C, 0x57, 0x00))
    _paragraph_style(doc, "Isi Tabel", 9, after=0, spacing=1.0)
    _paragraph_style(doc, "Angka Tabel", 9, after=0, spacing=1.0, alignment=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(doc, "Tengah Tabel", 9, after=0, spacing=1.0, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, "Kepala Tabel", 9, bold=True, after=0, spacing=1.0,
                     alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, "Nomor Kolom", 8, italic=True, after=0, spacing=1.0,
                     alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, "Judul Tabel", 11, italic=True, bold=True, before=6, after=4, keep_next=True)
    _paragraph_style(doc, "Tanda Tangan", 11, after=0, spacing=1.0, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, "Tanda Draf", 12, bold=True, after=6, color=(0xC0, 0x00, 0x00),
                     alignment=WD_ALIGN_PARAGRAPH.CENTER)


def _remove_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _paragraph_style(doc, name, size, *, bold=False, italic=False, alignment=None, first_line=None, left=None,
                     hanging=None, before=0, after=6, spacing=1.15, color=None, keep_next=False):
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    if color:
        style.font.color.rgb = RGBColor(*color)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = spacing
    fmt.keep_with_next = keep_next or None
    if alignment is not None:
        fmt.alignment = alignment
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if left is not None:
        fmt.left_indent = Cm(left)
    if hanging is not None:
        fmt.first_line_indent = Cm(-hanging)
        fmt.tab_stops.add_tab_stop(Cm(left or 0))
    return style


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    # The cover has no page number and no draft mark in the header (it carries its own).
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = doc.styles["Tanda Draf"]
    header.add_run("{% if draft %}" + DRAFT_MARK + "{% endif %}")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# -- text helpers ------------------------------------------------------------------------------

def _p(doc, text: str = "", style: str = "Isi", bold=False, underline=False, size=None):
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)
    return paragraph


def _tag(doc, tag: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}): it disappears on render."""
    doc.add_paragraph(tag, style="Isi Tabel")


def _narrative(doc, name: str) -> None:
    """One Narrative of the model: its draft note, then each block as a paragraph or a list item.
    A drafted block is highlighted so the staff see what lkj-excel wrote for them to check."""
    n = f"narasi.{name}"
    _tag(doc, f"{{%p if {n}.drafted %}}")
    _p(doc, "{{ draft_note }}", style="Catatan Draf")
    _tag(doc, "{%p endif %}")
    _tag(doc, f"{{%p for b in {n}.blocks %}}")
    _tag(doc, "{%p if b.label %}")
    item = _p(doc, "{{ b.label }}\t", style="Butir")
    _text_runs(item)
    _tag(doc, "{%p else %}")
    _text_runs(_p(doc, style="Isi"))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _text_runs(paragraph) -> None:
    paragraph.add_run("{{ b.plain }}")
    marked = paragraph.add_run("{{ b.marked }}")
    marked.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _heading(doc, key: str, title_key: str | None = None, level: int = 1) -> None:
    paragraph = doc.add_paragraph(style=f"Heading {level}")
    paragraph.add_run(f"{{{{ headings.{key} }}}}")
    if title_key:
        run = paragraph.add_run()
        run.add_break()
        paragraph.add_run(f"{{{{ headings.{title_key} }}}}")


# -- tables ------------------------------------------------------------------------------------

def _cell_borders(cell, sides=("top", "left", "bottom", "right"), size=6) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single" if side in sides else "nil")
        if side in sides:
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tcpr.append(borders)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def _keep_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _table(doc, widths_cm: list[float], style: str | None = "Table Grid"):
    table = doc.add_table(rows=0, cols=len(widths_cm))
    if style:
        table.style = doc.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    tblpr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))
    width.set(qn("w:type"), "dxa")
    for old in tblpr.findall(qn("w:tblW")):
        tblpr.remove(old)
    tblpr.append(width)
    # table.autofit = False has already made the layout fixed: column widths are kept as given
    margins = OxmlElement("w:tblCellMar")  # narrow margins: the figures fit their columns on one line
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Cm(0.08).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)
    table._widths = widths_cm
    return table


def _row(table, texts, styles, header=False, keep=True, size=None):
    row = table.add_row()
    for cell, width, text, style in zip(row.cells, table._widths, texts, styles):
        cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if header else WD_CELL_VERTICAL_ALIGNMENT.TOP
        paragraph = cell.paragraphs[0]
        paragraph.style = table.part.document.styles[style]
        if text:
            run = paragraph.add_run(text)
            if size:
                run.font.size = Pt(size)
    if header:
        _repeat_header(row)
    elif keep:
        _keep_row(row)
    return row


def _loop_row(table, tag: str):
    """A row holding only a docxtpl row tag ({%tr for ... %}): it disappears on render."""
    row = table.add_row()
    for cell, width in zip(row.cells, table._widths):
        cell.width = Cm(width)
    row.cells[0].paragraphs[0].style = table.part.document.styles["Isi Tabel"]
    row.cells[0].paragraphs[0].add_run(tag)
    return row


def _data_table(doc, widths, headers, numbers, fields, aligns, rows_expr, total=None, size=None):
    table = _table(doc, widths)
    _row(table, headers, ["Kepala Tabel"] * len(widths), header=True, size=size)
    _row(table, numbers, ["Nomor Kolom"] * len(widths), header=True)
    _loop_row(table, f"{{%tr for r in {rows_expr} %}}")
    _row(table, [f"{{{{ r.{f} }}}}" if f else "" for f in fields], aligns, size=size)
    _loop_row(table, "{%tr endfor %}")
    if total:
        cells = _row(table, total, ["Kepala Tabel"] + ["Angka Tabel"] * (len(widths) - 1)).cells
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _p(doc, style="Isi Tabel")  # the text after a table does not touch its border
    return table


# -- the chapters ------------------------------------------------------------------------------

def _cover(doc) -> None:
    _tag(doc, "{%p if draft %}")
    _p(doc, DRAFT_MARK, style="Tanda Draf")
    _tag(doc, "{%p endif %}")
    for _ in range(3):
        _p(doc, style="Title")
    for key in ("judul", "jabatan"):
        _p(doc, f"{{{{ cover.{key} }}}}", style="Title")
    _p(doc, "{{ identitas.unit_kerja|upper }}", style="Title")
    _p(doc, "{{ cover.tahun }}", style="Title")
    for _ in range(14):  # the logo's place; an office template puts its logo here
        _p(doc, style="Title")
    kop = [("{{ kop.pemerintah }}", 14, True), ("{{ kop.instansi }}", 14, True), ("{{ kop.alamat }}", 11, False),
           ("{{ identitas.tempat|upper }}", 11, True)]
    for text, size, bold in kop:
        paragraph = _p(doc, text, style="Tanda Tangan", bold=bold, size=size)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _bab_1(doc) -> None:
    _heading(doc, "bab_1", "bab_1_judul")
    _narrative(doc, "pendahuluan")
    _p(doc, "Kepala {{ identitas.unit_kerja }} melaksanakan fungsi antara lain :")
    _narrative(doc, "fungsi")
    _p(doc, "{{ identitas.unit_kerja }} {{ identitas.perangkat_daerah }} mengkoordinasikan Kelompok Sub "
            "Substansi yang terdiri dari :")
    _narrative(doc, "sub_substansi")
    _narrative(doc, "kegiatan")


def _bab_2(doc) -> None:
    _heading(doc, "bab_2", "bab_2_judul")
    _heading(doc, "pk", level=2)
    _p(doc, "Perjanjian kinerja yang ditandatangani antara {{ identitas.jabatan_pelapor }} dengan "
            "{{ identitas.jabatan_atasan }} Tahun {{ identitas.tahun }} adalah sebagai berikut :")
    _data_table(doc, [1.0, 6.0, 6.0, 3.0], ["No.", "Sasaran", "Indikator Kinerja", "Target"], ["1", "2", "3", "4"],
                ["no", "sasaran", "indikator", "target"],
                ["Tengah Tabel", "Isi Tabel", "Isi Tabel", "Tengah Tabel"], "tables.pk.rows")
    _data_table(doc, [1.0, 11.0, 4.0], ["No.", "Kegiatan", "Anggaran"], ["1", "2", "3"],
                ["no", "kegiatan", "pagu"], ["Tengah Tabel", "Isi Tabel", "Angka Tabel"], "tables.kegiatan.rows",
                total=["", "Jumlah", "{{ tables.kegiatan.total.pagu }}"])

    _heading(doc, "capaian", level=2)
    _p(doc, "Pengukuran kinerja dilakukan dengan cara membandingkan target setiap indikator kinerja sasaran "
            "dengan realisasinya. Selanjutnya berdasarkan selisih kinerja tersebut dilakukan evaluasi guna "
            "mendapatkan strategi yang tepat untuk peningkatan kinerja di masa mendatang.")
    _p(doc, "Adapun capaian kinerja {{ identitas.unit_kerja }} {{ periode }} adalah sebagai berikut :")
    _p(doc, "➤ Tabel capaian kinerja", style="Judul Tabel")
    # A year workbook: the workbook's Capaian Kinerja columns, the Rencana Aksi's target s.d. tribulan
    # beside the yearly target. 8 pt, each column as wide as its longest word (see _cost_table).
    _tag(doc, "{%p if rencana_aksi %}")
    _data_table(doc, [3.0, 3.1, 1.75, 1.75, 1.75, 1.45, 1.45, 1.75],
                ["Sasaran", "Indikator Kinerja", "Target Tahun", "Target s.d. TW {{ identitas.tribulan }}",
                 "Realisasi s.d. TW {{ identitas.tribulan }}", "Capaian thd Target s.d. TW (%)",
                 "Capaian thd Target Tahun (%)", "Keterangan"],
                ["1", "2", "3", "4", "5", "6=5/4", "7=5/3", "8"],
                ["no_sasaran", "indikator", "target", "target_sd", "realisasi", "capaian_sd", "capaian", "keterangan"],
                ["Isi Tabel", "Isi Tabel", "Tengah Tabel", "Tengah Tabel", "Tengah Tabel", "Tengah Tabel",
                 "Tengah Tabel", "Isi Tabel"],
                "tables.capaian.rows", size=8)
    _tag(doc, "{%p else %}")
    _data_table(doc, [3.9, 3.9, 2.3, 2.3, 1.6, 2.0],
                ["Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)", "Keterangan"],
                ["1", "2", "3", "4", "5=4/3", "6"],
                ["no_sasaran", "indikator", "target", "realisasi", "capaian", "keterangan"],
                ["Isi Tabel", "Isi Tabel", "Tengah Tabel", "Tengah Tabel", "Tengah Tabel", "Isi Tabel"],
                "tables.capaian.rows")
    _tag(doc, "{%p endif %}")
    _p(doc, "Untuk mewujudkan pencapaian atas target kinerja sebagaimana tertuang pada tabel di atas, maka "
            "dibutuhkan anggaran. Di bawah ini diuraikan kegiatan yang mendukung tercapainya target kinerja, "
            "termasuk pagu anggaran dan realisasinya.")
    _p(doc, "➤ Tabel cost per outcome", style="Judul Tabel")
    _cost_table(doc)

    _heading(doc, "evaluasi", level=2)
    _narrative(doc, "anggaran")
    _narrative(doc, "evaluasi")
    _p(doc, "Adapun hambatan yang dialami oleh {{ identitas.unit_kerja }} adalah :")
    _narrative(doc, "hambatan")

    _heading(doc, "rencana", level=2)
    _p(doc, "Untuk mewujudkan pencapaian target kinerja sebagaimana tertuang dalam Perjanjian Kinerja Tahun "
            "{{ identitas.tahun }}, maka perlu adanya upaya yang terus menerus dan berkelanjutan, sebagai "
            "berikut :")
    _narrative(doc, "rencana")

    _heading(doc, "tanggapan", level=2)
    _checklist(doc)


def _cost_table(doc) -> None:
    # 8 pt: ten columns in 16 cm, each as wide as its longest word needs (Arial advance widths plus the
    # 0.08 cm margins): "Kabupaten/Kota" 2.18 cm, "perusahaan" 1.65 cm, Rp999.999.999 2.09 cm,
    # -48,57% 1.44 cm, 100% 0.88 cm, a bold "No" 0.58 cm; a word wider than its column would print cut in two
    widths = [0.6, 2.25, 1.85, 2.1, 2.1, 0.95, 1.7, 1.7, 1.3, 1.45]
    table = _table(doc, widths)
    styles = ["Kepala Tabel"] * len(widths)
    top = _row(table, ["No", "Sasaran/ Program/ Kegiatan", "Indikator Kinerja", "Anggaran", "", "", "Kinerja", "",
                       "", "Efisiensi (%)"], styles, header=True, size=8)
    _row(table, ["", "", "", "P", "R", "C (%)", "T", "R", "%", ""], styles, header=True, size=8)
    _row(table, ["1", "2", "3", "4", "5", "6=5/4", "7", "8", "9=8/7", "10=9-6"], ["Nomor Kolom"] * len(widths),
         header=True)
    second = table.rows[1].cells
    for col in (0, 1, 2, 9):  # the two header rows merge down where no sub-heading splits the column
        merged = top.cells[col].merge(second[col])
        for extra in merged.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
    top.cells[3].merge(top.cells[5])
    top.cells[6].merge(top.cells[8])
    _loop_row(table, "{%tr for r in tables.cost.rows %}")
    fields = ["no", "sasaran", "indikator", "pagu", "realisasi_anggaran", "serapan", "target", "realisasi",
              "capaian", "efisiensi"]
    aligns = ["Tengah Tabel", "Isi Tabel", "Isi Tabel", "Angka Tabel", "Angka Tabel", "Tengah Tabel",
              "Tengah Tabel", "Tengah Tabel", "Tengah Tabel", "Tengah Tabel"]
    _row(table, [f"{{{{ r.{f} }}}}" for f in fields], aligns, size=8)
    _loop_row(table, "{%tr endfor %}")
    _p(doc, style="Isi Tabel")


def _checklist(doc) -> None:
    """2.5: the superior's six boxes, ticked by hand on the printed report, and room for a note."""
    table = _table(doc, [0.4, 0.6, 0.4, 14.6], style=None)
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "8")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tblpr.append(borders)
    blank = ["", "", "", ""]
    head = _row(table, ["RUANGAN DISPOSISI/ TANGGAPAN ATASAN LANGSUNG", "", "", ""], ["Kepala Tabel"] * 4, keep=False)
    merged = head.cells[0].merge(head.cells[3])
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    _cell_borders(merged, size=8)
    _row(table, blank, ["Isi Tabel"] * 4, keep=False).height = Cm(0.3)
    _loop_row(table, "{%tr for item in checklist %}")
    box = _row(table, ["", "", "", "{{ item }}"], ["Isi Tabel"] * 4, keep=True)
    box.height = Cm(0.6)
    box.cells[3].paragraphs[0].runs[0].font.size = Pt(11)
    _cell_borders(box.cells[1])
    _row(table, blank, ["Isi Tabel"] * 4, keep=False).height = Cm(0.3)
    _loop_row(table, "{%tr endfor %}")
    _row(table, ["", "", "", "Catatan:"], ["Isi Tabel"] * 4, keep=False)
    for _ in range(3):
        _row(table, blank, ["Isi Tabel"] * 4, keep=False).height = Cm(0.7)


def _bab_3(doc) -> None:
    _heading(doc, "bab_3", "bab_3_judul")
    _narrative(doc, "penutup")


def _pengesahan(doc) -> None:
    title = _p(doc, "{{ headings.pengesahan }}", style="Title")
    title.paragraph_format.page_break_before = True
    title.paragraph_format.space_after = Pt(24)
    # One row per line kind, so both names and both NIPs stay level whatever the jabatan's length.
    table = _table(doc, [8.0, 8.0], style=None)
    _row(table, ["Mengetahui", "{{ pengesahan.tempat_tanggal }}"], ["Tanda Tangan"] * 2, keep=False)
    _row(table, ["{{ pengesahan.jabatan_atasan }}", "{{ pengesahan.jabatan_pelapor }}"], ["Tanda Tangan"] * 2,
         keep=False)
    _row(table, ["", ""], ["Tanda Tangan"] * 2, keep=False).height = Cm(2.5)  # signature and stamp
    names = _row(table, ["{{ pengesahan.nama_atasan }}", "{{ pengesahan.nama_pelapor }}"], ["Tanda Tangan"] * 2,
                 keep=False)
    for cell in names.cells:
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].runs[0].underline = True
    _row(table, ["{{ pengesahan.nip_atasan }}", "{{ pengesahan.nip_pelapor }}"], ["Tanda Tangan"] * 2, keep=False)


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else SHIPPED))
