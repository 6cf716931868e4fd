"""The claim scorer: training, weights files, and the claim rule with it on or off."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest

from lint.document import from_text
from lint.kinds.scorer import ClaimScorer, ScorerError, ngram_buckets
from lint.training import claim_kind, read_corpus, train_scorer, with_scorer

# A small corpus of the kinds of sentences a team would label: product claims about
# joints and sleep, and neutral or risk sentences about the same things.
CLAIMS = [
    "Our tincture relieves joint pain in days.",
    "These capsules ease arthritis pain naturally.",
    "The balm soothes sore joints and reduces inflammation.",
    "Take two gummies to fall asleep faster and beat insomnia.",
    "This tea cures insomnia for good.",
    "The formula restores restful sleep and calms anxiety.",
]
NEUTRAL = [
    "Arthritis affects millions of adults and can limit daily activities.",
    "Talk to your doctor before using supplements for joint pain.",
    "High doses of melatonin can cause headaches and dizziness.",
    "Insomnia is a common sleep disorder that can make it hard to fall asleep.",
    "Researchers studied whether the herb reduces inflammation in mice.",
    "There is no good evidence that the balm relieves arthritis pain.",
]


def corpus_rows():
    return [{"text": t, "label": "claim", "group": f"c{i}"} for i, t in enumerate(CLAIMS)] + [
        {"text": t, "label": "not_claim", "group": f"n{i}"} for i, t in enumerate(NEUTRAL)
    ]


@pytest.fixture(scope="module")
def rules_kind():
    return claim_kind()


@pytest.fixture(scope="module")
def weights(rules_kind):
    return train_scorer(corpus_rows(), rules_kind, buckets=1 << 10)


def hits(kind, text):
    doc = from_text(text, "case.md")
    from lint import nlp as nlpmod

    sdoc = next(nlpmod.pipe(kind.nlp, [(doc.prose, [b.start for b in doc.blocks])]))
    return list(kind.check(doc, sdoc))


def test_training_is_deterministic(rules_kind, weights):
    again = train_scorer(corpus_rows(), rules_kind, buckets=1 << 10)
    assert json.dumps(again, sort_keys=True) == json.dumps(weights, sort_keys=True)
    assert weights["format"] == "seolint-claim-scorer" and weights["buckets"] == 1 << 10


def test_the_trained_scorer_separates_its_own_corpus(weights, rules_kind):
    scorer = ClaimScorer(weights)
    from lint.training import row_examples

    examples = row_examples(rules_kind, CLAIMS + NEUTRAL, scorer.buckets)
    probs = [max((scorer.probability(n, g) for n, g in ex), default=0.0) for ex in examples]
    assert min(probs[: len(CLAIMS)]) > max(p for p in probs[len(CLAIMS) :] if p)


def test_ngram_buckets_are_stable_unique_and_in_range():
    ids = numpy.array([5, 7, 5, 7], dtype=numpy.uint64)
    grams = ngram_buckets(ids, 64)
    assert list(grams) == sorted(set(grams)) and grams.max() < 64
    assert list(ngram_buckets(ids, 64)) == list(grams)
    assert len(ngram_buckets(numpy.zeros(0, dtype=numpy.uint64), 64)) == 0


def test_scorer_off_is_rules_only(weights):
    off = claim_kind(scorer_veto=1.01)  # the scorer's options do nothing without it
    text = "Our tincture relieves joint pain in days."
    assert hits(off, text)
    # A veto no sentence passes drops the rules' findings; a threshold none reaches
    # adds nothing.
    strict = with_scorer(claim_kind(scorer_threshold=1.01, scorer_veto=1.01), weights)
    assert not hits(strict, text)
    lenient = with_scorer(claim_kind(scorer_threshold=1.01, scorer_veto=0.0), weights)
    assert hits(lenient, text) == hits(claim_kind(), text)


def test_a_sentence_only_the_scorer_flags_is_a_warning_quoting_its_health_words(weights):
    kind = with_scorer(claim_kind(scorer_threshold=0.0), weights)
    text = "Forget sleepless nights with our insomnia gummies."  # no predicate the rules know
    found = hits(kind, text)
    assert found
    assert any("insomnia" in text[h.start : h.end] for h in found)
    assert all(f'"{text[h.start : h.end]}"' in h.message for h in found)


def test_a_team_trains_a_file_and_points_its_configuration_at_it(tmp_path, cli):
    corpus = tmp_path / "ours.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in corpus_rows()) + "\n")
    run = cli(
        "rules:\n  health.unsupported-claim:\n    scorer: ours.json\n"
        "    scorer_threshold: 1.01\n    scorer_veto: 1.01\n"
    )
    trained = run("claims", "train", str(corpus), "-o", "ours.json")
    assert trained.exit_code == 0, trained.stderr
    data = json.loads((tmp_path / "ours.json").read_text())
    assert data["format"] == "seolint-claim-scorer"
    (tmp_path / "a.md").write_text("# Tea\n\nThis tea cures insomnia for good.\n")
    result = run("check", "a.md", "--select", "health.unsupported-claim", "-f", "line")
    assert result.exit_code == 0, result.stdout  # the team's scorer vetoes everything
    # The same command again writes the same bytes.
    first = (tmp_path / "ours.json").read_bytes()
    run("claims", "train", str(corpus), "-o", "ours.json")
    assert (tmp_path / "ours.json").read_bytes() == first


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "No such file or directory"),
        ("{not json", "cannot read claim-scorer weights"),
        ('{"format": "something-else"}', "is not a claim-scorer weights file"),
        ('{"format": "seolint-claim-scorer", "version": 1, "buckets": 4}', "corrupt"),
        ('{"format": "seolint-claim-scorer", "version": 99}', "retrain it"),
    ],
)
def test_missing_or_corrupt_weights_are_exit_2_with_a_clear_message(
    tmp_path, cli, content, message
):
    if content is not None:
        (tmp_path / "w.json").write_text(content)
    run = cli("rules:\n  health.unsupported-claim:\n    scorer: w.json\n")
    (tmp_path / "a.md").write_text("# Tea\n\nThis tea cures insomnia for good.\n")
    result = run("check", "a.md")
    assert result.exit_code == 2
    assert message in result.stderr


def test_bad_corpus_rows_are_exit_2_naming_the_line(tmp_path, cli):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"text": "ok", "label": "claim"}\n{"text": "x", "label": "maybe"}\n')
    result = cli("")("claims", "train", str(corpus), "-o", "w.json")
    assert result.exit_code == 2
    assert "bad.jsonl:2" in result.stderr
    assert not (tmp_path / "w.json").exists()


def test_read_corpus_keeps_every_field(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "a", "label": "claim", "group": "g", "source": "s"}\n\n')
    assert read_corpus([path]) == [{"text": "a", "label": "claim", "group": "g", "source": "s"}]


def test_scorer_error_for_unreadable_path(tmp_path):
    with pytest.raises(ScorerError):
        ClaimScorer.load(tmp_path / "missing.json")


def test_the_shipped_weights_are_what_training_on_the_shipped_corpus_makes(rules_kind):
    from lint.kinds.scorer import dumps

    repo = Path(__file__).resolve().parents[1]
    rows = read_corpus(sorted((repo / "data" / "claims").glob("*.jsonl")))
    shipped = (repo / "rules" / "claim-scorer.json").read_text(encoding="utf-8")
    assert dumps(train_scorer(rows, rules_kind)) == shipped


def test_a_sentence_without_a_health_word_is_never_scored_a_claim(weights):
    kind = with_scorer(claim_kind(scorer_threshold=0.0), weights)
    assert not hits(kind, "This module supports paging and helps you sort results.")
