"""Measure the ``claim`` kind (rule health.unsupported-claim) on labelled sentences.

    python scripts/eval_claims.py [FILE ...] [--errors] [--bench DIR] [--pack PATH]
                                  [--model en_core_web_sm]

Each JSONL row ({"text", "label": claim|not_claim, "substance", ...}) is linted as its
own one-paragraph document; a row is predicted "claim" when it gets any finding of
severity error or warning. Prints precision, recall and F1 overall and per substance;
``--errors`` lists the misclassified rows; ``--bench DIR`` reports words/second of the
pipeline alone and with the claim kind over the .md files under DIR (and how many
findings the kind makes there: on non-health prose every one is a false alarm).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from lint import nlp as nlpmod
from lint.config import load_pack
from lint.document import from_text
from lint.findings import Severity
from lint.kinds.claim import ClaimKind

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "claims-dev.jsonl"
DEFAULT_PACK = REPO / "rules" / "health.yaml"
RULE = "unsupported-claim"


def claim_options(pack: Path = DEFAULT_PACK, rule: str = RULE) -> dict:
    """Every option of the claim rule, loaded and validated as the linter does."""
    rules = load_pack(pack)
    return next(spec.options for rule_id, spec in rules.items() if rule_id.endswith("." + rule))


def lint_texts(kind: ClaimKind, nlp, texts: list[str], path: str = "case.txt"):
    docs = [from_text(t, path) for t in texts]
    sdocs = nlpmod.pipe(nlp, [(d.prose, [b.start for b in d.blocks]) for d in docs])
    for doc, sdoc in zip(docs, sdocs, strict=True):
        yield doc, list(kind.check(doc, sdoc))


def predicted(hits) -> bool:
    return any(h.severity in (None, Severity.ERROR, Severity.WARNING) for h in hits)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(path: Path, kind: ClaimKind, nlp, show_errors: bool) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    errors = []
    results = lint_texts(kind, nlp, [r["text"] for r in rows])
    for row, (_, hits) in zip(rows, results, strict=True):
        gold = row["label"] == "claim"
        pred = predicted(hits)
        cell = 0 if gold and pred else 1 if pred else 2 if gold else 3
        for key in ("ALL", row.get("substance", "?")):
            counts[key][cell] += 1
        if gold != pred:
            errors.append((row, hits))
    print(f"{path} ({len(rows)} rows)")
    print(f"{'substance':28} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn  tn")
    for key in ["ALL", *sorted(k for k in counts if k != "ALL")]:
        tp, fp, fn, tn = counts[key]
        p, r, f = prf(tp, fp, fn)
        n = tp + fp + fn + tn
        print(f"{key[:28]:28} {n:>4} {p:6.3f} {r:6.3f} {f:6.3f} {tp:4}{fp:4}{fn:4}{tn:4}")
    if show_errors:
        print("\nmisclassified:")
        for row, hits in errors:
            kind_ = "FN" if row["label"] == "claim" else "FP"
            print(f"  {kind_}: {row['text'][:220]}")
            for h in hits:
                print(f"      [{h.severity or 'error'}] {h.message[:160]}")
    print()


def bench(directory: Path, kind: ClaimKind, nlp) -> None:
    files = sorted(directory.rglob("*.md"))
    docs = [from_text(f.read_text(encoding="utf-8", errors="replace"), str(f)) for f in files]
    words = sum(len(d.prose.split()) for d in docs)
    inputs = [(d.prose, [b.start for b in d.blocks]) for d in docs]
    # One streaming pass (a 10,000-page corpus of Docs would not fit in memory): the
    # kind's time is measured around each check, the pipeline's is the rest.
    findings = []
    t_kind = 0.0
    t0 = time.perf_counter()
    for doc, sdoc in zip(docs, nlpmod.pipe(nlp, inputs), strict=True):
        t1 = time.perf_counter()
        findings += [(doc.path, hit) for hit in kind.check(doc, sdoc)]
        t_kind += time.perf_counter() - t1
    t_pipe = time.perf_counter() - t0 - t_kind
    print(f"bench: {len(files)} files, {words} words")
    print(f"  pipeline alone: {words / t_pipe:,.0f} words/s ({t_pipe:.2f}s)")
    print(f"  claim kind:     {words / t_kind:,.0f} words/s ({t_kind:.2f}s)")
    print(f"  overhead: {100 * t_kind / t_pipe:.1f}% of pipeline time")
    print(f"  findings: {len(findings)}")
    for path, hit in findings[:50]:
        print(f"    {path}: [{hit.severity or 'error'}] {hit.message[:150]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="JSONL files (default: claims-dev)")
    parser.add_argument("--errors", action="store_true", help="list misclassified rows")
    parser.add_argument("--bench", type=Path, help="folder of .md files for a speed run")
    parser.add_argument("--pack", type=Path, default=DEFAULT_PACK, help="rule pack YAML")
    parser.add_argument(
        "--model", default=nlpmod.BLANK, help="trained pipeline that confirms claims (nlp.model)"
    )
    args = parser.parse_args(argv)
    nlp = nlpmod.load(args.model)
    kind = ClaimKind(claim_options(args.pack), nlp)
    files = args.files or ([] if args.bench else [DEFAULT_DATA])
    for path in files:
        evaluate(path, kind, nlp, args.errors)
    if args.bench:
        bench(args.bench, kind, nlp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
