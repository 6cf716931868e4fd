"""SEO kinds (stuffing, repetition, duplicates): what the YAML fixtures cannot express.

Cross-file duplicates and keyphrase cannibalisation, numbers in messages, the kratom
example page, and that comparing many files is not all-pairs.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import lint
from lint.engine import Linter

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kratom-dopamine.md"
SEO = {"extends": ["seo"]}

PARAGRAPH = (
    "Valerian root has been used as a sleep aid since antiquity. Modern extracts are "
    "standardised to valerenic acid, and small trials report that people fall asleep a "
    "little sooner, although the effect is modest and varies widely between products and "
    "between the people who take them for a week or longer."
)


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _rules(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_cross_file_duplicate_paragraph_points_at_later_file(tmp_path):
    _write(tmp_path / "a.md", f"# Valerian\n\n{PARAGRAPH}\n\nBuy it at a pharmacy.\n")
    _write(
        tmp_path / "b.md",
        f"# Sleep aids\n\nMelatonin is a hormone.\n\nSome text here.\n\n{PARAGRAPH}\n",
    )
    report = lint.check_paths([str(tmp_path)], config=SEO)
    dups = _rules(report.findings, "seo.duplicate-content")
    assert len(dups) == 1, dups
    finding = dups[0]
    assert finding.path.endswith("b.md")
    assert finding.line == 7
    assert finding.text.startswith("Valerian root")
    (related,) = finding.related
    assert related.path.endswith("a.md")
    assert related.line == 3 and related.column == 1


def test_cross_file_near_duplicate_pages(tmp_path):
    body = PARAGRAPH
    extra = (
        "Hops and lemon balm are often mixed in. Side effects are rare but include "
        "headache and vivid dreams, and the smell puts some people off entirely. Tea made "
        "from the dried root tastes earthy, so most people prefer capsules or tinctures, "
        "taken an hour or two before bed for a few weeks at most."
    )
    _write(tmp_path / "p1.md", f"# Valerian\n\n{body}\n\n{extra}\n")
    _write(tmp_path / "p2.md", f"# Valerian\n\n{body}\n\n{extra} Ask a pharmacist.\n")
    report = lint.check_paths([str(tmp_path)], config=SEO)
    dups = _rules(report.findings, "seo.duplicate-content")
    assert [f.path.endswith("p2.md") for f in dups] == [True]
    assert "near-copy of" in dups[0].message and "p1.md" in dups[0].message
    assert dups[0].related[0].path.endswith("p1.md")


def test_keyphrase_cannibalization(tmp_path):
    _write(tmp_path / "one.md", "---\nkeyphrase: valerian for sleep\n---\n\nValerian.\n")
    _write(tmp_path / "two.md", "---\ntitle: T\nkeyphrase: Valerian for sleep\n---\n\nHops.\n")
    report = lint.check_paths([str(tmp_path)], config=SEO)
    (finding,) = _rules(report.findings, "seo.duplicate-content")
    assert finding.path.endswith("two.md")
    assert (finding.line, finding.column) == (3, 12)
    assert finding.text == "Valerian for sleep"
    assert finding.related[0].path.endswith("one.md") and finding.related[0].line == 2


def test_density_message_gives_the_numbers():
    text = "---\nkeyphrase: oolong tea\n---\n\n" + " ".join(
        ["Oolong tea is good."] * 6 + ["The leaves are rolled and roasted by hand."] * 12
    )
    findings = _rules(Linter(SEO).check_text(text, "x.md"), "seo.keyword-stuffing")
    assert len(findings) == 6
    assert all(f.text == "Oolong tea" for f in findings)
    message = findings[0].message
    # 6 occurrences in 6*4 + 12*8 = 120 words; (6/120)*100*(0.7 + 2/3) = 6.8%
    assert message == (
        '"oolong tea" appears 6 times in 120 words (weighted density 6.8%, limit 4%)'
    )


def test_kratom_example():
    text = EXAMPLE.read_text(encoding="utf-8")
    findings = Linter(SEO).check_text(text, str(EXAMPLE))
    stuffing = _rules(findings, "seo.keyword-stuffing")
    assert stuffing, "the spliced query must be reported"
    spliced = [f for f in stuffing if "spliced" in f.message]
    assert [f.text.lower() for f in spliced] == ["what does kratom do to dopamine"]
    assert "delicate balance of" in text.splitlines()[spliced[0].line - 1]
    repeated = _rules(findings, "seo.repeated-phrase")
    assert any("has gained attention for its potential" in f.message for f in repeated)
    dups = _rules(findings, "seo.duplicate-content")
    assert len(dups) >= 2 and all(f.severity.value == "warning" for f in dups)
    assert all(f.text.startswith("Kratom,") for f in dups)
    # The real questions ("What does kratom do to dopamine?") are not spliced.
    assert all(f.line != 7 for f in stuffing)


def test_many_files_scale_linearly(tmp_path):
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(5000)]
    for k in range(2000):
        words = " ".join(rng.choice(vocab) for _ in range(60))
        _write(tmp_path / f"f{k:04}.txt", f"Page {k} says {words}.\n")
    kind_cls = __import__("lint.kinds.duplicates", fromlist=["DuplicatesKind"]).DuplicatesKind
    from lint import nlp as nlpmod
    from lint.config import default_config

    spec = default_config().rules["seo.duplicate-content"]
    kind = kind_cls(spec.options, nlpmod.load())
    from lint import document as documents

    docs = [documents.from_text(p.read_text(), str(p)) for p in sorted(tmp_path.iterdir())]
    nlp = nlpmod.load()
    sdocs = list(nlpmod.pipe(nlp, ((d.prose, [b.start for b in d.blocks]) for d in docs)))
    summaries = [(d.path, kind.summarize(d, s)) for d, s in zip(docs, sdocs, strict=True)]
    start = time.perf_counter()
    found = list(kind.check_corpus(summaries))
    elapsed = time.perf_counter() - start
    assert found == []
    assert elapsed < 10, f"check_corpus took {elapsed:.1f}s for 2,000 files"
    # Doubling the files must not quadruple the time.
    start = time.perf_counter()
    list(kind.check_corpus(summaries[:1000]))
    half = time.perf_counter() - start
    assert elapsed < 8 * max(half, 0.1)  # generous: timing on a shared machine


def test_duplicates_summary_is_plain_json(tmp_path):
    """The engine caches a summary only if JSON gives it back exactly."""
    import json

    from lint import document as documents
    from lint import nlp as nlpmod
    from lint.config import default_config
    from lint.kinds import KINDS

    spec = default_config().rules["seo.duplicate-content"]
    nlp = nlpmod.load()
    kind = KINDS[spec.kind](spec.options, nlp)
    text = (
        f"---\nkeyphrase: valerian for sleep\n---\n\n# Valerian\n\n{PARAGRAPH}\n\n"
        + " ".join([PARAGRAPH] * 3)
        + "\n"
    )
    doc = documents.from_text(text, str(tmp_path / "a.md"))
    (sdoc,) = nlpmod.pipe(nlp, [(doc.prose, [b.start for b in doc.blocks])])
    summary = kind.summarize(doc, sdoc)
    assert summary["page"] and summary["paragraphs"] and summary["keyphrase"]
    assert json.loads(json.dumps(summary)) == summary


def test_list_line_prefilter_keeps_every_line_that_splits_into_a_list():
    """The page-wide separator count must not drop a line that splits into enough items."""
    from lint.kinds import stuffing

    rng = random.Random(11)
    alphabet = ["a", "b", " ", ",", "|", ";", "•", "·", "–", "—", "-", "\n", "é", "\u00a0"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        found = set(stuffing._separated_lines(text, 5).tolist())
        offset = 0
        for line in text.split("\n"):
            items = [s for s in stuffing.LIST_SEPARATORS.split(line) if s.strip()]
            if len(items) >= 6:
                assert offset in found, (text, line)
            offset += len(line) + 1


def test_page_shingle_index_matches_a_plain_count():
    """Shingle ids, previous occurrences and the distinct values of ranges, vectorised."""
    import numpy as np

    from lint.kinds import duplicates

    rng = np.random.default_rng(3)
    values = rng.integers(0, 12, size=60).astype(np.uint32)
    page_set, ids, previous, repeated = duplicates._occurrences(values)
    assert page_set.tolist() == sorted(set(values.tolist()))
    for p, v in enumerate(values.tolist()):
        assert page_set[ids[p]] == v
        earlier = [q for q in range(p) if values[q] == v]
        assert previous[p] == (earlier[-1] if earlier else -1)
        assert repeated[p] == (values.tolist().count(v) > 1)
    starts, ends = np.array([0, 10, 30]), np.array([10, 25, 60])
    owner, pos = duplicates._distinct(previous, starts, ends)
    for k, (a, z) in enumerate(zip(starts, ends, strict=True)):
        mine = sorted(values[pos[owner == k]].tolist())
        assert mine == sorted(set(values[a:z].tolist()))


def test_frequent_ngrams_and_norm_counts_match_a_plain_count():
    """repeated-phrase's values that occur need+ times and keyword-stuffing's counts per
    norm id equal a Counter's."""
    from collections import Counter

    import numpy as np

    from lint import nlp as nlpmod
    from lint.kinds.repetition import _frequent
    from lint.kinds.stuffing import StuffingKind

    rng = np.random.default_rng(11)
    for _ in range(300):
        values = rng.integers(0, rng.integers(1, 15), rng.integers(0, 50)).astype(np.uint64)
        need = int(rng.integers(1, 6))
        counts = Counter(values.tolist())
        assert _frequent(values, need).tolist() == sorted(v for v, c in counts.items() if c >= need)
    options = {name: option.default for name, option in StuffingKind.options.items()}
    kind = StuffingKind(options, nlpmod.load())
    words = ["a", "of", "cigar", "humidor", "box", "wood", "aromatic"]
    ids = np.array([kind._norm_ids.id_of(kind.nlp.vocab.strings.add(w)) for w in words])
    for _ in range(100):
        norms = rng.choice(ids, rng.integers(1, 40))
        got_ids, got_counts, long = kind._norm_counts(norms)
        assert dict(zip(got_ids.tolist(), got_counts.tolist(), strict=True)) == Counter(
            norms.tolist()
        )
        assert got_ids.tolist() == sorted(set(norms.tolist()))
        texts = kind._norm_ids.texts
        assert long.tolist() == [len(texts[x]) > 2 for x in got_ids.tolist()]


def _varied_prose(n_sentences: int, word: str = "", every: int = 0) -> str:
    """Sentences of distinct filler words; ``word`` in every ``every``-th sentence."""
    rng = random.Random(5)
    pool = [
        "river", "mountain", "garden", "window", "kitchen", "teacher", "market", "basket",
        "winter", "harbor", "pencil", "ladder", "carpet", "forest", "bridge", "castle",
        "island", "valley", "meadow", "pillow", "lantern", "saddle", "violin", "anchor",
        "button", "candle", "dragon", "feather", "helmet", "jacket", "kettle", "magnet",
    ]  # fmt: skip
    out = []
    for k in range(n_sentences):
        words = rng.sample(pool, 6)
        if word and k % every == 0:
            words[2] = word
        out.append(
            f"The {words[0]} and the {words[1]} of a {words[2]}, or the {words[3]} with "
            f"{words[4]} by {words[5]}."
        )
    return " ".join(out)


def _overused(text: str):
    findings = _rules(Linter(SEO).check_text(text, "page.md"), "seo.keyword-stuffing")
    return [f for f in findings if "for a word that is not the keyphrase" in f.message]


def test_overused_word_outside_tables_only():
    """A word hammered in prose is reported; the same word as a table's column values
    ("Yes", "Yes", ...) is not: tables repeat by design."""
    prose = _varied_prose(40, "gizmo", 1)
    assert _overused(f"# Notes\n\n{prose}\n")
    table = "| Version | Supported |\n|---|---|\n" + "".join(
        f"| {k}.0 | gizmo |\n" for k in range(30)
    )
    assert not _overused(f"# Notes\n\n{_varied_prose(30)}\n\n{table}")
    # The same cells as a paragraph count.
    cells = " ".join(f"{k}.0 gizmo." for k in range(30))
    assert _overused(f"# Notes\n\n{_varied_prose(30)}\n\n{cells}\n")


def test_overused_word_of_an_identifier_title_is_the_topic():
    """A title written as an identifier ("about_Gizmo_Settings") names the topic."""
    prose = _varied_prose(40, "gizmo", 1)
    assert _overused(f"---\ntitle: about_Widget_Settings\n---\n\n{prose}\n")
    assert not _overused(f"---\ntitle: about_Gizmo_Settings\n---\n\n{prose}\n")
    assert not _overused(f"---\ntitle: GizmoSettings\n---\n\n{prose}\n")
    assert not _overused(
        f"---\ntitle: Settings\ndescription: How to set up a gizmo.\n---\n\n{prose}\n"
    )


def _occurrences_plain(kp, words):
    """The keyphrase matcher on Python objects, as it was before it used arrays:
    ``words`` are (token index, start, end, norm, sentence) tuples."""
    by_sent: dict = {}
    for k, w in enumerate(words):
        by_sent.setdefault(w[4], []).append(k)
    found = []
    n = len(kp.norms)
    for indexes in by_sent.values():
        used: set = set()
        for a in range(len(indexes) - n + 1):
            window = [words[indexes[a + j]] for j in range(n)]
            if (
                all(w[3] == kp.norms[j] for j, w in enumerate(window))
                and window[-1][0] - window[0][0] < 2 * n
                and not used.intersection(indexes[a : a + n])
            ):
                used.update(indexes[a : a + n])
                found.append((window[0][1], window[-1][2], True, window[0][0], window[-1][0]))
        places: dict = {c: [] for c in kp.content}
        for k in indexes:
            if k not in used and words[k][3] in places:
                places[words[k][3]].append(words[k])
        for m in range(min(len(p) for p in places.values())):
            group = [p[m] for p in places.values()]
            first = min(group, key=lambda w: w[1])
            last = max(group, key=lambda w: w[1])
            found.append((first[1], last[2], False, first[0], last[0]))
    found.sort(key=lambda o: o[0])
    return found


def test_keyphrase_occurrences_match_the_plain_matcher():
    """Exact and word-form matches found on arrays equal those of a word-by-word walk,
    on random texts over a small vocabulary (overlaps, gaps, sentence ends)."""
    import numpy as np

    from lint import nlp as nlpmod
    from lint.kinds.stuffing import Keyphrase, StuffingKind, Words

    options = {name: option.default for name, option in StuffingKind.options.items()}
    kind = StuffingKind(options, nlpmod.load())
    vocab = ["cigar", "humidor", "custom", "the", "box", "wood"]
    ids = {w: kind._norm_ids.id_of(kind.nlp.vocab.strings.add(w)) for w in vocab}
    rng = random.Random(7)
    keyphrases = [
        Keyphrase("custom cigar humidor", ("custom", "cigar", "humidor"), ("custom", "cigar", "humidor"), ""),
        Keyphrase("cigar cigar", ("cigar", "cigar"), ("cigar",), ""),
        Keyphrase("humidor", ("humidor",), ("humidor",), ""),
        Keyphrase("the box", ("the", "box"), ("box",), ""),
    ]  # fmt: skip
    for _ in range(300):
        size = rng.randint(0, 30)
        norms = [rng.choice(vocab) for _ in range(size)]
        tokens = sorted(rng.sample(range(3 * size + 1), size))  # gaps: punctuation
        sents = sorted(rng.randint(0, 4) for _ in range(size))
        plain = [
            (i, 10 * i, 10 * i + 5, x, s) for i, x, s in zip(tokens, norms, sents, strict=True)
        ]
        words = Words(
            np.array(tokens, dtype=np.int64),
            np.array([w[1] for w in plain], dtype=np.int64),
            np.array([w[2] for w in plain], dtype=np.int64),
            np.array([ids[x] for x in norms], dtype=np.int64),
            np.ones(size, dtype=bool),
            np.zeros(size, dtype=np.int64),
            np.array(sents, dtype=np.int64),
        )
        for kp in keyphrases:
            got = [(o.start, o.end, o.exact, o.first, o.last) for o in kind._occurrences(kp, words)]
            assert got == _occurrences_plain(kp, plain), (norms, tokens, sents, kp.text)
