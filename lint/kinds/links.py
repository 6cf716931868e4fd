"""Kind ``links``: outbound links and image alt text (Yoast / Rank Math checks).

One rule per ``check``:

- ``outbound``: a page of ``min_words``+ words of prose with no link to another site
  (an absolute ``http(s)://`` link whose host is not one of ``internal_hosts``; relative
  links are internal). Yoast and Rank Math both ask for one: citing sources shows readers
  and search engines where claims come from. By default only for pages that declare a
  keyphrase (``keyphrase_only``): documentation that links within its own site is fine.
  Passing: ``See the [NIH fact sheet](https://ods.od.nih.gov/).``
  Failing (with a keyphrase): 300 words and only ``[our shop](/shop)``.
- ``image-alt``: an image without alt text: Markdown ``![](photo.jpg)`` or an HTML
  ``<img>`` with no ``alt`` attribute (Yoast, Rank Math, Google Images docs). HTML
  ``alt=""`` marks a decorative image on purpose (WCAG) and is fine; in Markdown an
  empty ``![]`` is only ever an omission.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from lint.findings import Hit
from lint.kinds import register
from lint.kinds.base import Kind, Option

CHECKS = ("outbound", "image-alt")
FOCUS_KEYS = ("keyphrase", "keyword")
_MD_EMPTY_IMAGE = re.compile(r"!\[\s*\](?:\([^)]*\)|\[[^\]]*\])")
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=", re.IGNORECASE)
_HTML_SKIP = re.compile(
    r"<!--.*?-->|<(script|style|pre|code|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)


@register
class LinksKind(Kind):
    name = "links"
    description = "Outbound links to other sites, and images without alt text."
    options = {
        "check": Option("str", "outbound", "Which link check this rule runs.", CHECKS),
        "internal_hosts": Option(
            "strings", [], "outbound: hosts of the site itself (example.com, www.example.com)."
        ),
        "min_words": Option("int", 300, "outbound: words of prose a page needs to be judged."),
        "keyphrase_only": Option(
            "bool", True, "outbound: only for pages that declare a keyphrase."
        ),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        self.internal = {h.lower().removeprefix("www.") for h in options["internal_hosts"]}

    def check(self, doc, sdoc) -> Iterable[Hit]:
        if doc.markup == "text":
            return []
        if self.opts["check"] == "outbound":
            return self._outbound(doc, sdoc)
        return self._image_alt(doc)

    def _outbound(self, doc, sdoc) -> list[Hit]:
        o = self.opts
        if o["keyphrase_only"] and not any(doc.front_matter.get(k) for k in FOCUS_KEYS):
            return []
        for link in doc.links:
            host = _host(link.href)
            if host and host.removeprefix("www.") not in self.internal:
                return []
        prose = {"paragraph", "list_item"}
        words = sum(
            1
            for b in doc.blocks
            if b.kind in prose
            for t in sdoc.char_span(b.start, b.end, alignment_mode="expand") or ()
            if t.is_alpha
        )
        if words < o["min_words"]:
            return []
        anchor = next((b for b in doc.blocks if b.kind in ("title", "heading")), None)
        anchor = anchor or next((b for b in doc.blocks if b.kind == "paragraph"), None)
        if anchor is None:
            return []
        return [
            Hit(
                anchor.start,
                anchor.end,
                f"The page ({words} words) links to no other site; link the sources and "
                "references it draws on (Yoast, Rank Math)",
            )
        ]

    def _image_alt(self, doc) -> list[Hit]:
        hits = []
        source = doc.source
        if doc.markup == "markdown":
            if "![" in source:
                for start, end in _markdown_empty_images(source):
                    hits.append(_alt_hit(start, end))
            spans = _markdown_html_spans(source) if "<img" in source.lower() else []
        else:
            spans = [(0, len(source))]
        for a, b in spans:
            chunk = source[a:b]
            skip = [m.span() for m in _HTML_SKIP.finditer(chunk)]
            for m in _IMG.finditer(chunk):
                if any(x <= m.start() < y for x, y in skip):
                    continue
                if not _ALT.search(m.group(0)):
                    hits.append(_alt_hit(a + m.start(), a + m.end()))
        hits.sort(key=lambda h: h.start)
        return hits


def _alt_hit(start: int, end: int) -> Hit:
    return Hit(
        start,
        end,
        "Image without alt text; describe what it shows (screen readers and image search "
        'read it; use an HTML alt="" only for decoration)',
        in_source=True,
    )


def _host(href: str) -> str:
    href = href.strip()
    if not re.match(r"(?i)^(?:https?:)?//", href):
        return ""
    try:
        return (urlsplit(href if "://" in href else "http:" + href).hostname or "").lower()
    except ValueError:
        return ""


def _markdown_tokens(source: str):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
    return md.parse(source)


def _line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", source)]


def _markdown_empty_images(source: str) -> list[tuple[int, int]]:
    """Source spans of ``![](...)`` images outside code, found through the parse tree."""
    starts = _line_starts(source)
    out = []
    for token in _markdown_tokens(source):
        if token.type != "inline" or not token.map or not token.children:
            continue
        empty = sum(
            1
            for c in token.children
            if c.type == "image" and not "".join(x.content for x in c.children or []).strip()
        )
        if not empty:
            continue
        a = starts[token.map[0]]
        b = starts[token.map[1]] if token.map[1] < len(starts) else len(source)
        # Inline code in the same lines may hold "![]" too: skip code spans.
        code = [m.span() for m in re.finditer(r"(`+)(?s:.*?)\1", source[a:b])]
        found = [
            m.span()
            for m in _MD_EMPTY_IMAGE.finditer(source, a, b)
            if not any(x <= m.start() - a < y for x, y in code)
        ]
        out += found[:empty]
    return out


def _markdown_html_spans(source: str) -> list[tuple[int, int]]:
    """Source spans of raw HTML (blocks and inline) in a Markdown page."""
    starts = _line_starts(source)
    spans = []
    for token in _markdown_tokens(source):
        if not token.map:
            continue
        a = starts[token.map[0]]
        b = starts[token.map[1]] if token.map[1] < len(starts) else len(source)
        if token.type == "html_block":
            spans.append((a, b))
        elif token.type == "inline" and any(c.type == "html_inline" for c in token.children or []):
            code = [m.span() for m in re.finditer(r"(`+)(?s:.*?)\1", source[a:b])]
            spans += _gaps(a, b, [(a + x, a + y) for x, y in code])
    return spans


def _gaps(a: int, b: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, cursor = [], a
    for x, y in holes:
        if x > cursor:
            out.append((cursor, x))
        cursor = max(cursor, y)
    if cursor < b:
        out.append((cursor, b))
    return out
