"""A source file as the rules see it: prose blocks, front matter and an offset map.

The source is decoded (UTF-8, UTF-8 with BOM, UTF-16 with BOM), its line endings are
normalised to LF (so ``\\r`` is never a column), and the markup parser for its
extension extracts prose. Prose blocks are joined with blank lines into one string,
``prose``, which spaCy reads; ``source_span`` maps any prose span back to the exact
source characters and ``position`` turns a source offset into line and column.

A long page can be read as parts (``parts_from_text``): Documents over the same source,
each with at most so many characters of prose, so that spaCy's memory is bounded by the
part. Offset maps are arrays of machine integers, not lists of Python ints: a 50 MB page
has about a million pieces and lines.
"""

from __future__ import annotations

import codecs
import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import PurePath

import yaml

from lint.errors import InputError
from lint.markup import Comment, Extract, Image, Link, Piece, RawBlock
from lint.markup import html as html_markup
from lint.markup import markdown as markdown_markup
from lint.markup import text as text_markup

MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt"}
SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES
BLOCK_SEPARATOR = "\n\n"
_NEWLINES = re.compile(r"\r\n?")


@dataclass(frozen=True, slots=True)  # slots: a long page has hundreds of thousands
class Block:
    """A prose block; ``start``/``end`` are offsets into ``Document.prose``."""

    kind: str  # heading, paragraph, list_item, table_cell, alt, title, description
    start: int
    end: int
    level: int = 0
    quoted: bool = False
    hidden: bool = False


@dataclass
class Document:
    path: str
    source: str  # decoded, BOM removed, line endings normalised to LF
    markup: str  # markdown | html | text
    prose: str = ""
    blocks: list[Block] = field(default_factory=list)
    front_matter: dict = field(default_factory=dict)
    # (message, source offset) when the front matter is not valid YAML mapping.
    front_matter_error: tuple[str, int] | None = None
    comments: list[Comment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    empty_headings: list[tuple[int, int, int]] = field(default_factory=list)  # level, span
    newline: str = "\n"  # the file's own line ending, for fixes
    part: tuple[int, int] = (1, 1)  # part k of n of a long page (see parts_from_text)
    bom: bool = False
    encoding: str = "utf-8"
    # Offset map: one entry per piece (prose start/end -> source start/end), sorted.
    _prose_starts: array = field(default_factory=lambda: array("q"), repr=False)
    _prose_ends: array = field(default_factory=lambda: array("q"), repr=False)
    _source_starts: array = field(default_factory=lambda: array("q"), repr=False)
    _source_ends: array = field(default_factory=lambda: array("q"), repr=False)
    _line_starts: array = field(default_factory=lambda: array("q", [0]), repr=False)
    _block_starts: list[int] = field(default_factory=list, repr=False)
    # Front matter key -> (key start, value start, value end) in the source.
    _front_matter_spans: dict[str, tuple[int, int, int]] = field(default_factory=dict, repr=False)

    # -- positions ---------------------------------------------------------------
    def source_offset(self, prose_offset: int, end: bool = False) -> int:
        """The source offset of a prose offset (an exclusive end if ``end``)."""
        if not self._prose_starts:
            return 0
        i = bisect_right(self._prose_starts, prose_offset - (1 if end else 0)) - 1
        i = max(i, 0)
        p_start, p_end = self._prose_starts[i], self._prose_ends[i]
        s_start, s_end = self._source_starts[i], self._source_ends[i]
        if end:
            if prose_offset >= p_end:
                return s_end
        elif prose_offset >= p_end:  # in a separator: the next piece starts it
            if i + 1 < len(self._source_starts):
                return self._source_starts[i + 1]
            return s_end
        if p_end - p_start == s_end - s_start:
            return s_start + (prose_offset - p_start)
        return s_end if end and prose_offset > p_start else s_start

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        s = self.source_offset(start)
        e = self.source_offset(end, end=True) if end > start else s
        return s, max(s, e)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count characters."""
        offset = max(0, min(offset, len(self.source)))
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def block_at(self, prose_offset: int) -> Block | None:
        if len(self._block_starts) != len(self.blocks):
            self._block_starts = [b.start for b in self.blocks]
        i = bisect_right(self._block_starts, prose_offset) - 1
        if i >= 0 and prose_offset <= self.blocks[i].end:
            return self.blocks[i]
        return None

    def front_matter_span(self, key: str, with_key: bool = False) -> tuple[int, int] | None:
        """Source span of a front matter key's value (of the key, for a value on the lines
        below or an empty one); ``with_key`` starts it at the key."""
        spans = self._front_matter_spans.get(key)
        if spans is None:
            return None
        key_start, start, end = spans
        return (key_start if with_key else start), end

    def title_block(self) -> Block | None:
        """The page's title: front matter ``title``, else its first visible H1."""
        block = next((b for b in self.blocks if b.kind == "title"), None)
        if block is None:
            block = next(
                (b for b in self.blocks if b.kind == "heading" and b.level == 1 and not b.hidden),
                None,
            )
        return block

    def text_of(self, block: Block) -> str:
        return self.prose[block.start : block.end]


def markup_for(path: str) -> str:
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def decode(data: bytes, path: str) -> tuple[str, str, bool]:
    """(text, encoding, had_bom); InputError for binary or undecodable content."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, True
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: not valid {encoding} ({exc.reason} at byte {exc.start})"
                ) from None
    if b"\0" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not linted")
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid UTF-8 (byte {exc.start}: {exc.reason}); save it as UTF-8"
        ) from None


def from_bytes(data: bytes, path: str) -> Document:
    (doc,) = parts_from_bytes(data, path)
    return doc


def parts_from_bytes(data: bytes, path: str, max_chars: int | None = None) -> list[Document]:
    text, encoding, bom = decode(data, path)
    parts = parts_from_text(text, path, max_chars=max_chars)
    for part in parts:
        part.encoding, part.bom = encoding, bom
    return parts


def normalise_newlines(text: str) -> str:
    """The text as linted: BOM removed, CRLF and CR turned into LF."""
    return _NEWLINES.sub("\n", text.removeprefix("\ufeff"))


def from_text(text: str, path: str, markup: str | None = None) -> Document:
    (doc,) = parts_from_text(text, path, markup)
    return doc


def parts_from_text(
    text: str, path: str, markup: str | None = None, max_chars: int | None = None
) -> list[Document]:
    """The page as Documents of at most ``max_chars`` of prose each (None: one Document).

    Parts are cut between blocks (a block longer than ``max_chars`` is a part of its
    own) and read the same source, each with its own prose and offset map, so positions
    stay exact. Front matter and links are on every part; comments, images, empty
    headings and a front matter error on the first only, so they are checked once.
    """
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
    source = normalise_newlines(text)
    markup = markup or markup_for(path)
    if markup == "markdown":  # a long page a chunk at a time, to bound the parser's memory
        extracts = markdown_markup.parse_chunks(source)
    else:
        extracts = iter([{"html": html_markup, "text": text_markup}[markup].parse(source)])
    first = Document(path=path, source=source, markup=markup, newline=newline)
    first._line_starts.extend(m.end() for m in re.finditer("\n", source))
    builder = _Builder(first, max_chars)
    for k, extract in enumerate(extracts):
        if k == 0:
            for raw in _front_matter(first, extract):
                builder.add(raw)
            for raw in (extract.title, extract.description):
                if raw:
                    builder.add(raw)
        # Blocks in source order (an image's alt text comes before its paragraph's text).
        for raw in sorted(extract.blocks, key=lambda b: b.pieces[0].start):
            builder.add(raw)
        first.comments += extract.comments
        first.links += extract.links
        first.images += extract.images
        first.empty_headings += extract.empty_headings
    parts = builder.finish()
    for k, part in enumerate(parts, 1):
        part.part = (k, len(parts))
        if k > 1:
            part.front_matter = first.front_matter
            part._front_matter_spans = first._front_matter_spans
            part.links = first.links
            part._line_starts = first._line_starts
    return parts


def _front_matter(doc: Document, extract: Extract) -> list[RawBlock]:
    """Parse YAML front matter; title and description become prose blocks."""
    if extract.front_matter is None:
        return []
    base = extract.front_matter_start
    try:
        root, data = _parse_yaml(extract.front_matter)
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed bracket);
        # the problem mark may be the end of the front matter.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        index = min(mark.index, max(len(extract.front_matter) - 1, 0)) if mark else 0
        offset = base + index
        problem = getattr(exc, "problem", None) or str(exc)
        doc.front_matter_error = (f"front matter is not valid YAML: {problem}", offset)
        return []
    if data is None:
        return []
    if not isinstance(data, dict):
        doc.front_matter_error = ("front matter is not a mapping of keys to values", base)
        return []
    doc.front_matter = data
    blocks = []
    for key_node, value_node in root.value:
        key_start = base + key_node.start_mark.index
        start, end = base + value_node.start_mark.index, base + value_node.end_mark.index
        if isinstance(value_node, yaml.ScalarNode):
            value = str(value_node.value)
            if value_node.style in ('"', "'"):
                start, end = start + 1, end - 1
            if value and key_node.value in ("title", "description"):
                blocks.append(RawBlock(key_node.value, [Piece(value, start, end)]))
            if not value:
                start, end = key_start, base + key_node.end_mark.index
        elif not value_node.flow_style:  # a block list or mapping below: the key stands for it
            start, end = key_start, base + key_node.end_mark.index
        if isinstance(key_node.value, str):
            doc._front_matter_spans[key_node.value] = (key_start, start, end)
    return blocks


# libyaml when PyYAML was built with it: front matter is parsed for every file.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str):
    """(node tree, data) from one safe parse: the nodes carry source positions."""
    loader = _SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


class _Builder:
    """Joins blocks into prose with blank lines, starting a new part when one is full."""

    def __init__(self, first: Document, max_chars: int | None):
        self.parts = [first]
        self.max_chars = max_chars
        self.texts: list[str] = []
        self.length = 0

    def add(self, raw: RawBlock) -> None:
        if not raw.pieces:
            return
        size = sum(len(piece.text) for piece in raw.pieces)
        if self.texts:
            if (
                self.max_chars is not None
                and self.length + len(BLOCK_SEPARATOR) + size > self.max_chars
            ):
                self._close()
                first = self.parts[0]
                self.parts.append(
                    Document(first.path, first.source, first.markup, newline=first.newline)
                )
            else:
                self.texts.append(BLOCK_SEPARATOR)
                self.length += len(BLOCK_SEPARATOR)
        doc, start = self.parts[-1], self.length
        for piece in raw.pieces:
            end = self.length + len(piece.text)
            if not self._extend(doc, piece, end):
                doc._prose_starts.append(self.length)
                doc._prose_ends.append(end)
                doc._source_starts.append(piece.start)
                doc._source_ends.append(piece.end)
            self.texts.append(piece.text)
            self.length = end
        doc.blocks.append(Block(raw.kind, start, self.length, raw.level, raw.quoted, raw.hidden))

    def _extend(self, doc: Document, piece: Piece, end: int) -> bool:
        """Extend the map's last entry by a piece that goes on where it ends, in prose and
        source, when both are copied as they are: the same positions, fewer entries."""
        if not doc._source_ends or doc._source_ends[-1] != piece.start:
            return False
        if doc._prose_ends[-1] != self.length or end - self.length != piece.end - piece.start:
            return False
        if doc._prose_ends[-1] - doc._prose_starts[-1] != piece.start - doc._source_starts[-1]:
            return False
        doc._prose_ends[-1], doc._source_ends[-1] = end, piece.end
        return True

    def _close(self) -> None:
        self.parts[-1].prose = "".join(self.texts)
        self.texts, self.length = [], 0

    def finish(self) -> list[Document]:
        self._close()
        return self.parts
