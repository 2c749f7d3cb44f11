"""Reading edge: a workbook file on disk -> raw sheet grids -> `contract.parse_report`.

The file is inspected first (lkj_excel.safety) so that hostile or broken files are refused before any
parser inflates them; then pandas reads the sheets with the python-calamine engine. The input file is
only ever opened for reading.
"""

from __future__ import annotations

import os
from pathlib import Path

from .contract import IDENTITAS, KINERJA, ANGGARAN, NARASI, ReadResult, parse_report
from .safety import UnreadableWorkbook, inspect_workbook

CONTRACT_SHEETS = {name.lower() for name in (IDENTITAS, KINERJA, ANGGARAN, NARASI)}


def read_report(path: str | os.PathLike) -> ReadResult:
    """Read a filled template. Raises UnreadableWorkbook (Indonesian message) when the file is not
    a workbook we can open at all; everything wrong inside the workbook comes back as findings."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableWorkbook(f"Berkas {path} tidak ditemukan.", "tidak-ada")
    info = inspect_workbook(path)
    import pandas as pd  # deferred: commands that never read a workbook should not pay for pandas

    try:
        # A file object, not the path: calamine then picks the format from the content that
        # inspect_workbook checked, not from a name that may be wrong (an .xlsm or .ods renamed).
        with open(path, "rb") as fh, pd.ExcelFile(fh, engine="calamine") as xf:
            wanted = [n for n in xf.sheet_names if n.strip().lower() in CONTRACT_SHEETS]
            frames = pd.read_excel(xf, sheet_name=wanted, header=None, dtype=object) if wanted else {}
            merged = {}
            for name in wanted:
                ranges = xf.book.get_sheet_by_name(name).merged_cell_ranges
                merged[name] = ranges or []
    except UnreadableWorkbook:
        raise
    except Exception as exc:  # calamine raises its own types for every kind of damage
        raise UnreadableWorkbook(
            f"Berkas {path.name} tidak dapat dibaca sebagai workbook Excel ({type(exc).__name__}). "
            f"Buka di Excel, simpan ulang sebagai .xlsx, lalu coba lagi.",
            "rusak",
        ) from None
    grids = {name: frame.to_numpy(dtype=object).tolist() for name, frame in frames.items()}
    return parse_report(grids, merged, info.error_cells, source_name=path.name,
                        unsaved_formulas=info.unsaved_formulas, percent_cells=info.percent_cells)
