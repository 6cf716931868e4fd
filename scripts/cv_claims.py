"""Cross-validate the claim scorer, grouped by source, and test it on the dev set.

    python scripts/cv_claims.py [CORPUS.jsonl ...] [--folds 5] [--test FILE]

Rows are grouped by their ``group`` (the letter or page they came from): every group
lies wholly in one fold, so no letter or page is on both sides. For each fold the
scorer is trained on the other folds (exactly as ``seolint claims train`` does) and
each held-out row is linted as its own document; a row is predicted "claim" when it
gets a health.unsupported-claim finding at warning or error. Prints precision, recall
and F1 for the rules alone and for rules + scorer, then the same on ``--test``
(default ../shared/eval/claims-dev.jsonl) with a scorer trained on the whole corpus.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

from eval_claims import DEFAULT_DATA, predicted, prf

from lint import nlp as nlpmod
from lint.document import from_text
from lint.training import claim_kind, read_corpus, train_scorer, with_scorer

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = sorted((REPO / "data" / "claims").glob("*.jsonl"))


def group_of(row: dict) -> str:
    return row.get("group", row.get("source", ""))


def scored_kind(args):
    return claim_kind(scorer_threshold=args.threshold, scorer_veto=args.veto)


def predictions(kind, texts: list[str]) -> list[bool]:
    docs = [from_text(t, "row.txt") for t in texts]
    sdocs = nlpmod.pipe(kind.nlp, [(d.prose, [b.start for b in d.blocks]) for d in docs])
    return [predicted(list(kind.check(d, s))) for d, s in zip(docs, sdocs, strict=True)]


def score(gold: list[bool], pred: list[bool]) -> str:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    p, r, f = prf(tp, fp, fn)
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--test", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--threshold", type=float, default=0.6, help="scorer_threshold")
    parser.add_argument("--veto", type=float, default=0.4, help="scorer_veto")
    args = parser.parse_args(argv)

    rows = read_corpus(args.corpus)
    gold = [r["label"] == "claim" for r in rows]
    groups = sorted({group_of(r) for r in rows})
    print(f"corpus: {len(rows)} rows ({sum(gold)} claim), {len(groups)} groups")
    fold_of = {g: zlib.crc32(g.encode()) % args.folds for g in groups}
    rules = claim_kind()
    rules_pred = predictions(rules, [r["text"] for r in rows])
    scored_pred = [False] * len(rows)
    for fold in range(args.folds):
        test = [
            i for i, r in enumerate(rows) if fold_of[r.get("group", r.get("source", ""))] == fold
        ]
        train = [rows[i] for i in range(len(rows)) if i not in set(test)]
        kind = with_scorer(scored_kind(args), train_scorer(train, rules))
        for i, p in zip(test, predictions(kind, [rows[i]["text"] for i in test]), strict=True):
            scored_pred[i] = p
    print(f"grouped {args.folds}-fold cross-validation")
    print(f"  rules only      {score(gold, rules_pred)}")
    print(f"  rules + scorer  {score(gold, scored_pred)}")

    if args.test and args.test.exists():
        test_rows = read_corpus([args.test])
        test_gold = [r["label"] == "claim" for r in test_rows]
        texts = [r["text"] for r in test_rows]
        kind = with_scorer(scored_kind(args), train_scorer(rows, rules))
        print(f"test set {args.test} ({len(test_rows)} rows), scorer trained on the whole corpus")
        print(f"  rules only      {score(test_gold, predictions(rules, texts))}")
        print(f"  rules + scorer  {score(test_gold, predictions(kind, texts))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
