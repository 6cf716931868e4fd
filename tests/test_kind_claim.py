"""Unit tests of the ``claim`` kind, run directly (no engine), with the built-in pack's
options read from rules/health.yaml and the word lists it names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint import nlp as nlpmod
from lint.config import load_pack
from lint.document import from_text
from lint.findings import Severity
from lint.kinds import KINDS
from lint.kinds.base import OPTION_TYPES
from lint.kinds.claim import ClaimKind

REPO = Path(__file__).resolve().parents[1]
PACK = REPO / "rules" / "health.yaml"


def pack_options() -> dict:
    return load_pack(PACK)["health.unsupported-claim"].options


@pytest.fixture(scope="session")
def options():
    return pack_options()


@pytest.fixture(scope="session")
def kind(nlp, options):
    return ClaimKind(options, nlp)


def run(kind, nlp, text: str, path: str = "case.md"):
    doc = from_text(text, path)
    sdoc = next(nlpmod.pipe(nlp, [(doc.prose, [b.start for b in doc.blocks])]))
    return doc, sdoc, list(kind.check(doc, sdoc))


def flagged(doc, hits) -> list[str]:
    return [doc.prose[h.start : h.end] for h in hits]


def test_registered_with_declared_options():
    assert KINDS["claim"] is ClaimKind
    reserved = {"kind", "severity", "description", "help", "enabled", "ignore"}
    for name, option in ClaimKind.options.items():
        assert option.type in OPTION_TYPES
        assert name not in reserved
        if option.choices:
            assert option.default in option.choices


def test_every_pack_key_is_a_declared_option():
    entry = yaml.safe_load(PACK.read_text(encoding="utf-8"))["rules"]["unsupported-claim"]
    reserved = {"kind", "severity", "description", "help", "enabled", "ignore"}
    assert set(entry) - reserved <= set(ClaimKind.options)


def test_lexicons_name_their_source():
    for path in (REPO / "rules" / "lexicons").glob("*.txt"):
        if path.name in ("conditions.txt", "body_functions.txt", "body_systems.txt") or (
            path.name in ("substances.txt", "drugs.txt") or path.name.startswith("claim-")
        ):
            head = path.read_text(encoding="utf-8").splitlines()[:6]
            assert any(line.startswith("# Source:") for line in head), path.name


@pytest.mark.parametrize(
    ("text", "severity", "quote"),
    [
        ("Our turmeric capsules cure arthritis.", None, "cure arthritis"),
        ("Ashwagandha may help ease stress.", Severity.WARNING, "ease stress"),
        ("People use kava to calm anxiety before flights.", Severity.WARNING, "calm anxiety"),
        ("Glowberry gummies are a natural ally in the fight against insomnia.", None, "insomnia"),
        ("Quellix strengthens the immune system.", None, "strengthens the immune system"),
        ("It is an alternative to prescription painkillers.", None, "alternative to"),
    ],
)
def test_claims(kind, nlp, text, severity, quote):
    doc, _, hits = run(kind, nlp, text)
    assert len(hits) == 1, flagged(doc, hits)
    assert hits[0].severity == severity
    assert quote in doc.prose[hits[0].start : hits[0].end]


@pytest.mark.parametrize(
    "text",
    [
        "There is no evidence that turmeric cures arthritis.",
        "Elderberry syrup can cause nausea in some people.",
        "Kratom can increase anxiety and lower testosterone levels.",
        "The FDA has not approved ashwagandha to treat anxiety.",
        "Does magnesium help with migraines?",
        "Valerian is widely touted as a cure for insomnia.",
        "Researchers want to know whether kava eases anxiety.",
        "Ginger reduced nausea in pregnancy (Viljoen et al., 2014).",
        "According to a 2022 survey, people use CBD to manage chronic pain.",
        "Dopamine plays a key role in regulating mood and motivation.",
    ],
)
def test_non_claims(kind, nlp, text):
    doc, _, hits = run(kind, nlp, text)
    assert hits == [], flagged(doc, hits)


SOFTWARE = """# Tuning the cluster

Use caching to reduce latency and improve performance. Treat warnings as errors in CI.
Adding a read replica relieves pressure on the primary database, and you can manage
clusters from the CLI. Increase memory limits to stop the pod from crashing, move focus
to the search field, and keep the balance between shards even. Restart the node to
restore health checks, then reduce stress on the disk by spreading writes. The cold
start takes longer when the gateway has to heal a broken connection.
"""


def test_software_documentation_has_no_findings(kind, nlp):
    doc, _, hits = run(kind, nlp, SOFTWARE, "docs.md")
    assert hits == [], flagged(doc, hits)


def test_link_to_a_study_supports_the_claim(kind, nlp):
    text = "Melatonin shortens jet lag ([review](https://doi.org/10.1002/14651858.CD001520))."
    _, _, hits = run(kind, nlp, text)
    assert hits == []
    text = "Melatonin shortens jet lag ([shop](https://example.com/melatonin))."
    _, _, hits = run(kind, nlp, text)
    assert len(hits) == 1


def test_citation_elsewhere_in_the_paragraph_counts_but_not_in_another(kind, nlp):
    cited = "Zinc shortens the common cold. Hemila reviewed this (doi:10.1177/2054270417694291)."
    assert run(kind, nlp, cited)[2] == []
    other = (
        "Zinc shortens the common cold.\n\nSee doi:10.1177/2054270417694291 for zinc and copper."
    )
    assert len(run(kind, nlp, other)[2]) == 1


# -- spans and messages ------------------------------------------------------------------
LONG = (
    "Harvested by hand on small family farms in the hills of Oaxaca and dried slowly in "
    "the shade, our ceremonial cacao blend gently relieves anxiety and tension headaches "
    "while you enjoy a rich, velvety cup every single morning of the week."
)


def test_span_is_tight_and_inside_one_sentence(kind, nlp):
    doc, sdoc, hits = run(kind, nlp, LONG + " It is sold in 250 g bags.")
    assert len(hits) == 1
    hit = hits[0]
    sentence = next(s for s in sdoc.sents if s.start_char <= hit.start < s.end_char)
    assert hit.end <= sentence.end_char
    assert hit.end - hit.start < len(sentence.text) / 2
    assert doc.prose[hit.start : hit.end] == "relieves anxiety and tension headaches"


def test_message_quotes_the_span(kind, nlp):
    doc, _, hits = run(kind, nlp, LONG)
    quote = doc.prose[hits[0].start : hits[0].end]
    assert f'"{quote}"' in hits[0].message
    assert "without a cited source" in hits[0].message


def test_long_spans_are_quoted_shortened(kind, nlp):
    text = (
        "Kratom boosts dopamine levels through partial agonist action on specific receptors "
        "in the brain and the gut, thereby alleviating stress and anxiety."
    )
    doc, _, hits = run(kind, nlp, text)
    assert len(hits) == 1
    span = doc.prose[hits[0].start : hits[0].end]
    assert span.startswith("boosts dopamine levels") and span.endswith("stress and anxiety")
    assert '"boosts dopamine levels ... alleviating stress and anxiety"' in hits[0].message


def test_hits_lie_in_prose(kind, nlp):
    text = "---\ntitle: Calm\n---\n\n# Sleep better\n\nThis tea cures insomnia.\n"
    doc, _, hits = run(kind, nlp, text)
    assert flagged(doc, hits) == ["cures insomnia"]
    s, e = doc.source_span(hits[0].start, hits[0].end)
    assert doc.source[s:e] == "cures insomnia"


# -- the kratom example -------------------------------------------------------------------
def test_kratom_example(kind, nlp):
    text = (REPO / "examples" / "kratom-dopamine.md").read_text(encoding="utf-8")
    doc, sdoc, hits = run(kind, nlp, text, "kratom-dopamine.md")
    sentences = {
        s.start_char for h in hits for s in sdoc.sents if s.start_char <= h.start < s.end_char
    }
    assert len(sentences) >= 10
    texts = flagged(doc, hits)
    assert any(t.startswith("boosts dopamine levels") for t in texts)
    assert any("alleviating stress and anxiety" in t for t in texts)
    for clean in (
        "Dopamine is a neurotransmitter associated with pleasure, reward, and motivation.",
        "Dosage plays a significant role;",
    ):
        start = doc.prose.index(clean)
        end = start + len(clean)
        assert not any(h.start < end and start < h.end for h in hits), clean
    # Every finding is a sentence or less.
    for h in hits:
        sent = next(s for s in sdoc.sents if s.start_char <= h.start < s.end_char)
        assert h.end <= sent.end_char


# -- options ----------------------------------------------------------------------------------
def test_team_extends_lexicons(nlp, options):
    text = "Tremella sharpens focus. Tremella clears mental haze."
    before = run(ClaimKind(options, nlp), nlp, text)[2]
    assert before == []
    extended = {
        **options,
        "substances": [*options["substances"], "tremella"],
        "conditions": [*options["conditions"], "mental haze"],
    }
    doc, _, after = run(ClaimKind(extended, nlp), nlp, text)
    assert flagged(doc, after) == ["sharpens focus", "clears mental haze"]


def test_team_replaces_lexicons(nlp, options):
    text = "Our capsules cure arthritis."
    replaced = {**options, "conditions": ["gout"]}
    assert run(ClaimKind(replaced, nlp), nlp, text)[2] == []
    assert len(run(ClaimKind(replaced, nlp), nlp, "Our capsules cure gout.")[2]) == 1


def test_team_adds_a_predicate(nlp, options):
    text = "Our capsules banish insomnia."
    assert len(run(ClaimKind(options, nlp), nlp, text)[2]) == 1
    text = "Our capsules vanquish insomnia."
    assert run(ClaimKind(options, nlp), nlp, text)[2] == []
    extended = {**options, "down_predicates": [*options["down_predicates"], "vanquish"]}
    assert len(run(ClaimKind(extended, nlp), nlp, text)[2]) == 1


@pytest.mark.parametrize(
    ("option", "value", "text", "expected"),
    [
        ("hedged_severity", "info", "Ashwagandha may help ease stress.", Severity.INFO),
        ("hedged_severity", "none", "Ashwagandha may help ease stress.", None),
        ("reported_severity", "error", "Users say kava calms anxiety.", Severity.ERROR),
        ("supported_severity", "info", "Kava calms anxiety (Pittler et al., 2003).", Severity.INFO),
        (
            "structure_function_severity",
            "warning",
            "Helps with occasional sleeplessness.",
            Severity.WARNING,
        ),
    ],
)
def test_severity_options(nlp, options, option, value, text, expected):
    hits = run(ClaimKind({**options, option: value}, nlp), nlp, text)[2]
    if expected is None:
        assert hits == []
    else:
        assert [h.severity for h in hits] == [expected]


def test_citation_patterns_are_configurable(nlp, options):
    text = "Kava calms anxiety (see Source A)."
    custom = {**options, "citation_patterns": [r"\bSource [A-Z]\b"]}
    assert run(ClaimKind(custom, nlp), nlp, "Kava calms anxiety per Source A.")[2] == []
    assert len(run(ClaimKind({**options, "citation_patterns": []}, nlp), nlp, text)[2]) == 1


def test_empty_options_find_nothing(nlp):
    empty = {name: option.default for name, option in ClaimKind.options.items()}
    assert run(ClaimKind(empty, nlp), nlp, "Our capsules cure arthritis.")[2] == []
