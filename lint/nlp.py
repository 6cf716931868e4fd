"""The spaCy pipeline, built once per process and model name.

Default: ``spacy.blank("en")`` + sentencizer + a lookup lemmatizer that lowercases
first (so "Boosts" at the start of a list item still lemmatises to "boost"). It
installs from the package index alone; nothing is ever downloaded at run time.

A trained pipeline named in configuration (``nlp: {model: en_core_web_sm}``) does not
replace it: every document still goes through the fast pipeline, and kinds that can use
a dependency parse (``claim``) ask ``parser_of(nlp)`` for the trained one and run it on
the few sentences they want to confirm. A trained pipeline over all text would cost ten
times the time for nothing the other rules use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from lint.errors import SeolintError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BLANK = "blank"
BATCH_SIZE = 64
BATCH_CHARS = 1_000_000


def load(model: str = BLANK) -> Language:
    """The pipeline for ``model``; built once per process."""
    return _load(model)  # one cache key per model, however it is called


def parser_of(nlp: Language) -> Language | None:
    """The trained pipeline configured beside ``nlp`` (None with the default)."""
    return getattr(nlp, "seolint_parser", None)


@lru_cache(maxsize=4)
def _load(model: str) -> Language:
    # spaCy is imported on first use: a run served from the cache never needs it.
    import spacy

    # Imported for their factories: spaCy's sentencizer and lookup lemmatizer, on arrays.
    from lint import lemmatizer, sentencizer  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("seolint_sentencizer")
    nlp.add_pipe("seolint_lemmatizer")
    nlp.initialize()
    nlp.max_length = 10**9  # documents are checked for size before they get here
    if model != BLANK:
        # Loaded now, so a missing model is a configuration error before any file.
        nlp.seolint_parser = _load_trained(model)
    return nlp


def _load_trained(model: str) -> Language:
    import spacy

    try:
        trained = spacy.load(model, exclude=["ner"])
    except OSError:
        raise SeolintError(
            f"spaCy pipeline {model!r} is not installed. Install it with "
            f"`python -m spacy download {model}` (or `pip install {model}`), "
            f"or remove `nlp.model` from the configuration to use the built-in blank pipeline."
        ) from None
    if not trained.has_pipe("parser"):
        raise SeolintError(
            f"spaCy pipeline {model!r} has no dependency parser; `nlp.model` needs one "
            "(e.g. en_core_web_sm), or remove it to use the built-in blank pipeline."
        )
    return trained


def lemmas(nlp: Language, words: Iterable[str]) -> list[str]:
    """The lemma the pipeline gives each word (for word lists matched on lemmas)."""
    lemma = nlp.get_pipe("seolint_lemmatizer").lemma
    return [lemma(word) for word in words]


def pipe(nlp: Language, texts_and_block_starts: Iterable[tuple[str, list[int]]]) -> Iterator[Doc]:
    """spaCy Docs for prose strings; each block start also starts a sentence.

    A heading without a full stop must not run into the paragraph after it, so the
    block starts are set before the sentencizer runs (it keeps preset boundaries).
    """
    import numpy
    from spacy.attrs import IDX, SENT_START

    def prepared(text: str, block_starts: list[int]) -> Doc:
        doc = nlp.make_doc(text)
        if len(doc) and block_starts:
            # One array write for all blocks: setting token.is_sent_start one by one
            # rescans the whole document each time (quadratic on long pages).
            token_starts = doc.to_array(IDX)
            at = numpy.searchsorted(token_starts, block_starts)
            at = at[at < len(token_starts)]
            at = at[token_starts[at] == numpy.asarray(block_starts)[: len(at)]]
            starts = numpy.zeros((len(doc), 1), dtype="uint64")
            starts[at, 0] = 1
            doc.from_array([SENT_START], starts)
        return doc

    # Batches are bounded in characters too, so huge documents go through one by one
    # (a text is tokenized only once the batch before it has been handed on).
    batch: list[Doc] = []
    chars = 0
    for text, block_starts in texts_and_block_starts:
        if batch and chars + len(text) > BATCH_CHARS:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(prepared(text, block_starts))
        chars += len(text)
        if len(batch) >= BATCH_SIZE:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, chars = [], 0
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))
