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
  (not a keyphrase word, not a word of the title or a heading), or a word repeated
  ``sentence_repeats``+ times within one sentence.

The keyphrase comes from front matter (``keyphrase``, ``keyword`` or ``keywords``; a
string or a list) or from the ``keyphrase`` option.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from lint.document import Block
from lint.findings import Hit, Related, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option
from lint.kinds.words import WORD, TokenTable, norm, norm_of, token_table

BODY_KINDS = {"heading", "paragraph", "list_item", "table_cell"}
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
LIST_SEPARATOR_CHARS = ",|;•·–—-"
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
ITEM_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
LIST_SEPARATORS = re.compile(r"\s*(?:[,|;•·]|\s[–—-]\s)\s*")
TITLE_SEPARATORS = re.compile(r"\s*(?:[,|;:•·/]|\s[–—-]\s)\s*")
FRONT_MATTER_KEYS = ("keyphrase", "keyword", "keywords")


@dataclass(frozen=True)
class Word:
    i: int  # token index in the spaCy Doc
    start: int
    end: int
    lower: str
    norm: str  # lemma, with a plural "s" the lookup table missed taken off
    content: bool
    block: int
    sent: int


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


class _NormIds:
    """Lemma hash -> a small int per distinct norm, kept for every document of a run:
    the norm of each lemma is computed once. Ids are only compared and counted, never
    ordered, so they need not be the same from one run to the next."""

    def __init__(self, vocab, cache: dict[int, str]):
        self.vocab, self.cache = vocab, cache
        self.ids: dict[int, int] = {}  # lemma -> norm id
        self.texts: list[str] = []  # norm id -> norm
        self.index: dict[str, int] = {}  # norm -> norm id
        self._long = np.zeros(0, dtype=bool)

    def __call__(self, lemmas: np.ndarray) -> np.ndarray:
        """The norm id of each lemma (best: the distinct lemmas of a page)."""
        get = self.ids.get
        keys = lemmas.tolist()
        out = [get(x, -1) for x in keys]
        if -1 in out:  # lemmas not seen before
            out = [self._id(x) if k < 0 else k for x, k in zip(keys, out, strict=True)]
        return np.array(out, dtype=np.int64)

    def _id(self, lemma: int) -> int:
        text = norm_of(self.vocab, lemma, self.cache)
        k = self.index.get(text)
        if k is None:
            k = self.index[text] = len(self.texts)
            self.texts.append(text)
        self.ids[lemma] = k
        return k

    def long(self) -> np.ndarray:
        """Per id: is the norm longer than two letters."""
        known = len(self._long)
        if known != len(self.texts):
            new = np.array([len(x) > 2 for x in self.texts[known:]], dtype=bool)
            self._long = np.concatenate((self._long, new))
        return self._long


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
        "sentence_repeats": Option("int", 4, "Times one content word may not be in a sentence."),
        "salad_stopwords": Option(
            "float", 0.2, "Largest share of function words in a keyword-salad sentence."
        ),
        "max_keywords": Option(
            "int", 3, "A longer `keywords` list is a search-synonym list, not keyphrases."
        ),
        "stopwords": Option("words", [], "More words that never count as content words."),
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
        # Per-lexeme facts and norms, computed once per vocabulary entry, not per token.
        self._lexemes: dict[int, tuple] = {}
        self._norm_cache: dict[int, str] = {}
        self._norm_ids = _NormIds(nlp.vocab, self._norm_cache)

    # -- words -------------------------------------------------------------------------
    def _is_content(self, token) -> bool:
        return token.is_alpha and not token.is_stop and token.lower_ not in self.stopwords

    _norm = staticmethod(norm)

    def _word_list(self, t: TokenTable, w: np.ndarray, sel: np.ndarray) -> list[Word]:
        """Word objects for the word positions ``sel`` (indexes into ``w``): only for
        the few places the Python-level checks need (keyphrase, title, alt texts)."""
        vocab, cache = self.nlp.vocab, self._norm_cache
        toks = w[sel]
        out = []
        for i, start, end, lower, lemma, content, block, sent in zip(
            toks.tolist(),
            t.start[toks].tolist(),
            t.end[toks].tolist(),
            t.lower[toks].tolist(),
            t.lemma[toks].tolist(),
            self._content(t, toks).tolist(),
            t.block[toks].tolist(),
            t.sent[toks].tolist(),
            strict=True,
        ):
            out.append(
                Word(
                    i, start, end, vocab.strings[lower], norm_of(vocab, lemma, cache),
                    content, block, sent,
                )
            )  # fmt: skip
        return out

    def _content(self, t: TokenTable, toks: np.ndarray) -> np.ndarray:
        content = t.alpha[toks] & ~t.stop[toks]
        if self._stop_hashes is not None:
            content &= ~np.isin(t.lower[toks], self._stop_hashes)
        return content

    def _keyphrase(self, text: str) -> Keyphrase | None:
        if text not in self._keyphrases:
            tokens = [t for t in self.nlp(text) if _is_word(t)]
            kp = None
            if tokens:
                norms = tuple(self._norm(t) for t in tokens)
                content = tuple(self._norm(t) for t in tokens if self._is_content(t)) or norms
                kp = Keyphrase(text, norms, tuple(dict.fromkeys(content)), _question(tokens))
            self._keyphrases[text] = kp
        return self._keyphrases[text]

    def keyphrases(self, doc) -> list[Keyphrase]:
        texts: list[str] = []
        for key in FRONT_MATTER_KEYS:
            value = doc.front_matter.get(key)
            if isinstance(value, str):
                value = value.split(",") if key == "keywords" else [value]
            if not isinstance(value, list):
                continue
            value = [str(v) for v in value if v is not None and str(v).strip()]
            if key == "keywords" and len(value) > self.opts["max_keywords"]:
                continue  # a site-search synonym list ("ttl, delete, deletion, ..."), no target
            texts += value
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
        t = token_table(doc, sdoc, self._lexemes)
        w = np.nonzero(t.cls == WORD)[0]
        # Per block (index -1: before the first block): is it body text, an alt text?
        kinds = [b.kind for b in doc.blocks]
        is_body = np.array([k in BODY_KINDS for k in kinds] + [False])
        is_alt = np.array([k == "alt" for k in kinds] + [False])
        word_block = t.block[w]
        body_mask = is_body[word_block]
        hits: list[Hit] = []
        keyphrases = self.keyphrases(doc)
        if keyphrases:
            body = self._word_list(t, w, np.nonzero(body_mask)[0])
            for kp in keyphrases:
                hits += self._density(doc, sdoc, t, kp, body)
                hits += self._headings(doc, kp, body)
        if self.opts["title"]:
            hits += self._title(doc, t, w)
        lists = self._keyword_lists(doc, keyphrases)
        hits += lists
        if is_alt.any():
            hits += self._alt_texts(doc, t, w[is_alt[word_block]], keyphrases)
        # A keyword-list line is also a keyword salad; report it once.
        hits += [
            h
            for h in self._overused(doc, t, w[body_mask], keyphrases)
            if not any(h.start < k.end and k.start < h.end for k in lists)
        ]
        hits.sort(key=lambda h: (h.start, h.end))
        seen = set()
        for hit in hits:
            if (hit.start, hit.end) not in seen:
                seen.add((hit.start, hit.end))
                yield hit

    def _occurrences(self, kp: Keyphrase, words: list[Word]) -> list[Occurrence]:
        """Exact matches, then word-form matches (content words in one sentence)."""
        by_sent: dict[int, list[int]] = defaultdict(list)
        for k, w in enumerate(words):
            by_sent[w.sent].append(k)
        found = []
        n = len(kp.norms)
        for indexes in by_sent.values():
            used = set()
            for a in range(len(indexes) - n + 1):
                window = [words[indexes[a + j]] for j in range(n)]
                if (
                    all(w.norm == kp.norms[j] for j, w in enumerate(window))
                    and window[-1].i - window[0].i < 2 * n  # only punctuation in between
                    and not used.intersection(indexes[a : a + n])
                ):
                    used.update(indexes[a : a + n])
                    found.append(
                        Occurrence(window[0].start, window[-1].end, True, window[0].i, window[-1].i)
                    )
            places = {c: [] for c in kp.content}
            for k in indexes:
                if k not in used and words[k].norm in places:
                    places[words[k].norm].append(words[k])
            for m in range(min(len(p) for p in places.values())):
                group = [p[m] for p in places.values()]
                first = min(group, key=lambda w: w.start)
                last = max(group, key=lambda w: w.start)
                found.append(Occurrence(first.start, last.end, False, first.i, last.i))
        found.sort(key=lambda o: o.start)
        return found

    def _density(self, doc, sdoc, t, kp: Keyphrase, body: list[Word]) -> list[Hit]:
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

    def _headings(self, doc, kp: Keyphrase, body: list[Word]) -> list[Hit]:
        headings = [
            k for k, b in enumerate(doc.blocks) if b.kind == "heading" and b.level in (2, 3)
        ]
        if len(headings) < self.opts["min_headings"]:
            return []
        per_block: dict[int, list[Word]] = defaultdict(list)
        for w in body:
            if w.block in headings:
                per_block[w.block].append(w)
        with_kp = []
        for k in headings:
            occ = self._occurrences(kp, per_block.get(k, []))
            if occ:
                with_kp.append(occ[0])
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

    def _title(self, doc, t: TokenTable, w: np.ndarray) -> list[Hit]:
        block = next((k for k, b in enumerate(doc.blocks) if b.kind == "title"), None)
        if block is None:
            block = next(
                (k for k, b in enumerate(doc.blocks) if b.kind == "heading" and b.level == 1),
                None,
            )
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
        toks = w[t.block[w] == block]
        if len(toks) < 2:
            return []  # one word cannot repeat
        vocab, cache = self.nlp.vocab, self._norm_cache
        lowers = [vocab.strings[x] for x in t.lower[toks].tolist()]
        norms = [norm_of(vocab, x, cache) for x in t.lemma[toks].tolist()]
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
        # Only blocks with a line that has enough separators for a list (found for the
        # whole page at once) are split into items.
        blocks: dict[int, Block] = {}
        for start in _separated_lines(doc.prose, o["list_min_items"] - 1).tolist():
            b = doc.block_at(start)
            if b is not None and b.kind in LIST_BLOCKS:
                blocks.setdefault(b.start, b)
        for b in blocks.values():
            text = doc.text_of(b)
            offset = 0
            for line in text.split("\n"):
                start = b.start + offset
                offset += len(line) + 1
                # Cheap test first: too few separator characters for a list.
                if sum(line.count(c) for c in LIST_SEPARATOR_CHARS) + 1 < o["list_min_items"]:
                    continue
                items = [s for s in LIST_SEPARATORS.split(line) if s.strip()]
                if len(items) < o["list_min_items"]:
                    continue
                # Words item by item: prose stops at its first long item.
                item_words = []
                for item in items:
                    words = ITEM_WORD.findall(item.lower())
                    if len(words) > o["list_max_item_words"]:
                        break
                    item_words.append(words)
                if len(item_words) < len(items):
                    continue  # an item too long for a keyword
                if any(w in VERB_MARKERS for ws in item_words for w in ws):
                    continue
                # Each item's words once, in order (not a set: ties must not depend on
                # the hash seed).
                shared = Counter(
                    _stem(w)
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
                on_topic = sum(1 for ws in item_words if kp_words & {_stem(w) for w in ws})
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
        by_block: dict[int, list[Word]] = defaultdict(list)
        for word in self._word_list(t, w, np.arange(len(w))):
            by_block[word.block].append(word)
        for k, ws in by_block.items():
            b = doc.blocks[k]
            counts = Counter(w.norm for w in ws if w.content)
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

    def _overused(self, doc, t: TokenTable, body: np.ndarray, keyphrases) -> list[Hit]:
        """``body``: token indexes of the body words."""
        o = self.opts
        hits: list[Hit] = []
        total = len(body)
        content = body[self._content(t, body)]
        if not len(content):
            return hits
        norms = self._norm_ids.texts
        # Norms are looked up once per distinct lemma (sorted, with their counts).
        lemmas = np.sort(t.lemma[content])
        first = np.ones(len(lemmas), dtype=bool)
        np.not_equal(lemmas[1:], lemmas[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        per_lemma = np.empty(len(starts), dtype=np.int64)
        per_lemma[:-1] = starts[1:] - starts[:-1]
        per_lemma[-1:] = len(lemmas) - starts[-1:]
        lemmas = lemmas[starts]
        lemma_ids = self._norm_ids(lemmas)
        long = self._norm_ids.long()[lemma_ids]
        if total >= o["word_min_words"] and long.any():
            # Counts per norm: the counts of its lemmas added up.
            counts = np.bincount(lemma_ids[long], weights=per_lemma[long]).astype(np.int64)
            best = int(np.argmax(counts))
            word, n = norms[best], int(counts[best])
            counts[best] = 0
            runner_up = int(counts.max())
            # Far over its share: over the limit and twice as frequent as any other word;
            # a technical page uses its few key terms often, a stuffed one hammers one.
            share = n / total * 100
            if (
                share > o["word_share"]
                and n >= 2 * runner_up
                and word not in self._topic_norms(doc, t, keyphrases)
            ):
                ids = lemma_ids[np.searchsorted(lemmas, t.lemma[content])]
                places = content[ids == best]
                related = tuple(
                    Related("also here", s, e)
                    for s, e in zip(
                        t.start[places[1:50]].tolist(), t.end[places[1:50]].tolist(),
                        strict=True,
                    )
                )  # fmt: skip
                hits.append(
                    Hit(
                        int(t.start[places[0]]),
                        int(t.end[places[0]]),
                        f'"{word}" is {n} of {total} words ({share:.1f}%, limit '
                        f"{o['word_share']:g}% for a word that is not the keyphrase)",
                        Severity.WARNING,
                        related,
                    )
                )
        # One content word sentence_repeats+ times in a keyword salad: a "sentence" of
        # repeated terms with hardly a function word. Only such sentences are counted.
        sents = t.sent[content]
        n_words = np.bincount(t.sent[body])
        n_content = np.bincount(sents, minlength=len(n_words))
        salad = (n_content >= o["sentence_repeats"]) & (
            n_words - n_content <= o["salad_stopwords"] * n_words
        )
        if not salad.any():
            return hits
        salads = content[salad[sents]]  # the content words of such sentences
        at = np.searchsorted(lemmas, t.lemma[salads])
        salads, ids, sents = salads[long[at]], lemma_ids[at][long[at]], t.sent[salads][long[at]]
        size = len(norms) + 1
        uniq, counts = np.unique(sents * size + ids, return_counts=True)
        repeated = counts >= o["sentence_repeats"]
        # Per sentence its most repeated word; of equals, the one with the smallest lemma
        # hash (an arbitrary but stable order).
        candidates = sorted(
            (k // size, -n, int(lemmas[lemma_ids == k % size].min()), k % size)
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

    def _topic_norms(self, doc, t: TokenTable, keyphrases) -> set[str]:
        """Keyphrase words and the words of the title and headings: what a page is about."""
        exempt = {c for kp in keyphrases for c in kp.content}
        heads = [k for k, b in enumerate(doc.blocks) if b.kind == "heading"]
        titles = [k for k, b in enumerate(doc.blocks) if b.kind == "title"]
        vocab, cache = self.nlp.vocab, self._norm_cache
        sel = np.nonzero(np.isin(t.block, heads) & (t.cls == WORD))[0]
        exempt |= {norm_of(vocab, x, cache) for x in t.lemma[sel].tolist()}
        # The title's words as written (their lowercase form, not the lemma).
        sel = np.nonzero(np.isin(t.block, titles) & t.alpha)[0]
        exempt |= {norm_of(vocab, x, cache) for x in t.lower[sel].tolist()}
        return exempt


def _is_word(token) -> bool:
    # Code and URLs are replaced by "_" in prose; they are not words.
    if token.is_space or token.is_punct or token.like_url or token.like_email:
        return False
    return any(ch.isalnum() for ch in token.text) and token.text != "_"


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
    sent_start = int(np.searchsorted(table.sent, sent_no, side="left"))
    sent_end = int(np.searchsorted(table.sent, sent_no, side="right"))
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
    dash = np.nonzero(classes[1:-1] == _DASH)[0] + 1
    separator[dash] = (classes[dash - 1] == _SPACE) & (classes[dash + 1] == _SPACE)
    newlines = np.nonzero(classes == _NEWLINE)[0]
    counts = np.bincount(
        np.searchsorted(newlines, np.nonzero(separator)[0]), minlength=len(newlines) + 1
    )
    lines = np.nonzero(counts >= max(need, 0))[0]
    return np.concatenate(([0], newlines + 1))[lines]


def _stem(word: str) -> str:
    word = word.lower()
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _compact(text: str) -> str:
    """Letters only, lowercase, without a plural ending: variants of a term collide."""
    letters = re.sub(r"[^\w]|_", "", text.lower())
    for suffix in ("es", "s"):
        if len(letters) > 4 and letters.endswith(suffix) and not letters.endswith("ss"):
            return letters[: -len(suffix)] if suffix == "s" else letters[:-1]
    return letters
