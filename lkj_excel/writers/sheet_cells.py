"""Cell methods of our worksheets without xlsxwriter's per-call argument handling.

xlsxwriter's public write_* methods go through a decorator that tries int() on the row to tell
(row, col) from "A1" notation, and write_formula searches every formula for dynamic-array functions
(FILTER, SORT, LAMBDA, ...). A 1,000-indicator year workbook makes some 75,000 such calls, 26,000 of
them formulas. lkj-excel always passes int rows and columns, and its formulas use only functions
every Excel knows (page.PlainFormulaSheet; tests/test_build.py checks that no formula it writes names
a dynamic-array function), so both are skipped; anything else (A1 notation, array formulas,
constant_memory, an empty formula) takes xlsxwriter's own path. Mirrors xlsxwriter 3.3's
Worksheet._write_formula (pyproject bounds xlsxwriter below 3.4)."""

from __future__ import annotations

from xlsxwriter.worksheet import CellFormulaTuple, Worksheet


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
