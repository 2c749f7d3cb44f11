"""The LKj document's share of a build (issue 12): target ≤ 0.5× the workbook's time for the same report.

    python bench/document.py                 # seed, 200 and 1,000 indicators, 5 runs each
    python bench/document.py --runs 9 --sizes 200 --pdf

In one process, after a warm-up, each run times the steps `lkj-excel build` takes for the same
checked report: writing the workbook (writers.write_workbook) and writing the document (compose +
render through the Word template + atomic write). Reading and validating are shared by both and
reported apart. Medians; the ratio is the median of per-run ratios. The warm-up run is reported too
("first run"): it pays the imports and, for the document, making the template ready (docxtpl's
patch and the Jinja compile, once per process and template), which a single `lkj-excel build` pays.
`--pdf` also times LibreOffice's conversion (a separate process, so not part of the target).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _report(size: int | None, folder: Path) -> Path:
    from lkj_excel.samples import seed_data, synthetic_data
    from lkj_excel.template import write_template

    data = seed_data() if size is None else synthetic_data(size, per_sasaran=3)
    return write_template(folder / f"n{size or 'seed'}.xlsx", data)


def measure(size: int | None, runs: int, pdf: bool, folder: Path) -> dict:
    from lkj_excel.api import check_file
    from lkj_excel.laporan.pdf import write_pdf
    from lkj_excel.laporan.write import document_bytes, write_document
    from lkj_excel.writers import WriteOptions, write_workbook

    source = _report(size, folder)
    checks, books, docs, ratios, pdfs = [], [], [], [], []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        check = check_file(source)
        t1 = time.perf_counter()
        write_workbook(check.report, folder / "out.xlsx", WriteOptions(findings=check.findings, results=check.results))
        t2 = time.perf_counter()
        write_document(document_bytes(check.report, check.results, check.findings), folder / "out.docx")
        t3 = time.perf_counter()
        if pdf:
            write_pdf(folder / "out.docx", folder / "out.pdf")
            pdfs.append(time.perf_counter() - t3)
        if i == 0:
            pdfs.clear()
            first = (t2 - t1, t3 - t2)
            continue  # warm-up
        checks.append(t1 - t0)
        books.append(t2 - t1)
        docs.append(t3 - t2)
        ratios.append((t3 - t2) / (t2 - t1))
    return {"size": "seed (2)" if size is None else str(size), "check": statistics.median(checks),
            "workbook": statistics.median(books), "document": statistics.median(docs),
            "ratio": statistics.median(ratios), "pdf": statistics.median(pdfs) if pdfs else None,
            "first": first}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="seed,200,1000", help="comma-separated: seed and/or indicator counts")
    parser.add_argument("--pdf", action="store_true", help="also time the LibreOffice PDF conversion")
    args = parser.parse_args(argv)
    sizes = [None if s == "seed" else int(s) for s in args.sizes.split(",")]
    print("| indicators | read+validate | workbook | document (.docx) | document ÷ workbook (target ≤ 0.5) "
          "| first run: workbook / document |" + (" PDF (LibreOffice) |" if args.pdf else ""))
    print("| --- | --- | --- | --- | --- | --- |" + (" --- |" if args.pdf else ""))
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            r = measure(size, args.runs, args.pdf, Path(tmp))
            verdict = "pass" if r["ratio"] <= 0.5 else "**FAIL**"
            line = (f"| {r['size']} | {r['check']:.3f} s | {r['workbook']:.3f} s | {r['document']:.3f} s | "
                    f"**{r['ratio']:.2f}×** {verdict} | {r['first'][0]:.3f} s / {r['first'][1]:.3f} s |")
            if args.pdf:
                line += f" {r['pdf']:.2f} s |"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
