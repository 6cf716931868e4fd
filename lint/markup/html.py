"""HTML through the standard library's tokenizer (``html.parser.HTMLParser``).

Prose is what a reader sees: headings, paragraphs, list items, table cells, figure
captions, loose text in containers and image alt text. Scripts, styles, preformatted and
code blocks, templates, forms, SVG, MathML, comments and ``<head>`` (except ``<title>``)
are never prose; inline ``<code>`` stands in its sentence as one placeholder.

The tokenizer reports where each token starts (``getpos``); a token's end is its start
plus its length, or, when the length is not known (end tags, comments), the start of the
next token. Text is always cut from the source itself, so every prose character maps
back to the character it came from; only character references (``&amp;``) and runs of
whitespace (collapsed to one space, as a browser renders them) differ from their source.

Elements are tracked on an explicit stack (no recursion, any depth), with the implied
end tags a browser adds: ``<p>`` closed by the next block, ``<li>`` by the next ``<li>``,
cells by the next cell or row, and so on. Each frame knows, per kind of implicitly closed
element, where the nearest open one is, so these closures cost no search.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from lint.markup import Comment, Extract, Image, Link, Piece, RawBlock
from lint.markup.markdown import CODE_PLACEHOLDER

# A run of words joined by single spaces (kept verbatim), and HTML whitespace.
_RUN = re.compile(r"[^ \t\n\r\f]+(?: [^ \t\n\r\f]+)*")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_WHITESPACE = " \t\n\r\f"

# Constructs on which the Python 3.11 tokenizer misbehaves: a "&#" that is not a
# character reference makes it stop and treat the rest of the file as text; a "<![" not
# followed by a keyword it knows raises. Both are neutralised in the copy it reads (same
# length, so positions hold): the "&" of such a "&#" becomes a private-use character
# (plain text), the "[" of such a "<![" another one (a bogus comment, as in a browser).
_TOKENIZER_TRAPS = re.compile(
    r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])"
    r"|<!\[(?!(?i:temp|cdata|ignore|include|rcdata|if|else|endif)(?![-_.a-zA-Z0-9]))"
)

# The tokenizer's own start-tag patterns (html.parser.tagfind_tolerant and
# attrfind_tolerant), used to find where an attribute value sits in the source.
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)

_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta "
    "param source track wbr".split()
)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Elements that end the prose block before them and start a new one.
_BLOCK = _HEADINGS | frozenset(
    "address article aside audio blockquote body canvas caption center colgroup dd details "
    "dialog dir div dl dt fieldset figcaption figure footer form frameset head header hgroup "
    "html iframe legend li listing main menu nav noscript ol optgroup option p plaintext pre "
    "search section select summary table tbody td template textarea tfoot th thead title tr "
    "ul video xmp".split()
)
# Elements whose content is never prose.
_MUTED = frozenset(
    "code datalist iframe listing math noembed noframes noscript plaintext pre script select "
    "style svg template textarea xmp".split()
)
# What may stand in <head>; anything else there ends it, as in a browser.
_HEAD_CONTENT = frozenset(
    "base basefont bgsound link meta noscript script style template title".split()
)
_KINDS = {"li": "list_item", "dt": "list_item", "dd": "list_item"}
_KINDS.update({"td": "table_cell", "th": "table_cell", "title": "title"})
_KINDS.update({h: "heading" for h in _HEADINGS})

# Kinds of element a later tag may close implicitly; each frame records the stack index
# of the nearest open one (-1: none in scope).
_TITLE, _HEAD, _P, _LI, _DD, _CELL, _ROW, _SECTION, _A, _H = range(10)
_OPENS = {"title": _TITLE, "head": _HEAD, "p": _P, "li": _LI, "dd": _DD, "dt": _DD}
_OPENS.update({"td": _CELL, "th": _CELL, "tr": _ROW, "a": _A})
_OPENS.update({t: _SECTION for t in ("tbody", "thead", "tfoot")})
_OPENS.update({h: _H for h in _HEADINGS})
_SCOPE = frozenset("applet caption html marquee object table td template th".split())
_TABLE_SCOPE = frozenset(("html", "table", "template"))
_SCOPES: dict[str, list[int]] = {}
for _tag in _SCOPE | {"button"}:
    _SCOPES.setdefault(_tag, []).append(_P)
for _tag in _SCOPE:
    _SCOPES.setdefault(_tag, []).append(_H)
for _tag in (_BLOCK - {"address", "div", "p"}) | _SCOPE | {"button"}:
    _SCOPES.setdefault(_tag, []).extend((_LI, _DD))
for _tag in _TABLE_SCOPE:
    _SCOPES.setdefault(_tag, []).extend((_CELL, _ROW, _SECTION))
for _tag in _SCOPE:
    _SCOPES.setdefault(_tag, []).append(_A)
_CLOSES_P = _HEADINGS | frozenset(
    "address article aside blockquote center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form header hgroup hr li listing main menu nav ol p plaintext "
    "pre search section summary table ul xmp".split()
)


def _implied(tag: str) -> tuple[int, ...]:
    """Kinds of element a start tag ``tag`` closes when one is open in scope."""
    closed = []
    if tag in _BLOCK:
        closed.append(_TITLE)
        if tag not in _HEAD_CONTENT:
            closed.append(_HEAD)
    if tag in _CLOSES_P:
        closed.append(_P)
    closed += {
        "li": (_LI,),
        "dd": (_DD,),
        "dt": (_DD,),
        "td": (_CELL,),
        "th": (_CELL,),
        "tr": (_ROW, _CELL),
        "tbody": (_SECTION, _ROW, _CELL),
        "thead": (_SECTION, _ROW, _CELL),
        "tfoot": (_SECTION, _ROW, _CELL),
        "a": (_A,),
    }.get(tag, ())
    return tuple(closed)


_IMPLIED = {tag: _implied(tag) for tag in _BLOCK | _CLOSES_P | set(_OPENS)}
# Per tag: void, kind (None: the parent's), heading level, block, muted, scope kinds it
# hides, scope kind it opens, kinds it closes. Any other tag is an inline element.
_INLINE = (False, None, 0, False, False, (), None, ())
_TAGS = {
    tag: (
        tag in _VOID,
        _KINDS.get(tag),
        int(tag[1]) if tag in _HEADINGS else 0,
        tag in _BLOCK,
        tag in _MUTED,
        tuple(_SCOPES.get(tag, ())),
        _OPENS.get(tag),
        _IMPLIED.get(tag, ()),
    )
    for tag in _VOID | _BLOCK | _MUTED | set(_KINDS) | set(_SCOPES) | set(_OPENS) | _CLOSES_P
}
_NO_VALUES: dict[str, str | None] = {}


class _Frame:
    """An open element and what it passes on to its content."""

    # Rarely set; class attributes keep the common frame cheap to make.
    saved: _Segment | None = None  # the visible block a hidden inline element interrupted
    diverted = False
    link = -1  # index in Extract.links
    code: tuple[_Segment, int, int] | None = None  # the placeholder: segment, index, start

    def __init__(
        self,
        tag: str = "",
        kind: str = "paragraph",
        level: int = 0,
        quoted: bool = False,
        hidden: bool = False,
        mute: int = 0,
        scopes: list[int] | None = None,
        boundary: bool = False,
    ) -> None:
        self.tag = tag
        self.kind = kind
        self.level = level
        self.quoted = quoted
        self.hidden = hidden
        self.mute = mute  # 0: prose; 1: inside <head>; 2: never prose
        self.scopes = scopes or [-1] * 10  # never changed once made: children share it
        self.boundary = boundary  # ends the prose block before and after it


_ROOT = _Frame()


class _Segment:
    """The prose block being filled, and a whitespace run waiting for more text.

    Its pieces are kept as (text, start, end) until the block ends; text None means the
    source text itself, and such pieces that touch are merged (``word`` + `` `` + ``word``
    on either side of an inline tag become one piece).
    """

    __slots__ = ("block", "parts", "space", "done")

    def __init__(self, block: RawBlock) -> None:
        self.block = block
        self.parts: list[tuple[str | None, int, int]] = []
        self.space: tuple[int, int] | None = None
        self.done = False

    def set_part(self, index: int, text: str, start: int, end: int) -> None:
        if self.done:
            self.block.pieces[index] = Piece(text, start, end)
        else:
            self.parts[index] = (text, start, end)


def _is_hidden(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs:
        return True
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = attrs.get("style")
    if style:
        style = "".join(style.lower().split())
        return "display:none" in style or "visibility:hidden" in style
    return False


def _value_span(tag_text: str, name: str) -> tuple[int, int] | None:
    """Where the value of attribute ``name`` is inside a start tag, as the tokenizer reads it."""
    match = _TAG_NAME.match(tag_text, 1)
    if not match:
        return None
    k = match.end()
    while k < len(tag_text):
        match = _ATTRIBUTE.match(tag_text, k)
        if not match or match.end() == k:
            return None
        if match.group(1).lower() == name:  # the first one counts
            if not match.group(2):
                return None
            start, end = match.span(3)
            if (
                end - start >= 2
                and tag_text[start] in "'\""
                and tag_text[end - 1] == tag_text[start]
            ):
                start, end = start + 1, end - 1
            return start, end
        k = match.end()
    return None


def _add(parts: list[tuple[str | None, int, int]], text: str | None, start: int, end: int) -> None:
    if text is None and parts:
        last_text, last_start, last_end = parts[-1]
        if last_text is None and last_end == start:
            parts[-1] = (None, last_start, end)
            return
    parts.append((text, start, end))


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ")


def _tokenizer_copy(source: str) -> tuple[str, list[tuple[str, str]]]:
    """The text the tokenizer reads, and (substitute, original) pairs to undo in values."""
    traps = [m.start() for m in _TOKENIZER_TRAPS.finditer(source)]
    if not traps:
        return source, []
    free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in source)
    amp, bracket = next(free, "_"), next(free, "_")
    parts, cursor = [], 0
    for at in traps:
        if source[at] == "&":
            parts += [source[cursor:at], amp]
            cursor = at + 1
        else:
            parts += [source[cursor : at + 2], bracket]
            cursor = at + 3
    parts.append(source[cursor:])
    restore = [(c, o) for c, o in ((amp, "&"), (bracket, "[")) if c != "_"]
    return "".join(parts), restore


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.fed, self.restore = _tokenizer_copy(source)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.extract = Extract()
        self.stack: list[_Frame] = []
        self.open_count: dict[str, int] = {}
        self.seg: _Segment | None = None
        # Tokens whose end is the start of the next one: (what, ...).
        self.deferred: list[tuple] = []

    def run(self) -> Extract:
        try:
            self.feed(self.fed)
            self.close()
        except AssertionError:  # the tokenizer gave up on a declaration: keep what it read
            pass
        end = min(self._sync(), len(self.source))
        while self.stack:
            self._close(self.stack.pop(), end, None, False)
        self._finish()
        return self.extract

    # -- positions ---------------------------------------------------------------
    def _sync(self) -> int:
        """Source offset of the token being handled; ends the tokens waiting for it."""
        pos = self.line_starts[self.lineno - 1] + self.offset  # what getpos() returns
        if self.deferred:
            self._resolve(pos)
        return pos

    def _resolve(self, end: int) -> None:
        links = self.extract.links
        for item in self.deferred:
            if item[0] == "comment":
                self.extract.comments.append(Comment(item[1], item[2], max(end, item[2])))
            elif item[0] == "link":
                old = links[item[1]]
                links[item[1]] = Link(old.href, old.rel, old.start, max(end, old.end))
            else:
                _, seg, index, start = item
                seg.set_part(index, CODE_PLACEHOLDER, start, max(end, start))
        self.deferred.clear()

    def _value(self, value: str | None) -> str | None:
        if value and self.restore:
            for substitute, original in self.restore:
                value = value.replace(substitute, original)
        return value

    # -- prose -------------------------------------------------------------------
    def _top(self) -> _Frame:
        return self.stack[-1] if self.stack else _ROOT

    def _emit(self, text: str | None, start: int, end: int) -> _Segment:
        """Add prose: ``text`` None means the source text itself."""
        seg = self.seg
        if seg is None:
            top = self.stack[-1] if self.stack else _ROOT
            block = RawBlock(top.kind, level=top.level, quoted=top.quoted, hidden=top.hidden)
            seg = self.seg = _Segment(block)
        parts = seg.parts
        if seg.space is not None:
            s_start, s_end = seg.space
            seg.space = None
            if s_end - s_start == 1 and self.source[s_start] == " ":
                _add(parts, None, s_start, s_end)
            else:
                parts.append((" ", s_start, s_end))
        _add(parts, text, start, end)
        return seg

    def _space(self, start: int, end: int) -> None:
        """Whitespace (or <br>): one space if more prose follows in the same block."""
        seg = self.seg
        if seg is not None and seg.parts and seg.space is None:
            seg.space = (start, end)

    def _text(self, start: int, end: int) -> None:
        """Source text: runs of words as they are, whitespace between them as one space."""
        seg = self.seg
        cursor = start
        for run in _RUN.finditer(self.source, start, end):
            run_start, run_end = run.span()
            if run_start > cursor and seg is not None and seg.parts and seg.space is None:
                seg.space = (cursor, run_start)
            seg = self._emit(None, run_start, run_end)
            cursor = run_end
        if cursor < end and seg is not None and seg.parts and seg.space is None:
            seg.space = (cursor, end)

    def _finish(self) -> None:
        seg, self.seg = self.seg, None
        if seg is None or not seg.parts:
            return
        source = self.source
        seg.block.pieces = [
            Piece(source[start:end] if text is None else text, start, end)
            for text, start, end in seg.parts
        ]
        seg.done = True
        if seg.block.kind == "title":
            if self.extract.title is None:
                self.extract.title = seg.block
        else:
            self.extract.blocks.append(seg.block)

    def _attribute_pieces(self, start: int, end: int, name: str, value: str) -> list[Piece]:
        """Prose pieces of an attribute value (alt, content) in the tag at start..end."""
        span = _value_span(self.source[start:end], name)
        if span is None:  # not where the tokenizer's patterns say: cover the whole tag
            text = _collapse(value)
            return [Piece(text, start, end)] if text else []
        v_start, v_end = start + span[0], start + span[1]
        raw = self.source[v_start:v_end]
        decoded = html.unescape(raw) if "&" in raw else raw
        if decoded != raw:
            text = _collapse(decoded)
            return [Piece(text, v_start, v_end)] if text else []
        pieces: list[Piece] = []
        for run in _RUN.finditer(self.source, v_start, v_end):
            if pieces:
                pieces.append(Piece(" ", pieces[-1].end, run.start()))
            pieces.append(Piece(run.group(), run.start(), run.end()))
        return pieces

    def _text_allowed(self, has_words: bool, pos: int) -> bool:
        top = self._top()
        if has_words and top.tag == "head":  # text ends <head>, as in a browser
            self._pop_to(len(self.stack) - 1, pos, None, False)
            top = self._top()
        return top.mute == 0

    # -- tokenizer callbacks -----------------------------------------------------
    def handle_data(self, data: str) -> None:
        pos = self._sync()
        if data[0] == "<" and len(data) > 1:  # markup the tokenizer could not read
            return
        top = self.stack[-1] if self.stack else _ROOT
        if top.mute and not self._text_allowed(bool(data.strip(_WHITESPACE)), pos):
            return
        if self.fed.startswith(data, pos):  # never false; positions must stay honest
            self._text(pos, pos + len(data))

    def handle_entityref(self, name: str) -> None:
        pos = self._sync()
        self._reference(pos, pos + 1 + len(name))

    def handle_charref(self, name: str) -> None:
        pos = self._sync()
        self._reference(pos, pos + 2 + len(name))

    def _reference(self, start: int, end: int) -> None:
        if self.source.startswith(";", end):
            end += 1
        raw = self.source[start:end]
        text = html.unescape(raw) if raw.startswith("&") else ""
        if not text:
            return
        words = bool(text.strip(_WHITESPACE))
        if not self._text_allowed(words, start):
            return
        if words:
            self._emit(None if text == raw else _collapse(text), start, end)
        else:
            self._space(start, end)

    def handle_comment(self, data: str) -> None:
        pos = self._sync()
        inner = pos + (4 if self.fed.startswith("<!--", pos) else 2)
        if self.fed.startswith(data, inner):
            text = self.source[inner : inner + len(data)]
        else:
            text = self._value(data) or ""
        self.deferred.append(("comment", text, pos))

    def handle_decl(self, decl: str) -> None:
        self._sync()

    def handle_pi(self, data: str) -> None:
        self._sync()

    def unknown_decl(self, data: str) -> None:
        self._sync()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        pos = self._sync()
        self._start(tag, attrs, pos, pos + len(self.get_starttag_text() or ""), False)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pos = self._sync()
        self._start(tag, attrs, pos, pos + len(self.get_starttag_text() or ""), True)

    def handle_endtag(self, tag: str) -> None:
        pos = self._sync()
        top = self._top()
        if tag == "br":  # </br> is read as <br>
            if top.mute == 0:
                gt = self.fed.find(">", pos)
                self._space(pos, gt + 1 if gt >= 0 else pos + 2)
            return
        if tag in _VOID:
            return
        if self.open_count.get(tag):
            i = len(self.stack) - 1
            while self.stack[i].tag != tag:
                i -= 1
            self._pop_to(i, pos, None, True)
        elif tag in _HEADINGS and top.scopes[_H] >= 0:  # <h2>...</h3>
            self._pop_to(top.scopes[_H], pos, None, True)
        elif tag in _BLOCK and top.mute == 0:  # a stray </p>, </div>: still a boundary
            self._finish()

    # -- elements ----------------------------------------------------------------
    def _start(self, tag: str, attrs: list, start: int, end: int, self_closing: bool) -> None:
        void, kind, level, block, muted, hides, opens, implied = _TAGS.get(tag, _INLINE)
        if attrs:
            values = dict(reversed(attrs))  # the first of a repeated attribute counts
            if self.restore:
                values = {name: self._value(value) for name, value in values.items()}
            hidden = _is_hidden(values)
        else:
            values, hidden = _NO_VALUES, False
        if tag == "head" and self.open_count.get("body"):
            return
        stack = self.stack
        parent = stack[-1] if stack else _ROOT
        if parent.mute != 2 and (implied or parent.mute == 1):
            self._close_implied(tag, start)
            parent = stack[-1] if stack else _ROOT
        if void:
            self._void(tag, values, start, end, parent, hidden)
            return

        if parent.mute == 2 or muted:
            mute = 2
        elif tag == "title":
            mute = 0
        else:
            mute = 1 if tag == "head" else parent.mute
        scopes = parent.scopes
        if opens is not None or any(scopes[h] >= 0 for h in hides):
            scopes = scopes.copy()
            for category in hides:
                scopes[category] = -1
            if opens is not None:
                scopes[opens] = len(stack)
        frame = _Frame(
            tag,
            kind or parent.kind,
            level if kind else parent.level,
            parent.quoted or tag == "blockquote",
            parent.hidden or hidden,
            mute,
            scopes,
            block and not (parent.mute and mute),
        )
        if frame.boundary:
            self._finish()
        elif hidden and not parent.hidden and parent.mute == 0:
            # Hidden inline content is a block of its own; the visible block goes on after it.
            frame.diverted, frame.saved, self.seg = True, self.seg, None
        if tag == "a" and "href" in values:
            href, rel = values["href"] or "", values.get("rel") or ""
            self.extract.links.append(Link(href, rel, start, end))
            frame.link = len(self.extract.links) - 1
        elif tag == "code" and parent.mute == 0:
            seg = self._emit(CODE_PLACEHOLDER, start, end)
            frame.code = (seg, len(seg.parts) - 1, start)

        stack.append(frame)
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if self_closing:
            self._pop_to(len(stack) - 1, end, end, True)

    def _void(
        self, tag: str, values: dict, start: int, end: int, parent: _Frame, hidden: bool
    ) -> None:
        if tag == "br":
            if parent.mute == 0:
                self._space(start, end)
        elif tag == "hr":
            if parent.mute == 0:
                self._finish()
        elif tag == "img":
            alt = values.get("alt")
            if parent.mute == 0:
                self.extract.images.append(Image(values.get("src") or "", alt, start, end))
            if alt and parent.mute == 0:
                pieces = self._attribute_pieces(start, end, "alt", alt)
                if pieces:
                    hidden = parent.hidden or hidden
                    block = RawBlock("alt", pieces, quoted=parent.quoted, hidden=hidden)
                    self.extract.blocks.append(block)
        elif tag == "meta":
            name = (values.get("name") or "").strip().lower()
            content = values.get("content")
            first = self.extract.description is None
            if first and name == "description" and content and parent.mute < 2:
                pieces = self._attribute_pieces(start, end, "content", content)
                if pieces:
                    self.extract.description = RawBlock("description", pieces)

    def _close_implied(self, tag: str, pos: int) -> None:
        """Close the elements a browser ends before ``tag`` (an unclosed <p>, <li>, ...)."""
        top = self._top()
        scopes = top.scopes
        cut = len(self.stack)
        for category in _IMPLIED.get(tag, ()):
            if 0 <= scopes[category] < cut:
                cut = scopes[category]
        if top.mute == 1 and tag not in _HEAD_CONTENT and 0 <= scopes[_HEAD] < cut:
            cut = scopes[_HEAD]  # <head> ends at the first element that cannot be in it
        if tag in _HEADINGS and top.tag in _HEADINGS:
            cut = min(cut, len(self.stack) - 1)
        if cut < len(self.stack):
            self._pop_to(cut, pos, None, False)

    def _pop_to(self, index: int, pos: int, end: int | None, explicit: bool) -> None:
        """Close stack[index:]; the one at ``index`` by its own end tag if ``explicit``."""
        stack = self.stack
        while len(stack) > index + 1:
            self._close(stack.pop(), pos, None, False)
        self._close(stack.pop(), pos, end, explicit)

    def _close(self, frame: _Frame, pos: int, end: int | None, explicit: bool) -> None:
        """``pos``: where the element stops; ``end``: end of its end tag (None: next token)."""
        self.open_count[frame.tag] -= 1
        if frame.code is not None:
            seg, index, start = frame.code
            if explicit and end is None:
                self.deferred.append(("code", seg, index, start))
            else:
                stop = end if explicit and end is not None else pos
                seg.set_part(index, CODE_PLACEHOLDER, start, max(stop, start))
        if frame.link >= 0 and explicit:
            if end is None:
                self.deferred.append(("link", frame.link))
            else:
                old = self.extract.links[frame.link]
                self.extract.links[frame.link] = Link(old.href, old.rel, old.start, end)
        if frame.boundary:
            self._finish()
        elif frame.diverted:
            self._finish()
            self.seg = frame.saved


def parse(source: str) -> Extract:
    return _Extractor(source).run()
