"""Times `lkj-excel` against the floor (bench/floor.py), side by side, as whole processes.

    python bench/generate.py && python bench/run.py            # writes bench/RESULTS.md
    python bench/run.py --runs 3 --only seed,help --no-write   # a quick look

The machine this runs on is small and noisy, so every comparison is made of pairs run back to back
(the order flipping each pair, after one untimed warm-up of each side) and reported as the median of
the per-pair ratios: a burst of noise slows both members of a pair and cancels out of their ratio.
Absolute times are printed for orientation only.

Peak memory is each process's own maximum resident set size from wait4(); for `--jobs 2` that is the
largest single process of the tree (the pool's workers are waited for by their parent), not the sum.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
PY = sys.executable
FLOOR = BENCH / "floor.py"
LIBRARIES = ("lkj-excel", "pandas", "numpy", "python-calamine", "xlsxwriter", "openpyxl", "click",
             "watchdog", "defusedxml")
# Children run with cached bytecode, as after `pip install`, which compiles every module. A
# PYTHONDONTWRITEBYTECODE environment (this project's sandbox sets it) would otherwise make every
# lkj-excel process compile the package from source, about 30 ms that no installed copy pays. The
# cache goes under bench/out/ so the source tree stays clean.
PYCACHE = OUT / "pycache"
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)

LOAD_AT_START = " ".join(f"{x:.2f}" for x in os.getloadavg())
SECTIONS = ("seed", "n1000", "n10000", "batch", "help", "template", "watch")


def lkj_command() -> list[str]:
    """The installed console script, as a user runs it; next to this interpreter when in a venv."""
    script = Path(PY).parent / "lkj-excel"
    if script.exists():
        return [str(script)]
    found = shutil.which("lkj-excel")
    if found:
        return [found]
    sys.exit("lkj-excel is not installed for this interpreter (pip install -e .)")


LKJ = lkj_command()


@dataclass
class Run:
    seconds: float
    rss_mb: float
    code: int
    stderr: str
    cpu: float = 0.0  # user + system seconds of the process (wait4): what other processes' load hardly moves


def run(cmd: list[str], cwd: Path | None = None, timeout: float = 300) -> Run:
    """One whole process: wall time from spawn to reaped, and its peak RSS from wait4()."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=CHILD_ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err)
        # A blocking wait4 costs no CPU while the child runs (polling would steal from `--jobs 2` on a
        # two-core machine); the timer only exists so that a hung child cannot hang the benchmark.
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not try to reap it again
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, text, usage.ru_utime + usage.ru_stime)


def checked(r: Run, what: str, ok: tuple[int, ...] = (0,)) -> Run:
    if r.code not in ok:
        raise SystemExit(f"{what} exited {r.code}:\n{r.stderr[-2000:]}")
    return r


@dataclass
class Pair:
    """Interleaved runs of two commands: a (the candidate) and b (its reference)."""

    name: str
    a: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)
    files: int = 0  # inputs per run, for the batch's throughput

    @property
    def ratio(self) -> float:
        return statistics.median(x.seconds / y.seconds for x, y in zip(self.a, self.b))

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(x.cpu / y.cpu for x, y in zip(self.a, self.b))

    @property
    def rss_ratio(self) -> float:
        return med_rss(self.a) / med_rss(self.b)


def med(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def med_rss(runs: list[Run]) -> float:
    return statistics.median(r.rss_mb for r in runs)


def interleave(name: str, make_a, make_b, runs: int) -> Pair:
    """make_a/make_b are called once per run (so each may use a fresh output path) and return a Run."""
    make_a(), make_b()  # warm-up: page cache, .pyc files, lazily created folders
    pair = Pair(name)
    for i in range(runs):
        if i % 2:
            pair.b.append(make_b())
            pair.a.append(make_a())
        else:
            pair.a.append(make_a())
            pair.b.append(make_b())
    return pair


# -- cases ---------------------------------------------------------------------------------------


def size_case(name: str, runs: int, work: Path) -> Pair:
    src = OUT / f"{name}.xlsx"
    need(src)
    build_dir = work / f"build-{name}"
    floor_out = work / f"floor-{name}.xlsx"
    pair = interleave(
        name,
        lambda: checked(run(LKJ + ["build", str(src), "-o", str(build_dir), "--tanpa-laporan"]), f"lkj-excel build {name}"),
        lambda: checked(run([PY, str(FLOOR), str(src), str(floor_out)]), f"floor {name}"),
        runs,
    )
    return pair


def batch_case(runs: int, work: Path) -> Pair:
    sources = sorted((OUT / "batch").glob("*.xlsx"))
    if not sources:
        need(OUT / "batch" / "isian-001.xlsx")
    names = [str(p) for p in sources]

    def jobs(n: int):
        def go() -> Run:
            target = work / f"batch-j{n}"
            shutil.rmtree(target, ignore_errors=True)
            # Created beforehand, as an office's hasil/ folder is: the batch times building, and a
            # missing folder once raced between workers (fixed in 5587154).
            target.mkdir()
            return checked(run(LKJ + ["build", *names, "-o", str(target), "--jobs", str(n), "--tanpa-laporan"]), f"batch --jobs {n}")
        return go

    pair = interleave("batch", jobs(2), jobs(1), runs)
    pair.files = len(names)
    return pair


def imports_pandas(args: list[str], cwd: Path) -> bool:
    """Whether the command imports pandas, from -X importtime (the console script run by this python)."""
    r = run([PY, "-X", "importtime", LKJ[0], *args], cwd=cwd)
    return any(line.rstrip().endswith("| pandas") for line in r.stderr.splitlines())


def startup_case(runs: int, work: Path) -> Pair:
    """`lkj-excel --help` next to a bare interpreter start, the least any command can cost."""
    return interleave("help", lambda: checked(run(LKJ + ["--help"]), "lkj-excel --help"),
                      lambda: checked(run([PY, "-c", "pass"]), "python -c pass"), runs)


def template_case(runs: int, work: Path) -> Pair:
    folder = work / "template"
    folder.mkdir(exist_ok=True)
    counter = iter(range(10**6))

    def one() -> Run:
        # the command refuses to overwrite, so each run gets a fresh name
        return checked(run(LKJ + ["template", str(folder / f"t{next(counter)}.xlsx")]), "lkj-excel template")

    return interleave("template", one, lambda: checked(run([PY, "-c", "pass"]), "python -c pass"), runs)


def context_runs(runs: int) -> dict[str, float]:
    """Fixed costs every candidate pays: the interpreter, and pandas' import."""
    out = {}
    for label, code in (("python -c pass", "pass"), ("python -c 'import pandas'", "import pandas"),
                        ("python -c 'import pandas, xlsxwriter, python_calamine'",
                         "import pandas, xlsxwriter, python_calamine")):
        out[label] = med([run([PY, "-c", code]) for _ in range(runs)])
    return out


@dataclass
class WatchResult:
    latencies: list[float] = field(default_factory=list)
    note: str = ""


def watch_case(runs: int, work: Path, timeout: float = 15.0) -> WatchResult:
    """Time from a file's atomic rename into ROOT/masuk until a new .xlsx appears under ROOT/hasil."""
    probe = run(LKJ + ["watch", "--help"])
    if probe.code != 0:
        return WatchResult(note="skipped: `lkj-excel watch --help` fails (the command does not exist yet)")
    sources = sorted((OUT / "batch").glob("*.xlsx"))[: runs + 1]
    if len(sources) < runs + 1:
        need(OUT / "batch" / "isian-001.xlsx")
    root, staging = work / "drop", work / "staging"
    shutil.rmtree(root, ignore_errors=True)
    staging.mkdir(parents=True, exist_ok=True)
    log = open(work / "watch.log", "wb")
    proc = subprocess.Popen(LKJ + ["watch", str(root)], env=CHILD_ENV, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=log)
    result = WatchResult()
    try:
        inbox, outbox = root / "masuk", root / "hasil"
        if not _wait_for(lambda: inbox.is_dir() and outbox.is_dir(), timeout):
            result.note = f"failed: {inbox} and {outbox} did not appear within {timeout:.0f} s"
            return result
        for i, src in enumerate(sources):
            # Staged outside ROOT on the same file system, so the watcher only ever sees the rename.
            staged = staging / src.name
            shutil.copyfile(src, staged)
            before = _outputs(outbox)
            started = time.perf_counter()
            os.rename(staged, inbox / src.name)
            if not _wait_for(lambda: bool(_outputs(outbox) - before), timeout, step=0.002):
                result.note = f"failed: no .xlsx in hasil {timeout:.0f} s after {src.name} was dropped"
                return result
            if i:  # the first drop is a warm-up: the watcher may still be arming its observer
                result.latencies.append(time.perf_counter() - started)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    return result


def _outputs(folder: Path) -> set[str]:
    found = set()
    for dirpath, _, files in os.walk(folder):
        for f in files:
            if f.lower().endswith(".xlsx") and not f.startswith((".", "~$")):
                found.add(os.path.join(dirpath, f))
    return found


def _wait_for(condition, timeout: float, step: float = 0.01) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def need(path: Path) -> None:
    if not path.exists():
        sys.exit(f"{path} is missing: run `python bench/generate.py` first")


# -- report --------------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for lib in LIBRARIES:
        try:
            versions.append(f"{lib} {metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            pass
    lines = [
        f"- CPU: {cpu}, {os.cpu_count()} cores{mem}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()} ({PY}), bytecode cached in {PYCACHE.relative_to(REPO)}",
        f"- {', '.join(versions)}",
        f"- load average at start: {LOAD_AT_START}, at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
    ]
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "lkj_excel"],
                               capture_output=True, text=True).stdout.strip()
        lines.append(f"- lkj-excel at commit {head}{' with uncommitted changes in lkj_excel/' if dirty else ''}")
    except OSError:
        pass
    return lines


def verdict(ok: bool, value: float | None = None, limit: float | None = None) -> str:
    """pass/FAIL, marked marginal within 5% of the limit: on this machine such a result can flip
    between two runs of the same code."""
    text = "pass" if ok else "**FAIL**"
    if value is not None and limit is not None and abs(value - limit) <= 0.05 * limit:
        text += " (marginal)"
    return text


def report(results: dict, runs: dict[str, int], started: dt.datetime, elapsed: float) -> str:
    rows = ["| measure | target | floor / reference | lkj-excel | ratio | peak RSS (lkj / floor) | result |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    targets = {"seed": ("≤ 1.3× floor", 1.3, None), "n1000": ("(no target)", None, None),
               "n10000": ("≤ 1.5× floor, RSS ≤ 2×", 1.5, 2.0)}
    for name in ("seed", "n1000", "n10000"):
        pair = results.get(name)
        if pair is None:
            continue
        text, limit, rss_limit = targets[name]
        time_ok = limit is None or pair.ratio <= limit
        rss_ok = rss_limit is None or pair.rss_ratio <= rss_limit
        result = "-"
        if limit:
            result = f"time {verdict(time_ok, pair.ratio, limit)}"
        if rss_limit:
            result += f", memory {verdict(rss_ok, pair.rss_ratio, rss_limit)}"
        rows.append(
            f"| `build` {name}.xlsx, whole process | {text} | {med(pair.b):.3f} s | {med(pair.a):.3f} s "
            f"| **{pair.ratio:.2f}×** | {med_rss(pair.a):.0f} / {med_rss(pair.b):.0f} MB "
            f"({pair.rss_ratio:.2f}×) | {result} |"
        )
    if "batch" in results:
        pair = results["batch"]
        speedup = 1 / pair.ratio
        files = pair.files
        rows.append(
            f"| `build` {files} seed-sized files, `--jobs 2` vs `--jobs 1` | ≥ 1.7× throughput "
            f"| {med(pair.b):.2f} s (j1, {files / med(pair.b):.0f} files/s) "
            f"| {med(pair.a):.2f} s (j2, {files / med(pair.a):.0f} files/s) | **{speedup:.2f}×** "
            f"| {med_rss(pair.a):.0f} / {med_rss(pair.b):.0f} MB | {verdict(speedup >= 1.7, speedup, 1.7)} |"
        )
    for name, label in (("help", "`lkj-excel --help`"), ("template", "`lkj-excel template`")):
        if name in results:
            pair, pandas = results[name]
            ok = med(pair.a) < 0.15 and not pandas
            rows.append(
                f"| {label} | < 0.15 s, no pandas | {med(pair.b):.3f} s (python -c pass) | {med(pair.a):.3f} s "
                f"| {pair.ratio:.2f}× | {med_rss(pair.a):.0f} MB | {verdict(ok, med(pair.a), 0.15)} "
                f"(pandas {'imported' if pandas else 'not imported'}) |"
            )
    if "watch" in results:
        w = results["watch"]
        if w.latencies:
            lat = statistics.median(w.latencies)
            rows.append(f"| drop folder: rename into masuk → .xlsx in hasil | < 2 s | - | {lat:.3f} s "
                        f"(median of {len(w.latencies)}, max {max(w.latencies):.3f} s) | - | - "
                        f"| {verdict(lat < 2 and max(w.latencies) < 2)} |")
        else:
            rows.append(f"| drop folder: rename into masuk → .xlsx in hasil | < 2 s | - | - | - | - | {w.note} |")
    context = results.get("context", {})
    lines = [
        "# Benchmark results",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `python bench/run.py` in {elapsed:.0f} s. "
        f"Runs per case: {', '.join(f'{k} {v}' for k, v in runs.items())}.",
        "",
        *machine(),
        "",
        "Times are medians over the runs; **ratio** is the median of per-pair ratios (lkj-excel ÷ floor, each "
        "pair run back to back), which is what the targets are judged on. Peak RSS is the median of each "
        "process's own maximum resident set. The floor is `bench/floor.py`: pandas (calamine) reads Kinerja "
        "and Anggaran, xlsxwriter writes inputs and formulas with cached values and number formats, nothing "
        "else.",
        "",
        *rows,
        "",
    ]
    if context:
        lines += ["Fixed costs every process pays (median):", ""]
        lines += [f"- `{k}`: {v:.3f} s" for k, v in context.items()]
        lines.append("")
    if "watch" in results and results["watch"].note and results["watch"].latencies:
        lines += [f"Drop folder: {results['watch'].note}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="lkj-excel benchmarks against the floor")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per case (default: 7 for small cases, 5 for n10000, batch and watch)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    parser.add_argument("--no-write", action="store_true", help="print the table without writing RESULTS.md")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    defaults = {"seed": 7, "n1000": 7, "n10000": 5, "batch": 5, "help": 7, "template": 7, "watch": 5}
    runs = {s: args.runs or defaults[s] for s in only}

    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="lkj-bench-") as tmp:
        work = Path(tmp)
        for section in only:
            print(f"… {section} ({runs[section]} runs)", file=sys.stderr, flush=True)
            if section in ("seed", "n1000", "n10000"):
                results[section] = size_case(section, runs[section], work)
            elif section == "batch":
                results[section] = batch_case(runs[section], work)
            elif section == "help":
                results[section] = (startup_case(runs[section], work), imports_pandas(["--help"], work))
            elif section == "template":
                results[section] = (template_case(runs[section], work),
                                    imports_pandas(["template", str(work / "probe.xlsx")], work))
            elif section == "watch":
                results[section] = watch_case(runs[section], work)
        if any(s in only for s in ("seed", "n1000", "n10000", "help", "template")):
            results["context"] = context_runs(max(runs.values()))
    text = report(results, runs, started, time.perf_counter() - t0)
    print(text)
    if not args.no_write:
        (BENCH / "RESULTS.md").write_text(text + "\n", encoding="utf-8")
        print(f"written: {BENCH / 'RESULTS.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
