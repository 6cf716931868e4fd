"""The token table the SEO kinds share (``lint/kinds/words.py``): the arrays equal what
spaCy's Token objects say, token by token, however the lexeme facts were looked up."""

from __future__ import annotations

import re

import numpy as np

from lint import document as documents
from lint import nlp as nlpmod
from lint.kinds.words import (
    BLOCK_KINDS,
    BREAK,
    CODE,
    SKIP,
    WORD,
    KeyIndex,
    norm_of,
    norms_of,
    toc_entries,
    token_table,
)

TEXT = """---
title: Ünïcode and café-Prices for GPT-4 users
---

# Install the CLI

Visit https://example.com/docs or mail help@example.com. Run `npm install` first,
then {{ site.name }} and {% include note.md %} render. McDonald's sells iPhones? No.

- Dogs, cats, humidors , and  – more — items; x_y _ 3D 42 e-mail İstanbul ǅemal.
"""


def _slow(tok) -> tuple:
    """The facts of one Token, the way the table was defined before it used arrays."""
    text = tok.text
    if text == "_":
        cls, alpha, stop, odd, cap = CODE, False, False, True, False
    elif tok.like_url or tok.like_email:
        cls, alpha, stop, odd, cap = BREAK, False, False, False, False
    elif tok.is_space or tok.is_punct or not any(c.isalnum() for c in text):
        cls, alpha, stop, odd, cap = SKIP, False, False, False, False
    else:
        odd = not text.isalpha() or any(c.isupper() for c in text[1:])
        cls, alpha, stop, cap = WORD, tok.is_alpha, tok.is_stop, text[:1].isupper()
    return cls, alpha, stop, odd, cap, tok.idx + len(text), tok.lower, tok.lemma or tok.lower


def test_token_table_matches_tokens():
    nlp = nlpmod.load()
    doc = documents.from_bytes(TEXT.encode("utf-8"), "page.md")
    (sdoc,) = nlpmod.pipe(nlp, [(doc.prose, [b.start for b in doc.blocks])])
    t = token_table(doc, sdoc)
    assert token_table(doc, sdoc) is t  # kept on the Doc
    texts = norms_of(nlp.vocab).texts
    tags = [m.span() for m in re.finditer(r"\{%.*?%\}|\{\{.*?\}\}", doc.prose)]
    for i, tok in enumerate(sdoc):
        cls, alpha, stop, odd, cap, end, lower, lemma = _slow(tok)
        if any(a <= tok.idx < b for a, b in tags):
            cls = BREAK
        got = (
            int(t.cls[i]), bool(t.alpha[i]), bool(t.stop[i]), bool(t.odd[i]),
            bool(t.cap[i]), int(t.end[i]), int(t.lower[i]), int(t.lemma[i]),
        )  # fmt: skip
        assert got == (cls, alpha, stop, odd, cap, end, lower, lemma), tok.text
        assert t.start[i] == tok.idx
        assert texts[t.norm[i]] == norm_of(nlp.vocab, lemma, {}), tok.text
    assert t.block.tolist() == sorted(t.block.tolist())
    kinds = [BLOCK_KINDS[code - 1] for code in t.block_kind[:-1].tolist()]
    assert kinds == [b.kind for b in doc.blocks] and t.block_kind[-1] == 0
    assert t.block_quoted.tolist() == [b.quoted for b in doc.blocks] + [False]
    assert {CODE, BREAK, SKIP, WORD} <= set(t.cls.tolist()) and t.odd.any() and t.cap.any()
    # A second page reads the facts the run already has; a lemma other than the one its
    # word had before (a pipeline that lemmatises in context) gets its own norm.
    doc2 = documents.from_bytes(b"Dogs and cats. New words: zyxwv qwerty.\n", "b.md")
    (sdoc2,) = nlpmod.pipe(nlp, [(doc2.prose, [b.start for b in doc2.blocks])])
    sdoc2[0].lemma_ = "canine"
    t2 = token_table(doc2, sdoc2)
    assert [bool(x) for x in t2.alpha] == [tok.is_alpha for tok in sdoc2]
    assert t2.lower.tolist() == [tok.lower for tok in sdoc2]
    assert [texts[x] for x in t2.norm[:3].tolist()] == ["canine", "and", "cat"]


def test_key_index_is_a_dict():
    """Lookups of whole arrays equal a dict's, through collisions and growth."""
    rng = np.random.default_rng(0)
    index = KeyIndex(bits=3)
    ref: dict[int, int] = {}
    for r in range(200):
        keys = rng.integers(0, 2**64, size=int(rng.integers(1, 300)), dtype=np.uint64)
        if r % 5 == 0:
            keys = keys << np.uint64(40)  # equal low bits
        if r % 7 == 0:
            keys = np.concatenate((keys, np.arange(50, dtype=np.uint64)))
        found = index.find(keys)
        assert found.tolist() == [ref.get(k, -1) for k in keys.tolist()]
        new = np.unique(keys[found < 0])
        for k, i in zip(new.tolist(), index.add(new).tolist(), strict=True):
            ref[k] = i
        assert index.find(keys).tolist() == [ref[k] for k in keys.tolist()]
    assert sorted(ref.values()) == list(range(len(ref)))


def test_toc_entries_are_the_list_items_that_repeat_a_heading(nlp):
    text = (
        "# Guide\n\n- Getting started!\n- İstanbul notes\n- Something else entirely\n"
        "- Getting   started with more words\n\n## Getting started\n\nText.\n\n"
        "## İSTANBUL NOTES\n\nMore text.\n"
    )
    doc = documents.from_text(text, "a.md")
    (sdoc,) = nlpmod.pipe(nlp, [(doc.prose, [b.start for b in doc.blocks])])
    t = token_table(doc, sdoc)
    items = np.array([k for k, b in enumerate(doc.blocks) if b.kind == "list_item"])
    texts = {k: doc.text_of(doc.blocks[k]) for k in items.tolist()}
    assert [texts[k] for k in toc_entries(doc, t, items)] == [
        "Getting started!",
        "İstanbul notes",
    ]
    # The headings' keys are kept: a later call on some items agrees.
    assert toc_entries(doc, t, items[2:]) == []
    assert toc_entries(doc, t, items[1:2]) == [items[1]]


def test_value_counts_equal_numpys_unique():
    import numpy as np

    from lint.kinds.words import value_counts

    for size in (0, 1, 7, 500):
        values = np.random.default_rng(size).integers(0, 40, size)
        before = values.copy()
        got = value_counts(values)
        expected = np.unique(values, return_counts=True)
        assert [a.tolist() for a in got] == [a.tolist() for a in expected]
        assert np.array_equal(values, before)  # the argument is not sorted in place
