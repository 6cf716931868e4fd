"""Kind ``readability``: Yoast's readability checks, on the prose only.

Text is what a reader reads as running prose: paragraphs and list items (headings where
said). Code blocks, inline code (one placeholder word), URLs, tables and template tags
are not judged, so a code-heavy reference page is measured on its sentences alone.

One rule per ``check``:

- ``text-length``: at least ``min_words`` (300, Yoast) words of text. The built-in rule
  judges only pages that declare a keyphrase (``keyphrase_only``, an option of every
  check): they are written to rank, while a short reference page is short on purpose.
  Passing: a 400-word article. Failing (with a keyphrase): a 120-word one.
- ``paragraph-length``: paragraphs over 150 words (a note) or 200 (a warning) (Yoast).
- ``sentence-length``: more than 25% of sentences with over 20 words (Yoast); reported
  once, at the longest sentence, with the other long ones as related places.
- ``subheading-distribution``: over 300 words of text without a subheading (Yoast), a
  note, at the sentence where the limit is passed; over 600 a warning (Yoast: 350).
- ``consecutive-sentences``: three or more sentences in a row starting with the same
  word (Yoast; an article, numeral or demonstrative takes the next word along).
- ``reading-ease``: Flesch reading ease (206.835 - 1.015 words/sentence - 84.6
  syllables/word, syllables by a vowel-group heuristic) under ``min_score``, at the
  hardest sentence. Yoast aims for 60+; the default floor 30 ("very difficult",
  graduate level) leaves technical text alone.
- ``passive-voice``: more than 10% of sentences in the passive (Yoast): a form of "be",
  up to two adverbs, then a past participle (a regular "-ed" form or one from the
  ``participles`` list of irregular ones). A heuristic without a parser: adjectives such
  as "is tired" count too, which is also how Yoast's English check behaves. The built-in
  rule judges pages that declare a keyphrase only: reference docs are passive by habit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from lint.findings import Hit, Related, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option
from lint.kinds.words import WORD, declares_keyphrase, token_table

CHECKS = (
    "text-length",
    "paragraph-length",
    "sentence-length",
    "subheading-distribution",
    "consecutive-sentences",
    "reading-ease",
    "passive-voice",
)
PROSE_KINDS = {"paragraph", "list_item"}
# A line of a table the Markdown parser did not see as one (pipes and a --- rule).
TABLE_LIKE = re.compile(r"\|.*\|.*\||-{3,}\s*\+|\|\s*-{3,}")
BE_FORMS = {"am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't",
            "wasn't", "weren't"}  # fmt: skip
# Words that may stand between "be" and the participle ("is not always used").
BETWEEN = {"not", "n't", "also", "always", "never", "often", "usually", "still", "only",
           "already", "then", "now", "just", "sometimes", "rarely", "generally", "typically",
           "automatically"}  # fmt: skip
# Words ending in "-ed" that are not participles.
NOT_PARTICIPLES = {"bed", "red", "need", "seed", "feed", "speed", "shed", "weed", "reed",
                   "bred", "fled", "led", "sled", "hundred", "sacred", "naked", "wicked",
                   "kindred", "rugged", "ragged", "wretched", "breed", "creed", "greed",
                   "embed", "heed", "indeed", "steed", "tweed", "deed", "proceed", "exceed",
                   "succeed", "unsaid", "ted", "fred", "med", "ned", "wed"}  # fmt: skip
# First words that do not make a sentence start distinct (Yoast: "firstWordExceptions").
FIRST_WORD_EXCEPTIONS = {"the", "a", "an", "one", "two", "three", "four", "five", "six",
                         "seven", "eight", "nine", "ten", "this", "that", "these", "those",
                         "first", "second", "third"}  # fmt: skip
_VOWELS = re.compile(r"[aeiouy]+")


@register
class ReadabilityKind(Kind):
    name = "readability"
    description = "Yoast's readability checks: text, paragraph and sentence length, and more."
    options = {
        "check": Option("str", "text-length", "Which readability check this rule runs.", CHECKS),
        "min_words": Option(
            "int", 300, "text-length: fewest words; other checks: words a text needs to judge."
        ),
        "keyphrase_only": Option(
            "bool", False, "Only judge pages that declare a keyphrase (written to rank)."
        ),
        "max_words": Option("int", 150, "paragraph-length: words of a long paragraph (a note)."),
        "error_words": Option("int", 200, "paragraph-length: words that make a warning."),
        "section_words": Option(
            "int", 300, "subheading-distribution: words of text a subheading should break."
        ),
        "section_error_words": Option(
            "int", 600, "subheading-distribution: words without one that make a warning."
        ),
        "sentence_words": Option("int", 20, "sentence-length: words of a long sentence."),
        "max_share": Option("float", 0.25, "sentence-length: largest share of long sentences."),
        "passive_share": Option(
            "float", 0.10, "passive-voice: largest share of sentences in the passive."
        ),
        "min_sentences": Option("int", 5, "Sentences a text needs for shares to be judged."),
        "repeats": Option("int", 3, "consecutive-sentences: sentences in a row."),
        "min_score": Option("float", 30.0, "reading-ease: lowest Flesch reading ease."),
        "participles": Option(
            "words", [], "passive-voice: irregular past participles (a word list)."
        ),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        self.participles = {w.lower() for w in options["participles"]}

    def check(self, doc, sdoc) -> Iterable[Hit]:
        check = self.opts["check"]
        if self.opts["keyphrase_only"] and not declares_keyphrase(doc.front_matter):
            return []
        sentences = _sentences(doc, sdoc)
        if check == "text-length":
            return self._text_length(doc, sentences)
        if check == "paragraph-length":
            return self._paragraphs(doc, sentences)
        if check == "sentence-length":
            return self._sentence_length(sentences)
        if check == "subheading-distribution":
            return self._subheadings(doc, sentences)
        if check == "consecutive-sentences":
            return self._consecutive(doc, sentences)
        if check == "reading-ease":
            return self._reading_ease(sentences)
        return self._passive(sentences)

    # -- checks ------------------------------------------------------------------------------
    def _text_length(self, doc, sentences) -> list[Hit]:
        words = sum(len(s.words) for s in sentences)
        words += sum(len(_words_of(doc.text_of(b))) for b in doc.blocks if b.kind == "heading")
        if words >= self.opts["min_words"]:
            return []
        anchor = next((b for b in doc.blocks if b.kind in ("title", "heading", "paragraph")), None)
        if anchor is None:
            return []
        return [
            Hit(
                anchor.start,
                anchor.end,
                f"The page has {words} words of text; pages that aim to rank need at least "
                f"{self.opts['min_words']} (Yoast; Rank Math suggests 600+) to cover the topic",
            )
        ]

    def _paragraphs(self, doc, sentences) -> list[Hit]:
        o = self.opts
        by_block: dict[int, list] = {}
        for s in sentences:
            if s.kind == "paragraph":
                by_block.setdefault(s.block, []).append(s)
        hits = []
        for sents in by_block.values():
            n = sum(len(s.words) for s in sents)
            if n <= o["max_words"]:
                continue
            severity = Severity.WARNING if n > o["error_words"] else None
            limit = o["error_words"] if n > o["error_words"] else o["max_words"]
            hits.append(
                Hit(
                    sents[0].start,
                    sents[0].end,
                    f"This paragraph has {n} words (over {limit}; Yoast suggests at most "
                    f"{o['max_words']}); split it where the thought turns",
                    severity,
                )
            )
        return hits

    def _sentence_length(self, sentences) -> list[Hit]:
        o = self.opts
        sents = [s for s in sentences if s.words]
        if len(sents) < o["min_sentences"]:
            return []
        long = [s for s in sents if len(s.words) > o["sentence_words"]]
        share = len(long) / len(sents)
        if share <= o["max_share"]:
            return []
        worst = max(long, key=lambda s: len(s.words))
        related = tuple(
            Related(f"{len(s.words)} words", s.start, s.end) for s in long if s is not worst
        )[:20]
        return [
            Hit(
                worst.start,
                worst.end,
                f"{len(long)} of {len(sents)} sentences ({share:.0%}) have more than "
                f"{o['sentence_words']} words (Yoast: at most {o['max_share']:.0%}); this one "
                f"has {len(worst.words)}. Split long sentences",
                related=related,
            )
        ]

    def _subheadings(self, doc, sentences) -> list[Hit]:
        o = self.opts
        limit, hard = o["section_words"], o["section_error_words"]
        hits = []
        heading_at = [b.start for b in doc.blocks if b.kind == "heading"]
        section_words = 0
        reported = False
        section_total: dict[int, int] = {}
        h = 0
        section_of = []
        for s in sentences:
            while h < len(heading_at) and heading_at[h] < s.start:
                h += 1
            section_of.append(h)
            section_total[h] = section_total.get(h, 0) + len(s.words)
        current = -1
        for s, sec in zip(sentences, section_of, strict=True):
            if sec != current:
                current, section_words, reported = sec, 0, False
            section_words += len(s.words)
            if section_words > limit and not reported:
                reported = True
                total = section_total[sec]
                hits.append(
                    Hit(
                        s.start,
                        s.end,
                        f"{total} words follow without a subheading (Yoast: at most {limit}); "
                        "add one around here to break the text up",
                        Severity.WARNING if total > hard else None,
                    )
                )
        return hits

    def _consecutive(self, doc, sentences) -> list[Hit]:
        n = self.opts["repeats"]
        hits = []
        run: list = []
        previous_block = None

        def flush():
            if len(run) >= n:
                first, last = run[0], run[-1]
                related = tuple(Related("also starts so", s.start, s.end) for s in run[1:])
                hits.append(
                    Hit(
                        first.start,
                        first.start + len(first.opening),
                        f'{len(run)} sentences in a row start with "{first.opening}"; vary '
                        "the openings (Yoast)",
                        related=related,
                    )
                )
                del last

        for s in sentences:
            if s.kind != "paragraph" or not s.opening:
                flush()
                run = []
                previous_block = None
                continue
            adjacent = previous_block is None or s.block in (previous_block, previous_block + 1)
            if run and adjacent and s.opening.lower() == run[-1].opening.lower():
                run.append(s)
            else:
                flush()
                run = [s]
            previous_block = s.block
        flush()
        return hits

    def _reading_ease(self, sentences) -> list[Hit]:
        o = self.opts
        sents = [s for s in sentences if s.words]
        words = [w for s in sents for w in s.words if w.isalpha()]
        if len(words) < o["min_words"] or len(sents) < o["min_sentences"]:
            return []
        syllables = sum(_syllables(w) for w in words)
        score = 206.835 - 1.015 * (len(words) / len(sents)) - 84.6 * (syllables / len(words))
        if score >= o["min_score"]:
            return []

        def ease(s) -> float:
            ws = [w for w in s.words if w.isalpha()] or ["x"]
            return -1.015 * len(ws) - 84.6 * sum(_syllables(w) for w in ws) / len(ws)

        candidates = [s for s in sents if len(s.words) >= 8] or sents
        hardest = min(candidates, key=ease)
        return [
            Hit(
                hardest.start,
                hardest.end,
                f"Flesch reading ease {score:.0f} (under {o['min_score']:g}: very difficult; "
                "Yoast aims for 60+). Use shorter sentences and plainer words; this sentence "
                "is the hardest",
            )
        ]

    def _passive(self, sentences) -> list[Hit]:
        o = self.opts
        sents = [s for s in sentences if s.words]
        if len(sents) < o["min_sentences"]:
            return []
        passive = [s for s in sents if self._is_passive(s.words)]
        share = len(passive) / len(sents)
        limit = o["passive_share"]
        if share <= limit:
            return []
        first = passive[0]
        related = tuple(Related("passive", s.start, s.end) for s in passive[1:])[:20]
        return [
            Hit(
                first.start,
                first.end,
                f"{len(passive)} of {len(sents)} sentences ({share:.0%}) are in the passive "
                f"voice (Yoast: at most {limit:.0%}); say who does what where you can",
                related=related,
            )
        ]

    def _is_passive(self, words: list[str]) -> bool:
        lower = [w.lower() for w in words]
        for i, w in enumerate(lower):
            if w not in BE_FORMS:
                continue
            j = i + 1
            while (
                j < len(lower) and j - i <= 3 and (lower[j] in BETWEEN or lower[j].endswith("ly"))
            ):
                j += 1
            if j < len(lower) and self._participle(lower[j]):
                return True
        return False

    def _participle(self, w: str) -> bool:
        if w in self.participles:
            return True
        return len(w) > 4 and w.endswith("ed") and w.isalpha() and w not in NOT_PARTICIPLES


class _Sentence:
    __slots__ = ("start", "end", "block", "kind", "words", "opening")

    def __init__(self, start, end, block, kind, words, opening):
        self.start, self.end, self.block, self.kind = start, end, block, kind
        self.words, self.opening = words, opening


def _sentences(doc, sdoc) -> list[_Sentence]:
    """Sentences of prose blocks, with their words (inline code counts as one word).

    Computed once per spaCy Doc and kept on it: every readability rule reads them.
    """
    key = "seolint.readability.sentences"
    cached = sdoc.user_data.get(key)
    if cached is None:
        cached = sdoc.user_data[key] = _analyse(doc, sdoc)
    return cached


def _analyse(doc, sdoc) -> list[_Sentence]:
    # Per-token facts come from the shared token table (arrays), so the loop below runs
    # per sentence, and word texts are slices of the prose, not spaCy Token objects.
    table = token_table(doc, sdoc)
    if not len(table.cls):
        return []
    usable = [
        b.kind in PROSE_KINDS and not b.hidden and not _table_like(doc.text_of(b))
        for b in doc.blocks
    ]
    prose = doc.prose
    # Words of the whole Doc at once; each sentence takes its slice of them.
    word_at = np.flatnonzero(table.cls == WORD)
    word_starts, word_ends = table.start[word_at].tolist(), table.end[word_at].tolist()
    all_words = [prose[x:y] for x, y in zip(word_starts, word_ends, strict=True)]
    starts = np.flatnonzero(table.sent_start)
    ends = np.append(starts[1:], len(table.cls))
    first_word = np.searchsorted(word_at, starts).tolist()
    end_word = np.searchsorted(word_at, ends).tolist()
    word_at = word_at.tolist()
    token_starts, token_ends = table.start.tolist(), table.end.tolist()
    alpha, blocks = table.alpha.tolist(), table.block.tolist()
    out = []
    for a, b, lo, hi in zip(starts.tolist(), ends.tolist(), first_word, end_word, strict=True):
        k = blocks[a]
        start = token_starts[a]
        if k < 0 or not usable[k] or start >= doc.blocks[k].end or lo == hi:
            continue
        words = all_words[lo:hi]
        opening = ""
        first = word_at[lo]
        if alpha[first]:
            opening = words[0]
            nxt = first + 1
            if words[0].lower() in FIRST_WORD_EXCEPTIONS and nxt < b and alpha[nxt]:
                opening = f"{words[0]} {prose[token_starts[nxt] : token_ends[nxt]]}"
        stop = token_starts[b] if b < len(token_starts) else len(prose)
        text = prose[start:stop].rstrip()
        out.append(_Sentence(start, start + len(text), k, doc.blocks[k].kind, words, opening))
    return out


def _table_like(text: str) -> bool:
    """A table the Markdown parser read as a paragraph (template tags inside break it)."""
    return text.count("|") >= 4 and TABLE_LIKE.search(text) is not None


def _words_of(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w'’-]+", text) if w != "_"]


@lru_cache(maxsize=1 << 16)  # a page repeats its words: count each one once
def _syllables(word: str) -> int:
    """Syllables of an English word by vowel groups (the usual Flesch heuristic)."""
    w = word.lower()
    if len(w) <= 3:
        return 1
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        w = w[:-1]
    elif w.endswith(("es", "ed")) and not w.endswith(("tes", "des", "ted", "ded", "ies")):
        w = w[:-2]
    return max(1, len(_VOWELS.findall(w)))
