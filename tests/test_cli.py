"""The command line: exact exit codes, Indonesian messages, no tracebacks (sqlite-utils style)."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from lkj_excel.api import check_file
from lkj_excel.cli import cli

from helpers import simple_workbook


def run(*args, **kw):
    return CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False, **kw)


def test_help_is_indonesian():
    result = run("--help")
    assert result.exit_code == 0
    assert "Pemakaian: " in result.output and "Perintah:" in result.output and "Opsi:" in result.output
    for command in ("template", "check", "build"):
        assert command in result.output
    sub = run("build", "--help")
    assert sub.exit_code == 0 and "--force" in sub.output and "Tetap buat workbook" in sub.output


def test_template_writes_and_never_overwrites(tmp_path):
    target = tmp_path / "isian.xlsx"
    first = run("template", target)
    assert first.exit_code == 0 and target.is_file()
    before = target.read_bytes()
    second = run("template", target)
    assert second.exit_code == 2 and "sudah ada" in second.output
    assert target.read_bytes() == before


def test_build_seed_exit_0(seed_input, tmp_path):
    result = run("build", seed_input, "-o", tmp_path / "hasil")
    assert result.exit_code == 0, result.output
    out = tmp_path / "hasil" / "LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan.xlsx"
    assert out.is_file()
    assert "OK" in result.output and "3 peringatan" in result.output


def test_build_with_errors_writes_nothing_and_exits_1(tmp_path):
    src = simple_workbook(tmp_path / "in.xlsx", [[1, "S", "I", "orang", "Naik", 0, 5]], [[1, "K", 1, 100, 10]])
    result = run("build", src, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 1
    assert "target-nol" in result.output and "Kinerja!F2" in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_build_force_writes_a_draft(tmp_path):
    import openpyxl

    src = simple_workbook(tmp_path / "in.xlsx", [[1, "S", "I", "orang", "Naik", 0, 5]], [[1, "K", 1, 100, 10]])
    result = run("build", src, "-o", tmp_path / "out.xlsx", "--force")
    assert result.exit_code == 0 and "DRAF" in result.output
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    for ws in wb:
        assert ws["A1"].value == "DRAF – belum lolos validasi"
        assert "DRAF" in ws.oddHeader.center.text
    texts = [c.value for row in wb["Validasi"].iter_rows() for c in row]
    assert "target-nol" in texts


def test_unreadable_input_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("ini bukan workbook")
    result = run("build", bad)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "bukan.xlsx" in result.output
    assert bad.read_text() == "ini bukan workbook"
    missing = run("check", tmp_path / "tidak-ada.xlsx")
    assert missing.exit_code == 2 and "tidak ditemukan" in missing.output


def test_check_exit_codes(seed_input, tmp_path):
    assert run("check", seed_input).exit_code == 0  # warnings only
    bad = simple_workbook(tmp_path / "bad.xlsx", [[1, "S", "I", "orang", "Naik", -1, 5]], [[1, "K", 1, 100, 10]])
    result = run("check", seed_input, bad)
    assert result.exit_code == 1
    assert "TIDAK LOLOS" in result.output and "angka-negatif" in result.output


def test_check_json_equals_the_library(seed_input):
    result = run("check", seed_input, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == [check_file(seed_input).to_dict()]
    (item,) = json.loads(result.output)
    assert item["valid"] is True
    assert set(item["findings"][0]) == {"code", "severity", "sheet", "cell", "value", "message"}


def test_usage_errors_exit_2():
    assert run("build").exit_code == 2
    assert run("check", "x.xlsx", "--format", "xml").exit_code == 2


def test_config_errors_are_reported(seed_input, tmp_path):
    cfg = tmp_path / "lkj-excel.toml"
    cfg.write_text("[report]\ncapaian_cap_percent = 'banyak'\n")
    result = run("--config", cfg, "check", seed_input)
    assert result.exit_code == 2 and "capaian_cap_percent" in result.output


def test_python_m_and_console_script(seed_input, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "lkj_excel", "check", str(seed_input)], capture_output=True,
                          text=True)
    assert proc.returncode == 0 and "LOLOS" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "lkj_excel", "build", str(tmp_path / "nope.xlsx")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_help_does_not_import_pandas():
    code = "import sys; from lkj_excel.cli import main; sys.argv=['lkj-excel','--help']\n" \
           "try:\n    main()\nexcept SystemExit: pass\nassert 'pandas' not in sys.modules, 'pandas imported'"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_readme_lists_every_finding_code():
    from pathlib import Path

    from lkj_excel.findings import CODES

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for code, (severity, _) in CODES.items():
        assert f"| `{code}` | {severity} |" in readme


def test_build_many_in_parallel_keeps_outputs_apart(tmp_path):
    from lkj_excel.samples import seed_data
    from lkj_excel.template import write_template

    inputs = [write_template(tmp_path / f"isian-{n}.xlsx", seed_data()) for n in range(3)]
    result = run("build", *inputs, "-o", tmp_path / "hasil", "--jobs", "2")
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "hasil").iterdir())
    assert made == [f"LKj TW II 2023 - Bidang Pengembangan Ketenagakerjaan - isian-{n}.{ext}" for n in range(3)
                    for ext in ("docx", "xlsx")]
    assert result.output.count("OK") == 3


def test_cli_package_imports_run_one_way():
    """Commands import only `base` from the CLI package, and only `app` gathers them, so no module of
    the package imports one that imports it back (cli.py and cli_office.py used to import each other)."""
    import ast
    from pathlib import Path

    import lkj_excel.cli

    package = Path(lkj_excel.cli.__file__).parent
    imports = {}
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports[path.stem] = {node.module for node in ast.walk(tree)
                              if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    assert imports["base"] == set()  # only ..click_id, outside the package
    commands = set(imports) - {"base", "app", "__init__"}
    assert commands >= {"template", "check", "build", "office"}
    for name in commands:
        assert imports[name] <= {"base"}, name
    assert imports["app"] == {"base"} | commands
