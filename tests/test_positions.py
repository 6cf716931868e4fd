"""Every finding points at the exact characters in the file as written."""

from __future__ import annotations

import pytest

import lint
from lint.document import from_bytes, from_text

PLACEHOLDER_ONLY = {"extends": ["seo"]}
SELECT = ["seo.placeholder-text"]


def flagged(text: str, path: str = "case.md") -> list:
    findings = lint.check_text(text, path=path, config=PLACEHOLDER_ONLY, select=SELECT)
    return [f for f in findings if f.rule == "seo.placeholder-text"]


def column_slice(text: str, f) -> str:
    """The text between (line, column) and (end_line, end_column), counted as editors do."""
    lines = text.replace("\r\n", "\n").split("\n")
    assert f.line == f.end_line
    return lines[f.line - 1][f.column - 1 : f.end_column - 1]


@pytest.mark.parametrize(
    "text",
    [
        "Plain paragraph with lorem ipsum inside.\n",
        "# Héllo wörld 🎉 lorem ipsum\n",
        "Ünïcödé 日本語 text, then **lorem ipsum** in bold.\n",
        "---\ntitle: Ça va\nkeyphrase: é\n---\n\nSome *emphasis* and lorem ipsum here.\n",
        "- one\n  - two\n    - three has lorem ipsum nested\n",
        "> quoted\n> text with `code` and lorem ipsum\n",
        "| a | b |\n|---|---|\n| x | y lorem ipsum |\n",
        "Text with &amp; entity and \\* escape then lorem ipsum.\n",
        "A [link](http://example.com/lorem) and lorem ipsum after it.\n",
    ],
)
def test_span_points_at_the_flagged_characters(text):
    (f,) = flagged(text)
    assert column_slice(text, f).lower() == "lorem ipsum"
    assert text.replace("\r\n", "\n")[f.start : f.end].lower() == "lorem ipsum"


def test_crlf_positions_equal_lf_positions():
    lf = "---\ntitle: x\n---\n\n# Title\n\nFirst line\nsecond line has lorem ipsum\n"
    crlf = lf.replace("\n", "\r\n")
    (a,) = flagged(lf)
    (b,) = flagged(crlf)
    assert (a.line, a.column, a.end_line, a.end_column) == (
        b.line,
        b.column,
        b.end_line,
        b.end_column,
    )
    assert (a.line, a.column) == (8, 17)


def test_span_across_a_soft_line_break():
    text = "Start of a paragraph with lorem\nipsum across the break.\n"
    (f,) = flagged(text)
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 27, 2, 6)


def test_inline_markup_inside_the_phrase_is_covered():
    text = "Some *lorem* ipsum here.\n"
    (f,) = flagged(text)
    assert (f.line, f.column, f.end_column) == (1, 7, 19)
    assert f.text == "lorem* ipsum"


def test_front_matter_title_is_prose_with_source_positions():
    text = '---\ntitle: "Lorem ipsum for you"\n---\nBody.\n'
    (f,) = flagged(text)
    assert (f.line, f.column, f.end_column) == (2, 9, 20)


def test_code_and_urls_and_comments_are_never_prose():
    text = (
        "Text `lorem ipsum` code.\n\n```\nlorem ipsum\n```\n\n"
        "    lorem ipsum indented\n\nSee https://example.com/lorem-ipsum now.\n\n"
        "<!-- lorem ipsum -->\n\n<http://lorem.ipsum/x>\n"
    )
    assert flagged(text) == []


def test_html_positions(tmp_path):
    text = "<html><head><title>Page</title></head><body>\n<p>Ça &amp; lorem ipsum</p>\n</body></html>\n"
    (f,) = flagged(text, "page.html")
    assert (f.line, f.column, f.end_column) == (2, 13, 24)


def test_plain_text_positions():
    text = "Line one.\r\nLine two with lorem ipsum.\r\n"
    (f,) = flagged(text, "notes.txt")
    assert (f.line, f.column, f.end_column) == (2, 15, 26)


def test_bom_and_utf16_are_decoded_and_bom_is_not_a_column():
    body = "Lorem ipsum at the start.\n"
    utf8_bom = from_bytes(b"\xef\xbb\xbf" + body.encode(), "a.md")
    utf16 = from_bytes(b"\xff\xfe" + body.encode("utf-16-le"), "a.md")
    for doc in (utf8_bom, utf16):
        assert doc.bom and doc.prose.startswith("Lorem")
        assert doc.position(doc.source_offset(0)) == (1, 1)


def test_prose_blocks_and_kinds():
    doc = from_text("# Head\n\nPara.\n\n- item\n\n![alt words](x.png)\n", "a.md")
    kinds = [(b.kind, doc.text_of(b)) for b in doc.blocks]
    assert kinds == [
        ("heading", "Head"),
        ("paragraph", "Para."),
        ("list_item", "item"),
        ("alt", "alt words"),
    ]


def test_images_are_recorded_with_alt_and_exact_spans():
    text = '![a cat](c.png) ![](d.png)\n\n<img src="e.png">\n\n`![](code.png)`\n\n<!-- <img src="x"> -->\n'
    doc = from_text(text, "a.md")
    got = [(text[i.start : i.end], i.alt, i.decorative_ok) for i in doc.images]
    assert got == [
        ("![a cat](c.png)", "a cat", False),
        ("![](d.png)", "", False),
        ('<img src="e.png">', None, True),
    ]
    page = from_text('<p><img src="a.png" alt=""><img src="b.png"></p><pre><img src="c"></pre>', "p.html")
    assert [(i.src, i.alt) for i in page.images] == [("a.png", ""), ("b.png", None)]


def test_code_span_across_lines_does_not_throw_later_positions_off():
    # markdown-it turns the line break inside the code span into a space; that text
    # appears verbatim further down, which an unbounded search would jump to.
    text = (
        "Type `Get-Item x.doc | Get-Member -MemberType\nProperty` then lorem ipsum here.\n\n"
        "Later: `Get-Item x.doc | Get-Member -MemberType Property` and lorem ipsum again.\n"
    )
    first, second = flagged(text)
    assert (first.line, first.column) == (2, 16)
    assert (second.line, second.column) == (4, 63)
