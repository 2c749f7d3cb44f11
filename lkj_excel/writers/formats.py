"""The cell formats every sheet shares, added to the workbook once, in a fixed order (format indexes
are part of the bytes: the same input gives the same file)."""

from __future__ import annotations

import re

from ..model import Indicator
from ..quarters import RATA_RATA

FONT = "Arial"
MONEY = "#,##0"
PERCENT = "0.00%"
DRAFT_TEXT = "DRAF – belum lolos validasi"
CELL = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
SAFE_UNIT = re.compile(r"^[\w %/.\-]{1,30}$")


class Formats:
    def __init__(self, wb):
        add = wb.add_format
        self.h1 = add({"font_name": FONT, "bold": True, "font_size": 12, "align": "center"})
        self.h2 = add({"font_name": FONT, "bold": True, "font_size": 11, "align": "center"})
        self.small_center = add({"font_name": FONT, "font_size": 9, "align": "center"})
        self.title = add({"font_name": FONT, "bold": True, "font_size": 12, "align": "center", "underline": 1})
        self.subtitle = add({"font_name": FONT, "font_size": 11, "align": "center"})
        self.draft = add({"font_name": FONT, "bold": True, "font_size": 14, "align": "center",
                          "font_color": "#C00000", "bg_color": "#FFE5E5", "border": 2, "border_color": "#C00000"})
        self.th = add({**CELL, "bold": True, "align": "center", "bg_color": "#D9D9D9"})
        self.colnum = add({**CELL, "italic": True, "align": "center", "font_size": 8, "bg_color": "#F2F2F2"})
        self.td = add(CELL)  # text centred vertically like the numbers beside it
        self.td_center = add({**CELL, "align": "center"})
        self.money = add({**CELL, "num_format": MONEY})
        self.money_total = add({**CELL, "num_format": MONEY, "bold": True})
        self.pct = add({**CELL, "num_format": PERCENT, "align": "center"})
        self.pct_total = add({**CELL, "num_format": PERCENT, "align": "center", "bold": True})
        self.total_label = add({**CELL, "bold": True, "align": "center"})
        # the signature block wraps: a long jabatan takes two lines instead of being cut
        sign = {"font_name": FONT, "font_size": 11, "align": "center", "valign": "top", "text_wrap": True}
        self.sign = add(sign)
        self.sign_name = add({**sign, "bold": True, "underline": 1})
        self.note = add({"font_name": FONT, "font_size": 9, "italic": True})
        self.note_bold = add({"font_name": FONT, "font_size": 9, "bold": True})
        self.ok = add({**CELL, "bold": True, "align": "center", "bg_color": "#C6EFCE"})
        self.link = add({**CELL, "align": "center", "font_color": "blue", "underline": 1})
        self.sev_error = add({**CELL, "align": "center", "bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})
        self.sev_warning = add({**CELL, "align": "center", "font_color": "#9C5700", "bg_color": "#FFEB9C"})


class UnitFormats:
    """Targets keep their satuan inside the number format ("70 perusahaan") so they stay numbers;
    one format per (satuan, decimals), added the first time it is needed."""

    def __init__(self, wb):
        self.wb = wb
        self._made: dict[tuple[str, int], object] = {}

    def get(self, satuan: str, decimals: int):
        fmt = unit_number_format(satuan, decimals)
        if fmt not in self._made:
            self._made[fmt] = self.wb.add_format({**CELL, "num_format": fmt, "align": "center"})
        return self._made[fmt]


PERCENT_UNITS = {"%", "persen"}
RUPIAH_UNITS = {"rp", "rp.", "rupiah"}


def unit_number_format(satuan: str, decimals: int) -> str:
    """A percent target prints as the capaian beside it does ("100,00%"); rupiah as "Rp4.880"; any
    other satuan after the number ("70 perusahaan")."""
    unit = satuan.strip()
    if not SAFE_UNIT.match(unit or "x"):
        unit = ""
    number = "#,##0" + ("." + "0" * decimals if decimals else "")
    if unit.lower() in PERCENT_UNITS:
        return '#,##0.00"%"'
    if unit.lower() in RUPIAH_UNITS:
        return f'"Rp"{number}'
    return number + (f'" {unit}"' if unit else "")


def decimals(ind: Indicator) -> int:
    """2 when any value of the row has a fraction (the quarters too in a year workbook), else 0. An
    average of quarters (Rata-rata) is shown with 2: 80 and 85 give 82,5."""
    if ind.quarterly and ind.cara_hitung == RATA_RATA:
        return 2
    values = [v for v in (ind.target, ind.realisasi, *ind.target_tw, *ind.realisasi_tw) if v is not None]
    return 0 if all(float(v).is_integer() for v in values) else 2
