"""Cell methods of our worksheets without xlsxwriter's per-call argument handling.

xlsxwriter's public write_* methods go through a decorator that tries int() on the row to tell
(row, col) from "A1" notation, and write_formula searches every formula for dynamic-array functions
(FILTER, SORT, LAMBDA, ...). A 1,000-indicator year workbook makes some 75,000 such calls, 26,000 of
them formulas. lkj-excel always passes int rows and columns, and its formulas use only functions
every Excel knows (page.PlainFormulaSheet; tests/test_build.py checks that no formula it writes names
a dynamic-array function), so both are skipped; anything else (A1 notation, array formulas,
constant_memory, an empty formula) takes xlsxwriter's own path.

merge_range and set_row are called once per merged cell and once per row (Book.finish gives every
row its height): a year workbook has 6,700 merges and 13,500 rows. Their int-only, format-free
cases store what xlsxwriter's methods store without the decorator, the options dict and the second
method call; a merge's padding blanks lie inside the two corners already checked, so they are
stored without checking each again.

Mirrors xlsxwriter 3.3's Worksheet._write_formula, merge_range and set_row_pixels (pyproject bounds
xlsxwriter below 3.4); tests/test_year_workbook.py compares the bytes with the stock methods'."""

from __future__ import annotations

from xlsxwriter.exceptions import OverlappingRange
from xlsxwriter.worksheet import CellBlankTuple, CellFormulaTuple, RowInfo, Worksheet

from ..cells import ref as cell_ref


class DirectCells(Worksheet):
    def write_string(self, row, col, string, cell_format=None):
        if row.__class__ is not int or col.__class__ is not int:
            return Worksheet.write_string(self, row, col, string, cell_format)
        return self._write_string(row, col, string, cell_format)

    def write_number(self, row, col, number, cell_format=None):
        if row.__class__ is not int or col.__class__ is not int:
            return Worksheet.write_number(self, row, col, number, cell_format)
        return self._write_number(row, col, number, cell_format)

    def write_blank(self, row, col, blank, cell_format=None):
        if row.__class__ is not int or col.__class__ is not int:
            return Worksheet.write_blank(self, row, col, blank, cell_format)
        return self._write_blank(row, col, blank, cell_format)

    def write_formula(self, row, col, formula, cell_format=None, value=0):
        if row.__class__ is not int or col.__class__ is not int:
            return Worksheet.write_formula(self, row, col, formula, cell_format, value)
        return self._write_formula(row, col, formula, cell_format, value)

    def _write_formula(self, row, col, formula, cell_format=None, value=0):
        if self.constant_memory or not formula or formula[0] == "{":
            return Worksheet._write_formula(self, row, col, formula, cell_format, value)
        if self._check_dimensions(row, col):
            return -1
        self.table[row][col] = CellFormulaTuple(self._prepare_formula(formula), cell_format, value)
        return 0

    def set_row(self, row, height=None, cell_format=None, options=None):
        if row.__class__ is not int or height is None or cell_format is not None or options:
            return Worksheet.set_row(self, row, height, cell_format, options)
        pixels = int(height * 4.0 / 3.0 + 0.5)
        if pixels == 0:  # a hidden row
            return Worksheet.set_row(self, row, height)
        if self._check_dimensions(row, self.dim_colmin if self.dim_colmin is not None else 0):
            return -1
        self.row_info[row] = RowInfo(height=pixels)
        self.row_sizes[row] = [pixels, False]
        return 0

    def merge_range(self, first_row, first_col, last_row, last_col, data, cell_format=None):
        if (first_row.__class__ is not int or first_col.__class__ is not int or last_row.__class__ is not int
                or last_col.__class__ is not int or first_row > last_row or first_col > last_col
                or (first_row == last_row and first_col == last_col) or self.constant_memory):
            return Worksheet.merge_range(self, first_row, first_col, last_row, last_col, data, cell_format)
        if self._check_dimensions(first_row, first_col) or self._check_dimensions(last_row, last_col):
            return -1
        cell_range = f"{cell_ref(first_row, first_col)}:{cell_ref(last_row, last_col)}"
        merged, tables = self.merged_cells, self.table_cells
        cells = [(r, c) for r in range(first_row, last_row + 1) for c in range(first_col, last_col + 1)]
        for key in cells:
            previous = merged.get(key)
            if previous:
                raise OverlappingRange(f"Merge range '{cell_range}' overlaps previous merge range '{previous}'.")
            previous = tables.get(key) if tables else None  # lkj-excel adds no worksheet tables
            if previous:
                raise OverlappingRange(f"Merge range '{cell_range}' overlaps previous table range '{previous}'.")
            merged[key] = cell_range
        self.merge.append([first_row, first_col, last_row, last_col])
        empty = data.__class__ is str and not data  # most merges: "", the value written after (Book.merged)
        if not empty:
            self._write(first_row, first_col, data, cell_format)
        if cell_format is not None:  # xlsxwriter writes no unformatted blank ("" included)
            blank, table = CellBlankTuple(cell_format), self.table
            for r, c in cells if empty else cells[1:]:
                table[r][c] = blank
        return 0
