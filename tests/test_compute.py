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
