"""Kind ``duplicates``: near-duplicate sentences and paragraphs, within and across pages.

Passing: a page whose sentences each say something new.
Failing: ``The most popular tea blends in the U.S. tend to be green teas.`` followed by
``The widely used tea blends in the U.S. are usually green teas.`` (spun copies).

Within a page: sentences of ``min_sentence_words``+ words and paragraphs of
``min_paragraph_words``+ words are indexed by their word 3-shingles (hashed once per
page and sorted once: every later step works on the page's shingle ids, and only
shingles the page repeats can be shared); sentences that share shingles are
candidates, verified by the Jaccard similarity of their content words
(``sentence_similarity``) and paragraphs by that of their shingles
(``paragraph_similarity``). Copies are grouped; the finding is at each later copy and
names the first. A single duplicated pair (a pull quote) is ``info``; a group of 3+
copies, or ``warn_pairs``+ duplicated pairs in one page, are warnings.

What documentation repeats by design is not compared: sentences about code (with a
code span), sentences in table cells, in short list items or in one-sentence
paragraphs of fewer than ``min_block_words`` words (templates such as "Accept wildcard
characters: False"), quotations of quotations (the same error message quoted twice),
parallel sentences that differ in a name, number or identifier ("Use the **Name**
parameter ..." / "Use the **Id** parameter ..."), parallel paragraphs in which each
names something the other does not (a parameter reference that says **Include** where
the other says **Exclude**; their sentences are then not compared one by one either),
and a statement next to its negation ("There is a point ..." / "There is not any
point ...").

Across pages (when several files are linted together): paragraphs and whole pages
are compared with MinHash signatures and LSH banding (candidate pairs only, so the work
grows with the number of files, not its square), each candidate verified on its exact
shingle sets. The finding is in the later file, with the earlier place in ``related``.
A paragraph found in ``boilerplate_files``+ files is a shared note or template and is
not reported; neither are versions of one page (paths that differ only in a folder
matching ``version_dirs``, such as ``v23.1/`` and ``v24.2/``). Two pages with the same
front-matter keyphrase compete for one query (keyphrase cannibalisation): a warning at
the later page's keyphrase.

The per-file summary is plain JSON data (strings, numbers) so that the engine can
cache it, and small, as the engine holds one per file until the last is read: the LSH
band keys of the paragraphs and of the page (64-bit integers, as base64), one string
with their exact shingle sets and places (``_pack``) and one with the places' texts,
read back only for the candidate pairs and the copies reported.
"""

from __future__ import annotations

import binascii
import dataclasses
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from lint.findings import CorpusHit, Hit, Location, Related, Severity
from lint.kinds import register
from lint.kinds.base import CorpusKind, Option
from lint.kinds.words import (
    CODE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    WORD,
    declared_keyphrases,
    is_word,
    kind_mask,
    run_starts,
    toc_entries,
    token_table,
    value_counts,
)

# The token table the SEO kinds share (built once per document, whichever runs first).
from lint.kinds.words import norm as _norm

PERMUTATIONS = 64
_rng = np.random.RandomState(20240905)  # fixed: signatures must agree across processes
_A = (_rng.randint(0, 1 << 31, size=PERMUTATIONS).astype(np.uint32) << np.uint32(1)) | np.uint32(1)
_B = _rng.randint(0, 1 << 31, size=PERMUTATIONS).astype(np.uint32)
_M = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the rolling shingle hash
_CODE = np.uint64(0x5F5F5F5F)  # code spans: this plus the offset, unique per place
# Words that negate a statement: a sentence and its negation are no copies.
NEGATIONS = ("not", "n't", "no", "never", "none", "nothing", "neither", "nor", "without")
VERSION_DIRS = [
    r"v?\d+(\.\d+)+[a-z0-9.-]*",
    r"v\d+",
    r"latest|stable|next|nightly|preview|dev|main|master|current",
]


class Unit(NamedTuple):
    kind: str  # sentence | paragraph
    start: int
    end: int
    block: int
    # Its distinct shingles: _Page.sentence_ids or _Page.para_ids[shingles[0]:shingles[1]].
    shingles: tuple[int, int]
    prose: bool = True  # in a multi-sentence or long block
    quoted: bool = False
    words: tuple[int, int] = (0, 0)  # a sentence's word positions in the page (_Page.seq)
    # A paragraph with enough of its shingles elsewhere in the page to be a near-copy:
    # Jaccard similarity p needs p * size shared shingles.
    eligible: bool = True


@dataclass
class _Page:
    """One document's words, computed once for ``check`` and ``summarize``."""

    units: list  # sentences and paragraphs that may have a copy in the page
    paragraphs: list  # the Blocks of the paragraphs compared across pages
    page_words: int
    # The page's distinct shingles (sorted) and, for MinHash, the paragraphs' shingles as
    # indexes into them: ``para_ids`` concatenated, paragraph k from ``para_offsets[k]``;
    # ``sentence_ids`` the same for the sentences that became units.
    page_set: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.uint32))
    sentence_ids: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))
    multi: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, bool))  # repeated
    # The body words (token indexes into ``table``) and their lowercase hashes (code:
    # unique per place), for comparing the texts that may be copies.
    table: object = None
    w: np.ndarray | None = None
    seq: np.ndarray | None = None
    para_ids: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))
    para_offsets: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))


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
        "min_block_words": Option(
            "int",
            25,
            "A sentence alone in its paragraph or list item counts only in blocks this long "
            "(short one-sentence blocks are templates in reference pages).",
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
        "version_dirs": Option(
            "patterns",
            VERSION_DIRS,
            "Folder names (RE2, whole name) of versioned copies of a site: pages whose paths "
            "differ only there are versions of one page, not duplicates.",
        ),
        "cannibalization": Option("bool", True, "Report pages that share one keyphrase."),
        "bands": Option("int", 16, "LSH bands (of 64 MinHash values) for candidate pairs."),
        "max_keywords": Option(
            "int", 3, "A longer `keywords` list is a search-synonym list, not a keyphrase."
        ),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        import re2

        # check() and summarize() run one after the other on the same Doc; the Doc itself
        # (not its id, which a later Doc may reuse) tells whether the units are current.
        self._last: tuple | None = None
        self.version_dirs = [re2.compile(p) for p in options["version_dirs"]]
        self._version_names: dict[str, bool] = {}
        # nlp is None for the cross-file pass, which compares summaries only.
        self._negations = frozenset(map(nlp.vocab.strings.add, NEGATIONS)) if nlp else frozenset()

    def _page(self, doc, sdoc) -> _Page:
        if self._last is not None and self._last[0] is sdoc:
            return self._last[1]
        page = self._build(doc, sdoc)
        self._last = (sdoc, page)
        return page

    def _build(self, doc, sdoc) -> _Page:
        o = self.opts
        empty = _Page([], [], 0)
        if not len(sdoc) or not doc.blocks:
            return empty
        t = token_table(doc, sdoc)
        blocks = doc.blocks
        # Per block (index -1: before the first block): its kind's code, 0 if not body text
        # (paragraphs, list items, table cells and headings have the codes 1 to 4).
        kind = np.where(t.block_kind <= HEADING, t.block_kind, 0)
        w = (((t.cls == WORD) | (t.cls == CODE)) & (kind[t.block] > 0)).nonzero()[0]
        if not len(w):
            return empty
        code = t.cls[w] == CODE
        idx_w = t.start[w]
        # Code is "_" in prose: each gets its own value (by offset), so that two sentences
        # that differ only in their code (`Get-Job` vs `Stop-Job`) do not look the same.
        seq = np.where(code, _CODE + idx_w.astype(np.uint64), t.lower[w])
        content = t.alpha[w] & ~t.stop[w]
        shingles = _shingle_hashes(seq)
        sent_w = t.sent[w]
        block_w = t.block[w]
        n = len(w)
        # The page's distinct shingles (sorted); per position the index of its shingle
        # there and the position of its previous occurrence (-1: none). One sort serves
        # every comparison in the page: a shingle that occurs once cannot be shared, and
        # a text has a shingle once however often it repeats it.
        page_set, ids, previous, repeated = _occurrences(shingles)
        multi = np.zeros(len(page_set), dtype=bool)  # per distinct shingle: repeated
        multi[ids[repeated]] = True

        # Sentences: runs of equal sentence number, in paragraphs and list items.
        bounds = np.concatenate((run_starts(sent_w).nonzero()[0], [n]))
        heads = bounds[:-1]
        sizes = bounds[1:] - bounds[:-1]
        head_block = block_w[heads]
        has_code = np.add.reduceat(code.astype(np.int64), heads)
        n_content = np.add.reduceat(content.astype(np.int64), heads)
        head_kind = kind[head_block]
        chosen = (
            (sizes >= o["min_sentence_words"])
            & (has_code == 0)
            & (n_content >= o["min_sentence_content"])
            & ((head_kind == PARAGRAPH) | (head_kind == LIST_ITEM))
        ).nonzero()[0]

        # Only sentences that share enough shingles with another one become Units; those
        # of a table of contents do not count. It is looked for only when some sentence
        # shares enough: leaving sentences out never makes another share more.
        def sharing(chosen):
            return _sharing(
                ids, previous, repeated, bounds[chosen], bounds[chosen + 1] - 2,
                o["min_shared_shingles"],
            )  # fmt: skip

        share, s_owner, s_ids = sharing(chosen)
        if share.any():
            kept = self._not_toc(doc, t, chosen, head_block, kind)
            if len(kept) < len(chosen):
                chosen = kept
                share, s_owner, s_ids = sharing(chosen)
        s_a, s_z = bounds[chosen], bounds[chosen + 1]
        units: list[Unit] = []
        if share.any():
            per_block_sents = np.bincount(head_block, minlength=len(blocks))
            per_block_words = np.bincount(block_w, minlength=len(blocks))
            at = share.nonzero()[0]
            a, z = s_a[at], s_z[at]
            bi = block_w[a]
            # In a multi-sentence or long block (not a one-line template).
            prose = (per_block_sents[bi] >= 2) | (per_block_words[bi] >= o["min_block_words"])
            for args in zip(
                idx_w[a].tolist(),
                t.end[w[z - 1]].tolist(),
                bi.tolist(),
                s_owner.searchsorted(at).tolist(),
                s_owner.searchsorted(at, side="right").tolist(),
                prose.tolist(),
                a.tolist(),
                z.tolist(),
                strict=True,
            ):
                start, end, block, first, last, in_prose, word_a, word_z = args
                units.append(
                    Unit("sentence", start, end, block, (first, last), in_prose,
                         blocks[block].quoted, (word_a, word_z))
                )  # fmt: skip
        # Paragraphs: body words of each paragraph block (contiguous in ``w``), and the
        # distinct shingles of each (as indexes into ``page_set``, sorted).
        bbounds = np.concatenate((run_starts(block_w).nonzero()[0], [n]))
        b_a, b_z = bbounds[:-1], bbounds[1:]
        long = (b_z - b_a >= max(o["min_paragraph_words"], 3)) & (kind[block_w[b_a]] == PARAGRAPH)
        b_a, b_z = b_a[long], b_z[long]
        p_owner, p_pos = _distinct(previous, b_a, b_z - 2)
        p_ids = ids[p_pos]
        offsets = p_owner.searchsorted(np.arange(len(b_a)))
        shared = np.bincount(p_ids, minlength=len(page_set)) >= 2
        within = np.bincount(p_owner[shared[p_ids]], minlength=len(b_a))
        paragraphs = []
        ends = (offsets[1:].tolist() + [len(p_ids)])[: len(offsets)]
        for bi, a, z, start, end, n_shared in zip(
            block_w[b_a].tolist(),
            b_a.tolist(),
            b_z.tolist(),
            offsets.tolist(),
            ends,
            within.tolist(),
            strict=True,
        ):
            b = blocks[bi]
            paragraphs.append(b)
            if n_shared >= o["min_shared_shingles"]:
                eligible = n_shared >= o["paragraph_similarity"] * (end - start)
                units.append(
                    Unit("paragraph", b.start, b.end, bi, (start, end), quoted=b.quoted,
                         words=(a, z), eligible=eligible)
                )  # fmt: skip
        return _Page(
            units,
            paragraphs,
            n,
            page_set,
            multi=multi,
            para_ids=p_ids,
            para_offsets=offsets,
            sentence_ids=s_ids,
            table=t,
            w=w,
            seq=seq,
        )

    def _not_toc(self, doc, t, chosen, head_block, kind) -> np.ndarray:
        """``chosen`` sentences without those of list items that repeat a heading (a
        table of contents)."""
        in_items = head_block[chosen][kind[head_block[chosen]] == LIST_ITEM]
        if not len(in_items):
            return chosen
        # Sentences come in order: equal blocks are neighbours.
        in_items = in_items[np.concatenate(([True], in_items[1:] != in_items[:-1]))]
        toc = toc_entries(doc, t, in_items)
        if not toc:
            return chosen
        return chosen[~np.isin(head_block[chosen], toc)]

    def _words(self, page: _Page, unit: Unit, content: bool = True):
        """A text's words (lowercase hashes), the names among them (numbers, identifiers,
        code, capitalised words inside a sentence) and, with ``content``, its content
        words as norms (lemmas): computed only for the texts that are compared."""
        a, z = unit.words
        t, w, words = page.table, page.w[a:z], page.seq[a:z]
        name = t.odd[w] | (t.cap[w] & ~t.sent_start[w]) | (t.cls[w] == CODE)
        norms = frozenset()
        if content:
            norms = frozenset(t.norm[w[t.alpha[w] & ~t.stop[w]]].tolist())
        return frozenset(words.tolist()), frozenset(words[name].tolist()), norms

    # -- within a page -------------------------------------------------------------------
    def check(self, doc, sdoc) -> Iterable[Hit]:
        o = self.opts
        page = self._page(doc, sdoc)
        units = page.units
        if len(units) < 2:
            return
        paragraphs = [u for u in units if u.kind == "paragraph"]
        pairs, similar = [], []
        if sum(u.eligible for u in paragraphs) >= 2:
            pairs = self._pairs(paragraphs, "paragraph", page, similar)
        # Sentences of paragraphs compared as a whole are not compared again (parallel
        # paragraphs that differ in a name stay parallel sentence by sentence).
        dup_blocks = {unit.block for pair in similar for unit in pair}
        sentences = [u for u in units if u.kind == "sentence" and u.block not in dup_blocks]
        pairs += self._pairs(sentences, "sentence", page)
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

    def _pairs(
        self, units: list[Unit], kind: str, page: _Page, similar: list | None = None
    ) -> list[tuple[Unit, Unit]]:
        """Near-duplicate pairs, from the pairs of units that share shingles (counted
        per shingle's holders, no all-pairs). Units that are not ``eligible`` cannot be
        near-copies but still count as holders of their shingles. ``similar`` collects
        the pairs similar enough, also those then found to be parallel texts, not copies."""
        o = self.opts
        if len(units) < 2:
            return []
        source = page.sentence_ids if kind == "sentence" else page.para_ids
        # Every unit's distinct shingles at once: (unit, shingle) pairs.
        lo = np.array([u.shingles[0] for u in units], dtype=np.int64)
        sizes = np.array([u.shingles[1] for u in units], dtype=np.int64) - lo
        owner = np.arange(len(units)).repeat(sizes)
        values = source[np.arange(len(owner)) + (lo - (sizes.cumsum() - sizes)).repeat(sizes)]
        # How many units have each shingle (only one the page repeats can be shared); one
        # on every other line does not count.
        multi = page.multi[values]
        held = np.bincount(values[multi], minlength=len(page.page_set))
        eligible = np.array([u.eligible for u in units], dtype=bool)
        mine = eligible[owner]
        common = mine & multi & (held[values] >= 2) & (held[values] <= 50)
        # Exact similarities from the counts, unless a shingle was left out.
        exact = not (held[values[mine & multi]] > 50).any()
        xs, ys, ns = _pair_counts(owner[common], values[common], len(units))
        # Most pairs share a shingle or two: what the counts decide is tested on all pairs
        # at once (the Jaccard similarity too, when the counts are exact).
        sentences = kind == "sentence"
        least = o["sentence_shingle_similarity"] if sentences else o["paragraph_similarity"]
        keep = ns >= (o["min_shared_shingles"] if sentences else 1)
        if exact:
            keep &= ns / (sizes[xs] + sizes[ys] - ns) >= least
        sizes = sizes.tolist()
        sets: dict[int, frozenset] = {}

        def similar_sets(x: int, y: int) -> bool:
            """Whether two units' shingle sets are similar enough (counts not exact)."""
            for k in (x, y):
                if k not in sets:
                    sets[k] = frozenset(source[lo[k] : lo[k] + sizes[k]].tolist())
            return _jaccard(sets[x], sets[y]) >= least

        pairs = []
        words: dict[int, tuple[frozenset, frozenset, frozenset]] = {}
        for x, y in zip(xs[keep].tolist(), ys[keep].tolist(), strict=True):
            a, b = units[x], units[y]
            if a.quoted and b.quoted:
                continue  # the same quotation twice (an error message), not a copy
            if sentences:
                if a.block == b.block and _overlap(a, b):
                    continue
                if not (a.prose or b.prose):
                    continue  # two short one-sentence blocks: a reference template
            if not exact and not similar_sets(x, y):
                continue
            if similar is not None:
                similar.append((a, b))
            for k, unit in ((x, a), (y, b)):
                if k not in words:
                    words[k] = self._words(page, unit, content=sentences)
            (words_a, names_a, content_a), (words_b, names_b, content_b) = words[x], words[y]
            if sentences and (words_a ^ words_b) & (names_a | names_b):
                continue  # parallel sentences about different things (names, code)
            if not sentences and names_a - words_b and names_b - words_a:
                continue  # parallel paragraphs: each names something the other does not
            if words_a & self._negations != words_b & self._negations:
                continue  # a statement and its negation ("... is not supported") differ
            if not sentences or _jaccard(content_a, content_b) >= o["sentence_similarity"]:
                pairs.append((a, b))
        return pairs

    # -- across pages ---------------------------------------------------------------------
    def summarize(self, doc, sdoc) -> dict:
        """Plain JSON data (see ``_pack``): the LSH band keys of the paragraphs and of the
        page, their shingle sets and places packed in one string, the places' texts, and
        the keyphrase."""
        o = self.opts
        page = self._page(doc, sdoc)
        whole = page.page_words >= o["min_page_words"] and len(page.page_set) > 0
        paragraph_keys = page_keys = texts = ""
        packed = None
        if o["cross_file"] and (page.paragraphs or whole):
            # Columns: each paragraph's signature, then the page's; band keys in one go.
            columns = []
            if page.paragraphs:
                # A paragraph's signature: the minimum over its own shingles (hashed
                # again: gathering columns of the page's hashes is three times slower).
                columns.append(
                    np.minimum.reduceat(
                        _min_hashes(page.page_set[page.para_ids]), page.para_offsets, axis=1
                    )
                )
            if whole:
                columns.append(_min_hashes(page.page_set).min(axis=1)[:, None])
            keys = _band_keys(np.concatenate(columns, axis=1).T, o["bands"])
            paragraph_keys = _b64(keys[: len(page.paragraphs)])
            page_keys = _b64(keys[len(page.paragraphs) :]) if whole else ""
            # The page's place: its first block of body text.
            body_blocks = kind_mask(
                page.table, PARAGRAPH, LIST_ITEM, TABLE_CELL, HEADING
            ).nonzero()[0]
            body = doc.blocks[body_blocks[0]] if len(body_blocks) else None
            places = [_place(doc, b.start, b.end) for b in page.paragraphs]
            packed, texts = _pack(
                page.page_set,
                page.para_ids,
                page.para_offsets,
                [_place(doc, body.start, body.end) if whole and body else None, places],
            )
        keyphrase, kp_place, kp_text = "", None, ""
        # Read as the keyphrase kinds read it: a long `keywords` list is no target.
        declared = declared_keyphrases(doc.front_matter, max_keywords=self.opts["max_keywords"])
        if declared:
            kp_text, key = declared[0]
            words = self.nlp.make_doc(kp_text.lower())
            keyphrase = " ".join(_norm(t) for t in words if is_word(t))
            kp_place = _front_matter_place(doc, key)
        return {
            "paragraphs": paragraph_keys,
            "page": page_keys,
            "shingles": packed,
            "texts": texts,
            "keyphrase": keyphrase,
            "keyphrase_text": kp_text,
            "keyphrase_place": kp_place,
        }

    def check_corpus(self, summaries: list[tuple[str, dict]]) -> Iterable[CorpusHit]:
        o = self.opts
        if o["cannibalization"]:
            yield from self._cannibalization(summaries)
        if not o["cross_file"]:
            return
        # Per file a number for its path without version folders (equal: one page in
        # two versions of the site, never duplicates of each other).
        identities: dict[str, int] = {}
        identity = np.array(
            [identities.setdefault(self._identity(path), len(identities)) for path, _ in summaries],
            dtype=np.int64,
        )
        unpacked = _Unpacked(summaries)
        pages = np.array([k for k, (_, s) in enumerate(summaries) if s.get("page")], np.int64)
        xs, ys = self._candidates([summaries[k][1]["page"] for k in pages.tolist()])
        xs, ys = pages[xs], pages[ys]
        keep = identity[xs] != identity[ys]
        page_pairs = []
        for x, y in zip(xs[keep].tolist(), ys[keep].tolist(), strict=True):
            sim = _jaccard_arrays(unpacked[x].page_set, unpacked[y].page_set)
            if sim >= o["page_similarity"]:
                page_pairs.append(x * len(summaries) + y)
                p_x, p_y = summaries[x][0], summaries[y][0]
                yield _hit(
                    p_y,
                    unpacked[y].places[0],
                    f"This page is a near-copy of {p_x} ({sim:.0%} of their word sequences "
                    "shared); merge them or make each page distinct",
                    Severity.WARNING,
                    Location(p_x, *unpacked[x].places[0][:4], "the earlier page"),
                )
        # Paragraph n of the corpus is paragraph index[n] of file owner[n].
        keys = [s["paragraphs"] for _, s in summaries]
        counts = np.array([_b64_len(text) for text in keys], dtype=np.int64) // (8 * o["bands"])
        owner = np.arange(len(summaries)).repeat(counts)
        index = np.arange(len(owner)) - (counts.cumsum() - counts).repeat(counts)
        a, b = self._candidates(keys)
        file_a, file_b = owner[a], owner[b]
        # Copies cluster around their earliest paragraph; one whose cluster spans
        # ``boilerplate_files`` files is a shared note or template.
        cluster_files = np.unique(
            np.concatenate((a, a)) * len(summaries) + np.concatenate((file_a, file_b))
        )
        spread = np.bincount(cluster_files // len(summaries), minlength=len(owner))
        keep = (
            (file_a != file_b)
            & (identity[file_a] != identity[file_b])
            & ~np.isin(file_a * len(summaries) + file_b, page_pairs)
            & (spread[a] < o["boilerplate_files"])
        )
        for fa, ja, fb, jb in zip(
            file_a[keep].tolist(),
            index[a[keep]].tolist(),
            file_b[keep].tolist(),
            index[b[keep]].tolist(),
            strict=True,
        ):
            if (
                _jaccard_arrays(unpacked[fa].paragraph(ja), unpacked[fb].paragraph(jb))
                >= o["paragraph_similarity"]
            ):
                yield _hit(
                    summaries[fb][0],
                    unpacked[fb].places[1][jb],
                    f"This paragraph nearly copies one in {summaries[fa][0]}",
                    Severity.INFO,
                    Location(summaries[fa][0], *unpacked[fa].places[1][ja][:4], "the earlier copy"),
                )

    def _identity(self, path: str) -> str:
        """The path with version folders blanked: versions of one page share it."""
        return "/".join(
            "*" if self._version_dir(part) else part for part in re.split(r"[\\/]", path)
        )

    def _version_dir(self, name: str) -> bool:
        # Folder names recur in every path of a site: each is matched once.
        known = self._version_names.get(name)
        if known is None:
            known = self._version_names[name] = any(p.fullmatch(name) for p in self.version_dirs)
        return known

    def _candidates(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of items that share an LSH band, as arrays of the earlier and the later
        item (ordered by earlier, then later item), each later item named once per
        earlier item; every bucket is compared against its first member only, so
        work stays linear even when a text is in hundreds of files. ``keys``: per file,
        its items' band keys (``_band_keys``) as base64; items are numbered across files."""
        bands = self.opts["bands"]
        counts = [_b64_len(text) // (8 * bands) for text in keys]
        n = sum(counts)
        if n < 2:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        table = np.empty((n, bands), dtype="<u8")
        at = 0
        for text, count in zip(keys, counts, strict=True):
            if count:
                table[at : at + count] = np.frombuffer(
                    binascii.a2b_base64(text), dtype="<u8"
                ).reshape(count, bands)
                at += count
        position = np.arange(n)
        pairs = []
        for band in range(bands):
            # Items sorted by their key (stable: in order within a bucket); a bucket
            # starts where the key differs from the item before.
            order = table[:, band].argsort(kind="stable")
            ordered = table[order, band]
            starts = np.concatenate(([True], ordered[1:] != ordered[:-1]))
            first = order[np.maximum.accumulate(np.where(starts, position, 0))]
            pairs.append((first * n + order)[~starts])
        del table
        return np.divmod(np.unique(np.concatenate(pairs)), n)

    def _cannibalization(self, summaries) -> Iterable[CorpusHit]:
        first: dict[str, tuple[str, list]] = {}
        for path, s in summaries:
            if not s["keyphrase"] or s["keyphrase_place"] is None:
                continue
            if s["keyphrase"] in first:
                p_x, place_x = first[s["keyphrase"]]
                yield _hit(
                    path,
                    s["keyphrase_place"],
                    f'{p_x} already targets the keyphrase "{s["keyphrase_text"]}"; two '
                    "pages competing for one query weaken both - merge them or choose another",
                    Severity.WARNING,
                    Location(p_x, *place_x[:4], "the page that targets it first"),
                )
            else:
                first[s["keyphrase"]] = (path, s["keyphrase_place"])


def _shingle_hashes(seq: np.ndarray) -> np.ndarray:
    """uint32 hash of each word 3-gram (position i covers words i..i+2)."""
    if len(seq) < 3:
        return np.zeros(0, np.uint32)
    h = (seq[:-2] * _M + seq[1:-1]) * _M + seq[2:]
    return ((h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF))).astype(np.uint32)


def _occurrences(values: np.ndarray):
    """The distinct values (sorted); per position the index of its value among them and
    the position of the value's previous occurrence (-1 for the first); per position
    whether the value occurs more than once."""
    # Sorted by value, then position (one key each: faster than a stable argsort).
    keys = (values.astype(np.uint64) << np.uint64(32)) | np.arange(len(values), dtype=np.uint64)
    keys.sort()
    order = (keys & np.uint64(0xFFFFFFFF)).astype(np.int64)
    ordered = (keys >> np.uint64(32)).astype(np.uint32)
    new = run_starts(ordered)
    ids = np.empty(len(values), dtype=np.int64)
    ids[order] = new.cumsum() - 1
    previous = np.empty(len(values), dtype=np.int64)  # (np.full wraps this in Python)
    previous.fill(-1)
    previous[order[1:]] = np.where(new[1:], -1, order[:-1])
    # A value is repeated unless it starts a run that the next one does not continue.
    single = new.copy()
    single[:-1] &= new[1:]
    repeated = np.empty(len(values), dtype=bool)
    repeated[order] = ~single
    return ordered[new], ids, previous, repeated


def _distinct(previous: np.ndarray, starts: np.ndarray, ends: np.ndarray):
    """The first position of each distinct value in each range ``starts[k]:ends[k]``
    (ranges in order, not overlapping), and the k it belongs to."""
    lens = np.maximum(ends - starts, 0)
    owner = np.arange(len(lens)).repeat(lens)
    pos = np.arange(len(owner)) + (starts - np.concatenate(([0], lens.cumsum()[:-1]))).repeat(lens)
    first = previous[pos] < starts[owner]  # not already seen in this range
    return owner[first], pos[first]


def _sharing(ids, previous, repeated, starts, ends, need: int):
    """Per range ``ids[starts[k]:ends[k]]``: has it ``need``+ distinct values that
    another range also has? ``repeated`` marks the positions whose value is elsewhere
    in the page too; the others cannot be shared. No pairs of ranges are compared.
    Also the ranges' distinct values (and the range of each) when one does."""
    result = np.zeros(len(starts), dtype=bool)
    none = np.zeros(0, dtype=np.int64)
    ends = np.maximum(ends, starts)
    prefix = np.concatenate(([0], repeated.cumsum()))
    if not len(starts) or not (prefix[ends] - prefix[starts] >= need).any():
        return result, none, none
    owner, pos = _distinct(previous, starts, ends)
    values = ids[pos]
    shared = np.bincount(values) >= 2  # in two ranges
    result = np.bincount(owner[shared[values]], minlength=len(starts)) >= need
    return result, owner, values


def _pair_counts(owner: np.ndarray, values: np.ndarray, n_owners: int):
    """Arrays (earlier, later, n) over the pairs of owners that share n values: every
    pair of holders of a value at once, then counted (``owner`` ascending, a value at
    most once per owner)."""
    order = values.argsort(kind="stable")  # by value, holders in order
    owner, values = owner[order], values[order]
    new = run_starts(values)
    first = new.nonzero()[0][new.cumsum() - 1]  # where each one's value starts
    rank = np.arange(len(values)) - first  # holders of the value before it
    total = int(rank.sum())
    if not total:
        return np.zeros((3, 0), dtype=np.int64)
    later = owner.repeat(rank)
    earlier = owner[first.repeat(rank) + np.arange(total) - (rank.cumsum() - rank).repeat(rank)]
    codes, counts = value_counts(earlier * n_owners + later)
    return (*np.divmod(codes, n_owners), counts)


def _min_hashes(shingles: np.ndarray) -> np.ndarray:
    """MinHash's permutations of shingles (already hashed): one random affine map per
    permutation, mod 2**32, a row each (the minimums run along rows)."""
    hashed = np.multiply.outer(_A, shingles)
    hashed += _B[:, None]
    return hashed


def _band_keys(signatures: np.ndarray, bands: int) -> np.ndarray:
    """Per MinHash signature (row), one 64-bit key per LSH band: its values combined
    (an odd multiplier, mod 2**64), two 32-bit values at a time where a band has an even
    number of them. Items share a band when their keys are equal; two different bands
    with one key (odds about 2**-64 a pair) would add one candidate pair, which the exact
    comparison then rejects."""
    rows = PERMUTATIONS // bands
    values = np.ascontiguousarray(signatures[:, : bands * rows]).reshape(-1, bands, rows)
    if rows % 2 == 0:
        values = values.view(np.uint64)
    keys = values[:, :, 0].astype(np.uint64)
    for r in range(1, values.shape[2]):
        keys *= _M
        keys += values[:, :, r]
    return keys.astype("<u8", copy=False)


# A place in a packed summary: line, column, end line, end column, length of its text.
_PLACE = 5


def _pack(page_set: np.ndarray, para_ids: np.ndarray, para_offsets: np.ndarray, places):
    """One file's shingles and places: base64 of a uint32 header (distinct shingles,
    paragraphs, each paragraph's size, then the place of the page and of each paragraph
    as line, column, end line, end column and text length; all zero for no page), the
    page's distinct shingles (uint32) and each paragraph's shingles as indexes into them
    (uint16 when the page has up to 65,536 shingles); and the places' texts as one
    string. Texts are not compressed: zlib took as long as all the MinHash work of the
    page. ``_Shingles`` reads them back."""
    n = len(page_set)
    sizes = np.concatenate((para_offsets[1:], [len(para_ids)])) - para_offsets
    page, paragraphs = places
    header = [n, len(sizes), *sizes.tolist()]
    texts = []
    for place in [page or [0, 0, 0, 0, ""], *paragraphs]:
        header += place[:4]
        header.append(len(place[4]))
        texts.append(place[4])
    raw = b"".join(
        (
            np.array(header, dtype="<u4").tobytes(),
            page_set.astype("<u4", copy=False).tobytes(),
            para_ids.astype("<u2" if n <= 0x10000 else "<u4").tobytes(),
        )
    )
    return binascii.b2a_base64(raw, newline=False).decode("ascii"), "".join(texts)


class _Shingles:
    """One file's packed shingles and places (``_pack``), read back."""

    def __init__(self, packed: str, texts: str):
        raw = binascii.a2b_base64(packed)
        n, count = np.frombuffer(raw, "<u4", 2).tolist()
        sizes = np.frombuffer(raw, "<u4", count, 8).astype(np.int64)
        at = 8 + 4 * count
        self._place_rows = np.frombuffer(raw, "<u4", _PLACE * (count + 1), at)
        at += 4 * _PLACE * (count + 1)
        self.page_set = np.frombuffer(raw, "<u4", n, at)
        at += 4 * n
        width = 2 if n <= 0x10000 else 4
        self._ids = np.frombuffer(raw, f"<u{width}", int(sizes.sum()), at)
        self._ends = sizes.cumsum().tolist()
        self._texts = texts
        self._places = None

    def paragraph(self, j: int) -> np.ndarray:
        """Paragraph ``j``'s distinct shingles."""
        start = self._ends[j - 1] if j else 0
        return self.page_set[self._ids[start : self._ends[j]]]

    @property
    def places(self) -> list:
        """[the page's place or None, [each paragraph's place]], each place [line,
        column, end line, end column, source text]."""
        if self._places is None:
            places, at = [], 0
            for row in self._place_rows.reshape(-1, _PLACE).tolist():
                places.append([*row[:4], self._texts[at : at + row[4]]])
                at += row[4]
            page = places[0] if places[0][0] else None  # lines count from 1
            self._places = [page, places[1:]]
        return self._places


class _Unpacked:
    """Files' ``_Shingles``, read when a comparison needs them; the last few are kept
    (candidate pairs come ordered by their earlier item)."""

    def __init__(self, summaries: list[tuple[str, dict]], keep: int = 256):
        self.summaries = summaries
        self.keep = keep
        self.kept: OrderedDict[int, _Shingles] = OrderedDict()

    def __getitem__(self, k: int) -> _Shingles:
        got = self.kept.get(k)
        if got is None:
            summary = self.summaries[k][1]
            got = self.kept[k] = _Shingles(summary["shingles"], summary["texts"])
            if len(self.kept) > self.keep:
                self.kept.popitem(last=False)
        else:
            self.kept.move_to_end(k)
        return got


def _b64(values: np.ndarray) -> str:
    return binascii.b2a_base64(np.ascontiguousarray(values).tobytes(), newline=False).decode(
        "ascii"
    )


def _b64_len(text: str) -> int:
    """How many bytes a base64 string holds."""
    return len(text) // 4 * 3 - text.count("=", max(len(text) - 2, 0))


def _jaccard_arrays(x: np.ndarray, y: np.ndarray) -> float:
    """The Jaccard similarity of two arrays of distinct values."""
    if not len(x) or not len(y):
        return 0.0
    inter = len(np.intersect1d(x, y, assume_unique=True))
    return inter / (len(x) + len(y) - inter)


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _overlap(a: Unit, b: Unit) -> bool:
    return a.start < b.end and b.start < a.end


def _place(doc, start: int, end: int) -> list:
    """[line, column, end_line, end_column, source text]: plain data for the cache."""
    s, e = doc.source_span(start, end)
    line, col = doc.position(s)
    text = doc.source[s:e]
    # Where it ends, from its own text (no second search of the page's lines).
    last = text.rfind("\n")
    if last < 0:
        return [line, col, line, col + len(text), text]
    return [line, col, line + text.count("\n"), len(text) - last, text]


def _front_matter_place(doc, key: str) -> list | None:
    span = doc.front_matter_span(key)
    if span is None:
        return None
    start, end = span
    (line, col), (end_line, end_col) = doc.position(start), doc.position(end)
    return [line, col, end_line, end_col, doc.source[start:end] or key]


def _hit(path: str, place: list, message: str, severity, related: Location) -> CorpusHit:
    line, column, end_line, end_column, text = place
    return CorpusHit(path, line, column, end_line, end_column, message, text, severity, (related,))
