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

What documentation repeats by design is not compared: sentences about code (with a
code span), sentences in table cells, in short list items or in one-sentence
paragraphs of fewer than ``min_block_words`` words (templates such as "Accept wildcard
characters: False"), quotations of quotations (the same error message quoted twice),
and parallel sentences that differ in a name, number or identifier ("Use the **Name**
parameter ..." / "Use the **Id** parameter ...").

Across pages (when several files are linted together): paragraphs and whole pages
are compared with MinHash signatures and LSH banding (candidate pairs only, so the work
grows with the number of files, not its square), each candidate verified on its exact
shingle sets. The finding is in the later file, with the earlier place in ``related``.
A paragraph found in ``boilerplate_files``+ files is a shared note or template and is
not reported; neither are versions of one page (paths that differ only in a folder
matching ``version_dirs``, such as ``v23.1/`` and ``v24.2/``). Two pages with the same
front-matter keyphrase compete for one query (keyphrase cannibalisation): a warning at
the later page's keyphrase.

The per-file summary is plain JSON data (lists, strings, numbers) so that the engine
can cache it; shingle sets and signatures travel as base64 strings of uint32 arrays.
"""

from __future__ import annotations

import base64
import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from lint.findings import CorpusHit, Hit, Location, Related, Severity
from lint.kinds import register
from lint.kinds.base import CorpusKind, Option
from lint.kinds.words import CODE, WORD, norm_ids, token_table

# The token table the SEO kinds share (built once per document, whichever runs first).
from lint.kinds.words import norm as _norm

PROSE_KINDS = {"paragraph", "list_item", "table_cell"}
BODY_KINDS = PROSE_KINDS | {"heading"}
PERMUTATIONS = 64
_rng = np.random.RandomState(20240905)  # fixed: signatures must agree across processes
_A = (_rng.randint(0, 1 << 31, size=PERMUTATIONS).astype(np.uint32) << np.uint32(1)) | np.uint32(1)
_B = _rng.randint(0, 1 << 31, size=PERMUTATIONS).astype(np.uint32)
_M = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the rolling shingle hash
_CODE = np.uint64(0x5F5F5F5F)  # code spans: this plus the offset, unique per place
FRONT_MATTER_KEYS = ("keyphrase", "keyword", "keywords")
VERSION_DIRS = [
    r"v?\d+(\.\d+)+[a-z0-9.-]*",
    r"v\d+",
    r"latest|stable|next|nightly|preview|dev|main|master|current",
]


@dataclass(frozen=True)
class Unit:
    kind: str  # sentence | paragraph
    start: int
    end: int
    block: int
    shingles: frozenset
    content: frozenset
    words: frozenset = frozenset()  # lowercase word hashes
    names: frozenset = frozenset()  # those of them that are names, numbers or identifiers
    prose: bool = True  # in a multi-sentence or long block
    quoted: bool = False


@dataclass
class _Page:
    """One document's words, computed once for ``check`` and ``summarize``."""

    units: list  # sentences and paragraphs that may have a copy in the page
    paragraphs: list  # (Block, block index, unique shingles) of paragraphs compared
    shingles: np.ndarray  # uint32 shingle hash per body word position
    page_words: int


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
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        import re2

        # check() and summarize() run one after the other on the same Doc; the Doc itself
        # (not its id, which a later Doc may reuse) tells whether the units are current.
        self._last: tuple | None = None
        # Per-lexeme facts, computed once per vocabulary entry rather than per token.
        self._lexemes: dict[int, tuple] = {}
        self._norm_cache: dict[int, str] = {}
        self.version_dirs = [re2.compile(p) for p in options["version_dirs"]]

    def _page(self, doc, sdoc) -> _Page:
        if self._last is not None and self._last[0] is sdoc:
            return self._last[1]
        page = self._build(doc, sdoc)
        self._last = (sdoc, page)
        return page

    def _build(self, doc, sdoc) -> _Page:
        o = self.opts
        empty = _Page([], [], np.zeros(0, np.uint32), 0)
        if not len(sdoc) or not doc.blocks:
            return empty
        t = token_table(doc, sdoc, self._lexemes)
        body_kind = np.array([b.kind in BODY_KINDS for b in doc.blocks] + [False])
        w = np.nonzero(((t.cls == WORD) | (t.cls == CODE)) & body_kind[t.block])[0]
        if not len(w):
            return empty
        code = t.cls[w] == CODE
        idx_w = t.start[w]
        # Code is "_" in prose: each gets its own value (by offset), so that two sentences
        # that differ only in their code (`Get-Job` vs `Stop-Job`) do not look the same.
        seq = np.where(code, _CODE + idx_w.astype(np.uint64), t.lower[w])
        end_w = t.end[w]
        content = t.alpha[w] & ~t.stop[w]
        # A name: digits, inner capitals or code anywhere; a capital inside a sentence.
        name = t.odd[w] | (t.cap[w] & ~t.sent_start[w]) | code
        shingles = _shingle_hashes(seq)
        sent_w = t.sent[w]
        block_w = t.block[w]
        n = len(w)

        blocks = doc.blocks
        headings = {_key(doc.text_of(b)) for b in blocks if b.kind == "heading"}
        # Blocks whose sentences are compared: paragraphs and list items, not a table of
        # contents (list items that repeat the headings); table cells are templates.
        compared = np.array(
            [
                b.kind == "paragraph"
                or (b.kind == "list_item" and _key(doc.text_of(b)) not in headings)
                for b in blocks
            ]
            + [False]
        )
        # Sentences: runs of equal sentence number.
        bounds = np.concatenate(([0], np.nonzero(np.diff(sent_w))[0] + 1, [n]))
        heads = bounds[:-1]
        sizes = np.diff(bounds)
        per_block_sents = np.bincount(block_w[heads], minlength=len(blocks))
        per_block_words = np.bincount(block_w, minlength=len(blocks))
        has_code = np.add.reduceat(code.astype(np.int64), heads)
        n_content = np.add.reduceat(content.astype(np.int64), heads)
        chosen = np.nonzero(
            (sizes >= o["min_sentence_words"])
            & (has_code == 0)
            & (n_content >= o["min_sentence_content"])
            & compared[block_w[heads]]
        )[0]
        s_a, s_z = bounds[chosen], bounds[chosen + 1]
        # Only sentences that share enough shingles with another one become Units.
        share = _sharing(shingles, s_a, s_z - 2, o["min_shared_shingles"])
        units: list[Unit] = []
        ranges = []
        for a, z in zip(s_a[share].tolist(), s_z[share].tolist(), strict=True):
            bi = int(block_w[a])
            b = blocks[bi]
            ws = seq[a:z]
            ranges.append((a, z))
            units.append(
                Unit(
                    "sentence",
                    int(idx_w[a]),
                    int(end_w[z - 1]),
                    bi,
                    frozenset(shingles[a : z - 2].tolist()),
                    frozenset(),
                    frozenset(ws.tolist()),
                    frozenset(ws[name[a:z]].tolist()),
                    bool(per_block_sents[bi] >= 2 or per_block_words[bi] >= o["min_block_words"]),
                    b.quoted,
                )
            )
        if units:
            # Content words as norms (lemmas), for these sentences only.
            pos = np.concatenate([np.arange(a, z) for a, z in ranges])
            pos = pos[content[pos]]
            ids, _ = norm_ids(sdoc.vocab, t.lemma[w[pos]], self._norm_cache)
            cuts = np.searchsorted(pos, [z for _, z in ranges[:-1]])
            units = [
                dataclasses.replace(u, content=frozenset(part.tolist()))
                for u, part in zip(units, np.split(ids, cuts), strict=True)
            ]
        # Paragraphs: body words of each paragraph block (contiguous in ``w``).
        bbounds = np.concatenate(([0], np.nonzero(np.diff(block_w))[0] + 1, [n]))
        b_a, b_z = bbounds[:-1], bbounds[1:]
        long = (b_z - b_a >= o["min_paragraph_words"]) & np.array(
            [blocks[k].kind == "paragraph" for k in block_w[b_a].tolist()], dtype=bool
        )
        b_a, b_z = b_a[long], b_z[long]
        within, sets = _sharing(shingles, b_a, b_z - 2, o["min_shared_shingles"], split=True)
        paragraphs = [
            (blocks[int(block_w[a])], int(block_w[a]), values)
            for a, values in zip(b_a.tolist(), sets, strict=True)
        ]
        for (b, bi, values), shared in zip(paragraphs, within.tolist(), strict=True):
            if shared:
                units.append(
                    Unit("paragraph", b.start, b.end, bi, frozenset(values.tolist()), frozenset(),
                         quoted=b.quoted)
                )  # fmt: skip
        return _Page(units, paragraphs, shingles, n)

    # -- within a page -------------------------------------------------------------------
    def check(self, doc, sdoc) -> Iterable[Hit]:
        o = self.opts
        units = self._page(doc, sdoc).units
        if len(units) < 2:
            return
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
        if len(units) < 2:
            return []
        keys = np.concatenate([np.fromiter(u.shingles, np.uint64, len(u.shingles)) for u in units])
        owner = np.repeat(np.arange(len(units)), [len(u.shingles) for u in units])
        order = np.argsort(keys, kind="stable")
        keys, owner = keys[order], owner[order]
        # Only shingles that more than one unit has (and not on every other line).
        starts = np.concatenate(([True], keys[1:] != keys[:-1]))
        run = np.cumsum(starts) - 1
        size = np.bincount(run)
        wanted = (size[run] >= 2) & (size[run] <= 50)
        if not wanted.any():
            return []
        shared: dict[tuple[int, int], int] = defaultdict(int)
        members: list[int] = []
        last = -1
        for r, k in zip(run[wanted].tolist(), owner[wanted].tolist(), strict=True):
            if r != last:
                members, last = [], r
            for m in members:
                shared[m, k] += 1
            members.append(k)
        pairs = []
        for (x, y), n in shared.items():
            a, b = units[x], units[y]
            if a.quoted and b.quoted:
                continue  # the same quotation twice (an error message), not a copy
            if kind == "sentence":
                if n < o["min_shared_shingles"] or a.block == b.block and _overlap(a, b):
                    continue
                if not (a.prose or b.prose):
                    continue  # two short one-sentence blocks: a reference template
                if (a.words ^ b.words) & (a.names | b.names):
                    continue  # parallel sentences about different things (names, code)
                if (
                    _jaccard(a.content, b.content) >= o["sentence_similarity"]
                    and _jaccard(a.shingles, b.shingles) >= o["sentence_shingle_similarity"]
                ):
                    pairs.append((a, b))
            elif _jaccard(a.shingles, b.shingles) >= o["paragraph_similarity"]:
                pairs.append((a, b))
        return pairs

    # -- across pages ---------------------------------------------------------------------
    def summarize(self, doc, sdoc) -> dict:
        """Plain JSON data: {paragraphs: [[signature, shingles, place]], page: ...}."""
        o = self.opts
        page = self._page(doc, sdoc)
        paragraphs = [p for p in page.paragraphs if len(p[2])]
        sets = [values for _, _, values in paragraphs]
        page_set = None
        if page.page_words >= o["min_page_words"] and len(page.shingles):
            page_set = np.unique(page.shingles)
            sets.append(page_set)
        signatures = _minhash_many(sets)
        out_paragraphs = [
            [_b64(signatures[k]), _b64(sets[k]), _place(doc, b.start, b.end)]
            for k, (b, _, _) in enumerate(paragraphs)
        ]
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
        return {
            "paragraphs": out_paragraphs,
            "page": [_b64(signatures[-1]), _b64(page_set)] if page_set is not None else None,
            "page_place": page_place,
            "keyphrase": keyphrase,
            "keyphrase_place": kp_place,
        }

    def check_corpus(self, summaries: list[tuple[str, dict]]) -> Iterable[CorpusHit]:
        o = self.opts
        if o["cannibalization"]:
            yield from self._cannibalization(summaries)
        if not o["cross_file"]:
            return
        identity = [self._identity(path) for path, _ in summaries]
        pages = [(k, s["page"]) for k, (_, s) in enumerate(summaries) if s.get("page")]
        page_pairs = set()
        for (x, sx), (y, sy) in self._candidates(pages):
            if x == y or identity[x] == identity[y]:
                continue  # one page in two versions of the site
            sim = _jaccard_b64(sx[1], sy[1])
            if sim >= o["page_similarity"]:
                page_pairs.add((x, y))
                (p_x, s_x), (p_y, s_y) = summaries[x], summaries[y]
                yield _hit(
                    p_y,
                    s_y["page_place"],
                    f"This page is a near-copy of {p_x} ({sim:.0%} of their word sequences "
                    "shared); merge them or make each page distinct",
                    Severity.WARNING,
                    Location(p_x, *s_x["page_place"][:4], "the earlier page"),
                )
        items = []
        for k, (_, s) in enumerate(summaries):
            for j, paragraph in enumerate(s["paragraphs"]):
                items.append(((k, j), paragraph))
        # Cluster copies; a cluster spread over many files is boilerplate.
        reported = []
        files_of: dict[tuple, set] = defaultdict(set)
        for (a, pa), (b, pb) in self._candidates(items):
            files_of[a] |= {a[0], b[0]}
            if a[0] == b[0] or (a[0], b[0]) in page_pairs or identity[a[0]] == identity[b[0]]:
                continue
            if _jaccard_b64(pa[1], pb[1]) >= o["paragraph_similarity"]:
                reported.append((a, b))
        for a, b in reported:
            if len(files_of[a]) >= o["boilerplate_files"]:
                continue
            (p_a, s_a), (p_b, s_b) = summaries[a[0]], summaries[b[0]]
            yield _hit(
                p_b,
                s_b["paragraphs"][b[1]][2],
                f"This paragraph nearly copies one in {p_a}",
                Severity.INFO,
                Location(p_a, *s_a["paragraphs"][a[1]][2][:4], "the earlier copy"),
            )

    def _identity(self, path: str) -> str:
        """The path with version folders blanked: versions of one page share it."""
        parts = re.split(r"[\\/]", path)
        return "/".join(
            "*" if any(p.fullmatch(part) for p in self.version_dirs) else part for part in parts
        )

    def _candidates(self, items: list[tuple]) -> Iterable[tuple]:
        """Pairs (earlier, later) that share an LSH band, each later item named once
        per earlier item; every bucket is compared against its first member only, so
        work stays linear even when a text is in hundreds of files."""
        bands = self.opts["bands"]
        rows = PERMUTATIONS // bands
        buckets: dict[tuple, list[int]] = defaultdict(list)
        for k, (_, data) in enumerate(items):
            sig = base64.b64decode(data[0])
            for band in range(bands):
                buckets[band, sig[band * rows * 4 : (band + 1) * rows * 4]].append(k)
        seen = set()
        for members in buckets.values():
            first = members[0]
            for k in members[1:]:
                if (first, k) not in seen:
                    seen.add((first, k))
                    yield items[first], items[k]

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
                    f'{p_x} already targets the keyphrase "{s["keyphrase_place"][4]}"; two '
                    "pages competing for one query weaken both - merge them or choose another",
                    Severity.WARNING,
                    Location(p_x, *place_x[:4], "the page that targets it first"),
                )
            else:
                first[s["keyphrase"]] = (path, s["keyphrase_place"])


def _is_word(token) -> bool:
    if token.text == "_":
        return True
    if token.is_space or token.is_punct or token.like_url:
        return False
    return any(ch.isalnum() for ch in token.text)


def _shingle_hashes(seq: np.ndarray) -> np.ndarray:
    """uint32 hash of each word 3-gram (position i covers words i..i+2)."""
    if len(seq) < 3:
        return np.zeros(0, np.uint32)
    h = (seq[:-2] * _M + seq[1:-1]) * _M + seq[2:]
    return ((h >> np.uint64(32)) ^ (h & np.uint64(0xFFFFFFFF))).astype(np.uint32)


def _sharing(values: np.ndarray, starts: np.ndarray, ends: np.ndarray, need: int, split=False):
    """Per range ``values[starts[k]:ends[k]]``: has it ``need``+ distinct values that
    another range also has? One sort for the whole page, no pairs. With ``split``, also
    each range's distinct values, sorted."""
    lens = np.maximum(ends - starts, 0)
    if not lens.sum():
        none = np.zeros(len(lens), dtype=bool)
        return (none, [np.zeros(0, np.uint32)] * len(lens)) if split else none
    owner = np.repeat(np.arange(len(lens)), lens)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lens)[:-1])), lens)
    vals = values[np.arange(int(lens.sum())) + offsets].astype(np.uint64)
    pairs = np.unique((owner.astype(np.uint64) << np.uint64(32)) | vals)
    vals, owner = pairs & np.uint64(0xFFFFFFFF), (pairs >> np.uint64(32)).astype(np.int64)
    parts = []
    if split:
        cuts = np.searchsorted(owner, np.arange(1, len(lens)))
        parts = np.split(vals.astype(np.uint32), cuts)
    order = np.argsort(vals, kind="stable")
    vals, owner = vals[order], owner[order]
    same = vals[1:] == vals[:-1]
    shared = np.zeros(len(vals), dtype=bool)
    shared[1:] |= same
    shared[:-1] |= same
    result = np.bincount(owner[shared], minlength=len(lens)) >= need
    return (result, parts) if split else result


def _minhash_many(sets: list[np.ndarray]) -> np.ndarray:
    """MinHash signatures (PERMUTATIONS uint32 values) of several shingle sets at once."""
    if not sets:
        return np.zeros((0, PERMUTATIONS), np.uint32)
    values, inverse = np.unique(np.concatenate(sets), return_inverse=True)
    # One random affine map of the (already hashed) shingles per permutation, mod 2**32.
    hashed = values[None, :] * _A[:, None] + _B[:, None]
    offsets = np.cumsum([0] + [len(s) for s in sets[:-1]])
    return np.minimum.reduceat(hashed[:, inverse], offsets, axis=1).T


def _b64(values: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype="<u4").tobytes()).decode("ascii")


def _unb64(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4")


def _jaccard_b64(a: str, b: str) -> float:
    x, y = _unb64(a), _unb64(b)
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


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _place(doc, start: int, end: int) -> list:
    """[line, column, end_line, end_column, source text]: plain data for the cache."""
    s, e = doc.source_span(start, end)
    (line, col), (end_line, end_col) = doc.position(s), doc.position(e)
    return [line, col, end_line, end_col, doc.source[s:e]]


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
