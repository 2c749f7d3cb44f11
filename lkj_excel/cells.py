"""A1 references and label matching shared by the reader, the rules and the writer."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=None)  # a sheet has few columns and every cell reference needs one
def col_letter(col: int) -> str:
    """0-based column index to Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """0-based row and column to an A1 reference as Excel shows it."""
    return f"{col_letter(col)}{row + 1}"


def ref(row: int, col: int, row_abs: bool = False, col_abs: bool = False) -> str:
    """xlsxwriter's xl_rowcol_to_cell (0-based, "$" for an absolute part) with the column letters
    cached: the writers name some 30,000 cells in the formulas of a 1,000-indicator year workbook."""
    return f"{'$' if col_abs else ''}{col_letter(col)}{'$' if row_abs else ''}{row + 1}"


def ascii_digits(text: str) -> bool:
    """Plain 0-9 digits only: str.isdigit() also accepts '²' and other scripts' digits, which int()
    then refuses."""
    return text.isascii() and text.isdigit()


_PARENS = re.compile(r"\([^)]*\)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def norm_label(value: object) -> str:
    """Header and label text compared without case, spacing, punctuation or a "(T)"-style note, so
    "No. Sasaran", "NO SASARAN" and "No Sasaran*" all match."""
    if not isinstance(value, str):
        return ""
    return _NON_ALNUM.sub("", _PARENS.sub("", value.lower()))
