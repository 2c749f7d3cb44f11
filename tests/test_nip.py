from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkj_excel.nip import NipCheck, check_nip, format_nip


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("19711018 200604 2 009", "197110182006042009"),
        ("19650814 198803 1 011", "196508141988031011"),
        ("197110182006042009", "197110182006042009"),
        ("NIP. 19711018 200604 2 009", "197110182006042009"),
        ("NIP 19650814 198803 1 011", "196508141988031011"),
        ("nip: 19650814.198803.1.011", "196508141988031011"),
        ("19711018-200604-2-009", "197110182006042009"),
        ("'197110182006042009", "197110182006042009"),
        ("  19711018\xa0200604 2 009 ", "197110182006042009"),
        (197110182006042009, "197110182006042009"),  # an exact int (e.g. from CSV) is fine
    ],
)
def test_valid_pns(raw, digits):
    assert check_nip(raw) == NipCheck(digits, "pns", None)


def test_appointment_exactly_eighteen_years_after_birth_month():
    # Born October 1971: October 1989 is the first acceptable TMT, September 1989 is too early.
    assert check_nip("19711018 198910 2 009").kind == "pns"
    result = check_nip("19711018 198909 2 009")
    assert result.kind == "invalid"
    assert "18 tahun" in result.problem


def test_pppk_is_a_warning_not_an_error():
    result = check_nip("19900101 202221 1 001")
    assert result.kind == "pppk"
    assert result.digits == "199001012022211001"
    assert "PPPK" in result.problem


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (None, "kosong"),
        ("", "kosong"),
        ("1971101820060420", "18 digit, tertulis 16 digit"),
        ("1971101820060420091", "18 digit, tertulis 19 digit"),
        ("19711018 200604 2 00A", "hanya boleh berisi angka"),
        ("19711332 200604 2 009", "tanggal lahir"),  # 32 November
        ("19710229 200604 2 009", "tanggal lahir"),  # 1971 is not a leap year
        ("19301018 200604 2 009", "tahun lahir 1930"),
        ("19711018 200604 3 009", "digit ke-15"),
        ("19711018 200604 0 009", "digit ke-15"),
        ("19711018 200604 2 000", "000"),
        ("19711018 198001 2 009", "18 tahun"),
        ("19900101 200521 1 001", "18 tahun"),  # PPPK shape but appointed at 15: not a warning, an error
        ("19900101 202221 3 001", "bukan bulan"),
        ("1.97110182006042E+17", "notasi ilmiah"),
        (1.9711018200604e17, "ketik NIP sebagai teks"),
        (197110182006042000.0, "ketik NIP sebagai teks"),
        (Decimal("197110182006042009"), "ketik NIP sebagai teks"),
        (197110182006042, "ketik NIP sebagai teks"),
        (197110182006042000, "ketik NIP sebagai teks"),  # Excel kept 15 digits: sequence 000
        (True, "bukan NIP"),
        (object(), "bukan NIP"),
    ],
)
def test_invalid(raw, fragment):
    result = check_nip(raw)
    assert result.kind == "invalid"
    assert fragment in result.problem


def test_invalid_with_eighteen_digits_keeps_digits_for_messages():
    assert check_nip("19711018 200604 3 009").digits == "197110182006043009"
    assert check_nip("1971101820060420").digits is None


def test_several_problems_are_all_reported():
    problem = check_nip("19711332 200613 3 000").problem
    assert "tanggal lahir" in problem and "bukan bulan" in problem
    assert "digit ke-15" in problem and "000" in problem


def test_format_nip():
    assert format_nip("197110182006042009") == "19711018 200604 2 009"
    assert format_nip("19650814 198803 1 011") == "19650814 198803 1 011"
    with pytest.raises(ValueError):
        format_nip("12345")


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789 .-NIPnip'eE+"),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(),
        st.booleans(),
        st.none(),
        st.binary(),
        st.lists(st.integers(), max_size=3),
    )
)
def test_check_nip_never_raises(raw):
    result = check_nip(raw)
    assert result.kind in ("pns", "pppk", "invalid")
    assert (result.problem is None) == (result.kind == "pns")
    if result.digits is not None:
        assert len(result.digits) == 18 and result.digits.isdigit()


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)),
    st.integers(min_value=18 * 12, max_value=45 * 12),
    st.sampled_from("12"),
    st.integers(min_value=1, max_value=999),
)
def test_generated_valid_nips_pass_and_format_round_trips(birth, months_later, gender, seq):
    total = birth.year * 12 + (birth.month - 1) + months_later
    tmt_year, tmt_month = divmod(total, 12)
    digits = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month + 1:02d}{gender}{seq:03d}"
    assert check_nip(digits) == NipCheck(digits, "pns", None)
    assert check_nip(format_nip(digits)).digits == digits
