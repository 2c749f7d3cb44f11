"""Printed pages per size and sheet (issue 9): the printed-page test's sweep (tests/print_inputs.py,
16 sizes from 1 to 60 indicators, short and long texts, and isian-40-satu-sasaran: one sasaran of 40
long indicators, taller than a page), printed by LibreOffice, pages counted from the PDF with
pdftotext, as a markdown table.

    python bench/pages.py [--sizes 1,8,60] [--keep FOLDER]

Needs soffice and pdftotext. `--keep` leaves the inputs, workbooks and PDFs in FOLDER (to look at
the pages: `pdftoppm -r 50 -png FOLDER/pdf/LKj-isian-60-panjang.pdf page`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from print_inputs import SWEEP, build_sweep, pdf_pages, print_pdfs, sheets_of  # noqa: E402

SHEETS = ("Perjanjian Kinerja", "Capaian Kinerja", "Realisasi Anggaran", "Cost per Outcome", "Narasi", "Validasi")
SHORT = {"Perjanjian Kinerja": "PK", "Capaian Kinerja": "Capaian", "Realisasi Anggaran": "Anggaran",
         "Cost per Outcome": "CpO", "Narasi": "Narasi", "Validasi": "Validasi"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", help="comma-separated indicator counts (default: the 16-size sweep)")
    ap.add_argument("--keep", type=Path, help="folder to keep the files in")
    args = ap.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else SWEEP
    folder = args.keep or Path(tempfile.mkdtemp(prefix="lkj-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    built = build_sweep(folder, sizes)
    pdfs = print_pdfs(list(built), folder / "pdf")
    print("| input | " + " | ".join(SHORT[s] for s in SHEETS) + " | total |")
    print("|---" * (len(SHEETS) + 2) + "|")
    for out, plan in built.items():
        per_sheet = dict((name, len(pages)) for name, pages in sheets_of(pdf_pages(pdfs[out])))
        cells = [str(per_sheet.get(s, "–")) for s in SHEETS]
        print(f"| {plan.name} | " + " | ".join(cells) + f" | {sum(per_sheet.values())} |")


if __name__ == "__main__":
    main()
