"""Kind ``metadata``: the title, meta description and headings a search result is built from.

One rule per ``check``:

- ``title-length``: the title's width in search results, estimated in pixels from a
  per-character width table of Arial at 20 px (Google's desktop title font; the table
  is data: ``widths``). Google cuts titles at about 600 px (Yoast's limit; Rank Math
  says about 60 characters). Wider is a note that names where the cut falls; a title
  narrower than ``min_pixels`` leaves room unused (off by default for docs: short
  reference titles are fine).
  Passing: ``title: Green tea for beginners``. Failing: a 90-character title.
- ``description-length``: the meta description (front matter ``description`` or HTML
  ``<meta name="description">``) should have 120-156 characters (Yoast; Google shows
  about 150-160). A missing one is a note on pages that declare a keyphrase
  (``require``; documentation pages often leave the snippet to Google on purpose).
- ``h1``: exactly one H1. For Markdown, front matter ``title`` counts as the H1 only when
  the body has no ``# `` heading: static site generators (Jekyll, Hugo, Docusaurus,
  MkDocs) render the title as the H1 of such pages. More than one H1 is a warning at the
  second; none at all (and no title) a note on pages that have subheadings (a file without
  any heading, or in an ``_includes``/``partials`` folder (``fragments``), is a fragment
  that other pages include). HTML counts ``<h1>`` elements only.
- ``empty-heading``: a heading with no text (``## `` alone, ``<h2></h2>``): an empty
  entry in the outline that search engines and screen readers read.

Plain-text files have no markup for any of this and are skipped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from lint.findings import Hit, Related, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option
from lint.kinds.words import declares_keyphrase

CHECKS = ("title-length", "description-length", "h1", "empty-heading")
# Arial widths in 1/1000 em for characters the table does not list.
DEFAULT_WIDTH = 556
WIDE_WIDTH = 1000  # CJK and other full-width characters
_EMPTY_ATX = re.compile(r"(?m)^ {0,3}#{1,6}[ \t]*#*[ \t]*$")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_IMG_ALT = re.compile(r"<img\b[^>]*\balt\s*=\s*[\"']\s*[^\"'\s]", re.IGNORECASE)


@register
class MetadataKind(Kind):
    name = "metadata"
    description = "Title width, meta description length, one H1, no empty headings."
    options = {
        "check": Option("str", "title-length", "Which metadata this rule checks.", CHECKS),
        "widths": Option(
            "words",
            [],
            "title-length: `character width` lines, widths in 1/1000 em (U+XXXX for a space).",
        ),
        "font_size": Option("float", 20.0, "title-length: font size in pixels (Google: 20)."),
        "max_pixels": Option("int", 600, "title-length: widest title shown whole, in pixels."),
        "min_pixels": Option("int", 0, "title-length: narrower titles waste room (0: off)."),
        "title_suffix": Option(
            "str", "", 'title-length: what the site appends to every title (" | Docs").'
        ),
        "min_chars": Option("int", 120, "description-length: shortest description."),
        "max_chars": Option("int", 156, "description-length: longest description shown whole."),
        "require": Option(
            "str",
            "keyphrase",
            "description-length: report a page with none: `always`, only a page that declares "
            "a keyphrase (`keyphrase`), or `never`.",
            ("always", "keyphrase", "never"),
        ),
        "title_counts_as_h1": Option(
            "bool", True, "h1: Markdown front matter `title` is the H1 when the body has none."
        ),
        "require_h1": Option(
            "bool", True, "h1: report a page with subheadings but no H1 (and no title)."
        ),
        "fragments": Option(
            "patterns",
            [r"^_?(?:includes?|partials?|snippets?|fragments?)$"],
            "h1: folder names of included fragments, which need no H1 of their own.",
        ),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        self.widths = _width_table(tuple(options["widths"]))
        import re2

        self.fragments = [re2.compile(p) for p in options["fragments"]]

    def check(self, doc, sdoc) -> Iterable[Hit]:
        if doc.markup == "text":
            return []
        check = self.opts["check"]
        if check == "title-length":
            return self._title_length(doc)
        if check == "description-length":
            return self._description_length(doc)
        if check == "h1":
            return self._h1(doc)
        return _empty_headings(doc)

    # -- title ----------------------------------------------------------------------------
    def width(self, text: str) -> float:
        units = 0
        for ch in text:
            w = self.widths.get(ch)
            if w is None:
                w = WIDE_WIDTH if _wide(ch) else DEFAULT_WIDTH
            units += w
        return units * self.opts["font_size"] / 1000

    def _title_length(self, doc) -> list[Hit]:
        block = doc.title_block()
        if block is None:
            return []
        o = self.opts
        title = " ".join(doc.text_of(block).split())
        shown = title + o["title_suffix"]
        px = self.width(shown)
        if px > o["max_pixels"]:
            cut = self._cut(shown, o["max_pixels"] - self.width("..."))
            return [
                Hit(
                    block.start,
                    block.end,
                    f"The title is {len(shown)} characters, about {px:.0f} px wide; search "
                    f"results show about {o['max_pixels']} px (Google, Yoast), so it would "
                    f'end at "...{cut[-25:]}..."; shorten it or put the key words first',
                )
            ]
        if o["min_pixels"] and px < o["min_pixels"]:
            return [
                Hit(
                    block.start,
                    block.end,
                    f"The title is short (about {px:.0f} px of the {o['max_pixels']} px a "
                    "search result shows); use the room to say what the page offers",
                )
            ]
        return []

    def _cut(self, text: str, limit: float) -> str:
        px = 0.0
        for i, ch in enumerate(text):
            px += self.width(ch)
            if px > limit:
                return text[:i].rstrip()
        return text

    # -- description --------------------------------------------------------------------------
    def _description_length(self, doc) -> list[Hit]:
        o = self.opts
        block = next((b for b in doc.blocks if b.kind == "description"), None)
        if block is None:
            wanted = o["require"] == "always" or (
                o["require"] == "keyphrase" and declares_keyphrase(doc.front_matter)
            )
            if not wanted:
                return []
            start, end = _anchor(doc)
            return [
                Hit(
                    start,
                    end,
                    "The page has no meta description (front matter `description` or "
                    '<meta name="description">); without one Google picks a snippet from the '
                    f"text. Write {o['min_chars']}-{o['max_chars']} characters that sum up "
                    "the page",
                    in_source=True,
                )
            ]
        text = " ".join(doc.text_of(block).split())
        n = len(text)
        if n < o["min_chars"]:
            message = (
                f"The meta description has {n} characters; use {o['min_chars']}-"
                f"{o['max_chars']} (Yoast) to tell searchers what the page offers"
            )
        elif n > o["max_chars"]:
            cut = o["max_chars"]
            message = (
                f"The meta description has {n} characters; search results cut it after about "
                f'{cut} (Yoast), here at "...{text[cut - 25 : cut]}"'
            )
        else:
            return []
        return [Hit(block.start, block.end, message)]

    # -- H1 -----------------------------------------------------------------------------------
    def _h1(self, doc) -> list[Hit]:
        h1s = [b for b in doc.blocks if b.kind == "heading" and b.level == 1 and not b.hidden]
        if len(h1s) > 1:
            related = (Related("the first H1", h1s[0].start, h1s[0].end),)
            return [
                Hit(
                    b.start,
                    b.end,
                    f"The page has {len(h1s)} H1 headings; use one H1 for the page's topic "
                    "and H2s for its sections",
                    None,
                    related,
                )
                for b in h1s[1:]
            ]
        if h1s or not self.opts["require_h1"]:
            return []
        if not any(b.kind == "heading" for b in doc.blocks):
            return []  # a fragment or snippet (an include), not a page with an outline
        folders = doc.path.replace("\\", "/").split("/")[:-1]
        if any(f.search(part) for f in self.fragments for part in folders):
            return []
        title = next((b for b in doc.blocks if b.kind == "title"), None)
        if title is not None and doc.markup == "markdown" and self.opts["title_counts_as_h1"]:
            return []  # the site generator renders the front matter title as the H1
        start, end = _anchor(doc)
        return [
            Hit(
                start,
                end,
                "The page has no H1 heading; give it one heading that names its topic",
                Severity.INFO,
                in_source=True,
            )
        ]


# -- helpers ----------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _width_table(lines: tuple[str, ...]) -> dict[str, int]:
    table = {}
    for line in lines:
        parts = line.split()
        if len(parts) != 2:
            continue
        key, value = parts
        if key.upper().startswith("U+") and len(key) > 2:
            key = chr(int(key[2:], 16))
        try:
            table[key] = int(float(value))
        except ValueError:
            continue
    return table


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")


def _anchor(doc) -> tuple[int, int]:
    """A source span to hang a page-level finding on: the title, else the first line."""
    block = doc.title_block()
    if block is not None:
        return doc.source_span(block.start, block.end)
    end = doc.source.find("\n")
    return 0, end if end >= 0 else len(doc.source)


def _empty_headings(doc) -> list[Hit]:
    if doc.part[0] > 1:
        return []  # a page-wide scan: once, on the first piece of a long page
    if doc.markup == "html":
        return _empty_html_headings(doc.source, 0)
    # Markdown headings come from the parser (code blocks are never headings); raw HTML
    # headings inside the Markdown are looked for in the source.
    hits = [_empty_hit(start, end, level) for level, start, end in doc.empty_headings]
    if re.search(r"<h[1-6]\b", doc.source, re.IGNORECASE):
        hits += _empty_html_headings(doc.source, 0)
    return sorted(hits, key=lambda h: h.start)


def _empty_html_headings(source: str, offset: int) -> list[Hit]:
    hits = []
    for m in _HTML_HEADING.finditer(source):
        inner = m.group(2)
        if _IMG_ALT.search(inner):
            continue
        text = html.unescape(_TAG.sub("", inner)).replace("\xa0", " ").strip()
        if not text:
            hits.append(_empty_hit(offset + m.start(), offset + m.end(), int(m.group(1))))
    return hits


def _empty_hit(start: int, end: int, level: int) -> Hit:
    return Hit(
        start,
        end,
        f"Empty H{level} heading; give it a text or remove it (it shows as an empty entry in "
        "the outline search engines and screen readers read)",
        in_source=True,
    )
