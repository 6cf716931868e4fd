"""The default pipeline: fast paths give exactly what spaCy's own components give."""

from __future__ import annotations

from pathlib import Path

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from lint import nlp as nlpmod
from lint.config import from_mapping
from lint.kinds.phrase_table import PhraseTable, phrase_words

TEXT = (
    "Kratom BOOSTS dopamine; it isn’t a cure and doesn't treat anxiety. Leaves were "
    "dried, crushed and brewed: 3 cups/day, e-mail us at info@example.com. "
    "St. John's wort cannot replace medicines (it's been studied)."
)


def test_lemmas_are_spacy_lookup_lemmas_of_the_lowercase_form(nlp):
    from spacy.lookups import load_lookups

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")

    def expected(doc):
        return [table.get(t.lower_.replace("’", "'"), t.lower_.replace("’", "'")) for t in doc]

    doc = next(nlpmod.pipe(nlp, [(TEXT, [0])]))
    assert [t.lemma_ for t in doc] == expected(doc)
    assert {"boost", "dry", "crush", "brew"} <= {t.lemma_ for t in doc}
    # The same words in other documents come from the per-process memo.
    for again in nlpmod.pipe(nlp, [(TEXT.upper(), [0]), (TEXT.title(), [])]):
        assert [t.lemma_ for t in again] == expected(again)


def test_phrase_words_split_like_the_tokenizer(nlp):
    config = from_mapping({"extends": ["health", "seo"]}, Path.cwd())
    phrases = {"cannot", "Gonna", "e-mail", "covid-19", "St. John's wort", "heart  disease"}
    for spec in config.rules.values():
        for value in spec.options.values():
            if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                phrases.update(value)
    phrases = sorted(phrases)
    fast = phrase_words(nlp, phrases)
    assert len(phrases) > 1000
    for phrase, words in zip(phrases, fast, strict=True):
        assert words == [t.text for t in nlp.make_doc(phrase)], phrase


def test_lemmas_of_listed_words_are_the_pipeline_lemmas(nlp):
    words = ["Boosts", "eased", "n’t", "mice", "kratom"]
    doc = _doc(nlp, " ".join(words))
    assert [t.text for t in doc] == words
    assert (
        nlpmod.lemmas(nlp, words)
        == [t.lemma_ for t in doc]
        == ["boost", "ease", "not", "mouse", "kratom"]
    )


def _doc(nlp, text):
    return next(nlpmod.pipe(nlp, [(text, [0])]))


def test_phrase_table_finds_what_spacys_phrase_matcher_finds(nlp):
    from spacy.matcher import PhraseMatcher

    text = (
        "Chronic pain and heart disease: heart disease risk, chronic chronic pain. "
        "St. John's wort cannot cure heart  disease; HEART DISEASE again, e-mail me."
    )
    lists = {
        "a": ["chronic pain", "heart disease", "pain", "heart disease risk", "e-mail"],
        "b": ["heart disease", "st. john's wort", "cannot", "disease"],
    }
    doc = _doc(nlp, text)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    table = PhraseTable(nlp, "LOWER")
    for label, phrases in lists.items():
        matcher.add(label, [nlp.make_doc(p) for p in phrases])
        table.add(label, phrase_words(nlp, phrases))
    expected = sorted(matcher(doc), key=lambda m: (m[1], m[2]))
    found = table(doc)
    assert sorted(found) == sorted(expected)
    assert [m[1:] for m in found] == [m[1:] for m in expected]
    # Overlapping matches and the same phrase under two labels are all reported.
    heart = [m for m in found if doc[m[1] : m[2]].text.lower() == "heart disease"]
    assert {nlp.vocab.strings[m[0]] for m in heart} == {"a", "b"} and len(heart) == 6


def test_phrase_table_on_lemmas_and_on_an_empty_doc(nlp):
    table = PhraseTable(nlp, "LEMMA")
    table.add("up", [nlpmod.lemmas(nlp, ["boost", "levels"])])
    doc = _doc(nlp, "It boosted level after level; it boosts levels.")
    assert [doc[s:e].text for _, s, e in table(doc)] == ["boosted level", "boosts levels"]
    assert table(nlp.make_doc("")) == []
    assert PhraseTable(nlp, "LOWER")(doc) == []


SENTENCE_PIECES = [
    "Kratom",
    "boosts",
    "dopamine",
    ".",
    "!",
    "?",
    "...",
    "。",
    ")",
    '"',
    "“",
    "-",
    ":",
    "e.g.",
    "Dr.",
    "3.5",
    "\n\n",
    "—",
    "!!",
    "?!",
]


@given(
    pieces=st.lists(st.sampled_from(SENTENCE_PIECES), max_size=40),
    preset=st.lists(st.integers(min_value=0, max_value=60), max_size=5),
)
@settings(max_examples=200, deadline=None)
def test_sentence_starts_are_spacys_sentencizers(nlp, pieces, preset):
    from spacy.attrs import SENT_START
    from spacy.pipeline import Sentencizer

    text = " ".join(pieces)
    ours, stock = nlp.make_doc(text), nlp.make_doc(text)
    # Block starts are set before the sentencizer runs; both must keep them.
    marks = numpy.zeros((len(ours), 1), dtype="uint64")
    marks[[i for i in preset if i < len(ours)], 0] = 1
    for doc in (ours, stock):
        doc.from_array([SENT_START], marks)
    nlp.get_pipe("seolint_sentencizer")(ours)
    Sentencizer()(stock)
    assert ours.to_array(SENT_START).tolist() == stock.to_array(SENT_START).tolist()
    assert [s.start for s in ours.sents] == [s.start for s in stock.sents]
