"""A worksheet's <sheetData> rows, the same bytes as xlsxwriter 3.3's Worksheet._write_rows writes.

Saving is a third of building a year workbook (91,000 cells against version 1's 27,000), and
xlsxwriter spends it per cell: a method call that names the cell and looks its style up, and a
regex per formula and per value to escape them. Here each row's cells are put together in one
string: the column letters looked up once per save, the cell's kind by its class, the row number once per
row, escaping only when a text holds & < or >. Cells the fast path does not know (no format, rich
strings, booleans, array formulas, ...) and rows with a format, hidden or outlined still go through
xlsxwriter's own methods. pyproject bounds xlsxwriter below 3.4 because this mirrors its internals;
tests/test_golden.py (byte-identical version-1 workbooks) guards it.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellBlankTuple, CellFormulaTuple, CellNumberTuple, CellStringTuple

_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})


def spans(ws) -> dict[int, str]:
    """xlsxwriter's _calculate_spans: per block of 16 rows, the first and last column (1-based)
    holding a cell. Comments are not looked at: sheets with comments use xlsxwriter's method."""
    out: dict[int, str] = {}
    lo = hi = None
    table, last = ws.table, ws.dim_rowmax
    for row in range(ws.dim_rowmin, last + 1):
        cells = table.get(row)
        if cells:
            a, b = min(cells), max(cells)
            if lo is None:
                lo, hi = a, b
            else:
                lo, hi = min(lo, a), max(hi, b)
        if (row + 1) % 16 == 0 or row == last:
            if lo is not None:
                out[row // 16] = f"{lo + 1}:{hi + 1}"
                lo = None
    return out


def _escape(text: str) -> str:
    # xlsxwriter's _escape_data: & < > only (not quotes), in that order
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def write_rows(ws) -> None:
    """Worksheet._write_rows for a sheet without comments, not in constant_memory mode."""
    ws.row_spans = row_spans = spans(ws)
    table, info, write = ws.table, ws.row_info, ws.fh.write
    letters = {c: xl_col_to_name(c) for c in range(ws.dim_colmin, ws.dim_colmax + 1)}
    heights: dict[float, str] = {}
    for row in range(ws.dim_rowmin, ws.dim_rowmax + 1):
        cells = table.get(row)
        if not cells:
            if row in info:  # a row with a height or format only
                ws._write_empty_row(row, row_spans.get(row // 16), info[row])
            continue
        number = str(row + 1)
        start = _row_start(ws, number, row_spans.get(row // 16), info.get(row), heights)
        if start is None:  # a row format, hidden or outlined row: xlsxwriter's own <row>
            ws._write_row(row, row_spans.get(row // 16), info.get(row))
            parts = []
        else:
            parts = [start]
        for col in sorted(cells):
            cell = cells[col]
            fmt = cell.format
            kind = cell.__class__
            if not fmt or kind not in _FAST:
                if parts:
                    write("".join(parts))
                    parts = []
                ws._write_cell(row, col, cell)
                continue
            xf = fmt.xf_index  # set for every format before the sheets are written
            if xf is None:
                xf = fmt._get_xf_index()
            if kind is _NUMBER:
                parts.append(f'<c r="{letters[col]}{number}" s="{xf}"><v>{cell.number:.16G}</v></c>')
            elif kind is _STRING:
                parts.append(f'<c r="{letters[col]}{number}" s="{xf}" t="s"><v>{cell.string}</v></c>')
            elif kind is _BLANK:
                parts.append(f'<c r="{letters[col]}{number}" s="{xf}"/>')
            else:  # Formula
                value, kind_attr = cell.value, ""
                if isinstance(value, bool):
                    kind_attr = ' t="b"'
                    value = 1 if value else 0
                elif isinstance(value, str):
                    if value:
                        kind_attr = ' t="e"' if value in _ERRORS else ' t="str"'
                    value = _escape(value)
                parts.append(f'<c r="{letters[col]}{number}" s="{xf}"{kind_attr}><f>{_escape(cell.formula)}</f>'
                             f'<v>{value}</v></c>')
        parts.append("</row>")
        write("".join(parts))


def _row_start(ws, number: str, span: str | None, info, heights: dict[float, str]) -> str | None:
    """xlsxwriter's _write_row start tag for a row that at most has a height; None for any other."""
    if info is not None and (info.row_format or info.hidden or info.level or info.collapsed):
        return None
    height = ws.default_row_height if info is None or info.height is None else info.height
    tail = heights.get(height)
    if tail is None:
        tail = ""
        # xlsxwriter: height != original or (height == original and height != default)
        if height != ws.original_row_height or height != ws.default_row_height:
            tail = f' ht="{height * 0.75:.16g}" customHeight="1"'
        if ws.excel_version == 2010:
            tail += ' x14ac:dyDescent="0.25"'
        heights[height] = tail
    return f'<row r="{number}" spans="{span}"{tail}>' if span else f'<row r="{number}"{tail}>'


_NUMBER, _STRING, _BLANK = CellNumberTuple, CellStringTuple, CellBlankTuple
_FAST = frozenset({CellNumberTuple, CellStringTuple, CellBlankTuple, CellFormulaTuple})
