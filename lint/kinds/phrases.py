"""Kind ``phrases``: flag listed words, phrases or patterns (Vale's "existence").

Passing: ``Results vary from person to person.``
Failing (with ``words: [miracle cure]``): ``This tea is a miracle cure.``

Words match on lowercase tokens (or lemmas with ``match: lemma``), so "Miracle Cures"
matches "miracle cure" too. Patterns are RE2 regular expressions over each prose
block. ``replacements`` maps a listed phrase to the suggestion the message offers.
"""

from __future__ import annotations

from collections.abc import Iterable

import re2

from lint.kinds import register
from lint.kinds.base import Kind, Option
from lint.kinds.phrase_table import PhraseTable, phrase_words
from lint.nlp import lemmas


@register
class PhrasesKind(Kind):
    name = "phrases"
    description = "Flags listed words, phrases or patterns."
    options = {
        "words": Option("words", [], "Words or phrases to flag (case-insensitive)."),
        "patterns": Option("patterns", [], "RE2 regular expressions to flag in prose."),
        "match": Option(
            "str", "lower", "Match words on `lower` case text or on `lemma`s.", ("lower", "lemma")
        ),
        "ignore_case": Option("bool", True, "Patterns ignore case."),
        "replacements": Option("mapping", {}, "Suggested replacement for a listed phrase."),
        "message": Option(
            "str",
            "Avoid {quote}",
            "Message; {quote} is the flagged text, {suggestion} the replacement.",
        ),
        "headings_only": Option("bool", False, "Only look in headings and titles."),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        attr = "LEMMA" if options["match"] == "lemma" else "LOWER"
        self.matcher = PhraseTable(nlp, attr)
        # Patterns are split as the tokenizer splits text (and lemmatised for lemmas).
        split = phrase_words(nlp, [w.lower() for w in options["words"]])
        if attr == "LEMMA":
            split = [lemmas(nlp, tokens) for tokens in split]
        self.matcher.add("words", split)
        flags = "(?i)" if options["ignore_case"] else ""
        self.patterns = [(re2.compile(flags + p), _anchored(p)) for p in options["patterns"]]
        self.replacements = {k.lower(): v for k, v in options["replacements"].items()}

    def check(self, doc, sdoc) -> Iterable:
        from lint.findings import Hit

        allowed = None
        if self.opts["headings_only"]:
            allowed = [(b.start, b.end) for b in doc.blocks if b.kind in ("heading", "title")]

        def inside(start: int) -> bool:
            return allowed is None or any(s <= start < e for s, e in allowed)

        spans = []
        if self.opts["words"]:
            for _, start, end in self.matcher(sdoc):
                span = sdoc[start:end]
                spans.append((span.start_char, span.end_char))
        for pattern, anchored in self.patterns:
            # Blocks are joined by blank lines in the prose, so a pattern that matches in
            # a block matches in the prose too, unless it is anchored to the text's ends:
            # one search of the prose spares most pages a search per block.
            if not anchored and pattern.search(doc.prose) is None:
                continue
            for block in doc.blocks:
                text = doc.text_of(block)
                for m in pattern.finditer(text):
                    if m.end() > m.start():
                        spans.append((block.start + m.start(), block.start + m.end()))
        for start, end in sorted(set(spans)):
            if not inside(start):
                continue
            quote = doc.prose[start:end]
            suggestion = self.replacements.get(quote.lower(), "")
            message = self.opts["message"].format(quote=f'"{quote}"', suggestion=suggestion)
            if suggestion and "{suggestion}" not in self.opts["message"]:
                message += f'; use "{suggestion}" instead'
            yield Hit(start, end, message)


def _anchored(pattern: str) -> bool:
    """Whether the pattern holds ``^``, ``$``, ``\\A`` or ``\\z`` outside a character class."""
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if not in_class and pattern[i + 1 : i + 2] in ("A", "z"):
                return True
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 1
            # "^" right after "[" negates, and a "]" right after that is a literal.
            i += pattern[i : i + 1] == "^"
            i += pattern[i : i + 1] == "]"
            continue
        elif ch in "^$":
            return True
        i += 1
    return False
