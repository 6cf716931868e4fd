"""Markdown through markdown-it-py (CommonMark + tables + strikethrough + front matter).

Prose is what a reader sees: headings, paragraphs, list items, blockquotes, table cells
and image alt text. Code blocks, inline code, raw URLs, HTML and comments are never
prose. Each text token is located in the source by a forward search from a cursor that
only moves ahead, so every prose character maps back to the character it came from.

A long source is parsed a chunk at a time (``parse_chunks``): markdown-it's tokens take
about 20 times the text in memory, so a 50 MB page parsed whole needs gigabytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from lint.markup import Comment, Extract, Image, Link, Piece, RawBlock

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_HTML_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>""", re.IGNORECASE)
_HTML_REL = re.compile(r"""\brel\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ALT = re.compile(r"""\balt\s*=\s*(["']?)([^"'>]*)\1""", re.IGNORECASE)
_HTML_SRC = re.compile(r"""\bsrc\s*=\s*(["']?)([^"'\s>]*)\1""", re.IGNORECASE)
_NEWLINE = re.compile("\n")
# Inline code stands in the sentence as one neutral token so grammar stays intact.
CODE_PLACEHOLDER = "_"
# Sources longer than this are parsed in chunks of about this many characters.
CHUNK_CHARS = 1_000_000


@lru_cache(maxsize=4)
def _parser(front_matter: bool = True, inline: bool = True) -> MarkdownIt:
    # Imported on first parse: a run served from the cache parses nothing.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Only the first chunk can open with front matter; a later one opening with "---"
    # starts with a thematic break.
    if front_matter:
        md.use(front_matter_plugin)
    if not inline:  # block structure and link reference definitions only
        md.disable("inline")
    # Keep escapes and entities as separate tokens: their markup is the source text.
    md.disable("text_join")
    return md


class _Locator:
    """Finds token texts in ``source[start:end]``, in order; offsets are the source's.

    ``source`` has NUL turned into U+FFFD, as markdown-it does (same length).
    """

    def __init__(self, source: str, start: int = 0, end: int | None = None):
        self.source = source
        self.end = len(source) if end is None else end
        self.line_starts = [start] + [m.end() for m in _NEWLINE.finditer(source, start, self.end)]
        self.cursor = start
        # Searches stop at the end of the current block's lines: a text markdown-it
        # normalised (a code span broken across lines) is then a short miss, not a
        # scan to the end of the file for every such span.
        self.limit = self.end

    def line_start(self, line: int) -> int:
        return self.line_starts[min(line, len(self.line_starts) - 1)]

    def goto_line(self, line: int) -> None:
        self.cursor = max(self.cursor, self.line_start(line))

    def limit_to_lines(self, end_line: int | None) -> None:
        """Bound searches to the lines before ``end_line`` (None: no bound)."""
        if end_line is None or end_line >= len(self.line_starts):
            self.limit = self.end
        else:
            self.limit = self.line_starts[end_line]

    def find(self, needle: str) -> tuple[int, int]:
        """Span of the next occurrence of ``needle``; moves the cursor past it."""
        if not needle:
            return self.cursor, self.cursor
        at = self.source.find(needle, self.cursor, self.limit)
        if at < 0:  # should not happen; never let it move positions backwards
            return self.cursor, self.cursor
        self.cursor = at + len(needle)
        return at, self.cursor

    def skip_link_tail(self) -> None:
        """Move past the ``](destination "title")`` or ``][ref]`` after a link's text.

        Without this a short text after a link could be found inside its URL.
        """
        src = self.source
        at = src.find("]", self.cursor, self.limit)
        if at < 0:
            return
        at += 1
        if src.startswith("(", at):
            depth = 0
            for i in range(at, self.limit):
                if src[i] == "(":
                    depth += 1
                elif src[i] == ")":
                    depth -= 1
                    if depth == 0:
                        at = i + 1
                        break
        elif src.startswith("[", at):
            close = src.find("]", at, self.limit)
            at = close + 1 if close >= 0 else at
        self.cursor = at


def parse(source: str) -> Extract:
    """The whole source's prose, comments, links and images."""
    whole = Extract()
    for extract in parse_chunks(source):
        if extract.front_matter is not None:
            whole.front_matter = extract.front_matter
            whole.front_matter_start = extract.front_matter_start
        whole.blocks += extract.blocks
        whole.comments += extract.comments
        whole.links += extract.links
        whole.images += extract.images
        whole.empty_headings += extract.empty_headings
    return whole


def parse_chunks(source: str) -> Iterator[Extract]:
    """Extracts of consecutive stretches of the source, in order (one for most pages).

    A long source is cut before a top-level block that follows a blank line: nothing
    is open there (list, quote, fence, HTML block), so parsing on from that line gives
    the tokens the whole page would, and positions stay exact. Link reference
    definitions are read before the chunks when the page may have any.
    """
    text = source.replace("\0", "\ufffd")  # as markdown-it reads it (same length)
    env: dict = {}
    if len(text) > CHUNK_CHARS and "]:" in text:
        # A link may use a definition from a later chunk: read all definitions first,
        # with markdown-it's block parse alone (about half the cost of a full parse).
        for _ in _chunks(text, env, inline=False):
            pass
    for loc, tokens in _chunks(text, env):
        yield _extract(source, loc, tokens)


def _chunks(text: str, env: dict, inline: bool = True) -> Iterator[tuple[_Locator, list]]:
    """(locator over a stretch of the text, its tokens), stretch after stretch.

    ``env`` collects the link reference definitions of the windows given out: a window
    that is read again wider defines nothing (its first lines may be front matter).
    """
    start = 0
    size = CHUNK_CHARS
    while True:
        # The window ends at a line end, so its last line reads as it does in the page.
        end = _line_end(text, start + size)
        parser = _parser(start == 0, inline)
        trial = _copy_env(env)
        tokens = parser.parse(text[start:end], trial)
        loc = _Locator(text, start, end)
        if end == len(text):
            env.update(trial)
            yield loc, tokens
            return
        if start == 0 and text[:1] == "-" and not (tokens and tokens[0].type == "front_matter"):
            # Front matter opened on the first line may close past the window (read
            # alone, the window would start with a thematic break): widen it.
            size *= 2
            continue
        # The last block may run on past the window: it opens the next chunk.
        cut = next((i for i in reversed(range(len(tokens))) if _opens_chunk(tokens[i], loc)), 0)
        if not cut:  # one block fills the window (a huge list or code block): widen it
            size *= 2
            continue
        loc.end = loc.limit = loc.line_start(tokens[cut].map[0])
        env.update(trial)
        yield loc, tokens[:cut]
        start, size = loc.end, CHUNK_CHARS


def _copy_env(env: dict) -> dict:
    """A copy of markdown-it's env (its reference definitions) that parsing may change."""
    return {k: v.copy() if isinstance(v, (dict, list)) else v for k, v in env.items()}


def _opens_chunk(token, loc: _Locator) -> bool:
    """Whether a chunk can start at this token: a top-level block after a blank line.

    The blank line matters: where a window ends inside a construct of several lines (a
    definition's title), a later line may look like a new block in the window alone.
    """
    if token.level or token.nesting < 0 or not token.map or token.map[0] == 0:
        return False
    line = token.map[0]
    return not loc.source[loc.line_start(line - 1) : loc.line_start(line)].strip()


def _line_end(text: str, at: int) -> int:
    """The offset after the line break at or after ``at`` (the text's end if none)."""
    if at >= len(text):
        return len(text)
    newline = text.find("\n", at)
    return len(text) if newline < 0 else newline + 1


def _extract(source: str, loc: _Locator, tokens) -> Extract:
    """Prose, comments, links and images of tokens parsed from ``loc``'s stretch."""
    extract = Extract()
    quote_depth = 0
    kind_stack: list[tuple[str, int]] = []
    heading_line: int | None = None  # line of the open ATX heading
    for token in tokens:
        if token.map:
            loc.goto_line(token.map[0])
        t = token.type
        if t == "front_matter":
            start = loc.line_start(1)
            extract.front_matter = source[start : loc.line_start(token.map[1] - 1)]
            extract.front_matter_start = start
        elif t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        elif t == "heading_open":
            kind_stack.append(("heading", int(token.tag[1])))
            heading_line = token.map[0] if token.map and token.markup.startswith("#") else None
        elif t in ("list_item_open", "th_open", "td_open"):
            kind_stack.append(("list_item" if t == "list_item_open" else "table_cell", 0))
        elif t in ("heading_close", "list_item_close", "th_close", "td_close"):
            kind_stack.pop()
        elif t == "inline":
            kind, level = kind_stack[-1] if kind_stack else ("paragraph", 0)
            block = RawBlock(kind, level=level, quoted=quote_depth > 0)
            loc.limit_to_lines(token.map[1] if token.map else None)
            _inline(token.children or [], block, extract, loc)
            loc.limit_to_lines(None)
            if kind == "heading" and heading_line is not None and not token.content.strip():
                start = loc.line_start(heading_line)
                end = source.find("\n", start)
                extract.empty_headings.append((level, start, len(source) if end < 0 else end))
            if block.pieces:
                extract.blocks.append(block)
        elif t == "html_block":
            loc.limit_to_lines(token.map[1] if token.map else None)
            start, end = loc.find(token.content.rstrip("\n"))
            loc.limit_to_lines(None)
            _html(token.content, start, extract)
    return extract


def _inline(children, block: RawBlock, extract: Extract, loc: _Locator) -> None:
    in_autolink = False
    link: tuple[str, int] | None = None
    for child in children:
        t = child.type
        if t == "text":
            if in_autolink:
                loc.find(child.content)
                continue
            start, end = loc.find(child.content)
            _text_pieces(child.content, start, block)
        elif t == "text_special":  # escape or entity: prose differs from source
            start, end = loc.find(child.markup)
            block.pieces.append(Piece(child.content, start, end))
        elif t in ("softbreak", "hardbreak"):
            start, end = loc.find("\n")
            block.pieces.append(Piece(" ", start, end))
        elif t == "code_inline":
            fence = child.markup
            start, _ = loc.find(fence)
            loc.find(child.content)
            _, end = loc.find(fence)
            block.pieces.append(Piece(CODE_PLACEHOLDER, start, end))
        elif t == "link_open":
            in_autolink = child.markup == "autolink"
            href = child.attrGet("href") or ""
            start, _ = loc.find("<" if in_autolink else "[")
            link = (href, start)
        elif t == "link_close":
            if in_autolink:
                loc.find(">")
            else:
                loc.skip_link_tail()
            in_autolink = False
            if link:
                extract.links.append(Link(link[0], "", link[1], loc.cursor))
                link = None
        elif t == "image":
            alt = RawBlock("alt", quoted=block.quoted)
            start, _ = loc.find("![")
            _inline(child.children or [], alt, extract, loc)
            loc.skip_link_tail()
            text = "".join(p.text for p in alt.pieces)
            src = child.attrGet("src") or ""
            extract.images.append(Image(src, text, start, loc.cursor, decorative_ok=False))
            if alt.pieces:
                extract.blocks.append(alt)
        elif t == "html_inline":
            start, end = loc.find(child.content)
            _html(child.content, start, extract)


def _text_pieces(text: str, start: int, block: RawBlock) -> None:
    """Add a text token, leaving out bare URLs (they are not prose)."""
    cursor = 0
    for url in _URL.finditer(text):
        if url.start() > cursor:
            block.pieces.append(
                Piece(text[cursor : url.start()], start + cursor, start + url.start())
            )
        block.pieces.append(Piece(CODE_PLACEHOLDER, start + url.start(), start + url.end()))
        cursor = url.end()
    if cursor < len(text):
        block.pieces.append(Piece(text[cursor:], start + cursor, start + len(text)))


def _html(html: str, offset: int, extract: Extract) -> None:
    """Comments, <a href> links and <img> images inside raw HTML in Markdown."""
    for m in _COMMENT.finditer(html):
        extract.comments.append(Comment(m.group(1), offset + m.start(), offset + m.end()))
    for m in _HTML_HREF.finditer(html):
        rel = _HTML_REL.search(m.group(0))
        extract.links.append(
            Link(m.group(1), rel.group(1) if rel else "", offset + m.start(), offset + m.end())
        )
    comments = [(c.start(), c.end()) for c in _COMMENT.finditer(html)]
    for m in _HTML_IMG.finditer(html):
        if any(a <= m.start() < b for a, b in comments):
            continue
        alt = _HTML_ALT.search(m.group(0))
        src = _HTML_SRC.search(m.group(0))
        extract.images.append(
            Image(
                src.group(2) if src else "",
                alt.group(2) if alt else None,
                offset + m.start(),
                offset + m.end(),
            )
        )
