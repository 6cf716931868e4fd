"""The token table: per-word numpy arrays of a document, shared by the SEO kinds.

Built once per document (``token_table``) and kept on the spaCy Doc, so the stuffing,
repetition and duplicates kinds read the same arrays instead of each walking tokens.
Not a rule kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, LEMMA, LOWER, ORTH, SENT_START

# Lexeme classes: not a word (punctuation, space), a word, code ("_" in prose), a break
# (a URL, an e-mail address or a template tag: the words around it are no phrase).
SKIP, WORD, CODE, BREAK = 0, 1, 2, 3
TABLE_KEY = "seolint.token_table"
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


@dataclass
class TokenTable:
    """Per-token arrays of one spaCy Doc, built once and shared by the SEO kinds.

    Rule kinds that walk every token pay for Python objects per token; these arrays
    (from ``Doc.to_array`` and facts computed once per vocabulary entry) do not.
    """

    lower: np.ndarray  # uint64 hash of the lowercase form
    lemma: np.ndarray  # uint64 hash of the lemma (lower where there is none)
    start: np.ndarray  # int64 prose offsets
    end: np.ndarray
    sent_start: np.ndarray  # bool
    sent: np.ndarray  # int64 sentence number
    block: np.ndarray  # int64 index into doc.blocks (-1 before the first)
    cls: np.ndarray  # SKIP | WORD | CODE | BREAK
    alpha: np.ndarray  # bool
    stop: np.ndarray  # bool
    odd: np.ndarray  # bool: digits or inner capitals (an identifier, a product name)
    cap: np.ndarray  # bool: starts with a capital


def _lexeme_facts(vocab, orth: int) -> tuple[int, int, int, int, int, int]:
    lex = vocab[orth]
    text = lex.orth_
    if text == "_":
        return CODE, 0, 0, 1, 0, 1
    if lex.like_url or lex.like_email:
        return BREAK, 0, 0, 0, 0, len(text)
    if lex.is_space or lex.is_punct or not any(c.isalnum() for c in text):
        return SKIP, 0, 0, 0, 0, len(text)
    odd = not text.isalpha() or any(c.isupper() for c in text[1:])
    return WORD, int(lex.is_alpha), int(lex.is_stop), int(odd), int(text[:1].isupper()), len(text)


def _facts(vocab, orth: np.ndarray, cache: dict) -> np.ndarray:
    """Lexeme facts per token. Known lexemes sit in a sorted array (in ``cache``) that
    is searched for all tokens at once; the rest in a dict, merged into the array when
    it grows, so that only lexemes never seen before are computed in Python."""
    if "keys" not in cache:
        cache.update(keys=np.zeros(0, np.uint64), facts=np.zeros((0, 6), np.int64), extra={})
    keys, extra = cache["keys"], cache["extra"]
    pos = np.minimum(np.searchsorted(keys, orth), max(len(keys) - 1, 0))
    found = keys[pos] == orth if len(keys) else np.zeros(len(orth), bool)
    out = cache["facts"][pos] if len(keys) else np.zeros((len(orth), 6), np.int64)
    if not found.all():
        new, inverse = np.unique(orth[~found], return_inverse=True)
        rows = []
        for x in new.tolist():
            row = extra.get(x)
            if row is None:
                row = extra[x] = _lexeme_facts(vocab, x)
            rows.append(row)
        out[~found] = np.array(rows, np.int64)[inverse]
        if len(extra) > max(2000, len(keys) // 4):
            merged = np.concatenate((keys, np.fromiter(extra, np.uint64, len(extra))))
            order = np.argsort(merged)
            facts = np.concatenate((cache["facts"], np.array(list(extra.values()), np.int64)))
            cache.update(keys=merged[order], facts=facts[order], extra={})
    return out


def token_table(doc, sdoc, cache: dict) -> TokenTable:
    """The TokenTable of ``sdoc`` (cached on it); ``cache`` holds per-lexeme facts."""
    table = sdoc.user_data.get(TABLE_KEY)
    if table is not None:
        return table
    rows = sdoc.to_array([ORTH, LOWER, LEMMA, IDX, SENT_START])
    facts = _facts(sdoc.vocab, rows[:, 0], cache)
    start = rows[:, 3].astype(np.int64)
    cls = facts[:, 0].copy()
    if "{%" in doc.prose or "{{" in doc.prose:
        spans = np.array([m.span() for m in TEMPLATE_TAG.finditer(doc.prose)], np.int64)
        if len(spans):
            k = np.searchsorted(spans[:, 0], start, side="right") - 1
            inside = (k >= 0) & (start < spans[np.maximum(k, 0), 1])
            cls[inside] = BREAK
    sent_start = rows[:, 4] == 1
    if len(sent_start):
        sent_start[0] = True
    block_starts = np.array([b.start for b in doc.blocks], dtype=np.int64)
    lemma = rows[:, 2]
    table = TokenTable(
        lower=rows[:, 1],
        lemma=np.where(lemma == 0, rows[:, 1], lemma),
        start=start,
        end=start + facts[:, 5],
        sent_start=sent_start,
        sent=np.cumsum(sent_start) - 1,
        block=np.searchsorted(block_starts, start, side="right") - 1,
        cls=cls,
        alpha=facts[:, 1].astype(bool),
        stop=facts[:, 2].astype(bool),
        odd=facts[:, 3].astype(bool),
        cap=facts[:, 4].astype(bool),
    )
    sdoc.user_data[TABLE_KEY] = table
    return table


def norm_of(vocab, lemma: int, cache: dict) -> str:
    """A lemma with a plural "s" the lookup table missed taken off ("humidors")."""
    text = cache.get(lemma)
    if text is None:
        text = vocab.strings[lemma].lower()
        if len(text) > 4 and text.endswith("s") and not text.endswith(("ss", "us", "is")):
            text = text[:-1]
        cache[lemma] = text
    return text


def norm_ids(vocab, lemmas: np.ndarray, cache: dict) -> tuple[np.ndarray, list[str]]:
    """Small ints per distinct norm of ``lemmas`` (equal norms, equal ids), and the norms."""
    uniq, inverse = np.unique(lemmas, return_inverse=True)
    texts = [norm_of(vocab, x, cache) for x in uniq.tolist()]
    ids: dict[str, int] = {}
    per = np.array([ids.setdefault(t, len(ids)) for t in texts], dtype=np.int64)
    return (per[inverse] if len(per) else np.zeros(len(lemmas), np.int64)), list(ids)


def norm(token) -> str:
    """A token's lemma, lowercase, with a plural "s" the lookup table missed taken off."""
    lemma = (token.lemma_ or token.lower_).lower()
    if (
        lemma == token.lower_
        and len(lemma) > 4
        and lemma.endswith("s")
        and not lemma.endswith(("ss", "us", "is"))
    ):
        lemma = lemma[:-1]
    return lemma


def toc_entries(doc, t, items: np.ndarray, headings: np.ndarray) -> list[int]:
    """The list items (block indexes) whose text is that of a heading: a table of
    contents. Keys are compared only where the lengths allow: an item's key has at least
    its words' letters (all of an alphabetic word, one of any other), a heading's at most
    its characters (and one more per "İ", which lowercases to two)."""
    if not len(headings):
        return []
    blocks = doc.blocks
    word = t.cls == WORD
    letters = np.bincount(
        t.block[word] + 1,
        weights=np.where(t.alpha[word], t.end[word] - t.start[word], 1),
        minlength=len(blocks) + 1,
    )[1:]
    least = letters[items]
    shortest = least.min()
    texts = {k: doc.text_of(blocks[k]) for k in headings.tolist()}
    room = {k: len(text) + text.count("İ") for k, text in texts.items()}
    keys = {_heading_key(texts[k]) for k, n in room.items() if n >= shortest}
    if not keys:
        return []
    most = max(room.values())
    return [
        k
        for k, n in zip(items.tolist(), least.tolist(), strict=True)
        if n <= most and _heading_key(doc.text_of(blocks[k])) in keys
    ]


_NON_WORD = re.compile(r"\W+")


def _heading_key(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()
