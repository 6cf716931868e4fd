"""Listed phrases found in a Doc (shared by several kinds): spaCy's PhraseMatcher, fed
with ids instead of pattern Docs.

The matcher finds phrases by their tokens' ``LOWER`` or ``LEMMA`` string ids; its usual
``add`` takes one pattern Doc per phrase, and building the ~16,000 pattern Docs of the
default word lists (a lexeme for every new word) was a third of a cold start. ``add``
also takes a phrase as the tuple of those ids (the form the matcher pickles its
patterns in), so compiling a list here is hashing its words; matching stays the
matcher's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class PhraseTable:
    """Phrases under labels, matched on one token attribute (``LOWER`` or ``LEMMA``).

    Called on a Doc it returns PhraseMatcher's ``(label id, start, end)`` for every
    occurrence of every phrase, overlapping ones included; the label id is
    ``vocab.strings[label]``.
    """

    def __init__(self, nlp: Language, attr: str):
        from spacy.matcher import PhraseMatcher  # spaCy only once a file is linted

        self.strings = nlp.vocab.strings
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)

    def add(self, label: str, phrases: Iterable[Sequence[str]]) -> None:
        """Add phrases given as their tokens' ``attr`` strings (lowercase words or lemmas)."""
        add = self.strings.add
        ids = [tuple(map(add, words)) for words in phrases if words]
        if ids:
            self.matcher.add(label, ids)

    def __call__(self, sdoc: Doc) -> list[tuple[int, int, int]]:
        return self.matcher(sdoc)


def phrase_words(nlp: Language, phrases: Iterable[str]) -> list[list[str]]:
    """Each phrase's tokens, split exactly as the tokenizer splits them.

    The tokenizer cuts text at whitespace first and then each piece on its own, so a
    phrase's tokens are its words' tokens. Most words are letters only, which no
    prefix, suffix or infix rule splits ("cannot", a special case, is the exception);
    the others ("covid-19", "st.") go through the tokenizer together, in one Doc.
    """
    special = nlp.tokenizer.rules or {}
    phrases = list(phrases)
    split = [phrase.split(" ") for phrase in phrases]
    words = {w for ws in split for w in ws}
    hard = sorted(w for w in words if w and (not w.isalpha() or w in special))
    plain = words.difference(hard, ("",))  # letters only, no special case: one token
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
    for phrase, ws in zip(phrases, split, strict=True):
        if plain.issuperset(ws):  # most phrases: their words are their tokens
            result.append(ws)
        elif all(w in plain or w in tokens_of for w in ws):
            result.append([t for w in ws for t in tokens_of.get(w, (w,))])
        else:  # extra spaces (a space token) or other whitespace inside a word
            result.append([t.text for t in nlp.make_doc(phrase)])
    return result
