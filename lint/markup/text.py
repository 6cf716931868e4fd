"""Plain text: paragraphs are separated by blank lines; every character is prose."""

from __future__ import annotations

import re

from lint.markup import Extract, Piece, RawBlock

_PARAGRAPH = re.compile(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", re.MULTILINE)
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def parse(source: str) -> Extract:
    extract = Extract()
    for match in _PARAGRAPH.finditer(source):
        block = RawBlock("paragraph")
        cursor = match.start()
        # A line break inside a paragraph reads as a space.
        for brk in _LINE_BREAK.finditer(source, match.start(), match.end()):
            block.pieces.append(Piece(source[cursor : brk.start()], cursor, brk.start()))
            block.pieces.append(Piece(" ", brk.start(), brk.end()))
            cursor = brk.end()
        block.pieces.append(Piece(source[cursor : match.end()], cursor, match.end()))
        extract.blocks.append(block)
    return extract
