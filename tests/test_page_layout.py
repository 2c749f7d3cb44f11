"""Issue 9, the small things of the printed page, read back with openpyxl; and the planner itself."""

from __future__ import annotations

import openpyxl

from lkj_excel.api import build_file
from lkj_excel.writers.formats import unit_number_format
from lkj_excel.writers.pagination import Pager, plan, print_scale
from lkj_excel.writers.textfit import wrap

from helpers import write_workbook, identitas, KINERJA_HEADER, ANGGARAN_HEADER


def test_percent_target_prints_like_the_capaian_and_rupiah_before_the_number():
    # "100.00 %" beside "51.43%" before; now both two decimals with the sign attached
    assert unit_number_format("%", 0) == '#,##0.00"%"' and unit_number_format("persen", 2) == '#,##0.00"%"'
    assert unit_number_format("Rp", 0) == '"Rp"#,##0'  # Rp4.880, not "4,880 Rp"
    assert unit_number_format("perusahaan", 0) == '#,##0" perusahaan"'


def _build(tmp_path, kinerja, narasi=None, **ident):
    sheets = {"Identitas": identitas(**ident), "Kinerja": [KINERJA_HEADER, *kinerja],
              "Anggaran": [ANGGARAN_HEADER, [1, "K", 1, 100, 50]]}
    if narasi:
        sheets["Narasi"] = narasi
    src = write_workbook(tmp_path / "in.xlsx", sheets)
    return openpyxl.load_workbook(build_file(src, tmp_path / "out.xlsx", force=True).output)


def test_keterangan_ending_in_a_full_stop_gets_no_semicolon(tmp_path):
    wb = _build(tmp_path, [[1, "S", "Tingkat pengangguran", "%", "Turun", 7, 6.5, "Sesuai rencana."],
                           [None, None, "Lain", "%", "Turun", 7, 6.5, "Baik"]])
    notes = [c.value for c in wb["Capaian Kinerja"]["F"] if c.value and "Arah turun" in str(c.value)]
    assert notes == ["Sesuai rencana. Arah turun: capaian = (2×3−4)/3", "Baik; Arah turun: capaian = (2×3−4)/3"]


def test_no_row_over_409_points_and_long_evaluasi_continues(tmp_path):
    text = "Evaluasi capaian kinerja tribulan kedua. " * 130  # 5,330 characters: 626 pt in one row before
    wb = _build(tmp_path, [[1, "S", "I", "orang", "Naik", 10, 5, None]],
                narasi=[["Evaluasi dan Analisis", text]], Jabatan_Atasan="x")
    ws = wb["Narasi"]
    heights = [d.height for d in ws.row_dimensions.values() if d.height]
    assert heights and max(heights) <= 409
    pieces = [c.value for c in ws["B"] if c.value and "Evaluasi capaian" in c.value]
    assert len(pieces) >= 2 and "".join(pieces).replace(" ", "") == text.strip().replace(" ", "")


def test_draft_banner_tall_enough_and_text_centred(tmp_path):
    wb = _build(tmp_path, [[1, "S", "I", "orang", "Naik", 10, None, None]])  # blank realisasi: DRAF
    ws = wb["Capaian Kinerja"]
    assert ws["A1"].value.startswith("DRAF") and ws.row_dimensions[1].height >= 14 * 1.15 + 4
    assert ws["B12"].alignment.vertical == "center" or any(
        c.alignment.vertical == "center" for c in ws["B"] if c.value == "I")


def test_wrap_breaks_at_spaces_within_the_width():
    # Arial 10: "Kepala Dinas" is 58.9 pt wide; a 70-pt cell (63 pt inside) holds it, not one more word
    assert [line for line, _ in wrap("Kepala Dinas Tenaga Kerja", 70)] == ["Kepala Dinas", "Tenaga Kerja"]


def test_plan_keeps_blocks_whole_and_header_with_first_block():
    heights = [20.0] * 10
    # blocks start at rows 2, 5, 8; a page holds 100 pt; rows 0-1 repeat (40 pt)
    breaks = plan(heights, [2, 5, 8], 100.0, (0, 1))
    assert breaks == [5, 8]  # rows 0-4 (100 pt); 40 + 60 = 100; then 40 + 40
    pager = Pager(50.0)
    pager.place(0, [20.0, 20.0, 20.0])  # taller than a page: the one allowed cut, by rows
    assert pager.breaks == [2]
    assert print_scale((42, 42, 16, 16, 13, 26, 16)) == 77


def test_plan_keeps_the_last_rows_with_the_signature_even_in_a_tall_block():
    from lkj_excel.writers.pagination import segments

    heights = [20.0] * 12
    # one block from row 2 to the end (a sasaran taller than a page, then the signature rows 9-11);
    # keep=7: rows 7..11 never split, so the cut falls before row 7, not at row 10
    assert plan(heights, [2], 100.0, None) == [5, 10]
    assert plan(heights, [2], 100.0, None, keep=7) == [5, 7]
    # keep drops the starts after it: rows 8 and 10 no longer start blocks, so rows 5-11 are one
    # tall block, cut only before the kept rows
    assert plan(heights, [2, 5, 8, 10], 100.0, None, keep=7) == [5, 7]
    assert segments(2, 8, [5, 7]) == [(2, 3), (5, 2), (7, 3)] and segments(2, 3, [5]) == [(2, 3)]


def test_a_block_taller_than_a_page_starts_on_the_current_page_unless_it_is_nearly_full():
    pager = Pager(100.0)
    pager.place(0, [30.0])
    pager.place(1, [20.0] * 8)  # 160 pt: no page holds it, and 70 pt are free: no empty-page break
    assert pager.breaks == [4]  # rows 1-3 fill page 1, rows 4-8 page 2
    pager = Pager(100.0)
    pager.place(0, [80.0])
    pager.place(1, [20.0] * 8)  # only 20 pt free (more than 3/4 used): start it on a new page
    assert pager.breaks[0] == 1


def test_predicted_heights_are_the_heights_the_sheet_gets():
    """The sheets that plan their pages while writing (Perjanjian Kinerja, Cost per Outcome) ask for a
    block's heights before writing it; a prediction off by a pixel a row adds up over a page and
    LibreOffice then breaks where the plan did not. Cases: a sasaran text that spreads over its
    indicators (15 + 15 + 15 = 45 points is less than it needs, so each row grows and is rounded to
    whole pixels), a No that is text ("1a", a merged cell of its own), and one past Excel's 409."""
    from lkj_excel.model import Identity, Report
    from lkj_excel.writers.book import Book, WriteOptions

    book = Book(Report(Identity(), [], []), WriteOptions())
    ws = book.sheet("Uji", (6, 20, 40))
    # "kata " * 25 needs 84,75 points: (84,75 - 45) / 3 = 13,25 more a row, 28,25 is not whole pixels
    cases = [("1", "kata " * 25, ["a", "b", "c"]), ("1a", "pendek", ["x " * 30, "y"]),
             ("2", "panjang " * 2000, ["z"])]
    row = 0
    for no, text, indicators in cases:
        own = [max(15.0, book.text_height("Uji", 2, t)) for t in indicators]
        predicted = book.predicted_heights("Uji", own, ((0, int(no) if no.isdigit() else no), (1, text)))
        book.merged_text(ws, row, 0, len(indicators), int(no) if no.isdigit() else no, book.f.td)
        book.merged_text(ws, row, 1, len(indicators), text, book.f.td)
        for k, t in enumerate(indicators):
            book.text_cell(ws, row + k, 2, t, book.f.td)
        assert book.sheet_heights(ws)[row:row + len(indicators)] == predicted, (no, predicted)
        row += len(indicators)
    assert book.text_height("Uji", 1, "kata " * 25) == 84.75
    first = book.predicted_heights("Uji", [15.0] * 3, ((1, "kata " * 25),))
    assert first == [28.5, 28.5, 28.5]  # 28,25 written as 38 pixels
    assert book.predicted_heights("Uji", [15.0], ((1, "panjang " * 2000),)) == [409.0]


def test_a_bold_continuation_title_gets_the_height_of_its_bold_lines():
    """Narasi's title cell runs down its text's rows and reads "Evaluasi dan Analisis (lanjutan)" on a
    continued page. In column A (28 characters) that is one line of regular text (15,75 pt) but two
    in bold (27 pt): a last piece of one short line after the page break must grow to 27 pt, or the
    title prints cut."""
    from lkj_excel.model import Identity, Report
    from lkj_excel.writers import narasi
    from lkj_excel.writers.book import Book, WriteOptions

    book = Book(Report(Identity(), [], []), WriteOptions())
    ws = book.sheet(narasi.NARASI_OUT, narasi.WIDTHS)
    more = "Evaluasi dan Analisis (lanjutan)"
    assert (book.text_height(ws.name, 0, more), book.text_height(ws.name, 0, more, bold=True)) == (15.75, 27.0)
    book.merged(ws, 0, 0, 3, book.f.th, lambda r: ws.write_string(r, 0, "Evaluasi dan Analisis", book.f.th),
                more, "Evaluasi dan Analisis")
    for r, height in enumerate((300.0, 300.0, 15.0)):
        ws.write_string(r, 1, "isi", book.f.td)
        book.set_height(ws, r, height)
    book.breaks[ws.name] = [2]  # the third row starts the next page
    book.finish()
    assert book.sheet_heights(ws)[2] == 27.0
