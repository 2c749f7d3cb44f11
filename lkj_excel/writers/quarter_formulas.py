"""Formula texts for a year workbook: a value s.d. tribulan over the quarter cells, as quarters.upto
computes it. Each answers "-" when no quarter up to the tribulan is filled (upto's None), so the
capaian formulas that read it answer "-" too, exactly as a blank is guarded in a version-1 file."""

from __future__ import annotations

from ..quarters import NILAI_AKHIR, RATA_RATA


def upto(cells: list[str], cara: str | None) -> str:
    """The expression (no leading "=") for the quarters `cells` (TW I first, one cell per quarter up
    to the tribulan, adjacent in a row) added up by `cara`. An unknown Cara Hitung adds up as
    Kumulatif, as quarters.upto does."""
    if cara == NILAI_AKHIR:
        expr = '"-"'
        for ref in cells:  # the last filled quarter wins: it is the outermost test
            expr = f"IF(ISNUMBER({ref}),{ref},{expr})"
        return expr
    rng = cells[0] if len(cells) == 1 else f"{cells[0]}:{_bare(cells[-1])}"
    total = "AVERAGE" if cara == RATA_RATA else "SUM"
    return f'IF(COUNT({rng})=0,"-",{total}({rng}))'


def _bare(ref: str) -> str:
    """The cell part of a sheet-qualified reference: 'Perkembangan'!G9 -> G9 (the range keeps the
    sheet of its first cell)."""
    return ref.rpartition("!")[2]


def money_upto(cells: list[str]) -> str:
    """Money is always summed; an empty quarter counts as nothing spent (compute.sum_upto ... or 0)."""
    rng = cells[0] if len(cells) == 1 else f"{cells[0]}:{_bare(cells[-1])}"
    return f"SUM({rng})"
