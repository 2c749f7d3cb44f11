from __future__ import annotations

import pytest

from lkj_excel.samples import seed_data
from lkj_excel.template import write_template


@pytest.fixture(autouse=True)
def local_state(tmp_path, monkeypatch):
    """The drop-folder watcher's journal and lock on 'this machine's disk': a folder of the test's
    own, never the real user data folder."""
    monkeypatch.setenv("LKJ_EXCEL_STATE", str(tmp_path / "lokal"))


@pytest.fixture
def seed_input(tmp_path):
    """The seed report (DOMAIN.md's source document) as a filled template."""
    return write_template(tmp_path / "isian-tw2-2023.xlsx", seed_data())
