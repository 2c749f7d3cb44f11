"""NIP (civil-servant number) checks, DOMAIN.md section 5: ``yyyymmdd yyyymm g nnn``.

Pure functions, no I/O. :func:`check_nip` never raises: every input, however odd, becomes a :class:`NipCheck`
so the caller can report it as one finding.

Decisions:

- ``digits`` is set whenever the input reduces to exactly 18 digits (also for an invalid NIP, so messages and
  :func:`format_nip` can show it); otherwise it is None.
- A NIP that arrives as a float is always invalid: a float cannot hold 18 digits (a pandas column with one
  empty cell turns every NIP into a float), and a silently changed sequence number would pass every check.
  An int is checked normally, but any failure carries the hint to type the NIP as text, because Excel keeps
  only 15 significant digits of a number and so turns the last three digits into 000.
- Spaces, dots and hyphens between the groups, a leading "NIP"/"NIP."/"NIP:" and a leading apostrophe
  (Excel's "this is text" marker, kept by some exports) are removed before checking.
"""

from __future__ import annotations

import numbers as _abc
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lkj_excel.numbers import is_blank, quote_value

__all__ = ["NipCheck", "check_nip", "format_nip"]

PNS = "pns"
PPPK = "pppk"
INVALID = "invalid"

_EARLIEST_BIRTH_YEAR = 1940
_MIN_AGE_AT_APPOINTMENT = 18
_AS_TEXT_HINT = "ketik NIP sebagai teks (awali dengan tanda petik ', misalnya '197110182006042009)"

_PREFIX = re.compile(r"^'?\s*(?:nip\s*[.:]?\s*)?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-]+")
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?e\+?[0-9]+", re.IGNORECASE)


@dataclass(frozen=True)
class NipCheck:
    digits: str | None
    kind: str  # "pns" | "pppk" | "invalid"
    problem: str | None  # Indonesian reason when kind is not "pns"


def check_nip(raw: object) -> NipCheck:
    """Classify ``raw`` as a valid NIP PNS, an NI PPPK (a warning) or invalid, with the reason."""
    try:
        return _check(raw)
    except Exception:
        # The contract is "never raises"; an object that even str() cannot handle is simply not a NIP.
        return NipCheck(None, INVALID, f"{quote_value(raw)} bukan NIP")


def format_nip(digits: str) -> str:
    """Group 18 digits as printed: "19711018 200604 2 009"."""
    cleaned = _clean_text(digits) if isinstance(digits, str) else ""
    if not (len(cleaned) == 18 and cleaned.isascii() and cleaned.isdigit()):
        raise ValueError(f"{quote_value(digits)} bukan NIP 18 digit")
    return f"{cleaned[:8]} {cleaned[8:14]} {cleaned[14]} {cleaned[15:]}"


def _clean_text(text: str) -> str:
    text = _PREFIX.sub("", text.strip(), count=1)
    return _SEPARATORS.sub("", text)


def _check(raw: object) -> NipCheck:
    if is_blank(raw):
        return NipCheck(None, INVALID, "NIP kosong")
    if isinstance(raw, bool):
        return NipCheck(None, INVALID, f"{quote_value(raw)} bukan NIP")
    if isinstance(raw, (float, Decimal)) or (isinstance(raw, _abc.Real) and not isinstance(raw, _abc.Integral)):
        return NipCheck(
            None,
            INVALID,
            f"NIP {quote_value(raw)} tersimpan sebagai angka desimal sehingga digitnya bisa berubah; {_AS_TEXT_HINT}",
        )
    if isinstance(raw, _abc.Integral):
        text = str(int(raw))
        if len(text) != 18 or not text.isdigit():  # a minus sign is not a digit
            return NipCheck(
                None,
                INVALID,
                f"NIP harus 18 digit, tertulis {len(text.lstrip('-'))} digit karena tersimpan sebagai angka; "
                + _AS_TEXT_HINT,
            )
        result = _check_digits(text)
        if result.kind == INVALID:
            return NipCheck(
                result.digits,
                INVALID,
                f"{result.problem}; NIP tersimpan sebagai angka (Excel hanya menyimpan 15 digit angka), "
                + _AS_TEXT_HINT,
            )
        return result
    if not isinstance(raw, str):
        return NipCheck(None, INVALID, f"{quote_value(raw)} bukan NIP")

    cleaned = _clean_text(raw)
    if _SCIENTIFIC.fullmatch(cleaned):
        return NipCheck(
            None,
            INVALID,
            f"NIP {quote_value(raw)} tertulis dalam notasi ilmiah sehingga digitnya hilang; {_AS_TEXT_HINT}",
        )
    if not (cleaned.isascii() and cleaned.isdigit()):
        return NipCheck(None, INVALID, f"NIP hanya boleh berisi angka, tertulis {quote_value(raw)}")
    if len(cleaned) != 18:
        return NipCheck(None, INVALID, f"NIP harus 18 digit, tertulis {len(cleaned)} digit")
    return _check_digits(cleaned)


def _check_digits(digits: str) -> NipCheck:
    problems: list[str] = []

    birth = _real_date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    if birth is None:
        problems.append(f"digit 1–8 ({digits[0:8]}) bukan tanggal lahir yang ada")
    elif birth.year < _EARLIEST_BIRTH_YEAR:
        problems.append(f"tahun lahir {birth.year} tidak masuk akal (paling awal {_EARLIEST_BIRTH_YEAR})")

    tmt_year, tmt_month = int(digits[8:12]), int(digits[12:14])
    month_problem = None
    if not 1 <= tmt_month <= 12:
        month_problem = f"digit 13–14 ({digits[12:14]}) bukan bulan TMT CPNS"
        problems.append(month_problem)
    if birth is not None:
        # Without a real month (NI PPPK) only the years can be compared.
        if month_problem is None:
            too_young = (tmt_year, tmt_month) < (birth.year + _MIN_AGE_AT_APPOINTMENT, birth.month)
        else:
            too_young = tmt_year < birth.year + _MIN_AGE_AT_APPOINTMENT
        if too_young:
            problems.append(
                f"TMT {digits[8:14]} kurang dari {_MIN_AGE_AT_APPOINTMENT} tahun setelah tanggal lahir {digits[0:8]}"
            )

    if digits[14] not in "12":
        problems.append(f"digit ke-15 ({digits[14]}) harus 1 (laki-laki) atau 2 (perempuan)")
    if digits[15:] == "000":
        problems.append("nomor urut (digit 16–18) tidak boleh 000")

    if problems == [month_problem]:
        return NipCheck(
            digits,
            PPPK,
            f"digit 13–14 ({digits[12:14]}) bukan bulan, jadi nomor ini tampaknya NI PPPK, bukan NIP PNS",
        )
    if problems:
        return NipCheck(digits, INVALID, "; ".join(problems))
    return NipCheck(digits, PNS, None)


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
