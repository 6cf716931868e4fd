"""A linear claim scorer: the claim kind's rule features plus hashed lemma n-grams.

The claim kind's rules find candidate sentences and explain them (the context kind of
each candidate, which cues and word classes the sentence holds); this module turns
that explanation and the sentence's lemma unigrams and bigrams into features and a
logistic regression turns the features into the probability that the sentence is a
claim. Weights are data: a JSON file (``rules/claim-scorer.json`` by default) written
by ``seolint claims train``, loaded once per rule configuration.

Lemma n-grams are hashed from spaCy's own 64-bit lemma ids (stable across processes
and machines) into a fixed number of buckets, with NumPy over the sentence's slice of
one per-document array: no Python work per token.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy

FORMAT = "seolint-claim-scorer"
VERSION = 1
DEFAULT_BUCKETS = 1 << 14
BIGRAM_MIX = numpy.uint64(0x9E3779B97F4A7C15)  # odd constant: mixes two lemma ids


class ScorerError(ValueError):
    """The weights file is missing, unreadable or not a claim-scorer file."""


def ngram_buckets(lemma_ids: numpy.ndarray, buckets: int) -> numpy.ndarray:
    """Sorted unique buckets of a sentence's lemma unigrams and bigrams."""
    ids = lemma_ids.astype(numpy.uint64, copy=False)
    if not len(ids):
        return numpy.zeros(0, dtype=numpy.int64)
    with numpy.errstate(over="ignore"):  # wrap-around is the point of the mixing
        bigrams = ids[:-1] * BIGRAM_MIX + ids[1:]
    grams = numpy.concatenate([ids, bigrams]) % numpy.uint64(buckets)
    return numpy.unique(grams.astype(numpy.int64))


class ClaimScorer:
    """Probability that a candidate sentence is a claim, from named and n-gram features."""

    def __init__(self, data: dict):
        self.buckets = int(data["buckets"])
        self.bias = float(data["bias"])
        self.named = {str(k): float(v) for k, v in data["named"].items()}
        self.ngrams = numpy.zeros(self.buckets, dtype=numpy.float64)
        for index, weight in data["ngrams"].items():
            self.ngrams[int(index)] = float(weight)

    @classmethod
    def load(cls, path: str | Path) -> ClaimScorer:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ScorerError(f"cannot read claim-scorer weights {path}: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ScorerError(f"{path} is not a claim-scorer weights file (format {FORMAT!r})")
        if data.get("version") != VERSION:
            raise ScorerError(
                f"{path} has claim-scorer version {data.get('version')!r}; this seolint reads "
                f"version {VERSION}: retrain it with `seolint claims train`"
            )
        try:
            return cls(data)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ScorerError(f"{path}: corrupt claim-scorer weights ({exc!r})") from None

    def probability(self, named: Iterable[str], grams: numpy.ndarray) -> float:
        z = self.bias + sum(self.named.get(name, 0.0) for name in named)
        z += float(self.ngrams[grams].sum()) if len(grams) else 0.0
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def train(
    examples: Sequence[tuple[Sequence[str], numpy.ndarray]],
    labels: Sequence[bool],
    *,
    buckets: int = DEFAULT_BUCKETS,
    l2: float = 1.0,
    iterations: int = 400,
) -> dict:
    """Logistic regression by full-batch gradient descent (deterministic: no sampling).

    ``examples`` are (named features, n-gram buckets) per sentence. Classes are weighted
    to count equally, so a corpus with more non-claims does not teach "never a claim".
    Returns the weights file's content; weights are rounded so the file is stable.
    """
    names = sorted({n for named, _ in examples for n in named})
    column = {n: buckets + i for i, n in enumerate(names)}
    x = numpy.zeros((len(examples), buckets + len(names)), dtype=numpy.float64)
    for row, (named, grams) in enumerate(examples):
        x[row, grams] = 1.0
        for n in named:
            x[row, column[n]] = 1.0
    y = numpy.asarray(labels, dtype=numpy.float64)
    positives = max(1.0, y.sum())
    negatives = max(1.0, len(y) - y.sum())
    sample = numpy.where(y == 1.0, len(y) / (2 * positives), len(y) / (2 * negatives))
    w = numpy.zeros(x.shape[1])
    b = 0.0
    rate = 0.5
    for _ in range(iterations):
        p = 1.0 / (1.0 + numpy.exp(-(x @ w + b)))
        err = (p - y) * sample
        w -= rate * ((x.T @ err) / len(y) + l2 * w / len(y))
        b -= rate * err.mean()
    used = numpy.flatnonzero(numpy.round(w[:buckets], 6))
    return {
        "format": FORMAT,
        "version": VERSION,
        "buckets": buckets,
        "bias": round(b, 6),
        "named": {n: round(float(w[column[n]]), 6) for n in names},
        "ngrams": {str(int(i)): round(float(w[i]), 6) for i in used},
    }


def dumps(weights: dict) -> str:
    """The weights file's text: sorted keys, one entry per line, so it diffs and is stable."""
    return json.dumps(weights, indent=0, sort_keys=True) + "\n"
