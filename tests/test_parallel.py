"""--jobs N gives exactly the output of --jobs 1, cross-file rules included."""

from __future__ import annotations

import subprocess
import sys

import lint

PARAGRAPHS = [
    "Our turmeric capsules relieve joint pain and reduce inflammation.",
    "Green tea is made from the leaves of Camellia sinensis.",
    "This page still says lorem ipsum in the middle of a sentence.",
    "Ashwagandha may help ease stress, according to some sellers.",
    "Simmer the onions for ten minutes, then add the ginger.",
]


def _pages(tmp_path):
    for i in range(90):
        body = "\n\n".join(PARAGRAPHS[(i + k) % len(PARAGRAPHS)] for k in range(3))
        shared = "\n\nThe same closing paragraph appears on every page of this site, word for word, as boilerplate text."
        front = f"---\ntitle: Page {i}\nkeyphrase: turmeric capsules\n---\n\n" if i % 7 == 0 else ""
        (tmp_path / f"page{i:03}.md").write_text(f"{front}# Page {i}\n\n{body}{shared if i % 3 == 0 else ''}\n")


def test_parallel_output_equals_serial(tmp_path):
    _pages(tmp_path)
    (tmp_path / "broken.md").write_bytes(b"\x00\x01binary")
    serial = lint.check_paths([str(tmp_path)], config={"extends": ["health", "seo"]})
    parallel = lint.Linter({"extends": ["health", "seo"]}).check_paths([str(tmp_path)], jobs=2)
    assert serial.files_checked == parallel.files_checked == 90
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]
    assert serial.errors == parallel.errors and len(serial.errors) == 1
    assert {f.rule for f in serial.findings} >= {"health.unsupported-claim", "seo.placeholder-text"}


def test_the_parent_of_workers_never_loads_spacy(tmp_path):
    _pages(tmp_path)
    script = (
        "import sys, lint\n"
        "report = lint.Linter({'extends': ['health', 'seo']}).check_paths([sys.argv[1]], jobs=2)\n"
        "rules = {f.rule for f in report.findings}\n"
        "print(report.files_checked, 'seo.duplicate-content' in rules, 'spacy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True
    )
    # Cross-file findings were made in the parent, from the workers' summaries alone.
    assert done.stdout.split() == ["90", "True", "False"]
