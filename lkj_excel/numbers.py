"""Reading numbers that staff typed the Indonesian way ("Rp. 20.000.000,-", "51,43 %", "70 perusahaan").

Pure functions, no I/O. The contract of :func:`parse_number` is that it returns a number or ``None`` (blank),
or raises :class:`NotANumber` with an Indonesian message; it never raises anything else, whatever it is given,
because callers turn that exception straight into a ``bukan-angka`` finding for one cell.

Decisions on ambiguous forms (see DOMAIN.md section 6):

- If both ``.`` and ``,`` appear, the one that appears last is the decimal separator and the other one must
  group thousands correctly ("1.234,5" and "1,234.5" are both 1234.5; "1.23,5" is not a number).
- A ``.`` that groups exactly three digits is a thousands separator ("20.000" is 20000, "1.234.567" is 1234567);
  any other lone ``.`` is a decimal point ("51.43", "1234.567", "0.500").
- A lone ``,`` is always the decimal separator ("1,5" is 1.5, "1,234" is 1.234); several commas can only be
  thousands ("1,234,567").
- Spaces inside a number are accepted only as thousands grouping ("20 000 000"), and then the separator
  after the groups is the decimal one.
- A number wrapped in parentheses, "(5)" or "(Rp 5.000)", is negative, as in accounting statements; validation
  then reports it like any other negative value instead of calling it "not a number".
- One stray separator at the end ("5.", "5,") is ignored, a leading one (",5") means 0,5.
- An int is returned only when the text had no decimal part: "20.000.000,00" gives the float 20000000.0
  (equal to 20000000), "20.000.000,-" gives the int 20000000.
"""

from __future__ import annotations

import math
# The standard library's numeric ABCs, aliased because this module shadows the name "numbers" for readers.
import numbers as _abc
import re
from decimal import Decimal

__all__ = ["NotANumber", "NotMoney", "is_blank", "parse_money", "parse_number", "quote_value"]


class NotANumber(ValueError):
    """A value that is not empty and cannot be read as a number; the message is Indonesian."""


class NotMoney(NotANumber):
    """A number that a rupiah column may not hold as typed: a size word, a percent sign or a unit word
    follows it. The message says what to type instead, so callers show it as it is."""


_DASHES = frozenset("-\u2012\u2013\u2014\u2212")
_MINUS = "-\u2012\u2013\u2212"

# Unit words may follow the number ("70 perusahaan", "51,43 %", "5 orang/hari"); they never hold digits,
# so "12a3" fails to match instead of being read as 12.
_TEXT_NUMBER = re.compile(
    rf"""
    (?P<sign1>[+{re.escape(_MINUS)}])?\s*
    (?:(?P<currency>rp\.?|idr)\s*)?
    (?P<sign2>[+{re.escape(_MINUS)}])?\s*
    (?P<num>[.,]?[0-9](?:[0-9.,]|\s(?=[0-9]))*)
    \s*(?:[.,]-+)?
    \s*(?P<unit>(?:%|[^\W\d_])(?:[^\W\d_]|[%\s./-])*)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PARENTHESISED = re.compile(r"\(\s*(?P<inner>.*?)\s*\)", re.DOTALL)
_SPACE_GROUPED = re.compile(r"(?P<int>[0-9]{1,3}(?:\s[0-9]{3})+)(?:[.,](?P<frac>[0-9]+))?")
_THOUSANDS_HEAD = re.compile(r"[1-9][0-9]{0,2}")
_THOUSANDS_GROUP = re.compile(r"[0-9]{3}")

# A float can hold at most about 1.8e308; longer digit strings would end up as inf or a useless huge int.
_MAX_DIGITS = 308


def quote_value(raw: object, limit: int = 40) -> str:
    """The value as it appears in a message, quoted and cut short; safe for any object."""
    try:
        text = raw if isinstance(raw, str) else str(raw)
    except Exception:
        text = f"<{type(raw).__name__}>"
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return f'"{text}"'


def is_blank(raw: object) -> bool:
    """None, NaN (float nan, pandas NA/NaT), whitespace-only text and a lone dash count as an empty cell."""
    if raw is None:
        return True
    if isinstance(raw, str):
        text = raw.strip()
        return text == "" or (len(text) == 1 and text in _DASHES)
    # pandas is deliberately not imported here: NaN and NaT are the only values unequal to themselves.
    try:
        differs = raw != raw
        if isinstance(differs, bool):
            return differs
        return bool(differs) is True
    except Exception:
        # pandas.NA answers "!=" with NA, whose truth value raises.
        return type(raw).__name__ == "NAType"


def parse_number(raw: object) -> float | int | None:
    """The number in ``raw``; None when it is blank. Raises only :class:`NotANumber`."""
    try:
        return _parse(raw)
    except NotANumber:
        raise
    except Exception as exc:
        # The contract is "NotANumber or a value" for any input, including objects with hostile __eq__/__str__.
        raise NotANumber(f"{quote_value(raw)} bukan angka") from exc


# Size words staff write after an amount ("97,5 juta", "Rp 150 jt", "1,5 M"). Money is refused with them rather
# than multiplied: "M" is miliar to one clerk and million to another, and a report must hold the amount the
# office typed in its books, so the message shows the full number to type instead of guessing.
_SIZE_WORDS = {
    "ribu": 10**3, "rb": 10**3, "rbu": 10**3,
    "juta": 10**6, "jt": 10**6, "jta": 10**6,
    "miliar": 10**9, "milyar": 10**9, "milliar": 10**9, "m": 10**9, "myr": 10**9,
    "triliun": 10**12, "trilyun": 10**12, "t": 10**12,
}


def parse_money(raw: object) -> float | int | None:
    """A rupiah amount: like :func:`parse_number`, but any word or sign after the number is refused.

    "Rp 20.000.000,-" is money; "97,5 juta", "36,5 %" and "20 perusahaan" are not, because a unit that is
    silently dropped turns 97.500.000 into 97,5. Raises only :class:`NotANumber`, and its subclass
    :class:`NotMoney` when the number itself was readable.
    """
    value = parse_number(raw)
    if value is None or not isinstance(raw, str):
        return value
    match = _TEXT_NUMBER.fullmatch(raw.strip())
    unit = (match.group("unit") or "").strip() if match else ""
    if not unit:
        return value
    word = unit.lower().rstrip(".")
    if word in _SIZE_WORDS:
        full = Decimal(str(abs(value))) * _SIZE_WORDS[word]
        raise NotMoney(
            f"{quote_value(raw)} memakai kata ukuran \"{unit}\"; tulis jumlah rupiah lengkapnya dengan angka, "
            f"yaitu {_show_decimal(full)}"
        )
    if "%" in unit:
        raise NotMoney(f"{quote_value(raw)} adalah persen, bukan jumlah rupiah; tulis jumlah rupiahnya")
    raise NotMoney(f"{quote_value(raw)} memuat kata \"{unit}\"; kolom rupiah hanya berisi angka rupiah")


def _show_decimal(value: Decimal) -> str:
    """20000000 as "20.000.000", 1234,5 as "1.234,5" (the Indonesian way, exact)."""
    value = value.normalize()
    int_part, _, frac = f"{value:f}".partition(".")
    grouped = f"{int(int_part):,}".replace(",", ".")
    return f"{grouped},{frac}" if frac else grouped


def _parse(raw: object) -> float | int | None:
    if is_blank(raw):
        return None
    # numpy's bool is no subclass of bool, yet True must never count as 1.
    if isinstance(raw, bool) or type(raw).__name__ in ("bool_", "bool"):
        raise NotANumber(f"{quote_value(raw)} adalah nilai benar/salah, bukan angka")
    if isinstance(raw, str):
        return _parse_text(raw)
    if isinstance(raw, _abc.Integral):
        return int(raw)
    if isinstance(raw, (_abc.Real, Decimal)):
        value = float(raw)
        if not math.isfinite(value):
            raise NotANumber(f"{quote_value(raw)} bukan angka yang terhingga")
        return value
    raise NotANumber(f"{quote_value(raw)} bukan angka")


def _parse_text(raw: str) -> float | int:
    text = raw.strip()
    paren = _PARENTHESISED.fullmatch(text)
    if paren:
        inner = paren.group("inner")
        if inner and inner[0] in "+" + _MINUS:
            raise NotANumber(f"{quote_value(raw)} bukan angka")
        value = _parse_text(inner) if inner else None
        if value is None:
            raise NotANumber(f"{quote_value(raw)} bukan angka")
        return -value

    match = _TEXT_NUMBER.fullmatch(text)
    if not match or (match.group("sign1") and match.group("sign2")):
        raise NotANumber(f"{quote_value(raw)} bukan angka")

    int_digits, frac_digits = _split_separators(match.group("num"), raw)
    if len(int_digits) > _MAX_DIGITS:
        raise NotANumber(f"{quote_value(raw)} terlalu besar untuk dijadikan angka")
    negative = (match.group("sign1") or match.group("sign2") or "+") != "+"

    if frac_digits is None:
        value: float | int = int(int_digits)
    else:
        value = float(f"{int_digits}.{frac_digits}")
        if not math.isfinite(value):
            raise NotANumber(f"{quote_value(raw)} terlalu besar untuk dijadikan angka")
    return -value if negative else value


def _split_separators(num: str, raw: str) -> tuple[str, str | None]:
    """Integer digits and decimal digits (None when the text has no decimal part)."""
    bad = NotANumber(f"{quote_value(raw)} bukan angka: pemisah ribuan/desimal tidak jelas")

    if any(ch.isspace() for ch in num):
        grouped = _SPACE_GROUPED.fullmatch(num)
        if not grouped:
            raise bad
        return re.sub(r"\s", "", grouped.group("int")), grouped.group("frac")

    if num[-1] in ".,":
        num = num[:-1]
        if not num or num[-1] in ".,":
            raise bad
    if num[0] in ".,":
        rest = num[1:]
        if not rest.isdigit():
            raise bad
        return "0", rest
    if ".." in num or ",," in num or ".," in num or ",." in num:
        raise bad

    has_dot, has_comma = "." in num, "," in num
    if not has_dot and not has_comma:
        return num, None

    if has_dot and has_comma:
        decimal_sep = "." if num.rfind(".") > num.rfind(",") else ","
        thousands_sep = "," if decimal_sep == "." else "."
        if num.count(decimal_sep) != 1:
            raise bad
        int_part, frac_part = num.split(decimal_sep)
        groups = int_part.split(thousands_sep)
        if not _is_thousands(groups):
            raise bad
        return "".join(groups), frac_part

    sep = "." if has_dot else ","
    groups = num.split(sep)
    if sep == "," and len(groups) == 2:
        return groups[0], groups[1]
    if _is_thousands(groups):
        return "".join(groups), None
    if len(groups) == 2:
        return groups[0], groups[1]
    raise bad


def _is_thousands(groups: list[str]) -> bool:
    return (
        len(groups) >= 2
        and _THOUSANDS_HEAD.fullmatch(groups[0]) is not None
        and all(_THOUSANDS_GROUP.fullmatch(g) for g in groups[1:])
    )
