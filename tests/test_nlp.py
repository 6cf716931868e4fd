"""The default pipeline: fast paths give exactly what spaCy's own components give."""

from __future__ import annotations

from pathlib import Path

from lint import nlp as nlpmod
from lint.config import from_mapping

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


def test_phrase_docs_split_like_the_tokenizer(nlp):
    config = from_mapping({"extends": ["health", "seo"]}, Path.cwd())
    phrases = {"cannot", "Gonna", "e-mail", "covid-19", "St. John's wort", "heart  disease"}
    for spec in config.rules.values():
        for value in spec.options.values():
            if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                phrases.update(value)
    phrases = sorted(phrases)
    fast = nlpmod.phrase_docs(nlp, phrases)
    assert len(phrases) > 1000
    for phrase, doc in zip(phrases, fast, strict=True):
        made = nlp.make_doc(phrase)
        assert [t.text for t in doc] == [t.text for t in made], phrase
        assert doc.text == made.text, phrase
