"""One module per markup language: each turns source text into prose pieces.

Every parser returns an ``Extract``: the blocks a reader sees as prose, each made of
``Piece``s that say which source characters a stretch of prose came from, plus the
comments (for inline suppressions), links and images the rules need. Parsers never
see spaCy or configuration; ``lint.document`` assembles their output.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Piece:
    """A stretch of prose and the source span it came from.

    ``text`` may differ in length from ``source[start:end]`` (an entity such as
    ``&amp;`` becomes ``&``; a line break inside a paragraph becomes a space): positions
    inside such a piece map to its start, or its end for an end position.
    """

    text: str
    start: int
    end: int


@dataclass
class RawBlock:
    """A unit of prose: heading, paragraph, list item, table cell, alt text, ..."""

    kind: str
    pieces: list[Piece] = field(default_factory=list)
    level: int = 0  # heading level; 0 for everything else
    quoted: bool = False  # inside a blockquote
    hidden: bool = False  # not visible to a reader (HTML hidden, display:none)


@dataclass(frozen=True)
class Comment:
    """An HTML comment: its inner text and the source span of the whole comment."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Link:
    """A hyperlink: target, rel attribute and the source span of the link."""

    href: str
    rel: str
    start: int
    end: int


@dataclass(frozen=True)
class Image:
    """An image: its alt text (None: no alt attribute at all) and its source span.

    ``decorative_ok``: an empty alt marks a decorative image (HTML ``alt=""``); a
    Markdown ``![](x)`` has no way to say so.
    """

    src: str
    alt: str | None
    start: int
    end: int
    decorative_ok: bool = True


@dataclass
class Extract:
    blocks: list[RawBlock] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    # Headings with no text: (level, source start, source end) of the heading line.
    empty_headings: list[tuple[int, int, int]] = field(default_factory=list)
    # Raw front matter text and where it starts in the source (None: there is none).
    front_matter: str | None = None
    front_matter_start: int = 0
    # Metadata read from markup itself (HTML <title>, meta description).
    title: RawBlock | None = None
    description: RawBlock | None = None
