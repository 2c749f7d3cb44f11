"""lkj-excel.toml: a misspelt section or key is an error that names it and the nearest known name
(issue 11 item 13: [reprot] used to be ignored, and the office ran on defaults it never chose)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from lkj_excel.config import Config, ConfigError


@pytest.mark.parametrize("toml,named,nearest", [
    ("[reprot]\ncapaian_cap_percent = 120", "[reprot]", "[report]"),
    ("[[predikatt]]\nlabel = 'A'", "[predikatt]", "[[predikat]]"),
    ("[folder]\ninbox = 'masuk'", "[folder]", "[folders]"),
    ("[smpt]\nhost = 'x'", "[smpt]", "[smtp]"),
    ("[report]\ncapaian_cap_prcent = 120", "report.capaian_cap_prcent", "report.capaian_cap_percent"),
    ("[report]\ncapaian_warning_above = 150", "report.capaian_warning_above", "report.capaian_warning_above_percent"),
    ("[[predikat]]\nabove_percent = 90\nlabel = 'A'\n[[predikat]]\nlable = 'B'", "predikat[2].lable",
     "predikat[2].label"),
    ("[folders]\ninbx = 'masuk'", "folders.inbx", "folders.inbox"),
    ("[smtp]\nhots = 'smtp.example.go.id'", "smtp.hots", "smtp.host"),
])
def test_unknown_section_or_key_names_it_and_the_nearest_name(toml, named, nearest):
    with pytest.raises(ConfigError) as refused:
        Config.from_mapping(tomllib.loads(toml), "kantor.toml")
    message = str(refused.value)
    assert message.startswith("kantor.toml: ") and named in message and f"mungkin maksudnya {nearest}" in message


def test_a_name_far_from_every_known_one_lists_the_known_names():
    with pytest.raises(ConfigError) as refused:
        Config.from_mapping({"zzz": {}}, "kantor.toml")
    assert "[report], [[predikat]], [folders], [laporan], [rekap], [smtp]" in str(refused.value)


def test_known_names_still_load():
    config = Config.from_mapping(tomllib.loads(
        "[report]\ncapaian_cap_percent = 120\n[[predikat]]\nabove_percent = 90\nlabel = 'A'\ncolor = '#FFFFFF'\n"
        "[[predikat]]\nlabel = 'B'\n[folders]\ninbox = 'masuk'\n[smtp]\nhost = 'smtp.example.go.id'\n"))
    assert config.capaian_cap == 1.2 and [b.label for b in config.scale.bands] == ["A", "B"]


def test_the_cli_exits_2_on_a_misspelt_section(tmp_path):
    (tmp_path / "lkj-excel.toml").write_text("[reprot]\ncapaian_cap_percent = 120\n")
    subprocess.run([sys.executable, "-m", "lkj_excel", "template", str(tmp_path / "t.xlsx")], cwd=tmp_path, check=True)
    done = subprocess.run([sys.executable, "-m", "lkj_excel", "check", str(tmp_path / "t.xlsx")],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert "[reprot]" in done.stderr and "mungkin maksudnya [report]" in done.stderr


def test_rekap_section_names_who_signs_and_refuses_a_misspelt_key():
    config = Config.from_mapping({"rekap": {"penyusun": "SITI AMINAH, S.E.", "nip": 198001012005012001}}, "k.toml")
    assert config.rekap.penyusun == "SITI AMINAH, S.E." and config.rekap.nip == "198001012005012001"
    with pytest.raises(ConfigError, match="penyusun"):
        Config.from_mapping({"rekap": {"penyusn": "X"}}, "k.toml")
    with pytest.raises(ConfigError, match="rekap.jabatan"):
        Config.from_mapping({"rekap": {"jabatan": True}}, "k.toml")


@pytest.mark.parametrize(("line", "said"), [
    # "C:\lkj": \l is no TOML escape, so tomllib refuses the file
    ('ca_file = "C:\\lkj\\ca.pem"', "tidak valid (TOML)"),
    # "D:\new\tls.pem": \n and \t are a line break and a tab, so the file parses and the path silently breaks
    ('ca_file = "D:\\new\\tls.pem"', "smtp.ca_file berisi tab atau ganti baris"),
])
def test_a_windows_path_in_double_quotes_says_how_to_write_it(tmp_path, line, said):
    from lkj_excel.config import load_config

    path = tmp_path / "lkj-excel.toml"
    path.write_text(f"[smtp]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert said in str(caught.value)
    assert "garis miring" in str(caught.value) and "tanda kutip tunggal" in str(caught.value)


def test_a_windows_path_in_single_quotes_loads_as_typed(tmp_path):
    from lkj_excel.config import load_config

    path = tmp_path / "lkj-excel.toml"
    path.write_text("[smtp]\nca_file = 'D:\\new\\ca.pem'\n", encoding="utf-8")
    assert load_config(path).smtp["ca_file"] == "D:\\new\\ca.pem"
