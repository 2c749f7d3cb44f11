from __future__ import annotations

import pytest

from lkj_excel.samples import seed_data
from lkj_excel.template import write_template


@pytest.fixture
def seed_input(tmp_path):
    """The seed report (DOMAIN.md's source document) as a filled template."""
    return write_template(tmp_path / "isian-tw2-2023.xlsx", seed_data())
