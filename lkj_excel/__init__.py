"""lkj-excel: from a filled LKj Tribulan template to the finished, validated workbook.

The library API lives in `lkj_excel.api`; this module stays import-light so that `lkj-excel --help`
does not pay for pandas.
"""

__version__ = "0.1.0"
TEMPLATE_VERSION = 1
