import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkj_excel.numbers import NotANumber, is_blank, parse_number, quote_value


@pytest.mark.parametrize(
    "raw",
    [None, float("nan"), Decimal("NaN"), "", "   ", "\t\n", "\xa0", "-", " - ", "\u2013", "\u2014"],
)
def test_blank_values(raw):
    assert is_blank(raw)
    assert parse_number(raw) is None


@pytest.mark.parametrize("raw", [0, 0.0, "0", "0,-", "--", "x", False, [], {}])
def test_values_that_are_not_blank(raw):
    assert not is_blank(raw)


def test_pandas_like_missing_values_are_blank_without_pandas():
    class NAType:
        # Mimics pandas.NA: comparisons return NA, whose truth value raises.
        def __ne__(self, other):
            return self

        def __bool__(self):
            raise TypeError("boolean value of NA is ambiguous")

    assert is_blank(NAType())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # DOMAIN section 6 forms.
        ("20.000.000", 20_000_000),
        ("20.000", 20_000),
        ("Rp. 20.000.000,-", 20_000_000),
        ("Rp20.000.000,00", 20_000_000),
        ("6.300.000,00", 6_300_000),
        ("Rp. 6.300.000,-", 6_300_000),
        ("51,43 %", 51.43),
        ("51,43%", 51.43),
        ("70 perusahaan", 70),
        ("36 perusahaan", 36),
        ("100%", 100),
        ("0,-", 0),
        ("1.234,5", 1234.5),
        ("-5", -5),
        ("\u22125", -5),
        ("\u20135", -5),
        ("+5", 5),
        # Separator rules.
        ("1.234.567", 1_234_567),
        ("51.43", 51.43),
        ("1234.567", 1234.567),
        ("0.500", 0.5),
        ("1,5", 1.5),
        ("1,234", 1.234),
        ("1,234,567", 1_234_567),
        ("1,234.5", 1234.5),
        ("1.234.567,89", 1234567.89),
        ("20 000 000", 20_000_000),
        ("20 000,5", 20000.5),
        (".5", 0.5),
        (",5", 0.5),
        ("5.", 5),
        ("26.300,000", 26300.0),  # the seed's typing slip is read literally; the Jumlah check catches it
        # Currency and units.
        ("Rp 26.300.000", 26_300_000),
        ("rp.1.000", 1000),
        ("RP 1.000", 1000),
        ("IDR 5.000", 5000),
        ("Rp 20.000.000,--", 20_000_000),
        ("20.000.-", 20_000),
        ("Rp 1.000.000,- rupiah", 1_000_000),
        ("5 orang/hari", 5),
        ("3 dokumen", 3),
        ("  42  ", 42),
        # Signs around currency and accounting parentheses.
        ("-Rp5.000", -5000),
        ("Rp -5.000", -5000),
        ("(5)", -5),
        ("(Rp 5.000)", -5000),
        ("-0", 0),
    ],
)
def test_parse_text(raw, expected):
    result = parse_number(raw)
    assert result == expected
    assert type(result) in (int, float)


def test_int_only_when_text_has_no_decimal_part():
    assert type(parse_number("20.000.000")) is int
    assert type(parse_number("Rp. 20.000.000,-")) is int
    assert type(parse_number("0,-")) is int
    assert type(parse_number("100%")) is int
    assert type(parse_number("Rp20.000.000,00")) is float
    assert type(parse_number("51,43 %")) is float


def test_numbers_pass_through():
    assert parse_number(36) == 36 and type(parse_number(36)) is int
    assert parse_number(0.5142857) == 0.5142857
    assert parse_number(-3) == -3
    assert parse_number(Decimal("2.5")) == 2.5
    assert parse_number(Fraction(36, 70)) == pytest.approx(0.5142857, abs=1e-7)


def test_seed_capaian_from_typed_text():
    target = parse_number("70 perusahaan")
    realisasi = parse_number("36")
    assert round(realisasi / target * 100, 2) == 51.43
    total = parse_number("Rp. 20.000.000,-") + parse_number("6.300.000,00")
    assert total == 26_300_000


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "12a3",
        "dua puluh",
        "sebanyak 70",
        "Rp",
        "Rp -",
        "1.2.3",
        "1..2",
        "1.23,5",
        "1,2,3",
        "1,234,5.6",
        "1 5",
        "1e5",
        "--5",
        "-(5)",
        "()",
        "5-",
        "1/2",
        "5 - 3",
        "٣",
        "1" * 400,
        "9" * 400 + ",5",
        True,
        False,
        float("inf"),
        float("-inf"),
        Decimal("Infinity"),
        Decimal("sNaN"),
        complex(1, 2),
        b"5",
        object(),
        [1, 2],
    ],
)
def test_not_a_number(raw):
    with pytest.raises(NotANumber):
        parse_number(raw)


def test_message_is_indonesian_and_quotes_the_value():
    with pytest.raises(NotANumber, match='^"abc" bukan angka'):
        parse_number("abc")
    with pytest.raises(NotANumber, match="benar/salah"):
        parse_number(True)


def test_not_a_number_is_a_value_error():
    assert issubclass(NotANumber, ValueError)


def test_hostile_objects_only_raise_not_a_number():
    class Hostile:
        def __ne__(self, other):
            raise RuntimeError("boom")

        def __str__(self):
            raise RuntimeError("boom")

    assert not is_blank(Hostile())
    with pytest.raises(NotANumber):
        parse_number(Hostile())


def test_quote_value_is_short_and_safe():
    assert quote_value("abc") == '"abc"'
    assert len(quote_value("x" * 500)) <= 42


_objects = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.,-−–+ %()Rrpa\xa0"),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(),
    st.booleans(),
    st.none(),
    st.binary(),
    st.lists(st.integers(), max_size=3),
    st.complex_numbers(),
)


@settings(max_examples=400, deadline=None)
@given(_objects)
def test_parse_number_only_ever_raises_not_a_number(raw):
    try:
        result = parse_number(raw)
    except NotANumber:
        return
    assert result is None or (type(result) in (int, float) and math.isfinite(result))


def _indonesian(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_indonesian_integer_round_trip(n):
    text = _indonesian(n)
    assert parse_number(text) == n
    assert parse_number(f"Rp. {text},-") == n
    assert parse_number(f"{text},00") == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_indonesian_decimal_round_trip(whole, cents):
    assert parse_number(f"{_indonesian(whole)},{cents:02d}") == pytest.approx(whole + cents / 100)


def test_real_pandas_and_numpy_values():
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    for missing in (pd.NA, pd.NaT, np.nan):
        assert is_blank(missing)
        assert parse_number(missing) is None
    assert parse_number(np.int64(36)) == 36 and type(parse_number(np.int64(36))) is int
    assert parse_number(np.float64(51.43)) == 51.43
    for bad in (np.bool_(True), np.array([1, 2])):
        with pytest.raises(NotANumber):
            parse_number(bad)
