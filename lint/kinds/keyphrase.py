"""Kind ``keyphrase``: where the page's focus keyphrase appears (Yoast / Rank Math checks).

Runs only when the page declares a focus keyphrase (front matter ``keyphrase`` or
``keyword``; the first of a list) or the ``keyphrase`` option names one: a page that
targets no query gets no placement advice. ``keywords`` is not read by default (``keys``):
documentation generators use it for meta keywords and site-search synonyms
("deployment, byoc"), not for the one query a page targets. Keyphrase words match on
lemmas, so "dopamine levels" counts for "dopamine level" (Yoast's word forms); the
function words of the keyphrase ("what does ... do to") need not appear.

One rule per ``check``:

- ``title``: all content words in the title (front matter ``title``, HTML ``<title>``,
  else the H1), best starting in its first half (Rank Math: "near the beginning").
  Passing (keyphrase "green tea"): ``title: Green tea for beginners``.
  Failing: ``title: Brewing guide for beginners``.
- ``introduction``: all content words in one sentence of the first paragraph (Yoast);
  leading paragraphs under ``min_intro_words`` or matching ``skip_intro`` (a byline, a
  note, a disclaimer) are skipped.
- ``description``: in the meta description once or twice; more is over-optimised (Yoast).
- ``subheadings``: in ``min_share`` (30%) or more of the H2/H3 subheadings (Yoast). A
  subheading reflects the keyphrase when it has all its content words (one or two
  words) or more than half of them (three or more). Too many is ``seo.keyword-stuffing``'s.
- ``slug``: the content words in the slug (front matter ``slug``, the last segment of
  ``permalink``/``url``, else the file name; for ``index``/``README`` its folder's name).
- ``length``: 1-4 content words are ideal; 5-8 a warning, more an error (Yoast).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

import re2

from lint.findings import Hit, Related, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option
from lint.kinds.words import FOCUS_KEYS, declared_keyphrases, is_word
from lint.kinds.words import norm as _norm

CHECKS = ("title", "introduction", "description", "subheadings", "slug", "length")
INDEX_NAMES = {"index", "readme", "_index", "default"}


@register
class KeyphraseKind(Kind):
    name = "keyphrase"
    description = "Where the declared focus keyphrase appears: title, intro, description, ..."
    options = {
        "check": Option("str", "title", "Which placement this rule checks.", CHECKS),
        "keyphrase": Option("str", "", "Keyphrase when the front matter names none."),
        "keys": Option(
            "strings", list(FOCUS_KEYS), "Front matter keys that declare the focus keyphrase."
        ),
        "max_keywords": Option(
            "int", 3, "A longer `keywords` list is a search-synonym list, not a keyphrase."
        ),
        "start_share": Option(
            "float", 0.5, "title: the keyphrase should start within this share of the title."
        ),
        "min_intro_words": Option(
            "int",
            15,
            "introduction: shorter leading paragraphs (bylines, notes, disclaimers) are skipped.",
        ),
        "skip_intro": Option(
            "patterns",
            [
                r"(?i)^\W*(?:medical |legal )?disclaimer\b",
                r"(?i)^\W*(?:note|update|updated|editor's note|by)\b",
                r"(?i)^\W*(?:this|the) (?:article|page|post|content|information|site)\b[^.]*"
                r"\b(?:informational|educational|not (?:medical|intended|a substitute))",
            ],
            "introduction: leading paragraphs that match (disclaimers, notes, bylines) are "
            "not the introduction.",
        ),
        "max_description": Option(
            "int", 2, "description: times the keyphrase may appear in the description."
        ),
        "min_share": Option(
            "float", 0.3, "subheadings: share of H2/H3 subheadings that should reflect it."
        ),
        "min_headings": Option("int", 2, "subheadings: H2/H3 subheadings needed to judge."),
        "max_words": Option("int", 4, "length: content words over which to warn."),
        "error_words": Option("int", 8, "length: content words over which it is an error."),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        self._parsed: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self.skip_intro = [re2.compile(p) for p in options["skip_intro"]]

    # -- the keyphrase --------------------------------------------------------------------
    def _keyphrase(self, doc) -> tuple[str, str | None] | None:
        """(text, front matter key it came from) of the focus keyphrase."""
        declared = declared_keyphrases(
            doc.front_matter, self.opts["keys"], self.opts["max_keywords"]
        )
        if declared:
            return declared[0]
        if self.opts["keyphrase"].strip():
            return " ".join(self.opts["keyphrase"].split()), None
        return None

    def _parse(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(content-word norms, every word's norm) of a keyphrase."""
        if text not in self._parsed:
            tokens = [t for t in self.nlp(text) if is_word(t)]
            norms = tuple(_norm(t) for t in tokens)
            content = tuple(dict.fromkeys(_norm(t) for t in tokens if _is_content(t)))
            self._parsed[text] = (content or tuple(dict.fromkeys(norms)), norms)
        return self._parsed[text]

    # -- check ------------------------------------------------------------------------------
    def check(self, doc, sdoc) -> Iterable[Hit]:
        found = self._keyphrase(doc)
        if not found:
            return []
        text, key = found
        content, _ = self._parse(text)
        if not content:
            return []
        check = self.opts["check"]
        place = doc.front_matter_span(key) if key else None
        if check == "length":
            return self._length(text, content, place)
        if check == "slug":
            return self._slug(doc, text, content, place)
        if check == "title":
            return self._title(doc, sdoc, text, content)
        if check == "introduction":
            return self._introduction(doc, sdoc, text, content)
        if check == "description":
            return self._description(doc, sdoc, text, content)
        return self._subheadings(doc, sdoc, text, content)

    def _length(self, text, content, place) -> list[Hit]:
        n = len(content)
        if n <= self.opts["max_words"] or place is None:
            return []
        severity = Severity.ERROR if n > self.opts["error_words"] else None
        return [
            Hit(
                *place,
                f'The keyphrase "{text}" has {n} content words; keep it to '
                f"{self.opts['max_words']} or fewer (Yoast), a query people actually type",
                severity,
                in_source=True,
            )
        ]

    def _slug(self, doc, text, content, place) -> list[Hit]:
        slug, slug_place = _slug(doc)
        if not slug:
            return []
        words = [w for w in re.split(r"[^0-9a-zA-Z\u00c0-\uffff]+", slug.lower()) if w]
        norms = {_norm(t) for t in self.nlp(" ".join(words)) if is_word(t)} | set(words)
        compact = "".join(words)
        missing = [c for c in content if c not in norms and c not in compact]
        if not missing:
            return []
        where = slug_place or place
        if where is None:
            return []
        some = len(missing) < len(content)
        listed = ", ".join(f'"{m}"' for m in missing)
        message = (
            f'The slug "{slug}" has only some words of the keyphrase "{text}" (missing {listed})'
            if some
            else f'The slug "{slug}" does not contain the keyphrase "{text}"'
        )
        return [Hit(*where, message + "; name the page after what it targets", in_source=True)]

    def _title(self, doc, sdoc, text, content) -> list[Hit]:
        block = doc.title_block()
        if block is None:
            return []
        tokens = _tokens(sdoc, block.start, block.end)
        first: dict[str, int] = {}
        for t in tokens:
            if is_word(t):
                first.setdefault(_norm(t), t.idx)
        missing = [c for c in content if c not in first]
        if missing:
            listed = ", ".join(f'"{m}"' for m in missing)
            return [
                Hit(
                    block.start,
                    block.end,
                    f'The title does not contain the keyphrase "{text}" (missing {listed}); '
                    "put it in the title, best at its start",
                )
            ]
        start = min(first[c] for c in content) - block.start
        length = block.end - block.start
        if start > length * self.opts["start_share"]:
            return [
                Hit(
                    block.start,
                    block.end,
                    f'The keyphrase "{text}" is in the title but not near its start; '
                    "move it towards the beginning (Rank Math)",
                    Severity.INFO,
                )
            ]
        return []

    def _introduction(self, doc, sdoc, text, content) -> list[Hit]:
        paragraphs = [b for b in doc.blocks if b.kind == "paragraph" and not b.hidden]
        if not paragraphs:
            return []
        # A byline, a note or a disclaimer above the text is not its introduction.
        block = next((b for b in paragraphs if self._introduces(doc.text_of(b))), None)
        if block is None:  # only short paragraphs: the first that is not a note
            block = next((b for b in paragraphs if not self._note(doc.text_of(b))), paragraphs[0])
        sents = [
            s
            for s in sdoc.char_span(block.start, block.end, alignment_mode="expand").sents
            if s.end_char > block.start
        ]
        wanted = set(content)
        seen: set[str] = set()
        for s in sents:
            norms = {_norm(t) for t in s if is_word(t)}
            if wanted <= norms:
                return []
            seen |= norms & wanted
        first = sents[0] if sents else None
        start, end = (
            (max(first.start_char, block.start), min(first.end_char, block.end))
            if first
            else (block.start, block.end)
        )
        if seen == wanted:
            return [
                Hit(
                    start,
                    end,
                    f'The words of the keyphrase "{text}" are in the first paragraph but not '
                    "in one sentence; say it in one sentence there",
                    Severity.INFO,
                )
            ]
        return [
            Hit(
                start,
                end,
                f'The keyphrase "{text}" is not in the first paragraph; say what the page '
                "is about in its first sentences",
            )
        ]

    def _introduces(self, text: str) -> bool:
        return len(text.split()) >= self.opts["min_intro_words"] and not self._note(text)

    def _note(self, text: str) -> bool:
        return any(p.search(text) for p in self.skip_intro)

    def _description(self, doc, sdoc, text, content) -> list[Hit]:
        block = next((b for b in doc.blocks if b.kind == "description"), None)
        if block is None:
            return []  # a missing description is seo.description-length's
        counts = dict.fromkeys(content, 0)
        for t in _tokens(sdoc, block.start, block.end):
            if is_word(t) and _norm(t) in counts:
                counts[_norm(t)] += 1
        n = min(counts.values())
        if n == 0:
            return [
                Hit(
                    block.start,
                    block.end,
                    f'The meta description does not contain the keyphrase "{text}"; search '
                    "results highlight the words of the query, so name it once",
                )
            ]
        if n > self.opts["max_description"]:
            return [
                Hit(
                    block.start,
                    block.end,
                    f'The keyphrase "{text}" is in the meta description {n} times; once or '
                    f"twice is enough (Yoast: more than {self.opts['max_description']} is "
                    "over-optimised)",
                )
            ]
        return []

    def _subheadings(self, doc, sdoc, text, content) -> list[Hit]:
        heads = [
            b for b in doc.blocks if b.kind == "heading" and b.level in (2, 3) and not b.hidden
        ]
        if len(heads) < self.opts["min_headings"]:
            return []
        need = len(content) if len(content) <= 2 else len(content) // 2 + 1
        wanted = set(content)
        without = []
        for b in heads:
            norms = {_norm(t) for t in _tokens(sdoc, b.start, b.end) if is_word(t)}
            if len(norms & wanted) < need:
                without.append(b)
        reflecting = len(heads) - len(without)
        share = reflecting / len(heads)
        if share >= self.opts["min_share"]:
            return []
        first = without[0]
        related = tuple(Related("no keyphrase here either", b.start, b.end) for b in without[1:])
        return [
            Hit(
                first.start,
                first.end,
                f'{reflecting} of {len(heads)} H2/H3 subheadings reflect the keyphrase "{text}" '
                f"({share:.0%}; Yoast suggests {self.opts['min_share']:.0%}-75%); use it or "
                "its words in more subheadings where they fit",
                Severity.WARNING if reflecting == 0 else None,
                related,
            )
        ]


# -- helpers ----------------------------------------------------------------------------------
def _is_content(token) -> bool:
    return token.is_alpha and not token.is_stop


def _tokens(sdoc, start: int, end: int):
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _slug(doc) -> tuple[str, tuple[int, int] | None]:
    """(slug, its front matter span or None) of the page."""
    for key in ("slug", "permalink", "url"):
        value = doc.front_matter.get(key)
        if isinstance(value, str) and value.strip():
            segments = [s for s in value.strip().split("/") if s]
            if segments:
                last = re.sub(r"\.html?$", "", segments[-1])
                return last, doc.front_matter_span(key)
    if not doc.path or doc.path == "-":
        return "", None
    path = PurePath(doc.path)
    stem = path.stem
    if stem.lower() in INDEX_NAMES:
        stem = path.parent.name
    return stem, None
