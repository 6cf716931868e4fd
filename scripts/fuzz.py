"""A long fuzz campaign: lint generated hostile documents and check every invariant.

    python scripts/fuzz.py [--examples 100000] [--seed 0]

Uses the same generators and invariants as tests/test_inputs.py (which runs a small
CI-sized profile): no exception; every finding's span lies inside the file and its
text is the source between its offsets; the same input gives the same output. Prints
the number of examples run and failures found.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_inputs import TEXTS  # noqa: E402

import lint  # noqa: E402
from lint.document import from_text  # noqa: E402

CONFIG = {"extends": ["health", "seo"]}


def check(text: str, suffix: str, linter) -> None:
    path = f"x{suffix}"
    findings = linter.check_text(text, path)
    source = from_text(text, path).source
    lines = source.split("\n")
    for f in findings:
        assert 0 <= f.start <= f.end <= len(source), f
        assert f.text == source[f.start : f.end], f
        assert 1 <= f.line <= f.end_line <= len(lines), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f
    again = linter.check_text(text, path)
    assert [x.to_dict() for x in again] == [x.to_dict() for x in findings]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    linter = lint.Linter(CONFIG)
    count = 0

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(text=TEXTS | st.text(max_size=400), suffix=st.sampled_from([".md", ".html", ".txt"]))
    def campaign(text, suffix):
        nonlocal count
        count += 1
        check(text, suffix, linter)

    start = time.perf_counter()
    failed = 0
    try:
        campaign()
    except Exception as exc:  # hypothesis re-raises the shrunk failing example
        failed = 1
        print(f"FAILED: {exc!r}", file=sys.stderr)
    print(f"{count} examples run in {time.perf_counter() - start:.0f} s, {failed} failures")
    sys.exit(failed)


if __name__ == "__main__":
    main()
