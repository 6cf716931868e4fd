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
(extended over the words all its copies share), once: the finding is at its second
occurrence (the first repeat), ``related`` lists every other place.

Headings count; the title, description and image descriptions do not. A table of
contents does not count either: list items whose text is the text of a heading.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

from spacy.attrs import IDX, ORTH, SENT_START

from lint.findings import Hit, Related, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option

BODY_KINDS = {"heading", "paragraph", "list_item", "table_cell"}
WORD, NAME, SKIP, BREAK = range(4)


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
        "stopwords": Option("words", [], "More words that never count as content words."),
        "ignore": Option("patterns", [], "Phrases (RE2, on lowercase text) never reported."),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        import re2

        # Per-lexeme facts, computed once per vocabulary entry rather than per token.
        self._lexemes: dict[int, tuple[int, str, int, str]] = {}
        self.stopwords = {w.lower() for w in options["stopwords"]}
        self.ignore = [re2.compile(p) for p in options["ignore"]]

    def check(self, doc, sdoc) -> Iterable[Hit]:
        o = self.opts
        words = self._words(doc, sdoc)
        total = len(words)
        if total < o["min_words"] * o["long_count"]:
            return
        lowers = [w[0] for w in words]
        contents = [w[1] for w in words]
        topic = self._topic_words(doc, sdoc)
        segs = [w[2] for w in words]  # sentence number: phrases stay within one
        ids: dict[str, int] = {}
        seq = [ids.setdefault(x, len(ids)) for x in lowers]
        prefix = [0]
        for c in contents:
            prefix.append(prefix[-1] + c)

        def needed(n: int) -> int:
            count = o["warning_count"] if n < o["long_words"] else o["long_count"]
            return max(count, int(-(-o["warning_per_1000"] * total // 1000)))

        candidates = []  # (n, positions)
        for n in range(o["max_words"], o["min_words"] - 1, -1):
            table: dict[tuple, list[int]] = defaultdict(list)
            for i in range(total - n + 1):
                if segs[i] != segs[i + n - 1]:
                    continue
                if prefix[i + n] - prefix[i] < o["min_content_words"]:
                    continue
                table[tuple(seq[i : i + n])].append(i)
            need = needed(n)
            for positions in table.values():
                if len(positions) >= need:
                    kept = _non_overlapping(positions, n)
                    if len(kept) >= need:
                        candidates.append((n, kept))
        reported: list[tuple[int, int]] = []  # word spans already reported
        for n, positions in sorted(candidates, key=lambda c: (-c[0], c[1][0])):
            if all(_covered(reported, p, p + n) for p in positions):
                continue
            start_off, length = _extend(seq, segs, positions, n)
            starts = [p + start_off for p in positions]
            phrase = " ".join(lowers[starts[0] : starts[0] + length])
            if any(p.search(phrase) for p in self.ignore):
                continue
            span_words = words[starts[0] : starts[0] + length]
            content = [w for w in span_words if w[1]]
            # Terminology, not stuffing: a phrase made of the page's own topic words
            # (those of its title and headings), or naming a product or identifier.
            if all(w[0] in topic for w in content) or any(w[5] for w in span_words):
                reported += [(p, p + length) for p in starts]
                continue
            reported += [(p, p + length) for p in starts]
            count = len(starts)
            rate = count / total * 1000
            severity = Severity.WARNING
            if count >= o["error_count"] and rate >= o["error_per_1000"]:
                severity = Severity.ERROR
            spans = [(words[p][3], words[p + length - 1][4]) for p in starts]
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

    def _lexeme(self, orth: int) -> tuple[int, str, int, str]:
        lex = self.nlp.vocab[orth]
        text = lex.orth_
        if lex.like_url or text == "_":
            return BREAK, "", 0, text
        if lex.is_space or lex.is_punct or not any(ch.isalnum() for ch in text):
            return SKIP, "", 0, text
        lower = lex.lower_
        content = int(
            lex.is_alpha and len(lower) > 1 and not lex.is_stop and lower not in self.stopwords
        )
        odd = not text.isalpha() or any(c.isupper() for c in text[1:])
        return (NAME if odd else WORD), lower, content, text

    def _topic_words(self, doc, sdoc) -> set[str]:
        # The title and H1 name the page's subject; its terms recur by necessity.
        spans = [
            (b.start, b.end)
            for b in doc.blocks
            if b.kind == "title" or (b.kind == "heading" and b.level == 1)
        ]
        words = set()
        for start, end in spans:
            span = sdoc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                words |= {t.lower_ for t in span if t.is_alpha}
        return words

    def _words(self, doc, sdoc) -> list[tuple[str, int, int, int, int, bool]]:
        """(lowercase, is content word, sentence, start, end, is a name) of body words."""
        starts = [b.start for b in doc.blocks]
        headings = {_key(doc.text_of(b)) for b in doc.blocks if b.kind == "heading"}
        skip = set()
        for k, b in enumerate(doc.blocks):
            if b.kind not in BODY_KINDS:
                skip.add(k)
            elif b.kind == "list_item" and _key(doc.text_of(b)) in headings:
                skip.add(k)  # a table of contents repeats the headings
        templates = _template_spans(doc.prose)
        words = []
        sent = 0
        rows = sdoc.to_array([ORTH, IDX, SENT_START]).tolist()
        lexemes = self._lexemes
        block, next_start = -1, starts[0] if starts else 1 << 62
        for orth, idx, sent_start in rows:
            if sent_start == 1:
                sent += 1
            lex = lexemes.get(orth)
            if lex is None:
                lex = lexemes[orth] = self._lexeme(orth)
            kind, lower, content, text = lex
            if kind == BREAK:
                sent += 1  # code or a URL in the middle: the words around it are no phrase
                continue
            if kind == SKIP:
                continue
            while idx >= next_start:
                block += 1
                next_start = starts[block + 1] if block + 1 < len(starts) else 1 << 62
            if block in skip:
                continue
            if templates and _inside(templates, idx):
                sent += 1  # a template tag breaks the phrase like a sentence end
                continue
            # A name or identifier: capitals inside a sentence, digits, CamelCase.
            name = (sent_start != 1 and text[:1].isupper()) or kind == NAME
            words.append((lower, content, sent, idx, idx + len(text), name))
        return words


TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


def _template_spans(prose: str) -> list[tuple[int, int]]:
    """Liquid/Jinja tags left in the prose ({% link ... %}, {{ site.x }}): not words."""
    if "{%" not in prose and "{{" not in prose:
        return []
    return [m.span() for m in TEMPLATE_TAG.finditer(prose)]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _non_overlapping(positions: list[int], n: int) -> list[int]:
    kept = []
    for p in positions:
        if not kept or p >= kept[-1] + n:
            kept.append(p)
    return kept


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start < e or s < end <= e for s, e in spans)


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
