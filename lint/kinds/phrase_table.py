"""Listed phrases found in a Doc by their tokens' string ids (shared by several kinds).

It finds what spaCy's ``PhraseMatcher`` finds, without its cost at start-up: the
matcher wants one pattern Doc per phrase, and building the ~16,000 pattern Docs of the
default word lists (a lexeme for every new word) was a third of a cold start. Here a
phrase is the tuple of its tokens' string ids (the hash spaCy stores as a token's
``LOWER`` or ``LEMMA``), so compiling a list is hashing its words. Matching is a few
array passes per document: every window of n tokens gets one mixed 64-bit key, and
the windows whose key is in the table are confirmed on their exact ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_MIX = numpy.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: n ids -> one key


def _mixed(columns: Sequence[numpy.ndarray]) -> numpy.ndarray:
    """One key per row of n id columns (uint64 arithmetic wraps, as intended)."""
    key = columns[0].copy()
    for column in columns[1:]:
        key *= _MIX
        key += column
    return key


class PhraseTable:
    """Phrases under labels, matched on one token attribute (``LOWER`` or ``LEMMA``).

    Called on a Doc it returns ``(label id, start, end)`` for every occurrence of every
    phrase, overlapping ones included, ordered by start, then end, then the order the
    labels were added; the label id is ``vocab.strings[label]``, as PhraseMatcher's
    match ids are.
    """

    def __init__(self, nlp: Language, attr: str):
        self.strings = nlp.vocab.strings
        self.attr = attr
        self._labels_of: dict[tuple[int, ...], list[int]] = {}  # phrase ids -> label ids
        self._by_length: list[tuple[int, numpy.ndarray]] | None = None

    def __len__(self) -> int:
        return len(self._labels_of)

    def add(self, label: str, phrases: Iterable[Sequence[str]]) -> None:
        """Add phrases given as their tokens' ``attr`` strings (lowercase words or lemmas)."""
        label_id = self.strings.add(label)
        add = self.strings.add
        labels_of = self._labels_of
        for words in phrases:
            if words:
                ids = tuple(map(add, words))
                labels = labels_of.get(ids)
                if labels is None:
                    labels_of[ids] = [label_id]
                elif label_id not in labels:
                    labels.append(label_id)
        self._by_length = None

    def _compiled(self) -> list[tuple[int, numpy.ndarray]]:
        if self._by_length is None:
            rows: dict[int, list[tuple[int, ...]]] = {}
            for ids in self._labels_of:
                rows.setdefault(len(ids), []).append(ids)
            self._by_length = []
            for n, phrases in sorted(rows.items()):
                ids = numpy.array(phrases, dtype=numpy.uint64)
                keys = numpy.unique(_mixed([ids[:, j] for j in range(n)]))
                self._by_length.append((n, keys))
        return self._by_length

    def __call__(self, sdoc: Doc) -> list[tuple[int, int, int]]:
        size = len(sdoc)
        if not size or not self._labels_of:
            return []
        ids = sdoc.to_array(self.attr)
        found = []
        for n, keys in self._compiled():
            if n > size:
                break
            count = size - n + 1
            window = _mixed([ids[j : j + count] for j in range(n)])
            at = numpy.searchsorted(keys, window).clip(max=len(keys) - 1)
            for start in numpy.flatnonzero(keys[at] == window).tolist():
                labels = self._labels_of.get(tuple(ids[start : start + n].tolist()))
                if labels:  # None only for a 64-bit key collision
                    found.extend((label, start, start + n) for label in labels)
        found.sort(key=lambda m: (m[1], m[2]))  # stable: labels keep their order
        return found


def phrase_words(nlp: Language, phrases: Iterable[str]) -> list[list[str]]:
    """Each phrase's tokens, split exactly as the tokenizer splits text.

    Most list entries are letters-only words separated by single spaces, which the
    tokenizer would not split further (no prefix, suffix or infix rule applies to
    letters alone), so those skip it unless they are a tokenizer special case
    ("cannot" is "can" + "not").
    """
    special = set(nlp.tokenizer.rules or ())
    split = []
    for phrase in phrases:
        words = phrase.split(" ")
        if phrase.replace(" ", "").isalpha() and "" not in words and special.isdisjoint(words):
            split.append(words)
        else:
            split.append([t.text for t in nlp.make_doc(phrase)])
    return split
