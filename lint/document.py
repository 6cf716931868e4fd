"""A source file as the rules see it: prose blocks, front matter and an offset map.

The source is decoded (UTF-8, UTF-8 with BOM, UTF-16 with BOM), its line endings are
normalised to LF (so ``\\r`` is never a column), and the markup parser for its
extension extracts prose. Prose blocks are joined with blank lines into one string,
``prose``, which spaCy reads; ``source_span`` maps any prose span back to the exact
source characters and ``position`` turns a source offset into line and column.
"""

from __future__ import annotations

import codecs
import re
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


@dataclass(frozen=True)
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
    part: tuple[int, int] = (1, 1)  # piece k of n of a long document (see split)
    bom: bool = False
    encoding: str = "utf-8"
    # Offset map: parallel arrays, one entry per piece, sorted by prose start.
    _prose_starts: list[int] = field(default_factory=list, repr=False)
    _pieces: list[tuple[int, int, int, int]] = field(default_factory=list, repr=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _block_starts: list[int] = field(default_factory=list, repr=False)
    # Front matter key -> (key start, value start, value end) in the source.
    _front_matter_spans: dict[str, tuple[int, int, int]] = field(default_factory=dict, repr=False)

    # -- positions ---------------------------------------------------------------
    def source_offset(self, prose_offset: int, end: bool = False) -> int:
        """The source offset of a prose offset (an exclusive end if ``end``)."""
        if not self._pieces:
            return 0
        i = bisect_right(self._prose_starts, prose_offset - (1 if end else 0)) - 1
        i = max(i, 0)
        p_start, p_end, s_start, s_end = self._pieces[i]
        if end:
            if prose_offset >= p_end:
                return s_end
        elif prose_offset >= p_end:  # in a separator: the next piece starts it
            if i + 1 < len(self._pieces):
                return self._pieces[i + 1][2]
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


def split(doc: Document, max_chars: int) -> list[Document]:
    """A long document as pieces of at most ``max_chars`` of prose, cut between blocks.

    Each piece is a Document over the same source with its own prose and offset map, so
    positions stay exact; memory and time are bounded by the piece, not the page. A
    single block longer than ``max_chars`` is a piece of its own.
    """
    if len(doc.prose) <= max_chars or len(doc.blocks) < 2:
        return [doc]
    groups: list[list[Block]] = [[]]
    size = 0
    for block in doc.blocks:
        length = block.end - block.start + len(BLOCK_SEPARATOR)
        if groups[-1] and size + length > max_chars:
            groups.append([])
            size = 0
        groups[-1].append(block)
        size += length
    parts = []
    for k, group in enumerate(groups, 1):
        part = Document(
            path=doc.path,
            source=doc.source,
            markup=doc.markup,
            front_matter=doc.front_matter,
            front_matter_error=doc.front_matter_error if k == 1 else None,
            comments=doc.comments if k == 1 else [],
            links=doc.links,
            images=doc.images if k == 1 else [],
            empty_headings=doc.empty_headings if k == 1 else [],
            newline=doc.newline,
            bom=doc.bom,
            encoding=doc.encoding,
            part=(k, len(groups)),
        )
        part._line_starts = doc._line_starts
        part._front_matter_spans = doc._front_matter_spans
        texts, length = [], 0
        for block in group:
            if texts:
                texts.append(BLOCK_SEPARATOR)
                length += len(BLOCK_SEPARATOR)
            shift = length - block.start
            first = bisect_right(doc._prose_starts, block.start) - 1
            last = bisect_right(doc._prose_starts, block.end - 1)
            for p_start, p_end, s_start, s_end in doc._pieces[max(first, 0) : last]:
                part._prose_starts.append(p_start + shift)
                part._pieces.append((p_start + shift, p_end + shift, s_start, s_end))
            texts.append(doc.prose[block.start : block.end])
            part.blocks.append(
                Block(
                    block.kind,
                    length,
                    length + block.end - block.start,
                    block.level,
                    block.quoted,
                    block.hidden,
                )
            )
            length += block.end - block.start
        part.prose = "".join(texts)
        parts.append(part)
    return parts


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
    text, encoding, bom = decode(data, path)
    doc = from_text(text, path)
    doc.encoding, doc.bom = encoding, bom
    return doc


def normalise_newlines(text: str) -> str:
    """The text as linted: BOM removed, CRLF and CR turned into LF."""
    return _NEWLINES.sub("\n", text.removeprefix("\ufeff"))


def from_text(text: str, path: str, markup: str | None = None) -> Document:
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
    source = normalise_newlines(text)
    markup = markup or markup_for(path)
    parser = {"markdown": markdown_markup, "html": html_markup, "text": text_markup}[markup]
    extract = parser.parse(source)
    doc = Document(path=path, source=source, markup=markup, newline=newline)
    doc._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    doc.comments, doc.links, doc.images = extract.comments, extract.links, extract.images
    doc.empty_headings = extract.empty_headings
    blocks = _front_matter(doc, extract) + [b for b in (extract.title, extract.description) if b]
    blocks += sorted(extract.blocks, key=lambda b: b.pieces[0].start)
    _assemble(doc, blocks)
    return doc


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


def _assemble(doc: Document, blocks: list[RawBlock]) -> None:
    parts: list[str] = []
    length = 0
    for raw in blocks:
        if not raw.pieces:
            continue
        if parts:
            parts.append(BLOCK_SEPARATOR)
            length += len(BLOCK_SEPARATOR)
        start = length
        for piece in raw.pieces:
            doc._prose_starts.append(length)
            doc._pieces.append((length, length + len(piece.text), piece.start, piece.end))
            parts.append(piece.text)
            length += len(piece.text)
        doc.blocks.append(Block(raw.kind, start, length, raw.level, raw.quoted, raw.hidden))
    doc.prose = "".join(parts)
