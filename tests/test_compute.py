import pytest

from lkj_excel.compute import DEFAULT_SCALE, capaian, efisiensi, serapan
from lkj_excel.model import NAIK, TURUN


def test_capaian_naik_is_realisasi_over_target():
    assert capaian(70, 36, NAIK) == pytest.approx(0.5142857142857142)
    assert round(capaian(70, 36, NAIK) * 100, 2) == 51.43
    assert capaian(100, 51.43, NAIK) == pytest.approx(0.5143)


def test_capaian_turun_uses_two_t_minus_r():
    # PermenPANRB examples from DOMAIN §2
    assert round(capaian(7, 6.5, TURUN) * 100, 2) == 107.14
    assert capaian(8, 9, TURUN) == pytest.approx(0.875)
    assert capaian(5, 12, TURUN) == 0  # never below 0


def test_capaian_cannot_be_computed_without_target():
    assert capaian(0, 5, NAIK) is None
    assert capaian(None, 5, NAIK) is None
    assert capaian(10, None, NAIK) is None


def test_cap_is_optional():
    assert capaian(10, 14, NAIK) == pytest.approx(1.4)
    assert capaian(10, 14, NAIK, cap=1.2) == pytest.approx(1.2)


def test_serapan_and_efisiensi():
    assert serapan(20_000_000, 0) == 0
    assert serapan(0, 0) is None
    assert serapan(8_000_000, 2_000_000) == 0.25
    assert efisiensi(36 / 70, 0.0) == pytest.approx(0.5142857142857142)
    assert efisiensi(None, 0.5) is None


@pytest.mark.parametrize("value,label", [
    (0.9001, "Sangat Tinggi"), (0.90, "Tinggi"), (0.7501, "Tinggi"), (0.75, "Sedang"),
    (0.6501, "Sedang"), (0.65, "Rendah"), (36 / 70, "Rendah"), (0.50, "Sangat Rendah"), (0, "Sangat Rendah"),
])
def test_default_predikat_bands(value, label):
    assert DEFAULT_SCALE.classify(value).label == label


def test_evaluate_computes_the_seed_once_for_every_output(tmp_path):
    """The seed (DOMAIN §2): indicator 1 target 100 %, realisasi 51,43 → 51,43%; indicator 2 target 70,
    realisasi 36 → 36/70 = 51,43%. Pagu 20.000.000 + 6.300.000 = 26.300.000, nothing spent: serapan 0%,
    so efisiensi = 51,43% − 0% = 51,43% for both; predikat Rendah (> 50% to 65%)."""
    from lkj_excel.compute import evaluate
    from lkj_excel.config import Config
    from lkj_excel.reader import read_report
    from lkj_excel.template import write_template
    from lkj_excel.samples import seed_data

    path = tmp_path / "seed.xlsx"
    write_template(path, seed_data())
    report = read_report(path).report
    results = evaluate(report, Config())
    rows = list(results.indicators())
    assert [r.capaian for r in rows] == [pytest.approx(0.5143), pytest.approx(36 / 70)]
    assert [round(r.capaian * 100, 2) for r in rows] == [51.43, 51.43]
    assert [r.predikat.label for r in rows] == ["Rendah", "Rendah"]
    assert [r.efisiensi for r in rows] == [pytest.approx(0.5143), pytest.approx(36 / 70)]
    assert [s.budget.pagu for s in results.sasaran] == [20_000_000, 6_300_000]
    assert results.total.pagu == 26_300_000 and results.total.realisasi == 0
    assert [k.serapan for k in results.kegiatan] == [0, 0]
    assert results.of(rows[1].indicator) is rows[1]


def test_evaluate_caps_what_is_shown_but_keeps_the_uncapped_value():
    """Target 10, realisasi 14: 140%; with a 120% cap the outputs show 120%, and the plausibility rule
    still sees 140%."""
    from lkj_excel.compute import evaluate
    from lkj_excel.config import Config
    from lkj_excel.model import Identity, Indicator, Report, Sasaran

    ind = Indicator("Jumlah pelatihan", "kali", NAIK, 10, 14, "", 5)
    report = Report(Identity(), [Sasaran("1", "S", [ind])], [])
    computed = evaluate(report, Config(capaian_cap=1.2)).of(ind)
    assert computed.capaian == pytest.approx(1.2)
    assert computed.capaian_uncapped == pytest.approx(1.4)
    assert computed.predikat.label == "Sangat Tinggi"
    assert computed.efisiensi is None  # no pagu, so no serapan to subtract
