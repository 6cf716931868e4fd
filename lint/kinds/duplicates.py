"""Kind ``duplicates``: near-duplicate sentences and paragraphs, within and across pages.

Passing: a page whose sentences each say something new.
Failing: ``The most popular tea blends in the U.S. tend to be green teas.`` followed by
``The widely used tea blends in the U.S. are usually green teas.`` (spun copies).

Within a page: sentences of ``min_sentence_words``+ words and paragraphs of
``min_paragraph_words``+ words are indexed by their word 3-shingles (hashed); sentences
that share shingles are candidates, verified by the Jaccard similarity of their content
words (``sentence_similarity``) and paragraphs by that of their shingles
(``paragraph_similarity``). Copies are grouped; the finding is at each later copy and
names the first. A single duplicated pair (a pull quote) is ``info``; a group of 3+
copies, or ``warn_pairs``+ duplicated pairs in one page, are warnings.

Across pages (when several files are linted together): paragraphs and whole pages
are compared with MinHash signatures and LSH banding (candidate pairs only, so the work
grows with the number of files, not its square), each candidate verified on its exact
shingle sets. The finding is in the later file, with the earlier place in ``related``.
A paragraph found in ``boilerplate_files``+ files is a shared note or template and is
not reported. Two pages with the same front-matter keyphrase compete for one query
(keyphrase cannibalisation): a warning at the later page's keyphrase.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, LEMMA, ORTH, SENT_START

from lint.findings import CorpusHit, Hit, Location, Related, Severity
from lint.kinds import register
from lint.kinds.base import CorpusKind, Option

PROSE_KINDS = {"paragraph", "list_item", "table_cell"}
BODY_KINDS = PROSE_KINDS | {"heading"}
SHINGLE = 3
PERMUTATIONS = 64
_PRIME = (1 << 61) - 1
_rng = np.random.RandomState(20240905)  # fixed: signatures must agree across processes
_A = _rng.randint(1, 1 << 31, size=PERMUTATIONS).astype(np.uint64)
_B = _rng.randint(0, 1 << 31, size=PERMUTATIONS).astype(np.uint64)
FRONT_MATTER_KEYS = ("keyphrase", "keyword", "keywords")


@dataclass(frozen=True)
class Unit:
    kind: str  # sentence | paragraph
    start: int
    end: int
    block: int
    shingles: frozenset
    content: frozenset


@dataclass(frozen=True)
class Place:
    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True)
class Summary:
    paragraphs: tuple  # ((shingles, Place, words), ...)
    page: frozenset | None
    page_place: Place | None
    keyphrase: str
    keyphrase_place: Place | None


@register
class DuplicatesKind(CorpusKind):
    name = "duplicates"
    description = "Near-duplicate sentences and paragraphs within a page or across pages."
    options = {
        "min_sentence_words": Option("int", 15, "Shortest sentence compared, in words."),
        "min_sentence_content": Option("int", 5, "Content words a compared sentence needs."),
        "sentence_similarity": Option(
            "float", 0.5, "Jaccard similarity of content words for a near-duplicate sentence."
        ),
        "min_shared_shingles": Option("int", 4, "Word 3-grams two sentences must share."),
        "sentence_shingle_similarity": Option(
            "float", 0.12, "Jaccard similarity of word 3-grams a near-duplicate sentence needs."
        ),
        "min_paragraph_words": Option("int", 30, "Shortest paragraph compared, in words."),
        "paragraph_similarity": Option(
            "float", 0.6, "Jaccard similarity of word 3-grams for a near-duplicate paragraph."
        ),
        "warn_group": Option("int", 3, "Copies of one text that make a warning."),
        "warn_pairs": Option("int", 3, "Duplicated pairs in one page that make warnings."),
        "cross_file": Option("bool", True, "Compare paragraphs and pages across files."),
        "page_similarity": Option(
            "float", 0.8, "Jaccard similarity of word 3-grams for near-duplicate pages."
        ),
        "min_page_words": Option("int", 100, "Shortest page compared across files."),
        "boilerplate_files": Option(
            "int", 4, "A paragraph in this many files is a shared note, not reported."
        ),
        "cannibalization": Option("bool", True, "Report pages that share one keyphrase."),
        "bands": Option("int", 16, "LSH bands (of 64 MinHash values) for candidate pairs."),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        # check() and summarize() run one after the other on the same Doc; the Doc itself
        # (not its id, which a later Doc may reuse) tells whether the units are current.
        self._last: tuple | None = None
        self._lexemes: dict[tuple[int, int], tuple | None] = {}

    # -- units -------------------------------------------------------------------------
    def _units(self, doc, sdoc) -> list[Unit]:
        if self._last is not None and self._last[0] is sdoc:
            return self._last[1]
        o = self.opts
        starts = [b.start for b in doc.blocks]
        headings = {_key(doc.text_of(b)) for b in doc.blocks if b.kind == "heading"}
        units: list[Unit] = []
        block_words: dict[int, list] = defaultdict(list)
        page: list = []
        for words in self._sentences(sdoc):
            block = _block_of(starts, words[0][3])
            b = doc.blocks[block]
            if b.kind not in BODY_KINDS:
                continue
            page.append(words)
            if b.kind == "list_item" and _key(doc.text_of(b)) in headings:
                continue  # a table of contents repeats the headings
            block_words[block] += words
            if b.kind == "heading" or len(words) < o["min_sentence_words"]:
                continue
            if any(w[0] == "_" for w in words):
                # Reference text (a sentence about code) repeats by design, one parameter
                # or example after another; spun copies of prose carry no code.
                continue
            content = frozenset(w[1] for w in words if w[2])
            if len(content) < o["min_sentence_content"]:
                continue
            start, end = words[0][3], words[-1][4]
            units.append(Unit("sentence", start, end, block, _shingles(words), content))
        for block, words in block_words.items():
            if doc.blocks[block].kind == "paragraph" and len(words) >= o["min_paragraph_words"]:
                b = doc.blocks[block]
                units.append(
                    Unit("paragraph", b.start, b.end, block, _shingles(words), frozenset())
                )
        self._last = (sdoc, units, page)
        return units

    def _sentences(self, sdoc) -> list[list[tuple]]:
        """Words of each sentence: (lower, norm, is content, start, end)."""
        sentences: list[list[tuple]] = []
        current: list[tuple] = []
        cache = self._lexemes
        for orth, lemma, idx, sent_start in sdoc.to_array([ORTH, LEMMA, IDX, SENT_START]).tolist():
            if sent_start == 1 and current:
                sentences.append(current)
                current = []
            facts = cache.get((orth, lemma))
            if facts is None:
                facts = cache[orth, lemma] = self._facts(orth, lemma)
            if facts is None:
                continue
            lower, norm, content, length = facts
            if lower == "_":  # code: numbered, so that shingles around it are unique
                current.append(("_", f"_{idx}", 0, idx, idx + 1))
            else:
                current.append((lower, norm, content, idx, idx + length))
        if current:
            sentences.append(current)
        return sentences

    def _facts(self, orth: int, lemma: int):
        lex = self.nlp.vocab[orth]
        text = lex.orth_
        if text == "_":
            return "_", "_", 0, 1
        if lex.is_space or lex.is_punct or lex.like_url or not any(c.isalnum() for c in text):
            return None
        lower = lex.lower_
        norm = self.nlp.vocab.strings[lemma] if lemma else lower
        if (
            norm == lower
            and len(norm) > 4
            and norm.endswith("s")
            and not norm.endswith(("ss", "us", "is"))
        ):
            norm = norm[:-1]
        return lower, norm, int(lex.is_alpha and not lex.is_stop), len(text)

    # -- within a page -------------------------------------------------------------------
    def check(self, doc, sdoc) -> Iterable[Hit]:
        o = self.opts
        units = self._units(doc, sdoc)
        pairs = self._pairs([u for u in units if u.kind == "paragraph"], "paragraph")
        dup_blocks = {
            units_block for pair in pairs for units_block in (pair[0].block, pair[1].block)
        }
        sentences = [u for u in units if u.kind == "sentence" and u.block not in dup_blocks]
        pairs += self._pairs(sentences, "sentence")
        if not pairs:
            return
        # Group copies around the first text each one repeats (not transitively: A ~ B
        # and B ~ C does not make C a copy of A); each later copy names the first.
        earliest: dict[int, Unit] = {}
        by_start = {}
        for a, b in pairs:
            a, b = (a, b) if a.start < b.start else (b, a)
            by_start[a.start], by_start[b.start] = a, b
            if b.start not in earliest or a.start < earliest[b.start].start:
                earliest[b.start] = a
        groups: dict[int, list[Unit]] = defaultdict(list)
        for start, first in earliest.items():
            while first.start in earliest:  # the first copy of a copy
                first = earliest[first.start]
            if not groups[first.start]:
                groups[first.start].append(first)
            groups[first.start].append(by_start[start])
        many_pairs = len(groups) >= o["warn_pairs"]
        for members in groups.values():
            members.sort(key=lambda u: u.start)
            first = members[0]
            size = len(members)
            warn = size >= o["warn_group"] or many_pairs
            what = first.kind
            for copy in members[1:]:
                if size >= 3:
                    message = f"This {what} is one of {size} near-copies in the page; keep one"
                elif many_pairs:
                    message = (
                        f"This {what} nearly repeats an earlier one "
                        f"({len(groups)} repeated texts in the page); keep one"
                    )
                else:
                    message = f"This {what} nearly repeats an earlier one"
                related = (Related(f"first {what}", first.start, first.end),)
                related += tuple(
                    Related(f"another copy of the {what}", m.start, m.end)
                    for m in members[1:]
                    if m is not copy
                )
                yield Hit(
                    copy.start,
                    copy.end,
                    message,
                    Severity.WARNING if warn else Severity.INFO,
                    related,
                )

    def _pairs(self, units: list[Unit], kind: str) -> list[tuple[Unit, Unit]]:
        """Near-duplicate pairs, from an inverted index of shingles (no all-pairs)."""
        o = self.opts
        index: dict[int, list[int]] = defaultdict(list)
        for k, u in enumerate(units):
            for s in u.shingles:
                index[s].append(k)
        shared: dict[tuple[int, int], int] = defaultdict(int)
        for members in index.values():
            if len(members) > 50:  # a shingle on every other line says nothing
                continue
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    shared[members[x], members[y]] += 1
        pairs = []
        for (x, y), n in shared.items():
            a, b = units[x], units[y]
            if kind == "sentence":
                if n < o["min_shared_shingles"] or a.block == b.block and _overlap(a, b):
                    continue
                if (
                    _jaccard(a.content, b.content) >= o["sentence_similarity"]
                    and _jaccard(a.shingles, b.shingles) >= o["sentence_shingle_similarity"]
                ):
                    pairs.append((a, b))
            elif _jaccard(a.shingles, b.shingles) >= o["paragraph_similarity"]:
                pairs.append((a, b))
        return pairs

    # -- across pages ---------------------------------------------------------------------
    def summarize(self, doc, sdoc) -> Summary:
        o = self.opts
        units = self._units(doc, sdoc)
        paragraphs = []
        page: set = set()
        words = 0
        for u in units:
            if u.kind == "paragraph":
                paragraphs.append((u.shingles, _place(doc, u.start, u.end)))
        for ws in self._last[2]:
            words += len(ws)
            page |= _shingles(ws)
        body = [b for b in doc.blocks if b.kind in BODY_KINDS]
        page_place = _place(doc, body[0].start, body[0].end) if body else None
        keyphrase, kp_place = "", None
        for key in FRONT_MATTER_KEYS:
            value = doc.front_matter.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, str) and value.strip():
                keyphrase = " ".join(
                    _norm(t) for t in self.nlp.make_doc(value.lower()) if _is_word(t)
                )
                kp_place = _front_matter_place(doc, key)
                break
        return Summary(
            tuple(paragraphs),
            frozenset(page) if words >= o["min_page_words"] else None,
            page_place,
            keyphrase,
            kp_place,
        )

    def check_corpus(self, summaries: list[tuple[str, Summary]]) -> Iterable[CorpusHit]:
        o = self.opts
        if o["cannibalization"]:
            yield from self._cannibalization(summaries)
        if not o["cross_file"]:
            return
        pages = [(k, s.page) for k, (_, s) in enumerate(summaries) if s.page]
        page_pairs = set()
        for (x, set_x), (y, set_y) in self._candidates(pages):
            sim = _jaccard(set_x, set_y)
            if sim >= o["page_similarity"]:
                page_pairs.add((x, y))
                (p_x, s_x), (p_y, s_y) = summaries[x], summaries[y]
                yield _hit(
                    p_y,
                    s_y.page_place,
                    f"This page is a near-copy of {p_x} ({sim:.0%} of their word sequences "
                    "shared); merge them or make each page distinct",
                    Severity.WARNING,
                    Location(p_x, *_loc(s_x.page_place), "the earlier page"),
                )
        items = []
        for k, (_, s) in enumerate(summaries):
            for j, (shingles, _) in enumerate(s.paragraphs):
                items.append(((k, j), shingles))
        # Cluster copies; a cluster spread over many files is boilerplate.
        reported = []
        files_of: dict[tuple, set] = defaultdict(set)
        for (a, set_a), (b, set_b) in self._candidates(items):
            if a[0] == b[0] or (a[0], b[0]) in page_pairs:
                continue
            if _jaccard(set_a, set_b) >= o["paragraph_similarity"]:
                reported.append((a, b))
                files_of[a] |= {a[0], b[0]}
        for a, b in reported:
            if len(files_of[a]) >= o["boilerplate_files"]:
                continue
            (p_a, s_a), (p_b, s_b) = summaries[a[0]], summaries[b[0]]
            yield _hit(
                p_b,
                s_b.paragraphs[b[1]][1],
                f"This paragraph nearly copies one in {p_a}",
                Severity.INFO,
                Location(p_a, *_loc(s_a.paragraphs[a[1]][1]), "the earlier copy"),
            )

    def _candidates(self, items: list[tuple]) -> Iterable[tuple]:
        """Pairs (earlier, later) that share an LSH band, each later item named once
        per earlier item; every bucket is compared against its first member only, so
        work stays linear even when a text is in hundreds of files."""
        rows = PERMUTATIONS // self.opts["bands"]
        buckets: dict[tuple, list[int]] = defaultdict(list)
        for k, (_, shingles) in enumerate(items):
            if not shingles:
                continue
            sig = _minhash(shingles)
            for band in range(self.opts["bands"]):
                buckets[band, sig[band * rows : (band + 1) * rows].tobytes()].append(k)
        seen = set()
        for members in buckets.values():
            first = members[0]
            for k in members[1:]:
                if (first, k) not in seen:
                    seen.add((first, k))
                    yield items[first], items[k]

    def _cannibalization(self, summaries) -> Iterable[CorpusHit]:
        first: dict[str, tuple[str, Place]] = {}
        for path, s in summaries:
            if not s.keyphrase or s.keyphrase_place is None:
                continue
            if s.keyphrase in first:
                p_x, place_x = first[s.keyphrase]
                yield _hit(
                    path,
                    s.keyphrase_place,
                    f'{p_x} already targets the keyphrase "{s.keyphrase_place.text}"; two '
                    "pages competing for one query weaken both - merge them or choose another",
                    Severity.WARNING,
                    Location(p_x, *_loc(place_x), "the page that targets it first"),
                )
            else:
                first[s.keyphrase] = (path, s.keyphrase_place)


def _is_word(token) -> bool:
    if token.text == "_":
        return True  # code: kept as a word so that shingles around it are unique
    if token.is_space or token.is_punct or token.like_url:
        return False
    return any(ch.isalnum() for ch in token.text)


def _norm(token) -> str:
    lemma = token.lemma_ or token.lower_
    if (
        lemma == token.lower_
        and len(lemma) > 4
        and lemma.endswith("s")
        and not lemma.endswith(("ss", "us", "is"))
    ):
        lemma = lemma[:-1]
    return lemma


def _shingles(words) -> frozenset:
    # Code is "_" in prose: each is numbered (by its offset), so that two sentences that
    # differ only in their code (`Get-Job` vs `Stop-Job`) do not look the same.
    lowers = [w[0] if w[0] != "_" else w[1] for w in words]
    if len(lowers) < SHINGLE:
        return frozenset()
    return frozenset(
        zlib.crc32(" ".join(lowers[i : i + SHINGLE]).encode("utf-8"))
        for i in range(len(lowers) - SHINGLE + 1)
    )


def _minhash(shingles: frozenset) -> np.ndarray:
    x = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    # (a * x + b) mod p per permutation; x < 2**32 and a, b < 2**31 keep this in uint64.
    values = (np.outer(_A, x) + _B[:, None]) % np.uint64(_PRIME)
    return values.min(axis=1)


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _overlap(a: Unit, b: Unit) -> bool:
    return a.start < b.end and b.start < a.end


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _block_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset) - 1


def _place(doc, start: int, end: int) -> Place:
    s, e = doc.source_span(start, end)
    (line, col), (end_line, end_col) = doc.position(s), doc.position(e)
    return Place(line, col, end_line, end_col, doc.source[s:e])


def _front_matter_place(doc, key: str) -> Place | None:
    m = re.search(rf"(?m)^{key}\s*:[ \t]*(.*)$", doc.source)
    if not m:
        return None
    value = m.group(1).rstrip()
    start = m.start(1)
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        start, value = start + 1, value[1:-1]
    end = start + len(value)
    if not value:  # a YAML list on the lines below: point at the key
        start, end = m.start(), m.start() + len(key)
    (line, col), (end_line, end_col) = doc.position(start), doc.position(end)
    return Place(line, col, end_line, end_col, doc.source[start:end] or key)


def _loc(place: Place) -> tuple[int, int, int, int]:
    return place.line, place.column, place.end_line, place.end_column


def _hit(path: str, place: Place, message: str, severity, related: Location) -> CorpusHit:
    return CorpusHit(
        path,
        place.line,
        place.column,
        place.end_line,
        place.end_column,
        message,
        place.text,
        severity,
        (related,),
    )
