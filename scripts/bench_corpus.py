"""Findings per 10,000 words and cost of the SEO rules on a corpus of real pages.

Usage: python scripts/bench_corpus.py DIR [--limit N] [--min-words N] [--show N] [--rules ...]

Reads every Markdown/HTML/text file under DIR (sorted by path; ``--limit N``: the first
N; ``--min-words N``: only pages with N+ words of prose, split at whitespace, as
articles are), then takes the pages as the engine does: the spaCy pipeline in batches and,
for each group of pages as big as a batch, the token tables the SEO and readability kinds
share, then each selected rule's kind ``check`` (and ``summarize``) over the group's
pages, each rule timed on its own; then the cross-file pass
of the corpus kinds (``check_corpus``, timed on its own so that runs on corpora of
different sizes show how it scales). Times are CPU seconds of this process
(``time.process_time``), so that other work on the machine does not inflate them, and
every cost is also given as a share of the pipeline's own time.

The rules' cost is reported without and with the token table: with the default rules the
table is built for every page whichever rules run, but these three rules need it, so the
honest cost of running them is the sum. Prints findings per 10,000 words (alphabetic
tokens of the prose) per rule and severity, then for all rules info notes apart from
warnings and errors, and the first N findings of each rule. On ordinary documentation
every finding is a false alarm or at best a style note, so fewer is better.
"""

from __future__ import annotations

import gc
import time
from collections import Counter, defaultdict
from pathlib import Path

import click

from lint import document as documents
from lint import nlp as nlpmod
from lint.cli import GC_THRESHOLDS
from lint.config import from_mapping
from lint.engine import FILES_PER_BATCH, rule_groups
from lint.kinds import KINDS, CorpusKind
from lint.kinds.words import token_table

# The engine lints files FILES_PER_BATCH at a time, and runs the rules on groups of pages
# up to a spaCy batch.
GROUP = min(FILES_PER_BATCH, nlpmod.BATCH_SIZE)
DEFAULT_RULES = "seo.keyword-stuffing,seo.repeated-phrase,seo.duplicate-content"


def _per_10k(n: int, words: int) -> float:
    return n / words * 10000 if words else 0.0


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--show", default=10, help="Findings to show per rule.")
@click.option("--rules", default=DEFAULT_RULES, help="Comma-separated rule ids.")
@click.option("--limit", type=int, default=None, help="Only the first N files (by path).")
@click.option("--min-words", type=int, default=0, help="Only pages with N+ words of prose.")
def main(directory: str, show: int, rules: str, limit: int | None, min_words: int) -> None:
    from spacy.attrs import IS_ALPHA

    # The collector set as the seolint command sets it: with the default, the objects of
    # thousands of parsed pages make every pass slower the more pages are read.
    gc.set_threshold(*GC_THRESHOLDS)
    clock = time.process_time
    config = from_mapping({"extends": ["seo"]}, Path.cwd())
    specs = [config.rules[r] for r in rules.split(",")]
    nlp = nlpmod.load()
    kinds = [(spec, KINDS[spec.kind](spec.options, nlp)) for spec in specs]
    paths = sorted(p for p in Path(directory).rglob("*") if p.suffix.lower() in documents.SUFFIXES)
    paths = paths[:limit] if limit is not None else paths
    docs = []
    for path in paths:
        try:
            docs.append(documents.from_bytes(path.read_bytes(), str(path)))
        except Exception as exc:  # noqa: BLE001 - a benchmark skips unreadable files
            click.echo(f"skipped {path}: {exc}", err=True)
    docs = [d for d in docs if len(d.prose.split()) >= min_words]
    # Pages go through as the engine takes them: the pipeline's batches one after the
    # other, the token tables of a group of pages as big as a batch, then each rule over
    # the group; then the group is dropped (holding every Doc of a large corpus would
    # make the pipeline and the rules pay for memory growth).
    pipe_time = table_time = 0.0
    words = 0
    per_page: dict[str, float] = defaultdict(float)
    cross: dict[str, float] = {}
    found: dict[str, list] = defaultdict(list)
    summaries: dict[str, list] = defaultdict(list)

    def run_rules(group: list) -> None:
        nonlocal table_time
        t = clock()
        for doc, sdoc in group:
            token_table(doc, sdoc)
        table_time += clock() - t
        for spec, kind in kinds:
            t = clock()
            for doc, sdoc in group:
                for hit in kind.check(doc, sdoc):
                    s, e = doc.source_span(hit.start, hit.end)
                    line = doc.position(s)[0]
                    severity = (hit.severity or spec.severity).value
                    found[spec.id].append(
                        (severity, f"{doc.path}:{line}", hit.message, doc.source[s:e])
                    )
                if isinstance(kind, CorpusKind):
                    summaries[spec.id].append((doc.path, kind.summarize(doc, sdoc)))
            per_page[spec.id] += clock() - t

    def parsed():
        nonlocal pipe_time, words
        sdocs = nlpmod.pipe(nlp, ((d.prose, [b.start for b in d.blocks]) for d in docs))
        for doc in docs:
            t0 = clock()
            sdoc = next(sdocs)
            pipe_time += clock() - t0
            words += int(sdoc.to_array(IS_ALPHA).sum())
            yield doc, sdoc

    for group in rule_groups(parsed(), lambda item: item[0], GROUP):
        run_rules(group)
    for spec, kind in kinds:
        if isinstance(kind, CorpusKind):
            t = clock()
            for hit in kind.check_corpus(summaries[spec.id]):
                severity = (hit.severity or spec.severity).value
                found[spec.id].append((severity, f"{hit.path}:{hit.line}", hit.message, hit.text))
            cross[spec.id] = clock() - t

    def share(seconds: float) -> str:
        return f"{seconds:.2f}s ({seconds / pipe_time:.1%})"

    click.echo(
        f"{len(docs)} files, {words} words; spaCy pipeline {pipe_time:.2f}s CPU "
        f"({words / pipe_time:,.0f} words/s)"
    )
    click.echo(f"shared token table: {share(table_time)}")
    for spec, _ in kinds:
        by_sev = Counter(f[0] for f in found[spec.id])
        spent = per_page[spec.id] + cross.get(spec.id, 0.0)
        click.echo(
            f"{spec.id:24} {len(found[spec.id]):5} findings "
            + " ".join(f"{k} {_per_10k(v, words):.2f}/10k" for k, v in sorted(by_sev.items()))
            + f"  time {share(spent)}"
            + (
                f" = pages {per_page[spec.id]:.2f}s + cross-file {cross[spec.id]:.3f}s"
                if spec.id in cross
                else ""
            )
        )
    rules_time = sum(per_page.values()) + sum(cross.values())
    click.echo(
        f"rules: {share(rules_time)} of the pipeline's time; "
        f"with the token table {share(rules_time + table_time)}"
    )
    for rule, seconds in cross.items():
        click.echo(
            f"cross-file pass of {rule}: {seconds:.3f}s for {len(docs)} files "
            f"({seconds / max(len(docs), 1) * 1e6:.0f} us per file)"
        )
    by_sev = Counter(f[0] for fs in found.values() for f in fs)
    notes = by_sev["info"]
    serious = by_sev["warning"] + by_sev["error"]
    click.echo(
        f"findings/10k words: all {_per_10k(notes + serious, words):.2f}; "
        f"info {_per_10k(notes, words):.2f}; warning+error {_per_10k(serious, words):.2f} "
        f"({by_sev['warning']} warnings, {by_sev['error']} errors, {notes} info)"
    )
    for spec, _ in kinds:
        for severity, where, message, text in found[spec.id][:show]:
            click.echo(f"  [{spec.id} {severity}] {where}: {message[:160]}")
            click.echo(f"      {text[:160]!r}")


if __name__ == "__main__":
    main()
