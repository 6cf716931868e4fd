"""Kind ``site``: titles and meta descriptions that repeat across the pages of a site.

Google asks for a unique title and description on every page ("Influencing your title
links", "Control your snippets"): pages that share them look alike in search results and
compete with each other. One rule per ``check`` (``title`` or ``description``).

Across files (when several are linted together): pages whose titles (front matter
``title``, HTML ``<title>``, else the H1) or descriptions are the same once case and
spaces are ignored. The finding is at each later page's title or description and names
the first page. Texts shorter than ``min_chars`` are not compared. The same page in
several version folders (``docs/v23.1/x.md``, ``docs/v24.1/x.md``: ``versions``) is one
page, not a duplicate: versioned docs point search engines at one of them with a
canonical link.

Within one page: an HTML page with more than one ``<title>`` or meta description (search
engines pick one), and a description that only repeats the title.

Passing: two pages titled "Install on Linux" and "Install on macOS".
Failing: two pages both titled "Getting started".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lint.findings import CorpusHit, Hit, Location, Severity
from lint.kinds import register
from lint.kinds.base import CorpusKind, Option

CHECKS = ("title", "description")
_TITLE_TAG = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_META_DESCRIPTION = re.compile(r"<meta\b[^>]*\bname\s*=\s*[\"']?description\b[^>]*>", re.IGNORECASE)
_SKIP = re.compile(r"<!--.*?-->|<(script|style|pre|code|template)\b.*?</\1\s*>", re.I | re.S)


@register
class SiteKind(CorpusKind):
    name = "site"
    description = "Titles and meta descriptions shared by several pages of a site."
    options = {
        "check": Option("str", "title", "Compare the titles or the descriptions.", CHECKS),
        "min_chars": Option("int", 1, "Shortest title or description compared."),
        "max_related": Option("int", 5, "Other pages named in one finding."),
        "versions": Option(
            "patterns",
            [r"^v?\d+(?:\.\d+)*(?:\.x)?$", r"^(?:latest|stable|next|current|dev|preview)$"],
            "Folder names that are versions of one page (v23.1, 7.4, latest): copies of a "
            "page in other version folders are not duplicates.",
        ),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        import re2

        self.versions = [re2.compile(p) for p in options["versions"]]

    def _family(self, path: str) -> str:
        """The path with version folders wildcarded: the same page in every version."""
        parts = path.replace("\\", "/").split("/")
        return (
            "/".join(
                "*" if any(v.search(part) for v in self.versions) else part for part in parts[:-1]
            )
            + "/"
            + parts[-1]
        )

    def _block(self, doc):
        if self.opts["check"] == "description":
            return next((b for b in doc.blocks if b.kind == "description"), None)
        block = next((b for b in doc.blocks if b.kind == "title"), None)
        if block is None:
            block = next(
                (b for b in doc.blocks if b.kind == "heading" and b.level == 1 and not b.hidden),
                None,
            )
        return block

    def check(self, doc, sdoc) -> Iterable[Hit]:
        hits = []
        if doc.markup == "html":
            pattern = _TITLE_TAG if self.opts["check"] == "title" else _META_DESCRIPTION
            what = "<title> elements" if self.opts["check"] == "title" else "meta descriptions"
            skip = [m.span() for m in _SKIP.finditer(doc.source)]
            tags = [
                m
                for m in pattern.finditer(doc.source)
                if not any(a <= m.start() < b for a, b in skip)
            ]
            for m in tags[1:]:
                hits.append(
                    Hit(
                        m.start(),
                        m.end(),
                        f"The page has {len(tags)} {what}; keep one (search engines pick one)",
                        Severity.WARNING,
                        in_source=True,
                    )
                )
        if self.opts["check"] == "description":
            desc = self._block(doc)
            title = next((b for b in doc.blocks if b.kind == "title"), None)
            if desc and title and _key(doc.text_of(desc)) == _key(doc.text_of(title)):
                hits.append(
                    Hit(
                        desc.start,
                        desc.end,
                        "The meta description only repeats the title; say in a sentence or "
                        "two what the page offers",
                        Severity.INFO,
                    )
                )
        return hits

    def summarize(self, doc, sdoc) -> dict:
        block = self._block(doc)
        if block is None:
            return {}
        text = " ".join(doc.text_of(block).split())
        if len(text) < self.opts["min_chars"]:
            return {}
        s, e = doc.source_span(block.start, block.end)
        (line, col), (end_line, end_col) = doc.position(s), doc.position(e)
        return {"key": _key(text), "text": doc.source[s:e], "place": [line, col, end_line, end_col]}

    def check_corpus(self, summaries: list[tuple[str, dict]]) -> Iterable[CorpusHit]:
        what = "title" if self.opts["check"] == "title" else "meta description"
        groups: dict[str, list[tuple[str, dict]]] = {}
        for path, summary in summaries:
            if summary and summary.get("key"):
                groups.setdefault(summary["key"], []).append((path, summary))
        for group in groups.values():
            families: dict[str, list[tuple[str, dict]]] = {}
            for path, summary in group:
                families.setdefault(self._family(path), []).append((path, summary))
            if len(families) < 2:
                continue  # one page in several version folders
            heads = [members[0] for members in families.values()]
            first_path = heads[0][0]
            related_all = [
                Location(p, *s["place"], message=f"the same {what}")
                for p, s in heads[: self.opts["max_related"] + 1]
            ]
            for members in list(families.values())[1:]:
                for path, summary in members:
                    related = tuple(r for r in related_all if r.path != path)
                    yield CorpusHit(
                        path,
                        *summary["place"],
                        message=(
                            f'{len(heads)} pages share the {what} "{summary["text"]}" (first: '
                            f"{first_path}); give each page its own (Google)"
                        ),
                        text=summary["text"],
                        related=related[: self.opts["max_related"]],
                    )


def _key(text: str) -> str:
    return " ".join(text.casefold().split())
