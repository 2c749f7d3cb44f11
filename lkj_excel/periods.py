"""Tribulan, dates and Indonesian number/date text (DOMAIN.md sections 1 and 6).

Pure functions, no I/O. Parsers raise only ``ValueError`` (with an Indonesian message), so a caller can turn any
failure into one finding for one cell.

Decisions on ambiguous forms:

- Numeric dates are always read day first ("05/07/2023" is 5 July); two-digit years are refused because
  "05/07/23" could be any century and a wrong year is worse than a question.
- Excel serial numbers follow the 1900 date system including Excel's phantom 29 February 1900 (serial 60,
  refused); the time-of-day fraction is dropped.
- Digit-only text ("45112") is not read as a serial: a date typed as text is never a serial in practice, and
  "2023" would silently become 1905.
- Besides the Indonesian month names and their three-letter forms (Agt/Agu/Ags for Agustus), the old spellings
  Pebruari/Nopember and English names/abbreviations are accepted, because Excel with an English locale writes
  "05-Jul-2023" or "05-Aug-2023".
"""

from __future__ import annotations

import math
import numbers as _abc
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from lkj_excel.numbers import is_blank, quote_value

__all__ = [
    "MONTHS_ID",
    "format_date_id",
    "format_percent_id",
    "format_rupiah",
    "parse_date",
    "parse_tribulan",
    "period_text",
    "roman",
    "tribulan_end",
]

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_ROMAN = ("I", "II", "III", "IV")
_TRIBULAN_WORDS = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4,
    "1": 1, "2": 2, "3": 3, "4": 4,
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4,
    "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4,
}  # fmt: skip
_TRIBULAN_TEXT = re.compile(
    r"(?:(?:tribulan|triwulan|tri\s+wulan|trw|tw)\s*[-.:]?\s*)?(?:ke\s*-?\s*)?(?P<value>[a-z0-9]+)"
)

_MONTH_LOOKUP: dict[str, int] = {}
for _number, _name in enumerate(MONTHS_ID, start=1):
    _MONTH_LOOKUP[_name.lower()] = _number
    _MONTH_LOOKUP[_name[:3].lower()] = _number
_MONTH_LOOKUP.update(
    {
        "agt": 8, "agu": 8, "ags": 8, "sept": 9, "pebruari": 2, "peb": 2, "nopember": 11, "nop": 11,
        "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
        "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
    }
)  # fmt: skip

_ISO_DATE = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?:[t ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_NUMERIC_DATE = re.compile(r"(?P<d>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*(?P<y>[0-9]{4})")
_NAMED_DATE = re.compile(r"(?P<d>[0-9]{1,2})(?:\s*-\s*|\s+|(?=[a-z]))(?P<m>[a-z]+)\.?(?:\s*-\s*|\s+)(?P<y>[0-9]{4})")

# Excel's day 0 is 1899-12-31, but it counts a 29 February 1900 that never existed, so from serial 61 on
# the real epoch is one day earlier.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = (date.max - _EXCEL_EPOCH).days

_TRIBULAN_LAST_DAY = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def roman(n: int) -> str:
    """Tribulan number 1..4 as "I".."IV"."""
    if n.__class__ is int and 1 <= n <= 4:  # the usual case, without the ABC checks (labels of every quarter cell)
        return _ROMAN[n - 1]
    return _ROMAN[_check_tribulan_number(n) - 1]


def parse_tribulan(raw: object) -> int:
    """Tribulan 1..4 from 2, 2.0, "II", "Tribulan II", "Triwulan 2", "TW II", "tw-2", "Tribulan ke-2"."""
    try:
        return _parse_tribulan(raw)
    except ValueError:
        raise
    except Exception as exc:
        raise ValueError(_tribulan_message(raw)) from exc


def _parse_tribulan(raw: object) -> int:
    if is_blank(raw):
        raise ValueError("tribulan kosong: isi I, II, III, atau IV")
    if isinstance(raw, bool):
        raise ValueError(_tribulan_message(raw))
    if isinstance(raw, str):
        text = " ".join(raw.casefold().split())
        if re.fullmatch(r"[1-4](?:[.,]0+)?", text):
            return int(text[0])
        match = _TRIBULAN_TEXT.fullmatch(text)
        if match and match.group("value") in _TRIBULAN_WORDS:
            return _TRIBULAN_WORDS[match.group("value")]
        raise ValueError(_tribulan_message(raw))
    if isinstance(raw, (_abc.Real, Decimal)):
        value = float(raw)
        if value.is_integer() and 1 <= value <= 4:
            return int(value)
    raise ValueError(_tribulan_message(raw))


def _tribulan_message(raw: object) -> str:
    return f"{quote_value(raw)} bukan tribulan yang sah: isi I, II, III, atau IV"


def _check_tribulan_number(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, _abc.Integral) or not 1 <= int(n) <= 4:
        raise ValueError(_tribulan_message(n))
    return int(n)


def tribulan_end(tribulan: int, year: int) -> date:
    """Last day of the tribulan: 31 Maret, 30 Juni, 30 September, 31 Desember."""
    month, day = _TRIBULAN_LAST_DAY[_check_tribulan_number(tribulan)]
    return date(year, month, day)


def period_text(tribulan: int, year: int) -> str:
    """The cumulative reporting period, e.g. "Januari s.d. Juni 2023" for Tribulan II."""
    last_month = _TRIBULAN_LAST_DAY[_check_tribulan_number(tribulan)][0]
    return f"{MONTHS_ID[0]} s.d. {MONTHS_ID[last_month - 1]} {year}"


def parse_date(raw: object) -> date:
    """A date from a date/datetime, an Excel serial number or Indonesian text (day first)."""
    try:
        return _parse_date(raw)
    except ValueError:
        raise
    except Exception as exc:
        raise ValueError(_date_message(raw)) from exc


def _parse_date(raw: object) -> date:
    if is_blank(raw):
        raise ValueError("tanggal kosong: isi tanggal, contoh 5 Juli 2023")
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool):
        raise ValueError(_date_message(raw))
    if isinstance(raw, str):
        return _parse_date_text(raw)
    if isinstance(raw, (_abc.Real, Decimal)):
        return _from_excel_serial(raw)
    raise ValueError(_date_message(raw))


def _date_message(raw: object) -> str:
    return f"{quote_value(raw)} bukan tanggal yang dikenali: tulis seperti 5 Juli 2023 atau 05/07/2023"


def _from_excel_serial(raw: object) -> date:
    serial = float(raw)  # type: ignore[arg-type]
    if not math.isfinite(serial) or serial < 1 or serial >= _EXCEL_MAX_SERIAL + 1:
        raise ValueError(f"{quote_value(raw)} bukan nomor seri tanggal Excel yang sah")
    days = int(serial)
    if days == 60:
        raise ValueError(f"{quote_value(raw)} menunjuk 29 Februari 1900, tanggal yang tidak ada")
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + timedelta(days=days)


def _parse_date_text(raw: str) -> date:
    text = " ".join(raw.casefold().split())
    match = _ISO_DATE.fullmatch(text) or _NUMERIC_DATE.fullmatch(text)
    if match:
        month = int(match.group("m"))
    else:
        match = _NAMED_DATE.fullmatch(text)
        if not match or match.group("m") not in _MONTH_LOOKUP:
            raise ValueError(_date_message(raw))
        month = _MONTH_LOOKUP[match.group("m")]
    try:
        return date(int(match.group("y")), month, int(match.group("d")))
    except ValueError:
        raise ValueError(f"{quote_value(raw)} bukan tanggal yang ada di kalender") from None


def report_title(tribulan: int | None, year: int | None, unit: str) -> str:
    """'LKj Tribulan II 2023 – Bidang Pengembangan Ketenagakerjaan': the finished workbook's title and
    its email subject."""
    tw = roman(tribulan) if tribulan else "?"
    return f"LKj Tribulan {tw} {year or ''} – {unit}".strip()


def format_date_id(d: date) -> str:
    """Indonesian long date, e.g. "5 Juli 2023"."""
    # Imported here: loading Babel's locale machinery costs noticeable CLI start-up time.
    from babel.dates import format_date

    return format_date(d, "d MMMM y", locale="id")


def format_rupiah(value: object) -> str:
    """Money as Indonesian text: "Rp20.000.000", or "Rp20.000.000,50" when there are cents."""
    amount = _hundredths(_decimal(value))
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = int(amount)
    cents = int((amount - whole) * 100)
    text = _group_thousands(whole)
    if cents:
        text += f",{cents:02d}"
    return f"{sign}Rp{text}"


def format_percent_id(fraction: object) -> str:
    """A fraction as an Indonesian percentage with two decimals: 0.5142857 -> "51,43%"."""
    percent = _hundredths(_decimal(fraction) * 100)
    sign = "-" if percent < 0 else ""
    percent = abs(percent)
    whole = int(percent)
    hundredths = int((percent - whole) * 100)
    return f"{sign}{_group_thousands(whole)},{hundredths:02d}%"


# The default context's 28 digits cannot quantize a huge amount (1e26 rupiah): a wide one lets any
# finite float format instead of raising. Passed to quantize, not entered: the document formats
# thousands of numbers and a localcontext per number doubled the cost.
_WIDE = Context(prec=400)
_CENT = Decimal("0.01")


def _hundredths(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP, context=_WIDE)


def _decimal(value: object) -> Decimal:
    # Decimal(str(x)) rounds what the user sees (0.005 -> 0,01), not the binary float underneath.
    if isinstance(value, bool) or not isinstance(value, (_abc.Real, Decimal)):
        raise ValueError(f"{quote_value(value)} bukan angka")
    try:
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, _abc.Integral):
            result = Decimal(int(value))
        else:
            result = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{quote_value(value)} bukan angka") from exc
    if not result.is_finite():
        raise ValueError(f"{quote_value(value)} bukan angka yang terhingga")
    return result


def _group_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")
