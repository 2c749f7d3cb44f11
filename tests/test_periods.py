from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkj_excel.periods import (
    MONTHS_ID,
    format_date_id,
    format_percent_id,
    format_rupiah,
    parse_date,
    parse_tribulan,
    period_text,
    roman,
    tribulan_end,
)


def test_months():
    assert len(MONTHS_ID) == 12
    assert MONTHS_ID[0] == "Januari" and MONTHS_ID[4] == "Mei" and MONTHS_ID[7] == "Agustus"
    assert MONTHS_ID[-1] == "Desember"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1, 1),
        (4, 4),
        (2.0, 2),
        (Decimal("3"), 3),
        ("I", 1),
        ("ii", 2),
        ("III", 3),
        ("IV", 4),
        ("1", 1),
        ("4", 4),
        ("2.0", 2),
        ("Tribulan II", 2),
        ("Triwulan 2", 2),
        ("TW II", 2),
        ("tw-2", 2),
        ("TW.III", 3),
        ("Tribulan ke-2", 2),
        ("tribulan ke 4", 4),
        ("  TRIBULAN   iii  ", 3),
        ("Triwulan Kedua", 2),
        ("tribulanIV", 4),
    ],
)
def test_parse_tribulan(raw, expected):
    assert parse_tribulan(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [0, 5, 2.5, -1, True, None, "", "V", "0", "5", "Tribulan", "Tribulan II 2023", "semester 1", float("nan"), [2]],
)
def test_parse_tribulan_rejects(raw):
    with pytest.raises(ValueError, match="tribulan"):
        parse_tribulan(raw)


def test_roman():
    assert [roman(n) for n in (1, 2, 3, 4)] == ["I", "II", "III", "IV"]
    with pytest.raises(ValueError):
        roman(5)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2023, 7, 5), date(2023, 7, 5)),
        (datetime(2023, 7, 5, 14, 30), date(2023, 7, 5)),
        (45112, date(2023, 7, 5)),
        (45112.6, date(2023, 7, 5)),
        (45107, date(2023, 6, 30)),  # end of Tribulan II 2023
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        ("5 Juli 2023", date(2023, 7, 5)),
        ("05 juli 2023", date(2023, 7, 5)),
        ("5 Jul 2023", date(2023, 7, 5)),
        ("5 JULI 2023", date(2023, 7, 5)),
        ("17 Agustus 2023", date(2023, 8, 17)),
        ("17 Agt 2023", date(2023, 8, 17)),
        ("17 Agu 2023", date(2023, 8, 17)),
        ("2 Okt 2023", date(2023, 10, 2)),
        ("31 Des 2023", date(2023, 12, 31)),
        ("1 Mei 2023", date(2023, 5, 1)),
        ("10 Nopember 2023", date(2023, 11, 10)),
        ("05-Jul-2023", date(2023, 7, 5)),
        ("05/07/2023", date(2023, 7, 5)),
        ("5-7-2023", date(2023, 7, 5)),
        ("05.07.2023", date(2023, 7, 5)),
        ("12/01/2023", date(2023, 1, 12)),  # always day first
        ("2023-07-05", date(2023, 7, 5)),
        ("2023-07-05 00:00:00", date(2023, 7, 5)),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "31/02/2023",
        "29 Februari 2023",
        "2023-13-01",
        "05/07/23",
        "05/07-2023",
        "Juli 2023",
        "5 Jull 2023",
        "2023",
        "45112",
        "",
        None,
        True,
        0,
        60,
        -5,
        float("inf"),
        float("nan"),
        10**12,
        object(),
    ],
)
def test_parse_date_rejects(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


def test_parse_date_messages_are_indonesian():
    with pytest.raises(ValueError, match="bukan tanggal yang ada di kalender"):
        parse_date("31/02/2023")
    with pytest.raises(ValueError, match="tanggal kosong"):
        parse_date(None)


def test_format_date_id():
    assert format_date_id(date(2023, 7, 5)) == "5 Juli 2023"
    assert format_date_id(date(2023, 12, 31)) == "31 Desember 2023"


@pytest.mark.parametrize(
    ("tribulan", "end"),
    [(1, date(2023, 3, 31)), (2, date(2023, 6, 30)), (3, date(2023, 9, 30)), (4, date(2023, 12, 31))],
)
def test_tribulan_end(tribulan, end):
    assert tribulan_end(tribulan, 2023) == end


def test_period_text():
    assert period_text(1, 2023) == "Januari s.d. Maret 2023"
    assert period_text(2, 2023) == "Januari s.d. Juni 2023"
    assert period_text(3, 2024) == "Januari s.d. September 2024"
    assert period_text(4, 2023) == "Januari s.d. Desember 2023"
    with pytest.raises(ValueError):
        period_text(0, 2023)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (20_000_000, "Rp20.000.000"),
        (6_300_000, "Rp6.300.000"),
        (26_300_000, "Rp26.300.000"),
        (20_000_000.0, "Rp20.000.000"),
        (20_000_000.5, "Rp20.000.000,50"),
        (1234.05, "Rp1.234,05"),
        (0, "Rp0"),
        (999, "Rp999"),
        (-5000, "-Rp5.000"),
        (Decimal("1000.10"), "Rp1.000,10"),
    ],
)
def test_format_rupiah(value, expected):
    assert format_rupiah(value) == expected


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (0.5142857, "51,43%"),
        (36 / 70, "51,43%"),
        (1, "100,00%"),
        (0.875, "87,50%"),
        (1.0714285714, "107,14%"),  # DOMAIN section 2, arah Turun: (2*7 - 6.5) / 7
        (0, "0,00%"),
        (12.5, "1.250,00%"),
    ],
)
def test_format_percent_id(fraction, expected):
    assert format_percent_id(fraction) == expected


@pytest.mark.parametrize("bad", [None, "1", True, float("nan"), float("inf")])
def test_formatters_reject_non_numbers(bad):
    with pytest.raises(ValueError):
        format_rupiah(bad)
    with pytest.raises(ValueError):
        format_percent_id(bad)


_anything = st.one_of(
    st.text(),
    st.text(alphabet="0123456789/.- ivxtrbulanwke"),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.binary(),
)


@settings(max_examples=300, deadline=None)
@given(_anything)
def test_parse_tribulan_only_raises_value_error(raw):
    try:
        assert parse_tribulan(raw) in (1, 2, 3, 4)
    except ValueError:
        pass


@settings(max_examples=300, deadline=None)
@given(_anything)
def test_parse_date_only_raises_value_error(raw):
    try:
        assert isinstance(parse_date(raw), date)
    except ValueError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 12, 31)))
def test_date_text_and_serial_round_trip(d):
    assert parse_date(format_date_id(d)) == d
    assert parse_date(d.strftime("%d/%m/%Y")) == d
    assert parse_date(d.isoformat()) == d
    assert parse_date((d - date(1899, 12, 30)).days) == d


def test_serial_round_trip_matches_excel_epoch():
    assert parse_date(45112) - parse_date(45111) == timedelta(days=1)
