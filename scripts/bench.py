"""Benchmark seolint on a folder of real articles (a script, not a timed test).

    python scripts/bench.py [DIR]        # default: ../shared/bench/corpus-small.tar.gz
    python scripts/bench.py --cold-only  # only the cold start of one small file

DIR may be a folder or a .tar.gz/.tar.xz of Markdown files (unpacked to a temporary
folder). Prints a Markdown table: seconds, words per second and peak memory of the spaCy
pipeline alone (spaCy's blank("en") + sentencizer + lookup lemmatizer, over the prose
seolint extracts and over the raw files), of `seolint check --jobs 1` and `--jobs 2`
without cache, and of a cached rerun; then the cold start of one small file next to
`python -c "import spacy; spacy.blank('en')"` (the median of 9 runs of each, taken
alternately). Every row is a fresh process timed from outside, as a user would see it:
spaCy's rows too start Python, import spaCy, build the pipeline and read the files,
as seolint does. The time of the pipe alone, in-process, is printed below the table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from lint.document import SUFFIXES

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "bench" / "corpus-small.tar.gz"
COLD_RUNS = 9
# Untimed preparation: the prose seolint extracts from each file, written to one text
# file per page, and the in-process time of seolint's own pipeline over it.
PREPARE = """
import sys, time, pathlib
from lint import nlp as nlpmod
from lint.document import from_bytes, SUFFIXES
files = sorted(p for p in pathlib.Path(sys.argv[1]).rglob("*") if p.suffix in SUFFIXES)
docs = [from_bytes(p.read_bytes(), str(p)) for p in files]
out = pathlib.Path(sys.argv[2])
for i, d in enumerate(docs):
    (out / f"{i:05}.txt").write_text(d.prose, encoding="utf-8")
ours = nlpmod.load()
blocks = [(d.prose, [b.start for b in d.blocks]) for d in docs]
start = time.perf_counter()
for _ in nlpmod.pipe(ours, blocks):
    pass
ours_prose = time.perf_counter() - start
words = sum(len(d.prose.split()) for d in docs)
print(len(files), words, ours_prose)
"""

# spaCy's own default pipeline, as GUIDE.md names it, over every file under a folder: a
# fresh process timed from outside like seolint's runs (start-up, reading, pipe).
# Prints the seconds of the pipe alone.
SPACY_ALONE = """
import sys, time, pathlib
import spacy
suffixes = set(sys.argv[2].split(","))
files = sorted(p for p in pathlib.Path(sys.argv[1]).rglob("*") if p.suffix in suffixes)
texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
stock = spacy.blank("en")
stock.add_pipe("sentencizer")
stock.add_pipe("lemmatizer", config={"mode": "lookup"})
stock.initialize()
stock.max_length = 10**9
start = time.perf_counter()
for _ in stock.pipe(texts, batch_size=64):
    pass
print(time.perf_counter() - start, file=sys.stderr)
"""


# Runs a command and prints the peak RSS (KB) of its largest process, workers included.
MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB of its largest process, its stderr) of a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd], cwd=cwd, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    code, peak_kb = (int(x) for x in done.stdout.split())
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({code}): {done.stderr[-2000:]}")
    return seconds, peak_kb / 1024, done.stderr


def corpus(path: Path, scratch: Path) -> Path:
    if path.is_dir():
        return path
    with tarfile.open(path) as tar:
        tar.extractall(scratch, filter="data")
    return scratch


def cold_start(seolint: list[str], work: Path) -> tuple[float, float]:
    """Medians of one small file linted from a cold start and of spaCy's own start, run
    alternately, so that a slow spell of the machine hits both."""
    small = work / "small.md"
    small.write_text("# Tea\n\nGreen tea is made from the leaves of Camellia sinensis.\n")
    lint_runs, spacy_runs = [], []
    for _ in range(COLD_RUNS):
        lint_runs.append(timed([*seolint, "check", str(small), "--no-cache"], work)[0])
        spacy_runs.append(timed([sys.executable, "-c", "import spacy; spacy.blank('en')"], work)[0])
    return statistics.median(lint_runs), statistics.median(spacy_runs)


def print_cold_start(cold_lint: float, cold_spacy: float) -> None:
    print(
        f"Cold start, one small file (median of {COLD_RUNS}, alternating): {cold_lint:.2f} s; "
        f"`import spacy; spacy.blank('en')`: {cold_spacy:.2f} s ({cold_lint / cold_spacy:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--cold-only", action="store_true", help="Only the cold start.")
    args = parser.parse_args()
    seolint = [str(Path(sys.executable).parent / "seolint")]
    if args.cold_only:
        with tempfile.TemporaryDirectory() as work:
            print_cold_start(*cold_start(seolint, Path(work)))
        return
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        root = corpus(args.corpus, scratch / "corpus")
        work = scratch / "work"
        work.mkdir()
        prose_dir = scratch / "prose"
        prose_dir.mkdir()
        out = subprocess.run(
            [sys.executable, "-c", PREPARE, str(root), str(prose_dir)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        files, words, ours_prose = int(out[0]), int(out[1]), float(out[2])
        suffixes = ",".join(sorted(SUFFIXES))
        stock_prose, _, err_prose = timed(
            [sys.executable, "-c", SPACY_ALONE, str(prose_dir), ".txt"], work
        )
        stock_raw, _, err_raw = timed(
            [sys.executable, "-c", SPACY_ALONE, str(root), suffixes], work
        )
        # The script's last line on stderr: the pipe's own seconds.
        pipe_prose, pipe_raw = (float(err.split()[-1]) for err in (err_prose, err_raw))
        rows = [
            ("spaCy pipeline alone, over the extracted prose", stock_prose, None),
            ("spaCy pipeline alone, over the raw files", stock_raw, None),
        ]
        base = [*seolint, "check", str(root), "--format", "json", "--output", os.devnull]
        for label, extra in (
            ("seolint --jobs 1 (no cache)", ["--jobs", "1", "--no-cache"]),
            ("seolint --jobs 2 (no cache)", ["--jobs", "2", "--no-cache"]),
            ("seolint, first run filling the cache (--jobs 2)", ["--jobs", "2"]),
            ("seolint, cached rerun of the unchanged corpus", ["--jobs", "2"]),
        ):
            seconds, peak, _ = timed([*base, *extra], work)
            rows.append((label, seconds, peak))
        cold_lint, cold_spacy = cold_start(seolint, work)
    name = root if args.corpus.is_dir() else args.corpus.name
    print(f"Corpus: {name}: {files} files, {words:,} words of prose\n")
    print("| run | seconds | words/s | peak memory |")
    print("|---|---:|---:|---:|")
    for label, seconds, peak in rows:
        memory = f"{peak:.0f} MB" if peak else ""
        print(f"| {label} | {seconds:.1f} | {words / seconds:,.0f} | {memory} |")
    jobs1, jobs2 = rows[2][1], rows[3][1]
    print(
        f"\n--jobs 1 throughput / spaCy pipeline alone: {stock_prose / jobs1:.2f}x over the "
        f"prose, {stock_raw / jobs1:.2f}x over the raw files; --jobs 2 / --jobs 1: "
        f"{jobs1 / jobs2:.2f}x"
    )
    print(
        f"In-process, without start-up and reading: spaCy's pipe {pipe_prose:.1f} s over "
        f"the prose, {pipe_raw:.1f} s over the raw files; seolint's own pipeline "
        f"{ours_prose:.1f} s over the prose."
    )
    print_cold_start(cold_lint, cold_spacy)
    print("Peak memory is the largest single process (the parent or one worker).")


if __name__ == "__main__":
    main()
