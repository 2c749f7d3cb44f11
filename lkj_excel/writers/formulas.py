"""The formula texts: each computes what compute.py computes, and carries that value as its cache."""

from __future__ import annotations

from ..model import TURUN, Indicator


def capaian(ind: Indicator, t_ref: str, r_ref: str, cap: float | None) -> str:
    if ind.arah == TURUN:
        core = f"MAX(0,(2*{t_ref}-{r_ref})/{t_ref})"
    else:
        core = f"{r_ref}/{t_ref}"
    if cap is not None:
        core = f"MIN({num(cap)},{core})"
    # Guard the realisasi as the target is guarded: N(blank) is 0, so an unguarded Turun formula
    # turns a missing realisasi into (2T-0)/T = 200% once Excel recalculates on load.
    return f'=IF(N({t_ref})=0,"-",IF(ISNUMBER({r_ref}),{core},"-"))'


def serapan(p_ref: str, r_ref: str) -> str:
    return f'=IF(N({p_ref})=0,"-",{r_ref}/{p_ref})'


def predikat(bands, ref: str) -> str:
    expr = f'"{q(bands[-1].label)}"'
    for band in reversed(bands[:-1]):
        expr = f'IF({ref}>{num(band.above)},"{q(band.label)}",{expr})'
    return f'=IF(ISNUMBER({ref}),{expr},"-")'


def cached(value, default="-"):
    """The value a formula carries for viewers that do not recalculate; "-" mirrors the formula's own
    answer when there is nothing to divide by."""
    if value is None:
        return default
    return value


def num(value: float) -> str:
    return repr(round(value, 10)).rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def q(text: str) -> str:
    return text.replace('"', '""')
