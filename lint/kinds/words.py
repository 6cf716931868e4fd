"""The token table: per-word numpy arrays of a document, shared by the SEO kinds.

Built once per document (``token_table``) and kept on the spaCy Doc, so the stuffing,
repetition and duplicates kinds read the same arrays instead of each walking tokens.
Not a rule kind.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

# Lexeme classes: not a word (punctuation, space), a word, code ("_" in prose), a break
# (a URL, an e-mail address or a template tag: the words around it are no phrase).
SKIP, WORD, CODE, BREAK = 0, 1, 2, 3
# Block kinds as codes (``TokenTable.block_kind``); 0 for the index -1 of words before
# the first block.
BLOCK_KINDS = ("paragraph", "list_item", "table_cell", "heading", "title", "description", "alt")
PARAGRAPH, LIST_ITEM, TABLE_CELL, HEADING, TITLE, DESCRIPTION, ALT = range(1, 8)
_BLOCK_CODES = {kind: code for code, kind in enumerate(BLOCK_KINDS, 1)}
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
    # Per block, and one entry more (0, False) for the index -1: its kind's code, quoted.
    block_kind: np.ndarray  # int8
    block_quoted: np.ndarray  # bool
    cls: np.ndarray  # SKIP | WORD | CODE | BREAK
    alpha: np.ndarray  # bool
    stop: np.ndarray  # bool
    odd: np.ndarray  # bool: digits or inner capitals (an identifier, a product name)
    cap: np.ndarray  # bool: starts with a capital
    norm: np.ndarray  # int64 id of the norm (``norm_of`` the lemma): ``norms_of(vocab)``
    # The headings' keys for ``toc_entries`` (longest heading, keys): computed once for
    # the kinds that leave out a table of contents.
    heading_keys: tuple[int, frozenset] | None = None


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # multiplier of the index's hash (Fibonacci hashing)


class KeyIndex:
    """uint64 keys (string hashes) -> dense ids 0, 1, 2 ... in the order they were added,
    looked up for a whole array at once: a numpy hash table with one slot per hash value,
    at most a quarter full, and a dict for the keys whose slot another key took first
    (few tokens: the frequent words come first). A sorted array would need a binary
    search per token."""

    def __init__(self, bits: int = 12):
        self.size = 0
        self._alloc(bits)

    def _alloc(self, bits: int) -> None:
        self.bits = bits
        self._shift = np.uint64(64 - bits)
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._ids = np.full(1 << bits, -1, dtype=np.int64)  # -1: an empty slot
        self._others: dict[int, int] = {}

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * _GOLDEN) >> self._shift).astype(np.intp)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The id of each key, -1 where it was never added."""
        slot = self._slot(keys)
        out = self._ids[slot]
        todo = (self._keys[slot] != keys).nonzero()[0]
        if len(todo):
            get = self._others.get
            out[todo] = [get(k, -1) for k in keys[todo].tolist()]
        return out

    def add(self, keys: np.ndarray) -> np.ndarray:
        """Ids for ``keys``: distinct, none added before."""
        added = np.arange(self.size, self.size + len(keys), dtype=np.int64)
        self.size += len(keys)
        ids = added
        if 4 * self.size > len(self._keys):
            bits = self.bits
            while 4 * self.size > 1 << bits:
                bits += 1
            taken = self._ids >= 0
            others = self._others
            keys = np.concatenate(
                (self._keys[taken], np.fromiter(others, np.uint64, len(others)), keys)
            )
            ids = np.concatenate(
                (self._ids[taken], np.fromiter(others.values(), np.int64, len(others)), ids)
            )
            self._alloc(bits)
        slot = self._slot(keys)
        free = self._ids[slot] < 0
        # Of the keys that want one free slot, one takes it (the last write).
        self._ids[slot[free]] = ids[free]
        won = free & (self._ids[slot] == ids)
        self._keys[slot[won]] = keys[won]
        lost = ~won
        if lost.any():
            self._others.update(zip(keys[lost].tolist(), ids[lost].tolist(), strict=True))
        return added


class Norms:
    """Lemma hash -> a small int per distinct norm (``norm_of``: the lemma without a
    plural "s" the lookup table missed), one numbering per vocabulary for the whole
    run: each lemma's norm is computed once, and an array of lemmas is looked up at
    once (``KeyIndex``). Ids are only compared and counted, never ordered, so they need
    not be the same from one run to the next."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.cache: dict[int, str] = {}  # lemma hash -> norm (``norm_of``)
        self._lemmas = KeyIndex()  # lemma hash -> its row in _norm_of_row
        self._norm_of_row = np.zeros(1024, dtype=np.int64)
        self.texts: list[str] = []  # norm id -> norm
        self.index: dict[str, int] = {}  # norm -> norm id
        self._long = np.zeros(0, dtype=bool)

    def __call__(self, lemmas: np.ndarray) -> np.ndarray:
        """The norm id of each lemma (uint64 hashes)."""
        rows = self._lemmas.find(lemmas)
        missing = rows < 0
        if missing.any():  # lemmas not seen before
            new = list(dict.fromkeys(lemmas[missing].tolist()))
            added = self._lemmas.add(np.array(new, dtype=np.uint64))
            self._norm_of_row = _with_room(self._norm_of_row, self._lemmas.size)
            self._norm_of_row[added] = [self.id_of(x) for x in new]
            rows[missing] = self._lemmas.find(lemmas[missing])
        return self._norm_of_row[rows]

    def id_of(self, lemma: int) -> int:
        """The norm id of one lemma hash."""
        text = norm_of(self.vocab, lemma, self.cache)
        k = self.index.get(text)
        if k is None:
            k = self.index[text] = len(self.texts)
            self.texts.append(text)
        return k

    def long(self) -> np.ndarray:
        """Per id: is the norm longer than two letters."""
        known = len(self._long)
        if known != len(self.texts):
            new = np.array([len(x) > 2 for x in self.texts[known:]], dtype=bool)
            self._long = np.concatenate((self._long, new))
        return self._long


class Lexicon:
    """Facts per vocabulary entry (lexeme), computed once when a run first meets the
    entry and kept in arrays indexed by the entry's id (``KeyIndex`` of its ORTH hash):
    per token they cost an array lookup, not a Python call. One per vocabulary
    (``lexicon_of``), shared by every kind, so that norm ids mean the same to all."""

    _FIELDS = (
        ("cls", np.uint8), ("alpha", bool), ("stop", bool), ("odd", bool), ("cap", bool),
        ("length", np.int64), ("lower", np.uint64), ("lemma", np.uint64), ("norm", np.int64),
    )  # fmt: skip

    def __init__(self, vocab):
        self.vocab = vocab
        self.index = KeyIndex()
        self.norms = Norms(vocab)
        self.arrays = {name: np.zeros(1024, dtype=dtype) for name, dtype in self._FIELDS}

    def ids(self, orth: np.ndarray, lemma: np.ndarray) -> np.ndarray:
        """The lexeme id of each ORTH hash (``lemma``: each token's lemma hash, 0 for
        none, kept as the lemma of a lexeme met for the first time)."""
        ids = self.index.find(orth)
        missing = (ids < 0).nonzero()[0]
        if len(missing):
            wanted = orth[missing].tolist()
            first = dict(zip(reversed(wanted), reversed(missing.tolist()), strict=True))
            new = list(dict.fromkeys(wanted))
            added = self.index.add(np.array(new, dtype=np.uint64))
            for name, values in self.arrays.items():
                self.arrays[name] = _with_room(values, self.index.size)
            for name, values in _lexeme_facts(self.vocab, new).items():
                self.arrays[name][added] = values
            lemmas = lemma[[first[x] for x in new]]
            lemmas = np.where(lemmas == 0, self.arrays["lower"][added], lemmas)
            self.arrays["lemma"][added] = lemmas
            self.arrays["norm"][added] = self.norms(lemmas)
            id_of = dict(zip(new, added.tolist(), strict=True))
            ids[missing] = [id_of[x] for x in wanted]
        return ids


def _with_room(values: np.ndarray, size: int) -> np.ndarray:
    """``values`` if it has ``size`` entries, else a copy at least twice as long (zeros
    after the old entries)."""
    if size <= len(values):
        return values
    grown = np.zeros(max(size, 2 * len(values)), dtype=values.dtype)
    grown[: len(values)] = values
    return grown


_LEXICONS: dict[int, Lexicon] = {}  # id(vocab) -> its Lexicon


def lexicon_of(vocab) -> Lexicon:
    """The run's Lexicon of ``vocab`` (one per pipeline, whichever kind asks)."""
    lexicon = _LEXICONS.get(id(vocab))
    if lexicon is None or lexicon.vocab is not vocab:
        lexicon = _LEXICONS[id(vocab)] = Lexicon(vocab)
    return lexicon


def norms_of(vocab) -> Norms:
    """The run's norm ids of ``vocab``: those of the token tables' ``norm``."""
    return lexicon_of(vocab).norms


def _lexeme_facts(vocab, orths: list[int]) -> dict[str, np.ndarray]:
    """Per lexeme: class, alphabetic, stop word, odd (digits, inner capitals: an
    identifier or a product name), capitalised, length, lowercase hash."""
    from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LIKE_EMAIL, LIKE_URL

    brk, skip = (1 << LIKE_URL) | (1 << LIKE_EMAIL), (1 << IS_SPACE) | (1 << IS_PUNCT)
    rows, lower = [], []
    for orth in orths:
        lex = vocab[orth]
        text, flags = lex.orth_, lex.flags
        lower.append(lex.lower)
        if text == "_":
            rows.append((CODE, 0, 0, 1, 0, 1))
        elif flags & brk:
            rows.append((BREAK, 0, 0, 0, 0, len(text)))
        elif flags & skip or not (text.isalnum() or any(c.isalnum() for c in text)):
            rows.append((SKIP, 0, 0, 0, 0, len(text)))
        else:
            rest = text[1:]
            odd = not text.isalpha() or (
                rest != rest.lower() if rest.isascii() else any(c.isupper() for c in rest)
            )
            alpha, stop = flags >> IS_ALPHA & 1, flags >> IS_STOP & 1
            rows.append((WORD, alpha, stop, odd, text[:1].isupper(), len(text)))
    facts = np.array(rows, dtype=np.int64).reshape(len(rows), 6)
    out = {name: facts[:, k] for k, (name, _) in enumerate(Lexicon._FIELDS[:6])}
    out["lower"] = np.array(lower, dtype=np.uint64)
    return out


def token_table(doc, sdoc) -> TokenTable:
    """The TokenTable of ``sdoc`` (cached on it)."""
    table = sdoc.user_data.get(TABLE_KEY)
    if table is not None:
        return table
    from spacy.attrs import IDX, LEMMA, ORTH, SENT_START  # spaCy only when a file is linted

    lexicon = lexicon_of(sdoc.vocab)
    rows = sdoc.to_array([ORTH, LEMMA, IDX, SENT_START])
    lex = lexicon.ids(rows[:, 0], rows[:, 1])
    facts = lexicon.arrays
    lower = facts["lower"][lex]
    lemma = np.where(rows[:, 1] == 0, lower, rows[:, 1])  # no lemma: the lowercase form
    # The default lemmatizer gives a word's lemma from its text, so a lexeme's norm is
    # known from its first use; a pipeline that lemmatises in context gets its own.
    norm = facts["norm"][lex]
    other = (facts["lemma"][lex] != lemma).nonzero()[0]
    if len(other):
        norm[other] = lexicon.norms(lemma[other])
    start = rows[:, 2].astype(np.int64)
    cls = facts["cls"][lex]
    if "{%" in doc.prose or "{{" in doc.prose:
        spans = np.array([m.span() for m in TEMPLATE_TAG.finditer(doc.prose)], np.int64)
        if len(spans):
            k = spans[:, 0].searchsorted(start, side="right") - 1
            inside = (k >= 0) & (start < spans[np.maximum(k, 0), 1])
            cls[inside] = BREAK
    sent_start = rows[:, 3] == 1
    if len(sent_start):
        sent_start[0] = True
    blocks = doc.blocks
    block_starts = np.array([b.start for b in blocks], dtype=np.int64)
    block_kind = np.array([_BLOCK_CODES.get(b.kind, 0) for b in blocks] + [0], dtype=np.int8)
    block_quoted = np.array([b.quoted for b in blocks] + [False], dtype=bool)
    table = TokenTable(
        lower=lower,
        lemma=lemma,
        start=start,
        end=start + facts["length"][lex],
        sent_start=sent_start,
        sent=sent_start.cumsum() - 1,
        block=block_starts.searchsorted(start, side="right") - 1,
        block_kind=block_kind,
        block_quoted=block_quoted,
        cls=cls,
        alpha=facts["alpha"][lex],
        stop=facts["stop"][lex],
        odd=facts["odd"][lex],
        cap=facts["cap"][lex],
        norm=norm,
    )
    sdoc.user_data[TABLE_KEY] = table
    return table


def kind_mask(t: TokenTable, *codes: int) -> np.ndarray:
    """Per block (and False for the index -1): is its kind one of ``codes``."""
    return _wanted_kinds(codes)[t.block_kind]


@functools.cache
def _wanted_kinds(codes: tuple[int, ...]) -> np.ndarray:
    """Per block kind code: is it one of ``codes`` (built once per set of codes)."""
    wanted = np.zeros(len(BLOCK_KINDS) + 1, dtype=bool)
    wanted[list(codes)] = True
    wanted.flags.writeable = False  # shared by every call
    return wanted


def run_starts(grouped: np.ndarray) -> np.ndarray:
    """Per position of an array whose equal values stand together (sorted, or sentence
    numbers): does a run of a new value start there."""
    first = np.empty(len(grouped), dtype=bool)  # (np.ones wraps this in Python)
    first[:1] = True
    np.not_equal(grouped[1:], grouped[:-1], out=first[1:])
    return first


def value_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (sorted) and how often each occurs: np.unique's result
    without its Python overhead, which weighs on a page's few hundred values."""
    values = values.copy()
    values.sort()
    starts = run_starts(values).nonzero()[0]
    counts = np.empty(len(starts), dtype=np.int64)
    counts[:-1] = starts[1:] - starts[:-1]
    counts[-1:] = len(values) - starts[-1:]
    return values[starts], counts


def singular(word: str) -> str:
    """A lowercase word without a plural "s" the lookup table missed ("humidors"); not
    "class", "bus" or "basis"."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def norm_of(vocab, lemma: int, cache: dict) -> str:
    """A lemma, lowercase and ``singular`` (kept in ``cache``)."""
    text = cache.get(lemma)
    if text is None:
        text = cache[lemma] = singular(vocab.strings[lemma].lower())
    return text


def norm(token) -> str:
    """A token's lemma, lowercase, and ``singular`` where the lemma is the word itself."""
    lemma = (token.lemma_ or token.lower_).lower()
    return singular(lemma) if lemma == token.lower_ else lemma


def toc_entries(doc, t, items: np.ndarray) -> list[int]:
    """The list items (block indexes) whose text is that of a heading: a table of
    contents. Keys are compared only where the lengths allow: an item's key has at least
    its words' letters (all of an alphabetic word, one of any other), a heading's at most
    its characters (and one more per "İ", which lowercases to two)."""
    if t.heading_keys is None:
        texts = [doc.text_of(doc.blocks[k]) for k in (t.block_kind == HEADING).nonzero()[0]]
        most = max((len(x) + x.count("İ") for x in texts), default=0)
        t.heading_keys = most, frozenset(map(_heading_key, texts))
    most, keys = t.heading_keys
    if not keys or not len(items):
        return []
    # The items' tokens: one run per block (blocks are in order of the text).
    lo = t.block.searchsorted(items)
    sizes = t.block.searchsorted(items, side="right") - lo
    at = np.arange(int(sizes.sum())) + (lo - (sizes.cumsum() - sizes)).repeat(sizes)
    letters = np.where(t.cls[at] == WORD, np.where(t.alpha[at], t.end[at] - t.start[at], 1), 0)
    least = np.bincount(np.arange(len(items)).repeat(sizes), weights=letters, minlength=len(items))
    blocks = doc.blocks
    return [
        k for k in items[least <= most].tolist() if _heading_key(doc.text_of(blocks[k])) in keys
    ]


_NON_WORD = re.compile(r"\W+")


def _heading_key(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


# Front matter keys that name a page's focus keyphrase (Yoast's term). A `keywords` list
# is, in documentation generators, often a meta keywords or site-search synonym list
# rather than the one query a page targets (see ``declared_keyphrases``).
FOCUS_KEYS = ("keyphrase", "keyword")
KEYPHRASE_KEYS = (*FOCUS_KEYS, "keywords")


def declares_keyphrase(front_matter: dict) -> bool:
    """Whether the front matter names a focus keyphrase (``keyphrase`` or ``keyword``)."""
    return any(front_matter.get(k) for k in FOCUS_KEYS)


def is_word(token) -> bool:
    """A word of the text: not space, punctuation, a URL or an e-mail address, and not
    the "_" that stands for code and URLs in prose."""
    if token.is_space or token.is_punct or token.like_url or token.like_email:
        return False
    return token.text != "_" and any(ch.isalnum() for ch in token.text)


def declared_keyphrases(front_matter: dict, keys=KEYPHRASE_KEYS, max_keywords: int = 3):
    """(keyphrase, front matter key) for each keyphrase the front matter declares, in key
    order. ``keywords`` may be a list or a comma-separated string; one longer than
    ``max_keywords`` is a site-search synonym list ("ttl, delete, deletion, ..."), not
    keyphrases, and gives none."""
    found = []
    for key in keys:
        value = front_matter.get(key)
        if isinstance(value, str):
            value = value.split(",") if key == "keywords" else [value]
        if not isinstance(value, list):
            continue
        value = [" ".join(str(v).split()) for v in value if v is not None and str(v).strip()]
        if key == "keywords" and len(value) > max_keywords:
            continue
        found += [(v, key) for v in value]
    return found
