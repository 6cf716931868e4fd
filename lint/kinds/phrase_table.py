"""Listed phrases found in a Doc by their tokens' string ids (shared by several kinds).

It finds what spaCy's ``PhraseMatcher`` finds, without its cost at start-up: the
matcher wants one pattern Doc per phrase, and building the ~16,000 pattern Docs of the
default word lists (a lexeme for every new word) was a third of a cold start. Here a
phrase is the tuple of its tokens' string ids (the hash spaCy stores as a token's
``LOWER`` or ``LEMMA``), so compiling a list is hashing its words.

Matching is array work per document, not per token: a table indexed by the low bits
of a token's id picks the tokens where a phrase may start (and how long it may be);
for each length, the ids from there are mixed into one 64-bit key and a bitmap keeps
the starts whose key a phrase of that length has. The tables may say yes wrongly,
never no, so each start left is confirmed on its exact ids: the Python work is about
the number of matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_MIX = numpy.uint64(0x9E3779B97F4A7C15)  # odd: mixing n ids into one key loses nothing


def _mask(count: int) -> numpy.uint64:
    """Low-bit mask for a table of ``count`` keys: about 64 slots a key (~1.5% false yeses)."""
    return numpy.uint64((1 << max(10, (count * 64).bit_length())) - 1)


def _bitmap(keys: numpy.ndarray) -> tuple[numpy.ndarray, numpy.uint64]:
    mask = _mask(len(keys))
    bits = numpy.zeros(int(mask) + 1, dtype=bool)
    bits[keys & mask] = True
    return bits, mask


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
        self._compiled: tuple | None = None  # see _bitmaps

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
        self._compiled = None

    def _bitmaps(self):
        """Per first id (by its low bits), the longest phrase it starts (0: none); per
        phrase length n, the bitmap of those phrases' mixed keys (None: no such phrase)."""
        if self._compiled is None:
            by_length: dict[int, list[tuple[int, ...]]] = {}
            for ids in self._labels_of:
                by_length.setdefault(len(ids), []).append(ids)
            first_mask = _mask(len({ids[0] for ids in self._labels_of}))
            longest = numpy.zeros(int(first_mask) + 1, dtype=numpy.uint8)
            key_bits: list = [None] * (max(by_length, default=0) + 1)
            for n, phrases in sorted(by_length.items()):
                rows = numpy.array(phrases, dtype=numpy.uint64)
                longest[rows[:, 0] & first_mask] = min(n, 255)  # ascending n: longest wins
                key = rows[:, 0].copy()
                for j in range(1, n):
                    key *= _MIX
                    key += rows[:, j]
                key_bits[n] = _bitmap(key)
            self._compiled = (longest, first_mask, key_bits)
        return self._compiled

    def __call__(self, sdoc: Doc) -> list[tuple[int, int, int]]:
        if not len(sdoc) or not self._labels_of:
            return []
        longest, first_mask, key_bits = self._bitmaps()
        ids = sdoc.to_array(self.attr)
        size = len(ids)
        # Zeros past the end: the empty string's id, which no phrase holds.
        padded = numpy.concatenate([ids, numpy.zeros(len(key_bits), dtype=numpy.uint64)])
        starts = numpy.flatnonzero(longest[ids & first_mask])
        reach = longest[ids[starts] & first_mask]  # the longest phrase each start may begin
        key = ids[starts]
        labels_of = self._labels_of
        found = []
        for n in range(1, len(key_bits)):
            if n > 1:
                alive = reach >= n
                starts, reach, key = starts[alive], reach[alive], key[alive]
                if not starts.size:
                    break
                key = key * _MIX + padded[starts + (n - 1)]
            if key_bits[n] is None:
                continue
            bits, mask = key_bits[n]
            hit = bits[key & mask]
            if n == 1:  # the key is the id itself
                for start, word in zip(starts[hit].tolist(), key[hit].tolist(), strict=True):
                    found.extend((label, start, start + 1) for label in labels_of.get((word,), ()))
                continue
            for start in starts[hit].tolist():
                if start + n <= size:
                    phrase = tuple(ids[start : start + n].tolist())
                    found.extend((label, start, start + n) for label in labels_of.get(phrase, ()))
        found.sort(key=lambda m: (m[1], m[2]))  # stable: labels keep their order
        return found


def phrase_words(nlp: Language, phrases: Iterable[str]) -> list[list[str]]:
    """Each phrase's tokens, split exactly as the tokenizer splits them.

    The tokenizer cuts text at whitespace first and then each piece on its own, so a
    phrase's tokens are its words' tokens. Most words are letters only, which no
    prefix, suffix or infix rule splits ("cannot", a special case, is the exception);
    the others ("covid-19", "st.") go through the tokenizer together, in one Doc.
    """
    special = set(nlp.tokenizer.rules or ())
    phrases = list(phrases)
    split = [phrase.split(" ") for phrase in phrases]
    hard = sorted({w for words in split for w in words if w and (not w.isalpha() or w in special)})
    tokens_of: dict[str, list[str]] = {}
    if hard and not any(ch.isspace() for w in hard for ch in w):
        doc = nlp.make_doc(" ".join(hard))
        tokens = iter(doc)
        token = next(tokens, None)
        start = 0
        for word in hard:
            end = start + len(word)
            pieces = tokens_of[word] = []
            while token is not None and token.idx < end:
                pieces.append(token.text)
                token = next(tokens, None)
            start = end + 1
    result = []
    for phrase, words in zip(phrases, split, strict=True):
        if all(w and (w in tokens_of or (w.isalpha() and w not in special)) for w in words):
            result.append([t for w in words for t in tokens_of.get(w, (w,))])
        else:  # extra spaces (a space token) or other whitespace inside a word
            result.append([t.text for t in nlp.make_doc(phrase)])
    return result
