"""How many lines a text takes in a cell, from Arial's real advance widths, so row heights fit the
text and the pagination planner knows every row's height.

The widths are Liberation Sans's (metric-compatible with Arial, the font every sheet uses), in
thousandths of an em, taken from LiberationSans-Regular.ttf and -Bold.ttf with fontTools; characters
outside the table count as 0.556 em, Arial's digit width. Line height is Arial's ascent + descent +
line gap: 1.15 em.
"""

from __future__ import annotations

from functools import lru_cache

_CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~–—−×≤≥…’‘“”•·°²³½éèáàíóúñçÉ"
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
    722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
    278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 556, 1000, 584, 584, 549,
    549, 1000, 222, 222, 333, 333, 350, 278, 400, 333, 333, 834, 556, 556, 556, 556, 278, 556, 556, 556,
    500, 667
)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 556, 1000, 584, 584, 549,
    549, 1000, 278, 278, 500, 500, 350, 278, 400, 333, 333, 834, 556, 556, 556, 556, 278, 611, 611, 611,
    556, 667
)
_OTHER = 556


class _Widths(dict):
    """Advance widths by character; a character outside the table counts as a digit."""

    def __missing__(self, ch):
        return _OTHER


_WIDTH = {False: _Widths(zip(_CHARS, _REGULAR)), True: _Widths(zip(_CHARS, _BOLD))}
LINE_EM = 1.15
CELL_PADDING = 7.0  # points: the cell's inner margins in Excel and LibreOffice, plus a little slack
EXCEL_MAX_ROW = 409.0  # points: Excel's largest row height


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` in points at `size` points."""
    return _units(text, _WIDTH[bold]) * size / 1000


def _units(text: str, table) -> int:
    """Width in thousandths of an em: whole numbers, so a line's width is exactly the sum of its
    words' and spaces' (wrap adds them up instead of measuring each longer candidate again)."""
    return sum(map(table.__getitem__, text))


@lru_cache(maxsize=1 << 16)
def _word_units(word: str, bold: bool) -> int:
    """_units of one word: the same words come back in every sasaran and indikator of a report."""
    return _units(word, _WIDTH[bold])


def word_units(word: str, bold: bool = False) -> int:
    """A word's width in thousandths of an em (cached): a text's width in points is the sum of its
    words' and spaces' units * size / 1000, exactly text_width's."""
    return _word_units(word, bold)


def wrap(text: str, width: float, size: float = 10, bold: bool = False) -> list[tuple[str, str]]:
    """`text` broken into lines as a wrapping cell `width` points wide breaks it: at spaces, a word
    longer than the line cut by characters. Each line comes with what ended it: "\n" (a typed line
    break), " " (wrapped at a space), "" (cut inside a word, or the end)."""
    room = max(1.0, width - CELL_PADDING)
    table = _WIDTH[bold]
    space = table[" "]
    lines: list[tuple[str, str]] = []
    paragraphs = text.split("\n")
    for p, paragraph in enumerate(paragraphs):
        end = "\n" if p < len(paragraphs) - 1 else ""
        line, used = "", 0  # the line so far and its width in units
        for word in paragraph.split(" "):
            units = _word_units(word, bold)
            candidate = used + space + units if line else units
            if candidate * size / 1000 <= room:
                line, used = (f"{line} {word}" if line else word), candidate
                continue
            if line:
                lines.append((line, " "))
            while units * size / 1000 > room and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, bold) > room:
                    cut -= 1
                lines.append((word[:cut], ""))
                word = word[cut:]
                units = _units(word, table)
            line, used = word, units
        lines.append((line, end))
    return lines


def line_count(text: str | None, width: float, size: float = 10, bold: bool = False) -> int:
    return len(wrap(text, width, size, bold)) if text else 1


def row_height(lines: float, size: float = 10) -> float:
    """Points a row needs for `lines` lines of `size`-point text (at least Excel's default 15), as
    the file will hold it."""
    return as_written(max(15.0, lines * size * LINE_EM + 4))


def as_written(height: float) -> float:
    """A row height as xlsxwriter writes it: whole pixels (3/4 point), rounded half up; the planner
    must count the height the file holds (15.5 is written 15.75)."""
    return 0.75 * int(height * 4 / 3 + 0.5)


def max_lines(size: float = 10) -> int:
    """The most lines a row can hold within Excel's 409-point limit."""
    return int((EXCEL_MAX_ROW - 4) // (size * LINE_EM))
