"""Cross-file duplicates: the compact per-file summary gives back exactly what the
comparison needs (band keys group items as their band values do; packed shingle sets
and places read back unchanged), and the engine holds little per file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lint import document as documents
from lint import nlp as nlpmod
from lint.config import default_config
from lint.kinds import duplicates as dup
from lint.kinds.duplicates import PERMUTATIONS, DuplicatesKind


def _kind(nlp, **options) -> DuplicatesKind:
    spec = default_config().rules["seo.duplicate-content"]
    return DuplicatesKind({**spec.options, **options}, nlp)


def _exact_candidates(signatures: np.ndarray, bands: int) -> list[tuple[int, int]]:
    """LSH banding on the band values themselves: each item paired with the first item
    of every bucket it is in (the comparison ``_candidates`` must reproduce)."""
    rows = PERMUTATIONS // bands
    pairs = set()
    for band in range(bands):
        first: dict[tuple, int] = {}
        for i, values in enumerate(signatures[:, band * rows : (band + 1) * rows].tolist()):
            f = first.setdefault(tuple(values), i)
            if f != i:
                pairs.add((f, i))
    return sorted(pairs)


@pytest.mark.parametrize("bands", [16, 32, 8])
def test_band_keys_give_the_candidates_of_the_band_values(nlp, bands):
    rng = np.random.default_rng(bands)
    signatures = rng.integers(0, 1 << 32, (600, PERMUTATIONS), dtype=np.uint64).astype(np.uint32)
    rows = PERMUTATIONS // bands
    for _ in range(500):  # shared bands, and bands that differ in one value only
        a, b = rng.integers(0, len(signatures), 2)
        band = int(rng.integers(0, bands))
        signatures[b, band * rows : (band + 1) * rows] = signatures[
            a, band * rows : (band + 1) * rows
        ]
        if rng.random() < 0.3:
            signatures[b, band * rows + int(rng.integers(0, rows))] ^= np.uint32(1)
    keys = dup._band_keys(signatures, bands)
    # Items numbered across files, some files without items.
    cuts = sorted(rng.integers(0, len(signatures), 40).tolist()) + [len(signatures)]
    files, start = [], 0
    for cut in cuts:
        files.append(dup._b64(keys[start:cut]))
        start = cut
    earlier, later = _kind(nlp, bands=bands)._candidates(files)
    found = list(zip(earlier.tolist(), later.tolist(), strict=True))
    assert found == _exact_candidates(signatures, bands)
    assert len(found) >= 300


@pytest.mark.parametrize("size", [0, 3, 1000, 70_000])  # 70,000 > 65,536: uint32 indexes
def test_packed_shingles_and_places_read_back_unchanged(size):
    rng = np.random.default_rng(size)
    page_set = np.unique(rng.integers(0, 1 << 32, size, dtype=np.uint64).astype(np.uint32))
    n = len(page_set)
    paragraphs = [rng.choice(n, min(n, k), replace=False) for k in (40, 1, 300)] if n else []
    ids = np.concatenate(paragraphs) if paragraphs else np.zeros(0, np.int64)
    offsets = np.cumsum([0] + [len(p) for p in paragraphs])[: len(paragraphs)]
    places = [
        [1, 1, 2, 9, "# Café ’x’"] if n else None,
        [
            [3 + j, 1, 4 + j, 2, f'Paragraph {j}: naïve \udcff\n"quoted"']
            for j in range(len(paragraphs))
        ],
    ]
    packed, texts = dup._pack(page_set, ids, offsets.astype(np.int64), places)
    assert json.loads(json.dumps([packed, texts])) == [packed, texts]
    got = dup._Shingles(packed, texts)
    assert np.array_equal(got.page_set, page_set)
    for j, chosen in enumerate(paragraphs):
        assert np.array_equal(np.sort(got.paragraph(j)), np.sort(page_set[chosen]))
    assert got.places == places


def test_summary_is_small_and_plain(nlp):
    """What the engine holds per file until the last is read: a few strings."""
    paragraph = (
        "Valerian root has been used as a sleep aid since antiquity. Modern extracts are "
        "standardised to valerenic acid, and small trials report that people fall asleep a "
        "little sooner, although the effect is modest and varies widely between products."
    )
    words = paragraph.split()
    text = "# Valerian\n\n" + "\n\n".join(" ".join(words[k:] + words[:k]) for k in range(0, 40, 4))
    doc = documents.from_text(text, "a.md")
    (sdoc,) = nlpmod.pipe(nlp, [(doc.prose, [b.start for b in doc.blocks])])
    summary = _kind(nlp).summarize(doc, sdoc)
    assert json.loads(json.dumps(summary)) == summary
    assert all(isinstance(v, str) for k, v in summary.items() if k != "keyphrase_place")
    assert dup._b64_len(summary["paragraphs"]) == 10 * 16 * 8  # 10 paragraphs, 16 keys
    assert dup._b64_len(summary["page"]) == 16 * 8
    # The shingle sets and ten places in less than the text alone; the places' texts are
    # the page's own (its first heading and the ten paragraphs), no more.
    assert len(summary["shingles"]) < len(text)
    paragraphs = [" ".join(words[k:] + words[:k]) for k in range(0, 40, 4)]
    assert summary["texts"] == "Valerian" + "".join(paragraphs)
    unpacked = dup._Shingles(summary["shingles"], summary["texts"])
    assert unpacked.places[1][0][4] == " ".join(words)
    assert len(unpacked.paragraph(0)) == len(words) - 2


def test_pages_sharing_a_keyphrase_compete_but_a_synonym_list_is_no_keyphrase(tmp_path):
    import lint

    bodies = [
        "Green tea is made from the leaves of Camellia sinensis and steeped briefly.",
        "Ginger root keeps for weeks in the fridge and grates well when frozen.",
        "A cast iron pan needs a thin coat of oil after every wash to stay seasoned.",
        "Sourdough starter wants flour and water every day at room temperature.",
    ]
    fronts = [
        "keywords: gin index, inverted index",
        "keywords: [gin index, inverted index]",
        "keywords: gin, gin index, gin indexes, inverted index, inverted indexes",
        "keywords: gin, gin index, gin indexes, inverted index, inverted indexes",
    ]
    for i, (front, body) in enumerate(zip(fronts, bodies, strict=True)):
        (tmp_path / f"p{i}.md").write_text(f"---\n{front}\n---\n\n# Page {i}\n\n{body}\n")
    report = lint.Linter({"extends": ["seo"]}, select=["seo.duplicate-content"]).check_paths(
        [str(tmp_path)]
    )
    competing = [f for f in report.findings if "already targets the keyphrase" in f.message]
    # The first keyword of a short list is the page's keyphrase, as the keyphrase rules
    # read it; a long synonym list (site search) targets nothing.
    assert [(f.path.rsplit("/", 1)[-1], f.message.split('"')[1]) for f in competing] == [
        ("p1.md", "gin index")
    ]


@pytest.mark.parametrize("seed", range(5))
def test_pair_counts_equal_counting_every_pair_of_holders(seed):
    rng = np.random.default_rng(seed)
    n_owners = int(rng.integers(2, 40))
    held = [
        np.unique(rng.integers(0, 60, int(rng.integers(0, 30)))) for _ in range(n_owners)
    ]
    owner = np.repeat(np.arange(n_owners), [len(h) for h in held])
    values = np.concatenate(held)
    expected: dict = {}
    for x in range(n_owners):
        for y in range(x + 1, n_owners):
            n = len(np.intersect1d(held[x], held[y]))
            if n:
                expected[x, y] = n
    got = list(zip(*(a.tolist() for a in dup._pair_counts(owner, values, n_owners)), strict=True))
    assert {(x, y): n for x, y, n in got} == expected
    assert len(got) == len(expected)
