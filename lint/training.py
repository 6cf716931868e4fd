"""Training the claim scorer from labelled sentences (``seolint claims train``).

A corpus is JSON Lines: ``{"text": ..., "label": "claim" | "not_claim", ...}`` (other
fields such as ``source`` and ``group`` are kept for provenance and cross-validation).
Each row is linted as its own document by the claim rule with the scorer off; every
sentence the rules look at becomes one training example with the row's label. Rows
where the rules see nothing at all cannot be flagged either way and are skipped.
Training is deterministic: the same corpus and options give the same file, byte for byte.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from spacy.attrs import LEMMA

from lint import nlp as nlpmod
from lint.config import builtin_packs_dir, load_pack
from lint.document import from_text
from lint.errors import InputError
from lint.kinds.claim import ClaimKind, rule_features
from lint.kinds.scorer import DEFAULT_BUCKETS, ClaimScorer, dumps, ngram_buckets, train

CLAIM_RULE = "health.unsupported-claim"
LABELS = {"claim": True, "not_claim": False}


def read_corpus(paths: Iterable[Path]) -> list[dict]:
    """Rows of one or more JSONL corpora; a bad line is an InputError naming it."""
    rows = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read corpus ({exc})") from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise InputError(f'{path}:{number}: a row needs a "text" string')
            if row.get("label") not in LABELS:
                raise InputError(f'{path}:{number}: "label" must be "claim" or "not_claim"')
            rows.append(row)
    return rows


def claim_kind(model: str = nlpmod.BLANK, **options) -> ClaimKind:
    """The built-in claim rule's kind, with ``options`` changed (scorer off by default)."""
    spec = load_pack(builtin_packs_dir() / "health.yaml")[CLAIM_RULE]
    spec = replace(spec, options={**spec.options, "scorer": "off", **options})
    return ClaimKind(spec.options, nlpmod.load(model))


def row_examples(kind: ClaimKind, texts: list[str], buckets: int) -> list[list[tuple]]:
    """Per text: (named features, n-gram buckets) of each sentence the rules look at."""
    docs = [from_text(text, "row.txt") for text in texts]
    sdocs = nlpmod.pipe(kind.nlp, [(d.prose, [b.start for b in d.blocks]) for d in docs])
    out = []
    for doc, sdoc in zip(docs, sdocs, strict=True):
        lemma_ids = sdoc.to_array(LEMMA)
        out.append(
            [
                (
                    rule_features(sent, ctx, kept),
                    ngram_buckets(lemma_ids[sent.start : sent.end], buckets),
                )
                for sent, ctx, kept in kind.candidates(doc, sdoc, with_targets=True)
            ]
        )
    return out


def train_scorer(rows: list[dict], kind: ClaimKind, buckets: int = DEFAULT_BUCKETS) -> dict:
    """The weights file's content for a corpus."""
    examples, labels = [], []
    per_row = row_examples(kind, [r["text"] for r in rows], buckets)
    for row, sentences in zip(rows, per_row, strict=True):
        for example in sentences:
            examples.append(example)
            labels.append(LABELS[row["label"]])
    if not any(labels) or all(labels):
        raise InputError("the corpus needs sentences of both labels the claim rule looks at")
    return train(examples, labels, buckets=buckets)


def with_scorer(kind: ClaimKind, weights: dict) -> ClaimKind:
    """``kind`` scoring with in-memory weights (cross-validation, tests)."""
    kind.scorer = ClaimScorer(weights)
    return kind


def write_weights(weights: dict, path: Path) -> None:
    """Write the weights file atomically (a half-written file must never be loaded)."""
    directory = path.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=".seolint-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(dumps(weights))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a weights file is shared data
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
