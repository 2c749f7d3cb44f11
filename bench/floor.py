"""The floor: the least work that does lkj-excel's job, to time `lkj-excel build` against.

    python bench/floor.py INPUT.xlsx OUTPUT.xlsx

Same libraries as the package (pandas with the calamine engine, xlsxwriter), whole process. It reads
Kinerja and Anggaran, computes capaian and serapan per row, and writes each row's inputs plus the
computed cell as a live formula carrying its cached value, with number formats. No validation, no
identity, no layout, no other sheets. The formulas have the same shape as lkj-excel's, because
xlsxwriter's cost is mostly in preparing formula text: a shorter formula would flatter the floor.
"""

import sys

import pandas as pd
import xlsxwriter

HEADER_ROW = 3  # the template's column labels sit on row 4


def capaian(target, realisasi, arah):
    if not target or realisasi != realisasi:  # NaN realisasi
        return None
    if arah == "Turun":
        return max(0.0, (2 * target - realisasi) / target)
    return realisasi / target


def main(src: str, dst: str) -> None:
    sheets = pd.read_excel(src, sheet_name=["Kinerja", "Anggaran"], header=HEADER_ROW, engine="calamine")
    kinerja = sheets["Kinerja"].dropna(subset=["Indikator Kinerja"])
    anggaran = sheets["Anggaran"].dropna(subset=["Kegiatan"])

    wb = xlsxwriter.Workbook(dst)
    pct = wb.add_format({"num_format": "0.00%"})
    num = wb.add_format({"num_format": "#,##0.##"})
    money = wb.add_format({"num_format": "#,##0"})

    ws = wb.add_worksheet("Capaian Kinerja")
    rows = zip(kinerja["Indikator Kinerja"].tolist(), kinerja["Arah"].tolist(),
               kinerja["Target"].tolist(), kinerja["Realisasi"].tolist())
    for r, (name, arah, target, realisasi) in enumerate(rows, start=1):
        t, x = f"B{r + 1}", f"C{r + 1}"
        core = f"MAX(0,(2*{t}-{x})/{t})" if arah == "Turun" else f"{x}/{t}"
        value = capaian(target, realisasi, arah)
        ws.write_string(r, 0, str(name))
        ws.write_number(r, 1, target, num)
        ws.write_number(r, 2, realisasi, num)
        ws.write_formula(r, 3, f'=IF(N({t})=0,"-",{core})', pct, "-" if value is None else value)

    ws = wb.add_worksheet("Realisasi Anggaran")
    rows = zip(anggaran["Kegiatan"].tolist(), anggaran["Pagu"].tolist(), anggaran["Realisasi"].tolist())
    for r, (name, pagu, realisasi) in enumerate(rows, start=1):
        p, x = f"B{r + 1}", f"C{r + 1}"
        ws.write_string(r, 0, str(name))
        ws.write_number(r, 1, pagu, money)
        ws.write_number(r, 2, realisasi, money)
        ws.write_formula(r, 3, f'=IF(N({p})=0,"-",{x}/{p})', pct, realisasi / pagu if pagu else "-")
    wb.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/floor.py INPUT.xlsx OUTPUT.xlsx")
    main(sys.argv[1], sys.argv[2])
