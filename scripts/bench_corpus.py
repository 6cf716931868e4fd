"""Findings per 10,000 words and cost of the SEO rules on a corpus of real pages.

Usage: python scripts/bench_corpus.py DIR [--show N] [--rules seo.keyword-stuffing,...]

Reads every Markdown/HTML/text file under DIR, runs the spaCy pipeline over all of them
(timed alone), builds the token table the SEO and readability kinds share (timed alone:
with the default rules it is built for every page whichever rules run, so it is not a
cost of the rules measured here), then each selected rule's kind ``check`` on the same
Docs (timed per rule) and the cross-file pass of corpus kinds. Prints findings per
10,000 body words per rule and severity, the overhead of the rules relative to the
pipeline (also with the token table), and the first N findings of each rule. On
ordinary documentation every finding is a false alarm or at best a style note, so
fewer is better.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from pathlib import Path

import click

from lint import document as documents
from lint import nlp as nlpmod
from lint.config import from_mapping
from lint.kinds import KINDS, CorpusKind
from lint.kinds.words import token_table

DEFAULT_RULES = "seo.keyword-stuffing,seo.repeated-phrase,seo.duplicate-content"


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--show", default=10, help="Findings to show per rule.")
@click.option("--rules", default=DEFAULT_RULES, help="Comma-separated rule ids.")
def main(directory: str, show: int, rules: str) -> None:
    config = from_mapping({"extends": ["seo"]}, Path.cwd())
    specs = [config.rules[r] for r in rules.split(",")]
    nlp = nlpmod.load()
    kinds = [(spec, KINDS[spec.kind](spec.options, nlp)) for spec in specs]
    paths = sorted(p for p in Path(directory).rglob("*") if p.suffix.lower() in documents.SUFFIXES)
    docs = []
    for path in paths:
        try:
            docs.append(documents.from_bytes(path.read_bytes(), str(path)))
        except Exception as exc:  # noqa: BLE001 - a benchmark skips unreadable files
            click.echo(f"skipped {path}: {exc}", err=True)
    t0 = time.perf_counter()
    sdocs = list(nlpmod.pipe(nlp, ((d.prose, [b.start for b in d.blocks]) for d in docs)))
    pipe_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    lexemes: dict = {}
    for doc, sdoc in zip(docs, sdocs, strict=True):
        token_table(doc, sdoc, lexemes)
    table_time = time.perf_counter() - t0
    words = sum(1 for s in sdocs for t in s if t.is_alpha)
    spent: dict[str, float] = defaultdict(float)
    found: dict[str, list] = defaultdict(list)
    summaries: dict[str, list] = defaultdict(list)
    for doc, sdoc in zip(docs, sdocs, strict=True):
        for spec, kind in kinds:
            t = time.perf_counter()
            for hit in kind.check(doc, sdoc):
                s, e = doc.source_span(hit.start, hit.end)
                line = doc.position(s)[0]
                severity = (hit.severity or spec.severity).value
                found[spec.id].append(
                    (severity, f"{doc.path}:{line}", hit.message, doc.source[s:e])
                )
            if isinstance(kind, CorpusKind):
                summaries[spec.id].append((doc.path, kind.summarize(doc, sdoc)))
            spent[spec.id] += time.perf_counter() - t
    for spec, kind in kinds:
        if isinstance(kind, CorpusKind):
            t = time.perf_counter()
            for hit in kind.check_corpus(summaries[spec.id]):
                severity = (hit.severity or spec.severity).value
                found[spec.id].append((severity, f"{hit.path}:{hit.line}", hit.message, hit.text))
            spent[spec.id] += time.perf_counter() - t
    click.echo(f"{len(docs)} files, {words} words; spaCy pipeline {pipe_time:.1f}s")
    total_time = sum(spent.values())
    for spec, _ in kinds:
        by_sev = Counter(f[0] for f in found[spec.id])
        per = {k: v / words * 10000 for k, v in by_sev.items()}
        click.echo(
            f"{spec.id:24} {len(found[spec.id]):5} findings "
            + " ".join(f"{k} {v:.2f}/10k" for k, v in sorted(per.items()))
            + f"  time {spent[spec.id]:.2f}s ({spent[spec.id] / pipe_time:.0%} of pipeline)"
        )
    all_found = sum(len(v) for v in found.values())
    click.echo(
        f"all: {all_found / words * 10000:.2f} findings/10k words; "
        f"rules {total_time:.2f}s = {total_time / pipe_time:.0%} of the pipeline's time "
        f"(shared token table {table_time:.2f}s = {table_time / pipe_time:.0%}; "
        f"with it {(total_time + table_time) / pipe_time:.0%})"
    )
    for spec, _ in kinds:
        for severity, where, message, text in found[spec.id][:show]:
            click.echo(f"  [{spec.id} {severity}] {where}: {message[:160]}")
            click.echo(f"      {text[:160]!r}")


if __name__ == "__main__":
    main()
