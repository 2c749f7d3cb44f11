"""Writing edge: a `Report` -> the finished LKj workbook, with xlsxwriter, one module per sheet.

workbook.py is the entry point; book.py, formats.py, page.py, formulas.py and signature.py are what
the sheets share; perjanjian, capaian, anggaran, cost_outcome, narasi and validasi write one sheet each.
"""

from .book import WriteOptions
from .formats import DRAFT_TEXT
from .workbook import link_target, write, write_workbook

__all__ = ["DRAFT_TEXT", "WriteOptions", "link_target", "write", "write_workbook"]
