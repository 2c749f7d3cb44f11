"""Property-based: the contract reader and the rules never raise, whatever the cells hold."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkj_excel.config import Config
from lkj_excel.contract import parse_report
from lkj_excel.findings import CODES
from lkj_excel.validate import validate

from helpers import ANGGARAN_HEADER, KINERJA_HEADER, IDENTITAS_ROWS

cell = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.booleans(),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["Rp. 20.000.000,-", "51,43 %", "-", "0,-", "Jumlah", "Turun", "II", "=1+1", "#REF!", "1."]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
)
row = st.lists(cell, min_size=0, max_size=9)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kinerja=st.lists(row, max_size=8),
    anggaran=st.lists(row, max_size=6),
    ident_values=st.lists(cell, min_size=len(IDENTITAS_ROWS), max_size=len(IDENTITAS_ROWS)),
    merged=st.lists(st.tuples(st.integers(0, 10), st.integers(0, 9), st.integers(0, 3), st.integers(0, 2)),
                    max_size=3),
)
def test_reader_and_rules_never_raise(kinerja, anggaran, ident_values, merged):
    identitas = [[label, value] for (label, _), value in zip(IDENTITAS_ROWS, ident_values)]
    sheets = {
        "Identitas": identitas,
        "Kinerja": [KINERJA_HEADER, *kinerja],
        "Anggaran": [ANGGARAN_HEADER, *anggaran],
    }
    ranges = [((r, c), (r + h, c + w)) for r, c, h, w in merged]
    result = parse_report(sheets, {"Kinerja": ranges}, {"Kinerja": {"G2": "#DIV/0!"}})
    findings = list(result.findings)
    if result.report is not None:
        findings += validate(result.report, Config(), previous=result.report)
    for f in findings:
        assert f.code in CODES and f.severity == CODES[f.code][0]
        assert f.message and isinstance(f.message, str)
        assert f.cell is None or f.cell[0].isalpha()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(kinerja=st.lists(row, min_size=1, max_size=5), anggaran=st.lists(row, max_size=4))
def test_writer_never_raises_on_what_the_reader_accepts(tmp_path, kinerja, anggaran):
    """Whatever the reader turned into a report, a forced (draft) build writes it."""
    from lkj_excel.writers import WriteOptions, write_workbook

    sheets = {"Identitas": IDENTITAS_ROWS, "Kinerja": [KINERJA_HEADER, *kinerja],
              "Anggaran": [ANGGARAN_HEADER, *anggaran]}
    result = parse_report(sheets)
    if result.report is None:
        return
    findings = result.findings + validate(result.report)
    out = write_workbook(result.report, tmp_path / "out.xlsx", WriteOptions(draft=True, findings=findings))
    assert out.stat().st_size > 0
