"""Kind ``required``: a pattern that must occur, optionally near the top or bottom.

Passing (``patterns: ["not medical advice"]``): a page that says "This is not medical
advice." Failing: a page that never says it. With ``within: top`` and ``words: 100``
the text must appear within the first 100 words of prose. ``only_if`` makes the
requirement conditional (Vale's "conditional"): it applies only to pages where one of
those patterns occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import re2

from lint.findings import Hit
from lint.kinds import register
from lint.kinds.base import Kind, Option

_WORD = re.compile(r"\w+")


@register
class RequiredKind(Kind):
    name = "required"
    description = "Requires a pattern to occur, optionally within the first or last N words."
    options = {
        "patterns": Option("patterns", [], "RE2 patterns; any one of them satisfies the rule."),
        "within": Option("str", "anywhere", "Where it must be.", ("anywhere", "top", "bottom")),
        "words": Option("int", 100, "How many words from the top or bottom count."),
        "only_if": Option(
            "patterns", [], "Apply only to pages where one of these patterns occurs."
        ),
        "message": Option(
            "str", "Required text is missing: {what}", "Message; {what} names the requirement."
        ),
        "what": Option("str", "", "A short name for what is required, used in the message."),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        self.patterns = [re2.compile("(?i)" + p) for p in options["patterns"]]
        self.triggers = [re2.compile("(?i)" + p) for p in options["only_if"]]

    def check(self, doc, sdoc) -> Iterable[Hit]:
        text = doc.prose
        if not self.patterns or not text.strip():
            return
        if self.triggers and not any(t.search(text) for t in self.triggers):
            return
        region = text
        within, n = self.opts["within"], self.opts["words"]
        if within != "anywhere":
            words = list(_WORD.finditer(text))
            if len(words) > n:
                region = (
                    text[: words[n - 1].end()] if within == "top" else text[words[-n].start() :]
                )
        if any(p.search(region) for p in self.patterns):
            return
        what = self.opts["what"] or " or ".join(
            p.pattern.removeprefix("(?i)") for p in self.patterns
        )
        where = "" if within == "anywhere" else f" in the {within} {n} words"
        message = self.opts["message"].format(what=what) + where
        # Point at the first block (the title or first heading): the page as a whole.
        first = doc.blocks[0]
        yield Hit(first.start, first.end, message)
