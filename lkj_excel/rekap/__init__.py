"""Rekap: one workbook consolidating many units' reports across tribulan (issue 13).

`make_rekap(inputs, output, config)` is what `lkj-excel rekap` calls: it expands folders, reads every
input in parallel (sources.py), consolidates them (consolidate.py, pure) and writes the workbook
(write.py). Errors inside inputs never stop it: they are listed on the Validasi sheet and decide the
exit code (0 all good; 1 an input has validation errors; 2 an input cannot be read).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..config import Config
from .book import Penyusun
from .consolidate import Rekap, consolidate
from .sources import MAX_JOBS, NoInputs, expand, read_all

__all__ = ["MAX_JOBS", "NoInputs", "Penyusun", "RekapOutcome", "make_rekap", "rekap_file_name"]


@dataclass(frozen=True)
class RekapOutcome:
    rekap: Rekap
    output: Path | None  # None when no input could be used
    files: int

    @property
    def exit_code(self) -> int:
        return self.rekap.exit_code


def make_rekap(inputs: Sequence[str | os.PathLike], output: str | os.PathLike, config: Config = Config(), *,
               jobs: int = 1, force: bool = False, penyusun: Penyusun | None = None) -> RekapOutcome:
    """Raises NoInputs when there is nothing to read; OSError when the output cannot be written."""
    from .write import write_rekap

    output = Path(output)
    files = expand(inputs, skip=output)
    rekap = consolidate(read_all(files, config, jobs), config.scale, force)
    if not rekap.entries:
        return RekapOutcome(rekap, None, len(files))
    penyusun = penyusun or config_penyusun(config)
    write_rekap(rekap, output, config, penyusun)
    return RekapOutcome(rekap, output, len(files))


def config_penyusun(config: Config) -> Penyusun:
    section = config.rekap
    return Penyusun(nama=section.penyusun, jabatan=section.jabatan, nip=section.nip, tempat=section.tempat)


def rekap_file_name(tribulan: int, tahun: int) -> str:
    """'Rekap TW II 2023.xlsx': the name the drop folder keeps current in hasil/."""
    from ..periods import roman

    return f"Rekap TW {roman(tribulan)} {tahun}.xlsx"
