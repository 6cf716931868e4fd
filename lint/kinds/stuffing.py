"""Kind ``stuffing``: keyword stuffing around a target keyphrase, and its usual signs.

Passing (keyphrase "running shoes"): a 300-word guide that names running shoes three
times. Failing: ``Best running shoes are important. If you want the best running
shoes, choose the best running shoes ...`` - or any of the causes below.

Causes, each reported where it shows (one finding per counted occurrence or per cause):

- **density**: keyphrase occurrences over the body words (prose of every block except
  the title, description and image alt texts; code and URLs are not prose), weighted for
  keyphrase length as Yoast does (density x (0.7 + n/3), n = content words of the
  keyphrase). An occurrence is the exact phrase (compared on lemmas, so "custom cigar
  humidors" counts for "custom cigar humidor") or, as Yoast's word-form matching, all
  content words of the keyphrase in one sentence in any order. Texts of ``min_words``+
  words; ``allowed`` occurrences are always fine. Over ``warning_density`` a warning,
  over ``error_density`` an error; one finding per occurrence, each at that occurrence.
  Shorter texts are exempt from the density limit; only flagrant repetition there
  (``short_min_count`` exact occurrences and weighted density over ``short_density``).
- **spliced query**: a keyphrase in question form ("what does kratom do to dopamine",
  "is X safe") pasted into a declarative sentence as if it were a noun phrase. A real
  question (a heading, a sentence ending in "?") is fine.
- **headings**: the keyphrase in more than ``max_heading_share`` of the H2/H3 headings.
- **title**: a title that repeats a word or lists variants of one term.
- **keyword list**: a line of ``list_min_items``+ short comma/pipe-separated items with no
  verb that keep repeating one term (or the keyphrase).
- **alt text**: an image description that repeats words or the keyphrase.
- **overused word**: one content word over ``word_share`` of a ``word_min_words``+ body
  (not a keyphrase word, not a word of the title or a heading; in a shorter body, over
  ``short_word_share`` and ``short_word_min_count``+ times, not counting it inside names:
  "Cluster Admin, Cluster Operator"), or a word repeated ``sentence_repeats``+ times
  within one sentence.
- **repeated phrase, no keyphrase declared**: the 2-3-word phrase (starting and ending
  with a content word) that the paragraphs repeat most densely, when it occurs
  ``inferred_min_count``+ times, over ``inferred_density`` weighted density and makes up
  ``inferred_share`` of the body's content words: the keyphrase a stuffed page does
  not declare ("Looking for waterproof hiking boots? Our waterproof hiking boots are
  ..."). One finding per occurrence.

The keyphrase comes from front matter (``keyphrase``, ``keyword`` or ``keywords``; a
string or a list) or from the ``keyphrase`` option.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from itertools import chain

import numpy as np

from lint.findings import Hit, Related, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option
from lint.kinds.words import (
    ALT,
    DESCRIPTION,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    TITLE,
    WORD,
    TokenTable,
    declared_keyphrases,
    is_word,
    kind_mask,
    norm,
    norm_of,
    norms_of,
    singular,
    token_table,
    value_counts,
)

# Words that open a question with subject-auxiliary inversion ("what does X do").
WH_WORDS = {"what", "how", "why", "when", "where", "which", "who", "whom", "whose"}
AUXILIARIES = {
    "do", "does", "did", "is", "are", "was", "were", "am", "be", "can", "could", "should",
    "shall", "will", "would", "may", "might", "must", "has", "have", "had",
}  # fmt: skip
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "our", "your", "their",
               "my", "his", "her", "its"}  # fmt: skip
# A line with one of these reads as a clause, not a list of keywords.
VERB_MARKERS = AUXILIARIES | {"to", "will", "'s", "’s"}
LIST_BLOCKS = ("paragraph", "list_item", "table_cell", "alt", "description")
# Character classes for finding list lines (``_separated_lines``): a list separator, a
# dash (a separator between spaces), a space (what ``\s`` matches, but a newline), a
# newline. Per code point below U+3001; the last entry stands for all above.
_SEPARATOR, _DASH, _SPACE, _NEWLINE = 1, 2, 3, 4
_CLASSES = np.zeros(0x3002, dtype=np.uint8)
_CLASSES[[c for c in range(0x3001) if chr(c).isspace()]] = _SPACE
_CLASSES[[ord(c) for c in ",|;•·"]] = _SEPARATOR
_CLASSES[[ord(c) for c in "–—-"]] = _DASH
_CLASSES[ord("\n")] = _NEWLINE
_ASCII_CLASSES = _CLASSES[:256].tobytes()  # a bytes.translate table
# Word parts of an identifier: letters between other characters, CamelCase humps.
WORD_PART = re.compile(r"[^\W\d_]+")
CAMEL_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
ITEM_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
LIST_SEPARATORS = re.compile(r"\s*(?:[,|;•·]|\s[–—-]\s)\s*")
TITLE_SEPARATORS = re.compile(r"\s*(?:[,|;:•·/]|\s[–—-]\s)\s*")


@dataclass(frozen=True)
class Words:
    """Arrays over some words of a page, in order (one entry per word)."""

    i: np.ndarray  # token index in the spaCy Doc
    start: np.ndarray
    end: np.ndarray
    norm: np.ndarray  # id of the lemma, with a plural "s" the lookup table missed taken off
    content: np.ndarray  # bool
    block: np.ndarray
    sent: np.ndarray

    def __len__(self) -> int:
        return len(self.i)

    def take(self, sel: np.ndarray) -> Words:
        return Words(*(getattr(self, f.name)[sel] for f in fields(self)))


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    exact: bool
    first: int  # token indexes of the matched words
    last: int


@dataclass(frozen=True)
class Keyphrase:
    text: str
    norms: tuple[str, ...]  # every word, for exact matches
    content: tuple[str, ...]  # content words, for word-form matches
    question: str  # "" | "inverted" | "how-to" | "best-for"


@register
class StuffingKind(Kind):
    name = "stuffing"
    description = "Keyword stuffing: keyphrase density, spliced queries and stuffing signs."
    options = {
        "keyphrase": Option("str", "", "Keyphrase when the front matter names none."),
        "min_words": Option("int", 100, "Density applies to bodies of this many words."),
        "allowed": Option("int", 2, "Occurrences that are always fine."),
        "warning_density": Option("float", 3.0, "Weighted density (%) over which to warn."),
        "error_density": Option("float", 4.0, "Weighted density (%) that is an error."),
        "short_min_count": Option("int", 3, "Exact occurrences that count in a short text."),
        "short_density": Option("float", 10.0, "Weighted density (%) flagrant in a short text."),
        "spliced_query": Option("bool", True, "Report question keyphrases used as nouns."),
        "max_heading_share": Option("float", 0.75, "Share of H2/H3 headings with the keyphrase."),
        "min_headings": Option("int", 3, "H2/H3 headings needed to judge the share."),
        "title": Option("bool", True, "Report titles that repeat a word or list variants."),
        "list_min_items": Option("int", 6, "Items of a keyword-list line."),
        "list_max_item_words": Option("int", 5, "Longest item (words) of a keyword list."),
        "list_shared_items": Option(
            "int", 3, "Items that must share a term (0: any verbless list counts)."
        ),
        "alt_repeats": Option("int", 3, "Times one word may not appear in an alt text."),
        "word_share": Option("float", 4.0, "Share (%) of the body one content word may take."),
        "word_min_words": Option("int", 300, "Body words needed to judge one word's share."),
        "short_word_share": Option(
            "float", 20.0, "Share (%) one content word may take of a shorter body."
        ),
        "short_word_min_count": Option(
            "int", 5, "Occurrences of one content word that count in a shorter body."
        ),
        "sentence_repeats": Option("int", 4, "Times one content word may not be in a sentence."),
        "salad_stopwords": Option(
            "float", 0.2, "Largest share of function words in a keyword-salad sentence."
        ),
        "max_keywords": Option(
            "int", 3, "A longer `keywords` list is a search-synonym list, not keyphrases."
        ),
        "stopwords": Option("words", [], "More words that never count as content words."),
        "inferred": Option(
            "bool", True, "With no keyphrase declared, report a phrase stuffed in its place."
        ),
        "inferred_min_count": Option("int", 4, "Occurrences of such a phrase that count."),
        "inferred_density": Option(
            "float", 10.0, "Weighted density (%) over which such a phrase is stuffed."
        ),
        "inferred_share": Option(
            "float", 0.3, "Share of the body's content words such a phrase must take."
        ),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        self.stopwords = {w.lower() for w in options["stopwords"]}
        self._stop_hashes = (
            np.array([nlp.vocab.strings.add(w) for w in self.stopwords], dtype=np.uint64)
            if self.stopwords
            else None
        )
        self._keyphrases: dict[str, Keyphrase | None] = {}
        # The norm ids of the token tables' ``norm`` column (one numbering per run).
        self._norm_ids = norms_of(nlp.vocab)
        self._norm_cache = self._norm_ids.cache

    # -- words -------------------------------------------------------------------------
    def _is_content(self, token) -> bool:
        return token.is_alpha and not token.is_stop and token.lower_ not in self.stopwords

    _norm = staticmethod(norm)

    def _words(self, t: TokenTable, toks: np.ndarray) -> Words:
        """The words at the token indexes ``toks``, as arrays."""
        return Words(
            toks,
            t.start[toks],
            t.end[toks],
            t.norm[toks],
            self._content(t, toks),
            t.block[toks],
            t.sent[toks],
        )

    def _content(self, t: TokenTable, toks: np.ndarray) -> np.ndarray:
        content = t.alpha[toks] & ~t.stop[toks]
        if self._stop_hashes is not None:
            content &= ~np.isin(t.lower[toks], self._stop_hashes)
        return content

    def _keyphrase(self, text: str) -> Keyphrase | None:
        if text not in self._keyphrases:
            tokens = [t for t in self.nlp(text) if is_word(t)]
            kp = None
            if tokens:
                norms = tuple(self._norm(t) for t in tokens)
                content = tuple(self._norm(t) for t in tokens if self._is_content(t)) or norms
                kp = Keyphrase(text, norms, tuple(dict.fromkeys(content)), _question(tokens))
            self._keyphrases[text] = kp
        return self._keyphrases[text]

    def keyphrases(self, doc) -> list[Keyphrase]:
        declared = declared_keyphrases(doc.front_matter, max_keywords=self.opts["max_keywords"])
        texts = [text for text, _ in declared]
        if not texts and self.opts["keyphrase"]:
            texts = [self.opts["keyphrase"]]
        seen, out = set(), []
        for text in texts:
            text = " ".join(text.split())
            kp = self._keyphrase(text) if text else None
            if kp and kp.norms not in seen:
                seen.add(kp.norms)
                out.append(kp)
        return out

    # -- check -------------------------------------------------------------------------
    def check(self, doc, sdoc) -> Iterable[Hit]:
        if not len(sdoc) or not doc.blocks:
            return
        t = token_table(doc, sdoc)
        w = (t.cls == WORD).nonzero()[0]
        word_block = t.block[w]
        body_mask = kind_mask(t, HEADING, PARAGRAPH, LIST_ITEM, TABLE_CELL)[word_block]
        body_toks, body_block = w[body_mask], word_block[body_mask]
        # The body's content words and their norm counts, for the overused-word and
        # inferred-phrase checks.
        content = body_toks[self._content(t, body_toks)]
        counted = self._norm_counts(t.norm[content]) if len(content) else None
        hits: list[Hit] = []
        keyphrases = self.keyphrases(doc)
        if keyphrases:
            body = self._words(t, body_toks)
            for kp in keyphrases:
                hits += self._density(doc, sdoc, t, kp, body)
                hits += self._headings(doc, kp, body)
        elif self.opts["inferred"] and counted is not None:
            paragraph = kind_mask(t, PARAGRAPH)[body_block]
            hits += self._inferred(t, body_toks, paragraph, counted, doc.prose)
        if self.opts["title"]:
            hits += self._title(doc, t)
        lists = self._keyword_lists(doc, keyphrases)
        hits += lists
        if (t.block_kind == ALT).any():
            hits += self._alt_texts(doc, t, w[kind_mask(t, ALT)[word_block]], keyphrases)
        table = None
        if (t.block_kind == TABLE_CELL).any():
            table = kind_mask(t, TABLE_CELL)[body_block]
        # A keyword-list line is also a keyword salad; report it once.
        hits += [
            h
            for h in self._overused(doc, t, body_toks, content, counted, keyphrases, table)
            if not any(h.start < k.end and k.start < h.end for k in lists)
        ]
        hits.sort(key=lambda h: (h.start, h.end))
        seen = set()
        for hit in hits:
            if (hit.start, hit.end) not in seen:
                seen.add((hit.start, hit.end))
                yield hit

    def _occurrences(self, kp: Keyphrase, words: Words) -> list[Occurrence]:
        """Exact matches, then word-form matches (content words in one sentence), in
        the order of the text. Both are found on the norm ids of all words at once;
        Python only walks the matches."""
        index = self._norm_ids.index
        n = len(kp.norms)
        norm, sent = words.norm, words.sent
        found: list[Occurrence] = []
        used = np.zeros(len(words), dtype=bool)
        m = len(words) - n + 1
        if m > 0:
            # Every norm in place, one sentence, only punctuation in between.
            ok = (sent[:m] == sent[n - 1 :]) & (words.i[n - 1 :] - words.i[:m] < 2 * n)
            for j, x in enumerate(kp.norms):
                ok &= norm[j : j + m] == index.get(x, -1)
            last = -n
            for a in ok.nonzero()[0].tolist():
                if a >= last + n:  # not overlapping the match before (left to right)
                    last = a
                    used[a : a + n] = True
                    found.append(
                        Occurrence(
                            int(words.start[a]), int(words.end[a + n - 1]), True,
                            int(words.i[a]), int(words.i[a + n - 1]),
                        )
                    )  # fmt: skip
        # Word forms: per sentence, the m-th unused occurrence of each content word.
        ids = [index.get(c, -1) for c in kp.content]
        if min(ids) < 0 or not len(words):
            return sorted(found, key=lambda o: o.start)
        places = [((norm == k) & ~used).nonzero()[0] for k in ids]
        size = int(sent[-1]) + 1
        per_sent = np.stack([np.bincount(sent[p], minlength=size) for p in places])
        groups = per_sent.min(axis=0)
        for k in groups.nonzero()[0].tolist():
            lists = [p[sent[p] == k].tolist() for p in places]
            for g in range(int(groups[k])):
                group = [x[g] for x in lists]
                first = min(group, key=lambda x: words.start[x])
                last_ = max(group, key=lambda x: words.start[x])
                found.append(
                    Occurrence(
                        int(words.start[first]), int(words.end[last_]), False,
                        int(words.i[first]), int(words.i[last_]),
                    )
                )  # fmt: skip
        found.sort(key=lambda o: o.start)
        return found

    def _density(self, doc, sdoc, t, kp: Keyphrase, body: Words) -> list[Hit]:
        o = self.opts
        total = len(body)
        occurrences = self._occurrences(kp, body)
        hits = []
        spliced = set()
        if o["spliced_query"] and kp.question:
            for occ in occurrences:
                if occ.exact and _spliced(doc, sdoc, t, kp, occ):
                    spliced.add(occ.start)
                    hits.append(
                        Hit(
                            occ.start,
                            occ.end,
                            f'The search query "{kp.text}" is spliced into a sentence as if it '
                            "were a noun phrase; rephrase it (ask it as a question, or say "
                            f'what it means: "{_rephrase_hint(kp)}")',
                        )
                    )
        if not total:
            return hits
        factor = 0.7 + len(kp.content) / 3
        count = len(occurrences)
        density = count / total * 100 * factor
        severity = None
        if total >= o["min_words"]:
            if count > o["allowed"] and density > o["error_density"]:
                severity, limit = Severity.ERROR, o["error_density"]
            elif count > o["allowed"] and density > o["warning_density"]:
                severity, limit = Severity.WARNING, o["warning_density"]
            counted = occurrences
        else:
            counted = [occ for occ in occurrences if occ.exact]
            count = len(counted)
            density = count / total * 100 * factor
            if count >= o["short_min_count"] and density > o["short_density"]:
                severity, limit = Severity.WARNING, o["short_density"]
        if severity is None:
            return hits
        short = "" if total >= o["min_words"] else ", a short text"
        message = (
            f'"{kp.text}" appears {count} times in {total} words{short} '
            f"(weighted density {density:.1f}%, limit {limit:g}%)"
        )
        for occ in counted:
            if occ.start in spliced:
                continue
            hits.append(Hit(occ.start, occ.end, message, severity))
        return hits

    def _inferred(self, t: TokenTable, toks, paragraph, counted, prose: str) -> list[Hit]:
        """``toks``: token indexes of the body words; ``paragraph``: per body word, is it
        in a paragraph; ``counted``: the ``_norm_counts`` of the body's content words.
        The stuffed phrase of a page that declares no keyphrase (see the module
        docstring), counted in paragraphs (lists and tables of names repeat them by
        design), one hit per occurrence."""
        o = self.opts
        total, need = len(toks), o["inferred_min_count"]
        ids, counts, _ = counted
        n_content = int(counts.sum())
        # A phrase starts and ends with two different content words, each at least as
        # frequent as the phrase; and it has at most 3 content words (weight 0.7 + 3/3).
        # Most pages have no two such words in their paragraphs and stop here, before
        # their words are looked up.
        least = max(
            need,
            o["inferred_density"] * total / (100 * (0.7 + 3 / 3)),
            o["inferred_share"] * n_content / 3,
        )
        frequent = ids[counts >= least]
        if len(frequent) < 2:
            return []
        in_paragraphs = toks[paragraph]
        in_paragraphs = in_paragraphs[self._content(t, in_paragraphs)]
        norms = t.norm[in_paragraphs]
        # Counted in paragraphs only: the frequent norms' tokens, found by a lookup table.
        wanted = np.zeros(int(max(norms.max(initial=0), frequent.max())) + 1, dtype=bool)
        wanted[frequent] = True
        _, counts = np.unique(norms[wanted[norms]], return_counts=True)
        if np.count_nonzero(counts >= least) < 2:
            return []
        words = self._words(t, toks)
        content = words.content & paragraph
        # Phrases as dense ids, one length after the other: the id of the n-gram at a
        # comes from the (n-1)-gram at a and the word at a + n - 1 (exact, no hashing).
        _, word_id = np.unique(words.norm, return_inverse=True)
        word_id = word_id.ravel()
        size = int(word_id.max()) + 1
        content_before = np.concatenate(([0], content.cumsum()))
        gram, best = word_id, None
        for n in (2, 3):
            m = total - n + 1
            if m < need:
                break
            _, gram = np.unique(gram[:m] * size + word_id[n - 1 :], return_inverse=True)
            gram = gram.ravel()
            # Adjacent words of one sentence, content words at both ends, not one word
            # twice ("null null" in a pasted table).
            ok = (
                (words.sent[:m] == words.sent[n - 1 :])
                & (words.i[n - 1 :] - words.i[:m] == n - 1)
                & content[:m]
                & content[n - 1 :]
                & (words.norm[:m] != words.norm[n - 1 :])
            ).nonzero()[0]
            counts = np.bincount(gram[ok], minlength=m)
            for key in (counts >= need).nonzero()[0].tolist():
                places, last = [], -n
                for a in ok[gram[ok] == key].tolist():
                    if a >= last + n:  # not overlapping the one before ("shirt shirt shirt")
                        places.append(a)
                        last = a
                k = len(places)
                c = int(content_before[places[0] + n] - content_before[places[0]])
                density = k / total * 100 * (0.7 + c / 3)
                if (
                    k >= need
                    and density > o["inferred_density"]
                    and k * c >= o["inferred_share"] * n_content
                    and (best is None or density > best[0])
                ):
                    best = (density, n, places, k * c / n_content)
        if best is None:
            return []
        density, n, places, share = best
        starts, ends = words.start[places].tolist(), words.end[np.add(places, n - 1)].tolist()
        phrase = " ".join(prose[starts[0] : ends[0]].split()).lower()
        message = (
            f'"{phrase}" appears {len(places)} times in {total} words, {share:.0%} of the '
            f"content words (weighted density {density:.1f}%, limit "
            f"{o['inferred_density']:g}% for a phrase when no keyphrase is declared)"
        )
        return [Hit(s, e, message, Severity.WARNING) for s, e in zip(starts, ends, strict=True)]

    def _headings(self, doc, kp: Keyphrase, body: Words) -> list[Hit]:
        headings = [
            k for k, b in enumerate(doc.blocks) if b.kind == "heading" and b.level in (2, 3)
        ]
        if len(headings) < self.opts["min_headings"]:
            return []
        # Matches never cross a sentence, so never a block: the words of all these
        # headings are searched at once, and each heading keeps its first match.
        is_heading = np.zeros(len(doc.blocks) + 1, dtype=bool)  # index -1: no block
        is_heading[headings] = True
        words = body.take(is_heading[body.block])
        block_of = dict(zip(words.i.tolist(), words.block.tolist(), strict=True))
        with_kp = []
        seen = set()
        for occ in self._occurrences(kp, words):
            if block_of[occ.first] not in seen:
                seen.add(block_of[occ.first])
                with_kp.append(occ)
        share = len(with_kp) / len(headings)
        if share <= self.opts["max_heading_share"]:
            return []
        first = with_kp[0]
        message = (
            f'"{kp.text}" is in {len(with_kp)} of {len(headings)} H2/H3 headings '
            f"({share:.0%}, limit {self.opts['max_heading_share']:.0%}); vary the subheadings"
        )
        related = tuple(Related("also in this heading", o.start, o.end) for o in with_kp[1:])
        return [Hit(first.start, first.end, message, Severity.WARNING, related)]

    def _title(self, doc, t: TokenTable) -> list[Hit]:
        # The title, else the first H1 (found on the table's block kinds: a long page has
        # hundreds of blocks).
        titles = (t.block_kind == TITLE).nonzero()[0]
        if len(titles):
            block = int(titles[0])
        else:
            headings = (t.block_kind == HEADING).nonzero()[0].tolist()
            block = next((k for k in headings if doc.blocks[k].level == 1), None)
            if block is None:
                return []
        b = doc.blocks[block]
        text = doc.text_of(b)
        segments = [s for s in TITLE_SEPARATORS.split(text) if s.strip()]
        # Variants of one term: segments or words that are the same once spaces, hyphens
        # and plural endings are gone ("Foobar, foo bar, foobars").
        if len(segments) >= 2:
            forms = Counter(_compact(s) for s in segments)
            form, n = forms.most_common(1)[0]
            if n >= 2 and len(form) >= 3:
                return [
                    Hit(
                        b.start,
                        b.end,
                        f"The title lists {n} variants of one term; name it once",
                        Severity.WARNING,
                    )
                ]
        # The title's tokens are one run (blocks are in order of the text).
        lo, hi = t.block.searchsorted([block, block + 1]).tolist()
        toks = lo + (t.cls[lo:hi] == WORD).nonzero()[0]
        if len(toks) < 2:
            return []  # one word cannot repeat
        strings, texts = self.nlp.vocab.strings, self._norm_ids.texts
        lowers = [strings[x] for x in t.lower[toks].tolist()]
        norms = [texts[x] for x in t.norm[toks].tolist()]
        content = self._content(t, toks).tolist()
        counts = Counter(x for x, c in zip(norms, content, strict=True) if c and len(x) > 2)
        compact = Counter()
        for k in range(len(toks) - 1):
            if content[k] and content[k + 1]:
                compact[_compact(lowers[k] + lowers[k + 1])] += 1
        for lower, x, c in zip(lowers, norms, content, strict=True):
            if c and compact.get(_compact(lower)):
                counts[x] += 1
        repeated = [(word, n) for word, n in counts.items() if n >= 2]
        if not repeated:
            return []
        # One repeat in a single-clause title is ordinary ("Backup and restore backups"
        # is rare, "Cluster settings for a cluster" is not); in a listing it is stuffing.
        worst = max(n for _, n in repeated)
        if worst < 3 and len(segments) < 2 and len(repeated) < 2:
            return []
        listed = ", ".join(f'"{word}" {n} times' for word, n in repeated)
        return [Hit(b.start, b.end, f"The title repeats {listed}; say it once", Severity.WARNING)]

    def _keyword_lists(self, doc, keyphrases: list[Keyphrase]) -> list[Hit]:
        o = self.opts
        kp_words = {c for kp in keyphrases for c in kp.content}
        hits = []
        # Only lines with enough separators for a list (found for the whole page at once)
        # are split into items; blocks start lines (they are joined by blank lines), and a
        # line of a block ends at the block's end.
        prose = doc.prose
        for start in _separated_lines(prose, o["list_min_items"] - 1).tolist():
            b = doc.block_at(start)
            if b is not None and b.kind in LIST_BLOCKS:
                end = prose.find("\n", start, b.end)
                line = prose[start : b.end if end < 0 else end]
                # Items with their words, up to the first item too long for a keyword
                # (prose usually stops at its first item).
                split = _list_items(line, o["list_max_item_words"])
                if split is None or len(split[0]) < o["list_min_items"]:
                    continue
                items, item_words = split
                if any(w in VERB_MARKERS for ws in item_words for w in ws):
                    continue
                # Each item's words once, in order (not a set: ties must not depend on
                # the hash seed).
                shared = Counter(
                    singular(w.lower())
                    for ws in item_words
                    for w in dict.fromkeys(ws)
                    if len(w) > 2 and w.isalpha()
                )
                # A term shared by a third of the items: variants of one keyword.
                need = max(o["list_shared_items"], len(items) // 3)
                common = [
                    (w, n)
                    for w, n in shared.items()
                    if n >= need and (w not in self.nlp.Defaults.stop_words)
                ]
                on_topic = sum(
                    1 for ws in item_words if kp_words & {singular(w.lower()) for w in ws}
                )
                if o["list_shared_items"] and not common and on_topic < need:
                    continue
                why = ""
                if common:
                    word, n = max(common, key=lambda x: x[1])
                    why = f'; "{word}" is in {n} of them'
                hits.append(
                    Hit(
                        start + len(line) - len(line.lstrip()),
                        start + len(line.rstrip()),
                        f"A list of {len(items)} keywords with no sentence{why}",
                        Severity.WARNING,
                    )
                )
        return hits

    def _alt_texts(self, doc, t, w, keyphrases: list[Keyphrase]) -> list[Hit]:
        """``w``: token indexes of the words of image descriptions."""
        hits: list[Hit] = []
        words = self._words(t, w)
        texts = self._norm_ids.texts
        for k in dict.fromkeys(words.block.tolist()):
            b = doc.blocks[k]
            ws = words.take(words.block == k)
            counts = Counter(texts[x] for x in ws.norm[ws.content].tolist())
            top = counts.most_common(2)
            message = ""
            if top and top[0][1] >= self.opts["alt_repeats"]:
                message = f'The image description repeats "{top[0][0]}" {top[0][1]} times'
            elif len(top) == 2 and top[1][1] >= 2 and len(ws) >= 8:
                message = (
                    f'The image description repeats "{top[0][0]}" and "{top[1][0]}"; '
                    "describe the image instead"
                )
            else:
                for kp in keyphrases:
                    n = len(self._occurrences(kp, ws))
                    if n >= 2:
                        message = f'The image description has "{kp.text}" {n} times'
                        break
            if message:
                hits.append(Hit(b.start, b.end, message, Severity.WARNING))
        return hits

    def _overused(self, doc, t: TokenTable, body, content, counted, keyphrases, table) -> list[Hit]:
        """``body``: token indexes of the body words; ``content``: of its content words,
        ``counted``: their ``_norm_counts``; ``table``: per body word, is it in a table
        cell (None: no table). Table cells repeat their column's values ("Yes", "Number
        of ...") by design: the share of one word is taken outside them."""
        o = self.opts
        hits: list[Hit] = []
        if not len(content):
            return hits
        # One content word sentence_repeats+ times in a keyword salad: a "sentence" of
        # repeated terms with hardly a function word. Only such sentences are counted.
        sents = t.sent[content]
        n_words = np.bincount(t.sent[body])
        n_content = np.bincount(sents, minlength=len(n_words))
        salad = (n_content >= o["sentence_repeats"]) & (
            n_words - n_content <= o["salad_stopwords"] * n_words
        )
        any_salad = bool(salad.any())
        prose = body if table is None else body[~table]
        if len(prose) < o["short_word_min_count"] and not any_salad:
            return hits
        if len(prose) >= o["short_word_min_count"]:
            if table is None:
                hits += self._word_share(doc, t, prose, content, counted, keyphrases)
            else:
                in_prose = prose[self._content(t, prose)]
                in_counted = self._norm_counts(t.norm[in_prose])
                hits += self._word_share(doc, t, prose, in_prose, in_counted, keyphrases)
        if not any_salad:
            return hits
        norms = self._norm_ids.texts
        salads = content[salad[sents]]  # the content words of such sentences
        ids = t.norm[salads]
        long = self._norm_ids.long()[ids]
        salads, ids, sents = salads[long], ids[long], t.sent[salads][long]
        size = len(norms) + 1
        uniq, counts = value_counts(sents * size + ids)
        repeated = counts >= o["sentence_repeats"]
        # Per sentence its most repeated word; of equals, the one with the smallest lemma
        # hash among the page's content words (an arbitrary but stable order).
        candidates = sorted(
            (k // size, -n, int(t.lemma[content[t.norm[content] == k % size]].min()), k % size)
            for k, n in zip(uniq[repeated].tolist(), counts[repeated].tolist(), strict=True)
        )
        done = set()
        for sent, minus_n, _, word_id in candidates:
            if sent in done:
                continue
            done.add(sent)
            places = salads[(sents == sent) & (ids == word_id)]
            hits.append(
                Hit(
                    int(t.start[places[0]]),
                    int(t.end[places[-1]]),
                    f'"{norms[word_id]}" is repeated {-minus_n} times in one sentence',
                    Severity.WARNING,
                )
            )
        return hits

    def _norm_counts(self, norms: np.ndarray):
        """Distinct norm ids (sorted), how often each occurs and whether the norm is
        longer than two letters."""
        ids, counts = value_counts(norms)
        return ids, counts, self._norm_ids.long()[ids]

    def _word_share(self, doc, t, body, content, counted, keyphrases) -> list[Hit]:
        """One content word far over its share of ``body`` (``counted``: the
        ``_norm_counts`` of its ``content`` words), not a word of the topic."""
        o = self.opts
        total = len(body)
        norms = self._norm_ids.texts
        ids, counts, long = counted
        if not long.any():
            return []
        ids, counts = ids[long], counts[long]
        top = int(counts.argmax())
        best, n = int(ids[top]), int(counts[top])
        word = norms[best]
        counts[top] = 0
        runner_up = int(counts.max())
        # Far over its share: over the limit and twice as frequent as any other word;
        # a technical page uses its few key terms often, a stuffed one hammers one.
        short = total < o["word_min_words"]
        if short and n < o["short_word_min_count"]:
            return []
        places = None
        if short:
            # In a short text a word is often part of the names it lists ("the Cluster
            # Admin or Cluster Operator role"): capitalised inside a sentence, not counted.
            places = content[t.norm[content] == best]
            places = places[~(t.cap[places] & ~t.sent_start[places])]
            n = len(places)
            if n < o["short_word_min_count"]:
                return []
        share = n / total * 100
        limit = o["short_word_share"] if short else o["word_share"]
        if share <= limit or n < 2 * runner_up or self._on_topic(doc, t, keyphrases, best):
            return []
        if places is None:
            places = content[t.norm[content] == best]
        related = tuple(
            Related("also here", s, e)
            for s, e in zip(
                t.start[places[1:50]].tolist(), t.end[places[1:50]].tolist(), strict=True
            )
        )
        return [
            Hit(
                int(t.start[places[0]]),
                int(t.end[places[0]]),
                f'"{word}" is {n} of {total} words ({share:.1f}%, limit '
                f"{limit:g}% for a word that is not the keyphrase)",
                Severity.WARNING,
                related,
            )
        ]

    def _on_topic(self, doc, t: TokenTable, keyphrases, norm_id: int) -> bool:
        """Whether the norm ``norm_id`` names what the page is about: a keyphrase word, a
        word of a heading or the description, of the title (as written, not its lemma),
        or a part of a title or heading written as an identifier (the page names its
        subject by those: "about_Operator_Precedence", "Host05Sample", "Get-ChildItem").
        Asked in that order, and only for a word over its share."""
        word = self._norm_ids.texts[norm_id]
        if any(word in kp.content for kp in keyphrases):
            return True
        in_heads, in_title = kind_mask(t, HEADING, DESCRIPTION), kind_mask(t, TITLE)
        if (t.norm[in_heads[t.block] & (t.cls == WORD)] == norm_id).any():
            return True
        vocab, cache = self.nlp.vocab, self._norm_cache
        if any(
            norm_of(vocab, x, cache) == word for x in t.lower[in_title[t.block] & t.alpha].tolist()
        ):
            return True
        for k in (in_title | in_heads).nonzero()[0].tolist():
            text = doc.text_of(doc.blocks[k])
            if any(
                singular(x.lower()) == word
                for x in WORD_PART.findall(text) + CAMEL_PART.findall(text)
            ):
                return True
        return False


def _question(tokens) -> str:
    lower = [t.lower_ for t in tokens]
    if len(lower) >= 3 and lower[0] in WH_WORDS and lower[1] in AUXILIARIES:
        return "inverted"
    if len(lower) >= 3 and lower[0] in AUXILIARIES:
        return "inverted"  # a yes/no question: "is kratom safe", "can dogs eat grapes"
    if len(lower) >= 3 and lower[0] == "how" and lower[1] == "to":
        return "how-to"
    if len(lower) >= 4 and lower[0] == "best" and "for" in lower[2:-1]:
        return "best-for"
    return ""


def _spliced(doc, sdoc, table: TokenTable, kp: Keyphrase, occ: Occurrence) -> bool:
    """Is this exact occurrence of a question keyphrase used as a noun phrase?"""
    block = doc.block_at(occ.start)
    if block is None or block.kind in ("title", "description", "alt"):
        return False
    first, last = sdoc[occ.first], sdoc[occ.last]
    # Sentence bounds from the table: Token.sent would scan the whole document.
    sent_no = table.sent[occ.first]
    sent_start = int(table.sent.searchsorted(sent_no, side="left"))
    sent_end = int(table.sent.searchsorted(sent_no, side="right"))
    after = sdoc[last.i + 1] if last.i + 1 < len(sdoc) else None
    if after is not None and after.text in ("?", "?"):
        return False  # asked as a question, wherever it stands
    before = [t for t in sdoc[sent_start : first.i] if not t.is_space]
    ends_with_question = any(t.text == "?" for t in sdoc[last.i + 1 : sent_end])
    if block.kind == "heading" and not before:
        return False  # "## What does kratom do to dopamine" is a heading, not a splice
    if not before:
        # At the start of a sentence: a question unless it runs on as a subject
        # ("What does kratom do to dopamine is a common question.").
        return kp.question == "inverted" and not ends_with_question and after is not None
    if ends_with_question and before[-1].text in (",", ":", "-", "—"):
        return False  # "So, what does kratom do to dopamine?"
    prev = before[-1].lower_
    if kp.question == "inverted":
        return True
    if kp.question == "how-to":
        return prev in DETERMINERS
    # "best X for Y" needs an article or possessive before "best" in a sentence.
    return prev not in DETERMINERS and prev not in ("which", "what", "the")


def _rephrase_hint(kp: Keyphrase) -> str:
    words = kp.text.split()
    if kp.question == "inverted" and len(words) >= 4 and words[1].lower() in ("does", "do"):
        # what does kratom do to dopamine -> what kratom does to dopamine
        rest = words[3:]
        if rest and rest[0].lower() == "do":
            rest = [words[1].lower()] + rest[1:]
        return " ".join([words[0], words[2]] + rest)
    if kp.question == "inverted":
        return "the answer, in your own words"
    return "a grammatical phrase"


def _separated_lines(text: str, need: int) -> np.ndarray:
    """Start offsets of the lines of ``text`` with ``need``+ places where
    ``LIST_SEPARATORS`` may split (a separator character, or a dash between spaces),
    counted for all lines at once on the code points: no line with fewer can be a list."""
    if text.isascii():
        classes = np.frombuffer(text.encode("ascii").translate(_ASCII_CLASSES), dtype=np.uint8)
    else:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        classes = _CLASSES[np.minimum(codes, len(_CLASSES) - 1)]
    separator = classes == _SEPARATOR
    dash = (classes[1:-1] == _DASH).nonzero()[0] + 1
    separator[dash] = (classes[dash - 1] == _SPACE) & (classes[dash + 1] == _SPACE)
    newlines = (classes == _NEWLINE).nonzero()[0]
    counts = np.bincount(newlines.searchsorted(separator.nonzero()[0]), minlength=len(newlines) + 1)
    lines = (counts >= max(need, 0)).nonzero()[0]
    return np.concatenate(([0], newlines + 1))[lines]


def _list_items(line: str, max_words: int) -> tuple[list[str], list[list[str]]] | None:
    """The items of ``line`` (pieces between ``LIST_SEPARATORS``, blank ones left out) and
    their words; None as soon as an item has more than ``max_words`` words."""
    items, words = [], []
    at = 0
    for m in chain(LIST_SEPARATORS.finditer(line), [None]):
        piece = line[at : m.start()] if m else line[at:]
        if m:
            at = m.end()
        if piece.strip():
            found = ITEM_WORD.findall(piece.lower())
            if len(found) > max_words:
                return None
            items.append(piece)
            words.append(found)
    return items, words


_NOT_LETTER = re.compile(r"[^\w]|_")


def _compact(text: str) -> str:
    """Letters only, lowercase, without a plural ending: variants of a term collide."""
    letters = _NOT_LETTER.sub("", text.lower())
    for suffix in ("es", "s"):
        if len(letters) > 4 and letters.endswith(suffix) and not letters.endswith("ss"):
            return letters[: -len(suffix)] if suffix == "s" else letters[:-1]
    return letters
