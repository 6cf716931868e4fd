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
from lint.kinds.words import declares_keyphrase

CHECKS = ("outbound", "image-alt")


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
        if o["keyphrase_only"] and not declares_keyphrase(doc.front_matter):
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
        # Images come from the markup parser: code, comments and pre never hold one.
        return [
            _alt_hit(image.start, image.end)
            for image in doc.images
            if image.alt is None or (not image.alt.strip() and not image.decorative_ok)
        ]


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
