"""Time and peak memory for 1x, 10x and 100x inputs: article size and number of files.

    python scripts/scaling.py [--base-words 2000] [--base-files 100] [--only articles|html|files]
                              [--factors 1,10,100] [--select RULES]

``--base-words 70000 --only articles`` measures articles of about 0.5, 5 and 50 MB;
``--only files --factors 100 --select seo.duplicate-content`` the 10,000 files with the
cross-file duplicates rule alone (what it keeps per file, without other rules' findings).

Articles are built from the bundled example's paragraphs, reshuffled per file so that
files are different texts. Each run is a fresh `seolint check --jobs 1 --no-cache`
process; the table shows whether time and memory grow linearly (no rule compares all
pairs of sentences or files). A script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "kratom-dopamine.md"
MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def paragraphs() -> list[str]:
    body = EXAMPLE.read_text(encoding="utf-8").split("---", 2)[2]
    return [p for p in body.split("\n\n") if len(p.split()) > 20]


def article(words: int, rng: random.Random, source: list[str]) -> str:
    out, count = [], 0
    while count < words:
        p = rng.choice(source).split()
        rng.shuffle(p)  # different text, same vocabulary
        out.append(" ".join(p))
        count += len(p)
        if len(out) % 6 == 0:
            out.append(f"## Section {len(out)}")
    return "# Article\n\n" + "\n\n".join(out) + "\n"


def html_article(words: int, rng: random.Random, source: list[str]) -> str:
    """The same kind of article as HTML (the HTML parser reads a page whole)."""

    def element(block: str) -> str:
        if block.startswith("## "):
            return f"<h2>{block[3:]}</h2>"
        if block.startswith("# "):
            return f"<h1>{block[2:]}</h1>"
        return f"<p>{block.strip()}</p>"

    body = "\n".join(element(b) for b in article(words, rng, source).split("\n\n"))
    head = "<!doctype html>\n<html><head><title>Article</title></head><body>"
    return f"{head}\n{body}\n</body></html>\n"


def run(target: Path, select: str | None = None) -> tuple[float, float]:
    seolint = str(Path(sys.executable).parent / "seolint")
    cmd = [seolint, "check", str(target), "--jobs", "1", "--no-cache", "-f", "json"]
    if select:
        cmd += ["--select", select]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    code, peak = (int(x) for x in done.stdout.split())
    if code not in (0, 1):
        sys.exit(f"seolint failed ({code}): {done.stderr[-1000:]}")
    return seconds, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-words", type=int, default=2000)
    parser.add_argument("--base-files", type=int, default=100)
    parser.add_argument(
        "--only", choices=["articles", "html", "files"], help="one of the three tables"
    )
    parser.add_argument("--factors", default="1,10,100", help="sizes to run, comma-separated")
    parser.add_argument("--select", help="rule ids or packs to run (seolint --select)")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]
    rng = random.Random(7)
    source = paragraphs()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for kind, make in (("articles", article), ("html", html_article)):
            for factor in factors if args.only in (None, kind) else ():
                words = args.base_words * factor
                path = root / f"{kind}-{factor}x.{'md' if kind == 'articles' else 'html'}"
                path.write_text(make(words, rng, source), encoding="utf-8")
                seconds, peak = run(path, args.select)
                label = f"one {'' if kind == 'articles' else 'HTML '}article, {words:,} words"
                rows.append((label, factor, seconds, peak))
        for factor in factors if args.only in (None, "files") else ():
            folder = root / f"files-{factor}x"
            folder.mkdir()
            for i in range(args.base_files * factor):
                (folder / f"a{i}.md").write_text(article(300, rng, source), encoding="utf-8")
            seconds, peak = run(folder, args.select)
            label = f"{args.base_files * factor:,} articles of 300 words"
            rows.append((label, factor, seconds, peak))
    print("| input | size | seconds | seconds / size | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for label, factor, seconds, peak in rows:
        print(f"| {label} | {factor}x | {seconds:.1f} | {seconds / factor:.2f} | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
