"""Indonesian text for the document: percentages, rupiah (with words), values with their unit, and
input text made safe to print.

Numbers go through the project's formatters (periods.format_percent_id / format_rupiah,
findings.show_value); rupiah in words come from num2words (lang "id"), not a hand-written speller.
"""

from __future__ import annotations

import re

from ..findings import show_value
from ..periods import format_percent_id, format_rupiah

# Characters XML 1.0 cannot hold (a Word file with one does not open) and the C0 controls that docxtpl
# would turn into tabs, paragraph and page breaks (\t \a \f); \n is handled by the callers.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LIST_MARKER = re.compile(r"^(?:[a-zA-Z]|[0-9]{1,3})[.)]\s+|^[-–•*➤]\s*")


def clean(text: object) -> str:
    """Input text as it may be printed: no characters a Word file cannot hold; tabs become spaces."""
    return _NOT_PRINTABLE.sub("", str(text or "").replace("\t", " "))


def one_line(text: object) -> str:
    """Text for a table cell or inside a sentence: every run of whitespace (Alt+Enter too) is one space."""
    return " ".join(clean(text).split())


def lines(text: object) -> list[str]:
    """The non-blank lines of a Narasi cell, each on one line."""
    return [one_line(line) for line in clean(text).splitlines() if line.strip()]


def strip_marker(line: str) -> str:
    """'a. Pelaksanaan ...' / '1. ...' / '- ...' -> the item itself: the document numbers items anew."""
    return _LIST_MARKER.sub("", line, count=1).strip() or line


def percent(fraction: float | None) -> str:
    """51,43%; a whole percentage without decimals (0%, 100%), as the seed writes them; '-' if none."""
    if fraction is None:
        return "-"
    text = format_percent_id(fraction)
    return text.replace(",00%", "%")


def rupiah(value: float | None) -> str:
    """Rp20.000.000 in tables; '-' when there is no amount."""
    return "-" if value is None else format_rupiah(value)


def rupiah_prose(value: float) -> str:
    """Rp20.000.000,00 as prose writes an amount before its words."""
    text = format_rupiah(value)
    return text if "," in text else text + ",00"


def rupiah_words(value: float) -> str | None:
    """'Dua Puluh Juta Rupiah'; sen after the rupiah ('Seribu Rupiah Lima Puluh Sen'). None when
    num2words cannot spell the amount (beyond its largest unit): the figure then stands alone."""
    from num2words import num2words  # only the document needs it

    sen_total = round(abs(value) * 100)
    whole, sen = divmod(sen_total, 100)
    try:
        words = num2words(whole, lang="id") + " rupiah"
        if sen:
            words += " " + num2words(sen, lang="id") + " sen"
    except (OverflowError, NotImplementedError, ValueError, TypeError):
        return None
    if value < 0:
        words = "minus " + words
    return " ".join(w.capitalize() for w in words.split())


def rupiah_with_words(value: float) -> str:
    """'Rp20.000.000,00 (Dua Puluh Juta Rupiah)'."""
    words = rupiah_words(value)
    return rupiah_prose(value) + (f" ({words})" if words else "")


def with_unit(value: float | None, satuan: str) -> str:
    """'100%', '70 perusahaan', '36 perusahaan', '51,43%'; '-' when empty."""
    if value is None:
        return "-"
    text = show_value(value)
    unit = one_line(satuan)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def join_id(items: list[str]) -> str:
    """'A', 'A dan B', 'A, B dan C'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def letter_label(i: int) -> str:
    """a., b., ... z., then aa., ab., ... for a list longer than the alphabet."""
    letters = ""
    n = i
    while True:
        letters = chr(ord("a") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            return letters + "."
