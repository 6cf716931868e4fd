"""SEO writing-check report for a folder of pages: what a writer or a docs team would see.

Usage: python scripts/seo_report.py DIR [--rules all|writing|ID,...] [--examples N] [--jobs N]

Lints every Markdown/HTML/text file under DIR with the built-in ``seo`` pack (through the
engine, so inline suppressions and the cross-file pass apply), then prints, per rule and
severity, the number of findings, the findings per 10,000 words of prose and the number
of pages with one, followed by a few examples per rule (path:line, message, flagged
text). ``writing`` (the default) selects the Yoast / Rank Math writing checks.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import click

import lint
from lint import document as documents

WRITING_RULES = (
    "seo.keyphrase-in-title seo.keyphrase-in-introduction seo.keyphrase-in-description "
    "seo.keyphrase-in-subheadings seo.keyphrase-in-slug seo.keyphrase-length seo.title-length "
    "seo.description-length seo.single-h1 seo.empty-heading seo.text-length "
    "seo.paragraph-length seo.sentence-length seo.subheading-distribution "
    "seo.consecutive-sentences seo.reading-ease seo.passive-voice seo.outbound-link "
    "seo.image-alt seo.duplicate-title seo.duplicate-description"
).split()
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--rules", default="writing", help="`writing`, `all` (the seo pack) or ids.")
@click.option("--examples", default=4, help="Examples to show per rule.")
@click.option("--jobs", default=1, help="Worker processes.")
def main(directory: str, rules: str, examples: int, jobs: int) -> None:
    linter_all = lint.Linter({"extends": ["seo"]})
    known = [r for r in linter_all.all_rules() if r.startswith("seo.")]
    if rules == "writing":
        select = [r for r in WRITING_RULES if r in known]
    elif rules == "all":
        select = known
    else:
        select = [r.strip() for r in rules.split(",") if r.strip()]
    linter = lint.Linter({"extends": ["seo"]}, select=select)
    paths = sorted(
        str(p) for p in Path(directory).rglob("*") if p.suffix.lower() in documents.SUFFIXES
    )
    words = 0
    for path in paths:
        try:
            words += len(_WORD.findall(documents.from_bytes(Path(path).read_bytes(), path).prose))
        except Exception:  # noqa: BLE001 - the engine reports unreadable files itself
            continue
    t0 = time.perf_counter()
    report = linter.check_paths([directory], jobs=jobs)
    elapsed = time.perf_counter() - t0
    per_rule: dict[str, Counter] = defaultdict(Counter)
    pages: dict[str, set] = defaultdict(set)
    shown: dict[str, list] = defaultdict(list)
    for f in report.findings:
        per_rule[f.rule][f.severity.value] += 1
        pages[f.rule].add(f.path)
        # Examples from different pages say more than several from one.
        if len(shown[f.rule]) < examples and all(p != f.path for p, *_ in shown[f.rule]):
            shown[f.rule].append((f.path, f.line, f.severity.value, f.message, f.text))
    scale = 10_000 / words if words else 0
    click.echo(
        f"{report.files_checked} files, {words:,} words of prose, {len(report.findings):,} "
        f"findings ({len(report.findings) * scale:.1f} per 10k words), {elapsed:.1f} s"
    )
    if report.errors:
        click.echo(f"{len(report.errors)} files not linted (first: {report.errors[0]})")
    click.echo(f"\n{'rule':34} {'severity':8} {'count':>6} {'/10k w':>7} {'pages':>6}")
    for rule in select:
        counts = per_rule.get(rule)
        if not counts:
            click.echo(f"{rule:34} {'-':8} {0:>6} {0:>7.1f} {0:>6}")
            continue
        for severity in ("error", "warning", "info"):
            if counts[severity]:
                click.echo(
                    f"{rule:34} {severity:8} {counts[severity]:>6} "
                    f"{counts[severity] * scale:>7.1f} {len(pages[rule]):>6}"
                )
    for rule in select:
        if not shown.get(rule):
            continue
        click.echo(f"\n== {rule}")
        for path, line, severity, message, text in shown[rule]:
            rel = Path(path).relative_to(directory) if path.startswith(directory) else path
            snippet = " ".join(text.split())
            snippet = snippet if len(snippet) <= 100 else snippet[:97] + "..."
            click.echo(f"  {rel}:{line} {severity}: {message}")
            click.echo(f"      | {snippet}")


if __name__ == "__main__":
    main()
