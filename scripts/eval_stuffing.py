"""Precision and recall of the SEO rules on labelled keyword-stuffing snippets.

Usage: python scripts/eval_stuffing.py [FILE] [--errors]

FILE (default ../shared/eval/stuffing-dev.jsonl) has one JSON object per line with
``text``, ``label`` (``stuffed`` | ``normal``) and ``keyword``. Each snippet is linted
as a Markdown document twice: with its keyword as the front-matter ``keyphrase`` and
without one. A row is predicted stuffed when seo.keyword-stuffing, seo.repeated-phrase
or seo.duplicate-content reports anything at warning or error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lint.engine import Linter

RULES = ("seo.keyword-stuffing", "seo.repeated-phrase", "seo.duplicate-content")
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "stuffing-dev.jsonl"


def document(text: str, keyword: str | None) -> str:
    if not keyword:
        return text + "\n"
    return f"---\nkeyphrase: {json.dumps(keyword)}\n---\n\n{text}\n"


def predict(linter, text: str, keyword: str | None) -> tuple[bool, list[str]]:
    findings = linter.check_text(document(text, keyword), "snippet.md")
    hits = [f"{f.severity.value} {f.rule}: {f.message}" for f in findings]
    flagged = any(f.severity.value in ("warning", "error") for f in findings)
    return flagged, hits


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False), default=str(DEFAULT))
@click.option("--errors", is_flag=True, help="List the misclassified rows.")
def main(file: str, errors: bool) -> None:
    rows = [json.loads(line) for line in Path(file).read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r.get("label") in ("stuffed", "normal")]
    linter = Linter({"extends": ["seo"]}, select=list(RULES))
    for mode in ("with keyphrase", "without keyphrase"):
        tp = fp = fn = tn = 0
        wrong = []
        for row in rows:
            keyword = row.get("keyword") if mode == "with keyphrase" else None
            flagged, hits = predict(linter, row["text"], keyword)
            stuffed = row["label"] == "stuffed"
            tp += flagged and stuffed
            fp += flagged and not stuffed
            fn += stuffed and not flagged
            tn += not flagged and not stuffed
            if flagged != stuffed:
                wrong.append((row, hits))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        click.echo(
            f"{mode:18}  precision {precision:.2f} ({tp}/{tp + fp})  "
            f"recall {recall:.2f} ({tp}/{tp + fn})  rows {len(rows)}"
        )
        if errors:
            for row, hits in wrong:
                kind = "missed" if row["label"] == "stuffed" else "false alarm"
                click.echo(f"  {kind}: [{row.get('keyword')}] {row['text'][:100]!r}")
                for hit in hits:
                    click.echo(f"      {hit}")
    sys.exit(0)


if __name__ == "__main__":
    main()
