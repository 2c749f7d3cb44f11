"""The LKj document as a Word file (lkj_excel/laporan), read back with python-docx.

Worked by hand from the seed (DOMAIN §2): capaian 51,43/100 = 51,43% and 36/70 = 51,43%; serapan
0/20.000.000 = 0%; efisiensi 51,43 − 0 = 51,43; Jumlah 20.000.000 + 6.300.000 = 26.300.000 (the seed's
typed "26.300,000" is the retyping error this ends)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from lkj_excel.api import BuildError, build_file, document_file
from lkj_excel.cli import cli
from lkj_excel.config import Config, ConfigError
from lkj_excel.document.text import percent
from lkj_excel.laporan import default_template_path
from lkj_excel.laporan import default_template
from lkj_excel.samples import seed_data
from lkj_excel.template import write_template

from helpers import simple_workbook

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seed")
    source = write_template(folder / "isian.xlsx", seed_data())
    result = build_file(source, folder / "hasil.xlsx", document=True)
    assert result.document == folder / "hasil.docx"
    return result


def _tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


def _text(path: Path) -> str:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_seed_tables_hold_the_numbers_worked_by_hand(seed_build):
    pk, kegiatan, capaian, cost, checklist, pengesahan = _tables(seed_build.document)
    assert pk[1] == ["1", "2", "3", "4"]
    assert [r[3] for r in pk[2:]] == ["100%", "70 perusahaan"]
    assert kegiatan[2:] == [["1.", "Konsultasi produktifitas pada perusahaan kecil", "Rp20.000.000"],
                            ["2.", "Pengukuran produktivitas tingkat daerah Kabupaten/Kota", "Rp6.300.000"],
                            ["", "Jumlah", "Rp26.300.000"]]
    assert capaian[1] == ["1", "2", "3", "4", "5=4/3", "6"]
    assert [r[2:5] for r in capaian[2:]] == [["100%", "51,43%", "51,43%"], ["70 perusahaan", "36 perusahaan", "51,43%"]]
    assert capaian[2][0].startswith("1. Meningkatnya")
    assert cost[2] == ["1", "2", "3", "4", "5", "6=5/4", "7", "8", "9=8/7", "10=9-6"]
    assert [r[3:] for r in cost[3:]] == [
        ["Rp20.000.000", "Rp0", "0%", "100%", "51,43%", "51,43%", "51,43%"],
        ["Rp6.300.000", "Rp0", "0%", "70 perusahaan", "36 perusahaan", "51,43%", "51,43%"]]
    assert "26.300,000" not in _text(seed_build.document)


def test_document_numbers_equal_the_workbooks_cached_values(seed_build):
    """One computation feeds both: the workbook's cached capaian, serapan and efisiensi, printed the
    Indonesian way, are the document's cells."""
    wb = openpyxl.load_workbook(seed_build.output, data_only=True)
    rows = [r for r in wb["Cost per Outcome"].iter_rows(values_only=True) if isinstance(r[0], int)]
    _, _, _, cost, _, _ = _tables(seed_build.document)
    assert [[percent(r[5]), percent(r[8]), percent(r[9])] for r in rows] == [[r[5], r[8], r[9]] for r in cost[3:]]
    capaian = [r[4] for r in wb["Capaian Kinerja"].iter_rows(min_row=11, max_row=12, values_only=True)]
    assert capaian == [0.5143, pytest.approx(36 / 70)]
    assert [percent(v) for v in capaian] == [r[4] for r in _tables(seed_build.document)[2][2:]]


@pytest.fixture(scope="module")
def year_build(tmp_path_factory):
    from lkj_excel.samples import seed_year_data

    folder = tmp_path_factory.mktemp("tahun")
    source = write_template(folder / "isian.xlsx", seed_year_data(2))
    return build_file(source, folder / "hasil.xlsx", document=True)


def test_year_workbook_capaian_table_shows_both_targets(year_build):
    """Seed TW II as a year workbook (samples.SEED_YEAR_*): indicator 1 Nilai Akhir, target 100% for
    the year and 50% at TW II, realisasi 51,43%: 51,43/50 = 102,86%, 51,43/100 = 51,43%; indicator 2
    Kumulatif, 10 + 20 = 30 s.d. TW II of 70, realisasi 12 + 24 = 36: 36/30 = 120%, 36/70 = 51,43%."""
    capaian = _tables(year_build.document)[2]
    assert capaian[0][2:7] == ["Target Tahun", "Target s.d. TW II", "Realisasi s.d. TW II",
                               "Capaian thd Target s.d. TW (%)", "Capaian thd Target Tahun (%)"]
    assert capaian[1] == ["1", "2", "3", "4", "5", "6=5/4", "7=5/3", "8"]
    assert [r[2:7] for r in capaian[2:]] == [["100%", "50%", "51,43%", "102,86%", "51,43%"],
                                             ["70 perusahaan", "30 perusahaan", "36 perusahaan", "120%", "51,43%"]]
    # the same numbers the workbook's Capaian Kinerja caches (columns E to H)
    wb = openpyxl.load_workbook(year_build.output, data_only=True)
    cached = [r[4:8] for r in wb["Capaian Kinerja"].iter_rows(values_only=True) if r[2] in ("Kumulatif", "Nilai Akhir")]
    assert [[percent(r[2]), percent(r[3])] for r in cached] == [r[5:7] for r in capaian[2:]]


def test_laporan_from_the_finished_year_workbook_gives_the_same_document(year_build, tmp_path):
    out = tmp_path / "dari-hasil.docx"
    result = CliRunner().invoke(cli, ["laporan", str(year_build.output), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _tables(out) == _tables(year_build.document) and _text(out) == _text(year_build.document)


def test_seed_prose_headings_and_signatures(seed_build):
    d = docx.Document(str(seed_build.document))
    text = _text(seed_build.document)
    assert "Rp20.000.000,00 (Dua Puluh Juta Rupiah)" in text
    assert "Rp6.300.000,00 (Enam Juta Tiga Ratus Ribu Rupiah)" in text
    assert "selama bulan Januari s.d. bulan Juni 2023 (Tribulan II)" in text
    chapters = [p.text.split("\n")[0] for p in d.paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["BAB I", "BAB II", "BAB III"]
    sections = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert sections == ["2.1 Perjanjian Kinerja", "2.2 Capaian Kinerja", "2.3 Evaluasi dan Analisis Kinerja",
                        "2.4 Rencana Tindak Lanjut", "2.5 Tanggapan Atasan Langsung"]
    sign = d.tables[-1]
    cells = [[c.text for c in row.cells] for row in sign.rows]
    assert ["dr. ROSYIDAH", "Drs. ABDULLAH"] in cells
    assert ["NIP. 19711018 200604 2 009", "NIP. 19650814 198803 1 011"] in cells
    names = next(row for row in sign.rows if row.cells[0].text == "dr. ROSYIDAH")
    for cell in names.cells:
        (run,) = [r for r in cell.paragraphs[0].runs if r.text]
        assert run.bold and run.underline
    assert ["Mengetahui", "Lumajang, 5 Juli 2023"] in cells


def test_tanggapan_atasan_is_six_empty_boxes(seed_build):
    table = docx.Document(str(seed_build.document)).tables[4]
    items = [row for row in table.rows if row.cells[3].text and row.cells[3].text != "Catatan:"][1:]
    assert [r.cells[3].text for r in items] == ["Laporan kurang baik", "Laporan sudah baik", "Laporan diperbaiki",
                                                "Target dan realisasi diteliti ulang", "Capaian diteliti ulang",
                                                "Lain-lain"]
    for row in items:
        box = row.cells[1]
        assert box.text == ""
        sides = {el.tag.removeprefix(W): el.get(f"{W}val") for el in box._tc.tcPr.find(f"{W}tcBorders")}
        assert sides == {"top": "single", "left": "single", "bottom": "single", "right": "single"}


def test_tables_repeat_their_header_and_column_number_rows(seed_build):
    for table in docx.Document(str(seed_build.document)).tables[:4]:
        repeated = [row for row in table.rows if row._tr.trPr is not None and row._tr.trPr.find(f"{W}tblHeader") is not None]
        assert repeated and repeated[-1].cells[0].text == "1"  # ... up to the column-number row


def test_docx_passes_openxml_audit(seed_build, year_build, tmp_path):
    pytest.importorskip("openxml_audit")
    from ooxml import audit_errors

    draft_in = simple_workbook(tmp_path / "d.xlsx", [[1, "Sasaran", "Penempatan", "orang", "Naik", 200, 260, None]],
                               [[1, "Bursa kerja", 1, 100, 150]])
    draft = build_file(draft_in, tmp_path / "draft.xlsx", force=True, document=True)
    assert draft.draft
    for path in (seed_build.document, year_build.document, draft.document, default_template_path()):
        assert audit_errors(path) == [], path


def test_a_draft_says_so_and_highlights_what_lkj_excel_wrote(tmp_path):
    source = simple_workbook(tmp_path / "d.xlsx", [[1, "Sasaran", "Penempatan", "orang", "Naik", 200, 260, None]],
                             [[1, "Bursa kerja", 1, 100, 150]])
    result = build_file(source, tmp_path / "draft.xlsx", force=True, document=True)
    d = docx.Document(str(result.document))
    assert d.paragraphs[0].text == "DRAF – belum lolos validasi"
    assert "DRAF – belum lolos validasi" in d.sections[0].header.paragraphs[0].text
    marked = [r for p in d.paragraphs for r in p.runs if r.font.highlight_color is not None and r.text]
    assert any("Capaian indikator Penempatan" in r.text and "130%" in r.text for r in marked)


HOSTILE = "{{ 7*7 }} {_{ x }_} {_% if 1 %_} {% if 1 %}x{% endif %} {# c #} MERGEFIELD Nama <w:t>&amp; ]]>"


def test_hostile_text_is_printed_as_typed(tmp_path):
    source = simple_workbook(
        tmp_path / "h.xlsx",
        [[1, HOSTILE + "\x07\x0c", "Indikator {{ r.capaian }}", "orang", "Naik", 70, 36, "{%p endfor %}"]],
        [[1, "Kegiatan {%tr endfor %} {{", 1, 100, 10]],
        Unit_Kerja="Bidang {{ identitas }}_}")
    result = build_file(source, tmp_path / "h-out.xlsx", document=True)
    assert result.document is not None
    text = _text(result.document)
    assert HOSTILE in text  # the control characters (\a would be a paragraph, \f a page) are gone
    assert "\x07" not in text and "\x0c" not in text
    assert "Indikator {{ r.capaian }}" in text and "{%p endfor %}" in text
    assert "Kegiatan {%tr endfor %} {{" in text and "Bidang {{ identitas }}_}" in text
    assert "49" not in text.replace("2023", "")
    # every tag left in the document is one the staff typed: the template's own were all rendered
    assert set(re.findall(r"\{\{[^{}\n]*\}\}", text)) == {"{{ 7*7 }}", "{{ r.capaian }}", "{{ identitas }}",
                                                       "{{ IDENTITAS }}"}
    assert set(re.findall(r"\{%[^{}%\n]*%\}", text)) == {"{% if 1 %}", "{% endif %}", "{%p endfor %}", "{%tr endfor %}"}


def _edited(tmp_path: Path, replace: dict[str, str], name: str = "office.docx") -> Path:
    """The default template with paragraphs' text replaced, as an office edits it in Word."""
    d = docx.Document(str(default_template_path()))
    for paragraph in [*d.paragraphs, *(p for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs)]:
        for old, new in replace.items():
            if old in paragraph.text:
                for run in paragraph.runs[1:]:
                    run.text = ""
                paragraph.runs[0].text = paragraph.text.replace(old, new) if paragraph.runs else new
                break
    path = tmp_path / name
    d.save(str(path))
    return path


@pytest.mark.parametrize("old, new", [
    ("{{ periode }}", "{{ perode }}"),  # printed in every document
    ("{{ r.target_sd }}", "{{ r.target_sdd }}"),  # only in a year workbook's capaian table
    ("{{ draft_note }}", "{{ draft_notes }}"),  # only above a Narasi section lkj-excel drafted
])
def test_check_template_finds_a_misspelt_name_in_any_branch(tmp_path, old, new):
    """The drop folder tries an office template once at its start (laporan.write.check_template): a
    name is only looked up when rendered, so the seed is rendered as a drafted version-1 report and
    as a year workbook."""
    from lkj_excel.laporan.render import TemplateError
    from lkj_excel.laporan.write import check_template

    check_template(default_template_path())
    with pytest.raises(TemplateError, match=re.escape(new.strip("{} ").split(".")[-1])):
        check_template(_edited(tmp_path, {old: new}))


def test_an_office_template_with_its_own_kop_and_chapter_titles_renders(tmp_path):
    _edited(tmp_path, {"{{ kop.pemerintah }}": "PEMERINTAH KOTA CONTOH",
                       "{{ headings.bab_1 }}": "BAB SATU - LATAR BELAKANG"})
    config_file = tmp_path / "lkj-excel.toml"
    config_file.write_text('[laporan]\ntemplat = "office.docx"\n')  # relative: beside the config file
    source = write_template(tmp_path / "isian.xlsx", seed_data())
    result = CliRunner().invoke(cli, ["--config", str(config_file), "laporan", str(source), "-o", str(tmp_path / "o/")])
    assert result.exit_code == 0, result.output
    out = next((tmp_path / "o").glob("*.docx"))
    text = _text(out)
    assert "PEMERINTAH KOTA CONTOH" in text and "PEMERINTAH KABUPATEN LUMAJANG" not in text
    chapters = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert chapters[0] == "BAB SATU - LATAR BELAKANG"
    assert "Rp26.300.000" in text


@pytest.mark.parametrize("change, expected", [
    # docxtpl alone would join everything up to the next }} into this tag: tables vanish unnoticed
    ({"{{ periode }}": "{{ periode"}, "tag tidak ditutup dalam paragrafnya («Adapun capaian kinerja"),
    ({"{{ periode }}": "{{ periode + }}"}, "tag {{ periode + }} tidak sah"),
    ({"{{ tables.kegiatan.total.pagu }}": "{{ tables.kegiatan.totl.pagu }}"}, "'totl'"),
    ({"{{ cover.judul }}": "{% iff draft %}"}, "tag {% iff draft %} tidak sah (tag '{% iff %}' tidak dikenal)"),
    ({"{{ cover.judul }}": "{% if draft %}"}, "blok tidak ditutup dengan '{% endif %}'"),
    ({"{{ cover.judul }}": "{{ cover.__class__.__mro__ }}"}, "tag {{ cover.__class__.__mro__ }} mencoba"),
])
def test_a_broken_template_is_named_in_indonesian(tmp_path, change, expected):
    broken = _edited(tmp_path, change)
    source = write_template(tmp_path / "isian.xlsx", seed_data())
    with pytest.raises(BuildError) as info:
        document_file(source, tmp_path / "x.docx", _config(broken))
    message = str(info.value)
    assert message.startswith("Templat laporan office.docx, bagian isi dokumen") and expected in message, message
    assert not (tmp_path / "x.docx").exists()


def _config(template: Path) -> Config:
    return Config.from_mapping({"laporan": {"templat": str(template)}})


def test_cli_broken_or_foreign_template_exit_2_without_traceback(tmp_path):
    source = write_template(tmp_path / "isian.xlsx", seed_data())
    plain = docx.Document()
    plain.add_paragraph("Surat biasa tanpa tag.")
    plain.save(str(tmp_path / "surat.docx"))
    (tmp_path / "rusak.docx").write_bytes(b"PK\x03\x04 bukan zip")
    cases = {
        tmp_path / "surat.docx": "tidak memuat satu pun tag lkj-excel",
        source: "bukan dokumen Word (.docx) (buku kerja Excel)",
        tmp_path / "rusak.docx": "bukan dokumen Word (.docx) yang utuh",
        tmp_path / "tidak-ada.docx": "tidak ditemukan",
        _edited(tmp_path, {"{{ periode }}": "{{ periode"}): "tag tidak ditutup",
    }
    runner = CliRunner()
    for template, expected in cases.items():
        result = runner.invoke(cli, ["laporan", str(source), "--pakai-templat", str(template), "-o", str(tmp_path / "o.docx")])
        assert result.exit_code == 2 and expected in result.output, result.output
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
        assert not (tmp_path / "o.docx").exists()
    # build stops before the workbook too: no workbook without its document
    config_file = tmp_path / "c.toml"
    config_file.write_text(f'[laporan]\ntemplat = "{(tmp_path / "surat.docx").as_posix()}"\n')
    result = runner.invoke(cli, ["--config", str(config_file), "build", str(source), "-o", str(tmp_path / "b.xlsx")])
    assert result.exit_code == 2 and "tidak memuat satu pun tag" in result.output
    assert not (tmp_path / "b.xlsx").exists()


def test_build_writes_the_document_beside_the_workbook_unless_told_not_to(tmp_path):
    source = write_template(tmp_path / "isian.xlsx", seed_data())
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(source), "-o", str(tmp_path / "a/")])
    assert result.exit_code == 0, result.output
    stem = "LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [f"{stem}.docx", f"{stem}.xlsx"]
    result = runner.invoke(cli, ["build", str(source), "-o", str(tmp_path / "b/"), "--tanpa-laporan"])
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [f"{stem}.xlsx"]
    config_file = tmp_path / "c.toml"
    config_file.write_text("[laporan]\ndokumen = false\n")
    runner.invoke(cli, ["--config", str(config_file), "build", str(source), "-o", str(tmp_path / "c/")])
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [f"{stem}.xlsx"]


def test_build_says_the_workbook_is_written_when_its_document_cannot_be(tmp_path):
    source = write_template(tmp_path / "isian.xlsx", seed_data())
    (tmp_path / "h.docx").mkdir()  # a folder stands where the document belongs: found after the workbook
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "h.xlsx")])
    assert result.exit_code == 3, result.output
    assert (tmp_path / "h.xlsx").is_file() and (tmp_path / "h.docx").is_dir()
    out = " ".join(result.output.split())
    assert re.search(rf"SEBAGIAN isian\.xlsx: workbook ditulis -> {re.escape(str(tmp_path / 'h.xlsx'))} "
                     rf"\(\d+ peringatan\), tetapi dokumen LKj tidak ditulis: tidak dapat menulis "
                     rf"{re.escape(str(tmp_path / 'h.docx'))}: sudah ada folder dengan nama itu", out), out
    assert f'lkj-excel laporan "{tmp_path / "h.xlsx"}"' in out
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    # in a batch an unreadable file (2) outranks a workbook without its document (3)
    (tmp_path / "rusak.xlsx").write_bytes(b"bukan workbook")
    stem = "LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan - isian"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / f"{stem}.docx").mkdir()
    both = CliRunner().invoke(cli, ["build", str(source), str(tmp_path / "rusak.xlsx"), "-o", str(tmp_path / "b/")])
    assert both.exit_code == 2 and "SEBAGIAN  isian.xlsx" in both.output and "GAGAL  rusak.xlsx" in both.output
    assert (tmp_path / "b" / f"{stem}.xlsx").is_file()


def test_pdf_without_libreoffice_is_a_clear_message_and_exit_2(tmp_path, monkeypatch):
    import lkj_excel.laporan.pdf as pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    source = write_template(tmp_path / "isian.xlsx", seed_data())
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(tmp_path / "h.xlsx"), "--pdf"])
    assert result.exit_code == 2
    assert "PDF tidak dibuat: LibreOffice tidak ditemukan" in result.output
    assert (tmp_path / "h.xlsx").is_file() and (tmp_path / "h.docx").is_file() and not (tmp_path / "h.pdf").exists()


def test_laporan_templat_writes_the_default_template_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["laporan", "--templat", str(tmp_path / "t.docx")])
    assert result.exit_code == 0 and (tmp_path / "t.docx").read_bytes() == default_template_path().read_bytes()
    again = runner.invoke(cli, ["laporan", "--templat", str(tmp_path / "t.docx")])
    assert again.exit_code == 2 and "sudah ada" in again.output


def test_laporan_from_the_finished_workbook_gives_the_same_document(seed_build, tmp_path):
    """HASIL is read through the report copy the workbook carries: same tables, same prose."""
    result = CliRunner().invoke(cli, ["laporan", str(seed_build.output), "-o", str(tmp_path / "dari-hasil.docx")])
    assert result.exit_code == 0, result.output
    assert _tables(tmp_path / "dari-hasil.docx") == _tables(seed_build.document)
    assert _text(tmp_path / "dari-hasil.docx") == _text(seed_build.document)


def test_laporan_from_a_forced_draft_workbook_is_a_draft(tmp_path):
    source = simple_workbook(tmp_path / "d.xlsx", [[1, "Sasaran", "Penempatan", "orang", "Naik", 200, 260, None]],
                             [[1, "Bursa kerja", 1, 100, 150]])
    built = build_file(source, tmp_path / "draft.xlsx", force=True)
    result = document_file(built.output, tmp_path / "d.docx")
    assert result.draft and docx.Document(str(result.document)).paragraphs[0].text == "DRAF – belum lolos validasi"


def test_laporan_section_of_the_config_is_checked():
    with pytest.raises(ConfigError, match="mungkin maksudnya laporan.templat"):
        Config.from_mapping({"laporan": {"template": "x.docx"}})
    with pytest.raises(ConfigError, match="laporan.pdf harus true atau false"):
        Config.from_mapping({"laporan": {"pdf": "ya"}})


def test_shipped_template_is_what_the_build_script_makes(tmp_path):
    assert default_template.build(tmp_path / "t.docx").read_bytes() == default_template_path().read_bytes()


def test_same_input_gives_the_same_document_bytes(tmp_path):
    source = write_template(tmp_path / "isian.xlsx", seed_data())
    first = document_file(source, tmp_path / "a.docx").document.read_bytes()
    assert document_file(source, tmp_path / "b.docx").document.read_bytes() == first


@pytest.mark.parametrize("build", ["seed_build", "year_build"])
def test_no_word_of_the_seeds_tables_is_broken_inside(build, request):
    """A word wider than its column is cut mid-word when printed ("perusahaa|n" in the cost table's T
    column, "Kabupaten/Ko|ta" under Sasaran). Measured with the Arial advance widths the workbook's row
    heights use (writers/textfit, Liberation Sans): e.g. "Kabupaten/Kota" at 8 pt is 7.17 em = 57.4 pt,
    which needs a column of 57.4 pt + 2 × 0.08 cm margins = 2.18 cm."""
    from lkj_excel.writers.textfit import text_width

    document = docx.Document(str(request.getfixturevalue(build).document))
    margins = 2 * 0.08 / 2.54 * 72
    too_wide = []
    for t, table in enumerate(document.tables):
        widths = [int(c.get(f"{W}w")) / 20 for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        for row in table.rows:
            tcs = row._tr.findall(f"{W}tc")
            col = 0
            for tc in tcs:
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                n = int(span.get(f"{W}val")) if span is not None else 1
                room = sum(widths[col:col + n]) - margins - 1  # a point of slack for rounding
                for p in tc.findall(f"{W}p"):
                    para = docx.text.paragraph.Paragraph(p, table._parent)
                    for run in para.runs:
                        size = (run.font.size or para.style.font.size).pt
                        bold = bool(run.bold if run.bold is not None else para.style.font.bold)
                        too_wide += [(t, word, round(text_width(word, size, bold), 1), round(room, 1))
                                     for word in run.text.split() if text_width(word, size, bold) > room]
                col += n
    assert too_wide == [], too_wide

def test_document_zip_bytes_do_not_depend_on_the_os(tmp_path, monkeypatch):
    # Under Windows CPython, zipfile.ZipInfo records create_system 0 (MS-DOS) where Linux records 3,
    # so the shipped template rebuilt on Windows differed from the file in the repository.
    import sys

    from lkj_excel.laporan.render import reproducible_zip

    data = default_template_path().read_bytes()
    here = reproducible_zip(data)
    monkeypatch.setattr(sys, "platform", "win32")
    assert reproducible_zip(data) == here
