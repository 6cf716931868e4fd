"""Kind ``repetition``: the same 4-8-word phrase recurring throughout a page.

Passing: ``Kratom is a tree. Its leaves contain alkaloids ...`` (no phrase recurs).
Failing: an article whose paragraphs keep opening with "has gained attention for its
potential" or "is a natural way to boost your energy".

Needs no keyphrase. Every sequence of ``min_words``-``max_words`` words (punctuation
ignored, within one sentence) that has at least ``min_content_words`` content words is
counted by hashing; no sentences are compared pairwise. A phrase that occurs
``warning_count``+ times and ``warning_per_1000``+ times per 1,000 body words is a
warning; ``error_count``+ times and ``error_per_1000``+ per 1,000 words an error. A
phrase of ``long_words``+ words needs only ``long_count`` occurrences: a long verbatim
repeat is stronger evidence than a short one. Only the longest such phrase is reported
(extended over the words all its copies share), once, and not the shorter phrases that
mostly stand inside it: the finding is at its second occurrence (the first repeat),
``related`` lists every other place.

Headings count; the title, description and image descriptions do not. A table of
contents does not count either: list items whose text is the text of a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from lint.findings import Hit, Related, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option

# The token table the SEO kinds share (built once per document, whichever runs first).
from lint.kinds.words import (
    BREAK,
    CODE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    SKIP,
    TITLE,
    WORD,
    kind_mask,
    run_starts,
    toc_entries,
    token_table,
)

_M = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the rolling n-gram hash


@register
class RepetitionKind(Kind):
    name = "repetition"
    description = "A phrase of 4-8 words with content words that recurs throughout the page."
    options = {
        "min_words": Option("int", 4, "Shortest phrase, in words."),
        "max_words": Option("int", 8, "Longest phrase hashed, in words."),
        "min_content_words": Option("int", 3, "Content words a phrase needs."),
        "warning_count": Option("int", 4, "Occurrences for a warning."),
        "warning_per_1000": Option("float", 3.0, "Occurrences per 1,000 words for a warning."),
        "error_count": Option("int", 6, "Occurrences for an error."),
        "error_per_1000": Option("float", 5.0, "Occurrences per 1,000 words for an error."),
        "long_words": Option("int", 6, "A phrase this long needs only `long_count` copies."),
        "long_count": Option("int", 3, "Occurrences of a long phrase for a warning."),
        "min_block_words": Option(
            "int",
            25,
            "Paragraphs and list items shorter than this do not count (headings do): short "
            'blocks are templates in reference pages ("Required: True").',
        ),
        "skip_lead_ins": Option(
            "bool",
            True,
            "Sentences that end with a colon (they introduce code, a list or a figure) "
            "do not count.",
        ),
        "stopwords": Option("words", [], "More words that never count as content words."),
        "ignore": Option("patterns", [], "Phrases (RE2, on lowercase text) never reported."),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        import re2

        self.stopwords = {w.lower() for w in options["stopwords"]}
        self._stop_hashes = (
            np.array([nlp.vocab.strings.add(w) for w in self.stopwords], dtype=np.uint64)
            if self.stopwords
            else None
        )
        self._colon = np.uint64(nlp.vocab.strings.add(":"))
        self.ignore = [re2.compile(p) for p in options["ignore"]]

    def check(self, doc, sdoc) -> Iterable[Hit]:
        o = self.opts
        if not len(sdoc) or not doc.blocks or o["min_words"] > o["max_words"]:
            return
        words = self._words(doc, token_table(doc, sdoc))
        if words is None:
            return
        lower, content, segs, starts_, ends_, names = words
        total = len(lower)
        if total < o["min_words"] * o["long_count"]:
            return

        def needed(n: int) -> int:
            count = o["warning_count"] if n < o["long_words"] else o["long_count"]
            return max(count, int(-(-o["warning_per_1000"] * total // 1000)))

        # Every n-gram hashed at once (rolling, wrapping uint64): no tuple per position.
        # A phrase that recurs ``need`` times starts with a ``min_words``-gram that recurs
        # as often: only positions whose shortest phrase does are followed further.
        prefix = np.concatenate(([0], content.cumsum()))
        shortest = o["min_words"]
        least = min(needed(n) for n in range(shortest, o["max_words"] + 1))
        h = np.zeros(total, dtype=np.uint64)
        for n in range(1, shortest + 1):
            h = h[: total - n + 1] * _M + lower[n - 1 :]
        valid = segs[: len(h)] == segs[shortest - 1 :]
        common = _frequent(h[valid], least)
        if not len(common):
            return
        # The positions followed (their shortest phrase, in one segment, recurs) and the
        # hash of their n-gram, one word longer each round: no longer the whole page.
        at_all = (valid & _member(h, common)).nonzero()[0]
        h_all = h[at_all]
        candidates = []  # (n, positions)
        for n in range(shortest, o["max_words"] + 1):
            if n > shortest:
                kept = int(at_all.searchsorted(total - n + 1))  # room for n words
                at_all = at_all[:kept]
                h_all = h_all[:kept] * _M + lower[at_all + n - 1]
            last = at_all + n - 1
            valid = (segs[at_all] == segs[last]) & (
                prefix[last + 1] - prefix[at_all] >= o["min_content_words"]
            )
            need = needed(n)
            at, keys = at_all[valid], h_all[valid]
            common = _frequent(keys, need)
            if not len(common):
                continue
            # The places of each frequent phrase, in order (grouped by a stable sort).
            frequent = _member(keys, common)
            at, keys = at[frequent], keys[frequent]
            order = keys.argsort(kind="stable")
            at, keys = at[order], keys[order]
            same = keys[1:] == keys[:-1]
            cuts = ((~same).nonzero()[0] + 1).tolist()
            # Copies that overlap an earlier copy of the same phrase are rare ("a a a a
            # a"): only then are the places of a phrase walked one by one.
            overlapping = np.concatenate((same & (at[1:] - at[:-1] < n), [False]))
            walk = np.add.reduceat(overlapping, [0, *cuts]).tolist()
            places = at.tolist()
            for a, z, overlaps in zip([0, *cuts], [*cuts, len(places)], walk, strict=True):
                kept = places[a:z]
                if overlaps:
                    kept = _non_overlapping(kept, n)
                if len(kept) >= need:
                    candidates.append((n, kept))
        if not candidates:
            return
        seq, segl = lower.tolist(), segs.tolist()
        strings = self.nlp.vocab.strings
        topic = self._topic_words(doc, token_table(doc, sdoc))
        # Per word position: is it in a phrase already reported (spans [start, end) are
        # marked word by word, so a span holds a start when it holds its word).
        reported = bytearray(total)
        for n, positions in sorted(candidates, key=lambda c: (-c[0], c[1][0])):
            # A phrase that mostly stands inside a longer one already reported is part of
            # that repeat ("the member access operator" in "when you use the member access
            # operator on"): the longest phrase is reported once, not each part of it.
            if 2 * sum(reported[p] | reported[p + n - 1] for p in positions) >= len(positions):
                continue
            start_off, length = _extend(seq, segl, positions, n)
            starts = [p + start_off for p in positions]
            first = starts[0]
            phrase = " ".join(strings[x] for x in seq[first : first + length])
            for p in starts:
                reported[p : p + length] = b"\x01" * length
            if any(p.search(phrase) for p in self.ignore):
                continue
            span = range(first, first + length)
            content_words = [strings[seq[k]] for k in span if content[k]]
            # Terminology, not stuffing: a phrase made of the page's own topic words
            # (those of its title and headings), or naming a product or identifier.
            if all(x in topic for x in content_words) or names[first : first + length].any():
                continue
            count = len(starts)
            rate = count / total * 1000
            severity = Severity.WARNING
            if count >= o["error_count"] and rate >= o["error_per_1000"]:
                severity = Severity.ERROR
            spans = [(int(starts_[p]), int(ends_[p + length - 1])) for p in starts]
            at = spans[1]
            message = (
                f'The phrase "{phrase}" is repeated {count} times in {total} words '
                f"({rate:.1f} per 1,000 words); say it once and vary the rest"
            )
            related = tuple(
                Related("first occurrence" if k == 0 else "repeated here", s, e)
                for k, (s, e) in enumerate(spans)
                if k != 1
            )
            yield Hit(at[0], at[1], message, severity, related)

    def _topic_words(self, doc, t) -> set[str]:
        # The title and H1 name the page's subject; its terms recur by necessity. Names
        # written as one token ("Test-PSSessionConfigurationFile") give their parts.
        # (Found on the table's block kinds: a long page has hundreds of blocks.)
        words: set[str] = set()
        for k in kind_mask(t, TITLE, HEADING).nonzero()[0].tolist():
            b = doc.blocks[k]
            if b.kind == "title" or b.level == 1:
                text = doc.text_of(b)
                words |= {x.lower() for x in re.findall(r"[^\W\d_]+", text)}
                words |= {x.lower() for x in CAMEL_PART.findall(text)}
        return words

    def _words(self, doc, t):
        """Arrays over the body words that count: (lowercase hash, is content, segment,
        start, end, is a name); segments are sentences, also cut at code and URLs."""
        o = self.opts
        blocks = doc.blocks
        w = (t.cls == WORD).nonzero()[0]
        word_block = t.block[w]
        per_block = np.bincount(word_block + 1, minlength=len(blocks) + 1)[1:]
        # Per block (index -1: before any block): headings, and paragraphs and list items
        # that are not quoted and long enough to be prose, not a template.
        kind = t.block_kind
        heading = kind == HEADING
        prose = kind_mask(t, PARAGRAPH, LIST_ITEM) & ~t.block_quoted
        counted = heading | (prose & np.concatenate((per_block >= o["min_block_words"], [False])))
        items = (counted & (kind == LIST_ITEM)).nonzero()[0]
        if len(items) and heading.any():
            counted[toc_entries(doc, t, items)] = False
        w = w[counted[word_block]]
        if o["skip_lead_ins"] and len(w):
            lead_ins = self._lead_ins(t)
            if lead_ins is not None:
                w = w[~lead_ins[t.sent[w]]]
        if not len(w):
            return None
        lower = t.lower[w]
        content = t.alpha[w] & ~t.stop[w] & (t.end[w] - t.start[w] > 1)
        if self._stop_hashes is not None:
            content &= ~np.isin(lower, self._stop_hashes)
        # A name or identifier: capitals inside a sentence, digits, CamelCase.
        names = t.odd[w] | (t.cap[w] & ~t.sent_start[w])
        # Segments: sentences, also cut at code, a URL or a template tag. The numbers
        # only need to be equal within a segment and differ across one.
        cuts = ((t.cls == CODE) | (t.cls == BREAK)).nonzero()[0]
        segs = t.sent[w] + cuts.searchsorted(w, side="right")
        return lower, content.astype(np.int64), segs, t.start[w], t.end[w], names

    def _lead_ins(self, t) -> np.ndarray | None:
        """Per sentence: does it end with a colon (it introduces code, a list, a table or
        a figure: "The query returns the following results:")? A colon with nothing but
        punctuation after it in its sentence. None: no colon in the page."""
        colons = (t.lower == self._colon).nonzero()[0]
        if not len(colons):
            return None
        significant = (t.cls != SKIP).nonzero()[0]
        after = significant.searchsorted(colons, side="right")
        sent = t.sent[colons]
        last = (after == len(significant)) | (
            t.sent[significant[np.minimum(after, len(significant) - 1)]] != sent
        )
        lead = np.zeros(int(t.sent[-1]) + 1, dtype=bool)
        lead[sent[last]] = True
        return lead


CAMEL_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _frequent(values: np.ndarray, need: int) -> np.ndarray:
    """The values that occur ``need``+ times (sorted). Not from ``value_counts``: the
    shifted comparison below needs no count of every value (5% faster for the kind)."""
    if len(values) < need:
        return values[:0]
    ordered = values.copy()
    ordered.sort()  # (np.sort wraps this in Python)
    # Sorted, a value that occurs need+ times is still there need - 1 places on.
    m = len(ordered) - need + 1
    found = ordered[:m][ordered[:m] == ordered[need - 1 :]]
    if len(found) < 2:
        return found
    return found[run_starts(found)]


def _member(values: np.ndarray, common: np.ndarray) -> np.ndarray:
    """Per value: is it in ``common`` (sorted, not empty)."""
    return common[np.minimum(common.searchsorted(values), len(common) - 1)] == values


def _non_overlapping(positions: list[int], n: int) -> list[int]:
    kept = []
    for p in positions:
        if not kept or p >= kept[-1] + n:
            kept.append(p)
    return kept


def _extend(seq, segs, positions, n) -> tuple[int, int]:
    """Grow the phrase left and right while every copy has the same word there."""
    left = 0
    while all(
        p - left - 1 >= 0
        and segs[p - left - 1] == segs[p]
        and seq[p - left - 1] == seq[positions[0] - left - 1]
        for p in positions
    ) and all(positions[k] - left - 1 >= positions[k - 1] + n for k in range(1, len(positions))):
        left += 1
    right = n
    while all(
        p + right < len(seq)
        and segs[p + right] == segs[p]
        and seq[p + right] == seq[positions[0] + right]
        for p in positions
    ) and all(positions[k] + right < positions[k + 1] - left for k in range(len(positions) - 1)):
        right += 1
    return -left, left + right
