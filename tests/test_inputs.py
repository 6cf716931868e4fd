"""Hostile and odd inputs: a clear message or finding, the documented exit code, no traceback."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lint
from lint.document import from_text

CONFIG = {"extends": ["seo"]}
SELECT = ["seo.placeholder-text", "seolint"]


@pytest.fixture
def run(cli):
    return cli("extends: [seo]\n", ["--select", ",".join(SELECT)])


@pytest.mark.parametrize(
    "content",
    [b"", b"\n", b"---\ntitle: x\n---\n", b"---\n---\n", b"   \n\t\n", b"---\ntitle: [x\n"],
    ids=[
        "empty",
        "newline",
        "front-matter-only",
        "empty-front-matter",
        "whitespace",
        "unclosed-front-matter",
    ],
)
def test_degenerate_files_lint_cleanly(run, write, content):
    write("a.md", content)
    result = run("check", "a.md", "-f", "json")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"


def test_unclosed_html_is_linted(run, write):
    write("a.html", "<html><body><p>lorem ipsum <b>bold <i>and <div>more")
    result = run("check", "a.html", "-f", "line")
    assert result.exit_code == 1
    assert "a.html:1:16: error" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loop_and_dangling_link(run, write, tmp_path):
    write("docs/a.md", "lorem ipsum\n")
    os.symlink(tmp_path / "docs", tmp_path / "docs" / "loop")
    os.symlink(tmp_path / "nowhere.md", tmp_path / "docs" / "dangling.md")
    result = run("check", "docs", "-f", "line")
    assert result.exit_code == 1
    assert result.stdout.count("a.md:1:1") == 1


def test_file_deleted_during_the_run(write, tmp_path, monkeypatch):
    from lint import engine

    keep = write("a.md", "lorem ipsum\n")
    gone = write("b.md", "lorem ipsum\n")
    real_read = engine._read

    def read_after_delete(path):
        if path.endswith("b.md"):
            gone.unlink()
        return real_read(path)

    monkeypatch.setattr(engine, "_read", read_after_delete)
    report = lint.check_paths([str(tmp_path)], config=CONFIG, select=SELECT)
    assert [f.path for f in report.findings] == [str(keep)]
    assert report.errors == [f"{gone}: file disappeared before it could be read"]


def test_deep_nesting_does_not_crash(run, write):
    write("lists.md", "- " * 10_000 + "lorem ipsum\n")
    write("quotes.md", "> " * 10_000 + "lorem ipsum\n")
    write("divs.html", "<div>" * 10_000 + "lorem ipsum" + "</div>" * 10_000)
    result = run("check", ".", "-f", "line")
    assert result.exit_code in (0, 1)
    assert "divs.html:1:50001" in result.stdout


def test_a_long_paragraph_keeps_positions(write, tmp_path):
    words = ("word " * 1_000_000) + "lorem ipsum\n"  # a single 5 MB paragraph
    path = write("long.md", words)
    (finding,) = lint.check_paths([str(path)], config=CONFIG, select=SELECT).findings
    assert (finding.line, finding.column) == (1, 5_000_001)


# -- properties ---------------------------------------------------------------------

MARKUP = st.sampled_from(
    [
        "# ",
        "## ",
        "- ",
        "1. ",
        "> ",
        "*",
        "**",
        "`",
        "[",
        "](http://x.y)",
        "![",
        "|",
        "---\n",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "<b>",
        "</b>",
        "<!-- ",
        " -->",
        "&amp;",
        "\\*",
        "    ",
        "\t",
        "lorem ipsum",
        "é",
        "日本",
        "👍🏽",
        "\u0301",
        "\u202e",
        "\0",
        "\ufeff",
        "word",
        " ",
        ".",
        "?",
        "https://a.b/c",
    ]
)
TEXTS = st.lists(MARKUP | st.text(max_size=8), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, suffix=st.sampled_from([".md", ".html", ".txt"]))
def test_any_text_lints_and_every_span_is_inside_the_file(text, suffix):
    findings = lint.check_text(text, path=f"x{suffix}", config=CONFIG, select=SELECT)
    source = from_text(text, f"x{suffix}").source
    lines = source.split("\n")
    for f in findings:
        assert 0 <= f.start <= f.end <= len(source)
        assert f.text == source[f.start : f.end]
        assert 1 <= f.line <= f.end_line <= len(lines)
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1
        if f.rule == "seo.placeholder-text":
            assert f.text.lower().replace("\n", " ").startswith(("lorem", "[", "{"))
    assert findings == lint.check_text(text, path=f"x{suffix}", config=CONFIG, select=SELECT)


@settings(max_examples=100, deadline=None)
@given(text=TEXTS)
def test_crlf_and_lf_give_the_same_positions(text):
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    as_lf = lint.check_text(lf, path="x.md", config=CONFIG, select=SELECT)
    as_crlf = lint.check_text(lf.replace("\n", "\r\n"), path="x.md", config=CONFIG, select=SELECT)
    assert [(f.line, f.column, f.end_line, f.end_column, f.rule) for f in as_lf] == [
        (f.line, f.column, f.end_line, f.end_column, f.rule) for f in as_crlf
    ]


def test_long_documents_in_pieces_give_the_same_findings(monkeypatch):
    from lint import engine

    paragraphs = [
        "Our turmeric capsules cure arthritis.",
        "Green tea is a drink. Ça va, 日本 text here and lorem ipsum too.",
        "Ashwagandha relieves anxiety in days.",
    ]
    text = "# Title\n\n" + "\n\n".join(paragraphs[i % 3] + f" Line {i}." for i in range(60)) + "\n"
    config = {"extends": ["health", "seo"]}
    whole = [f.to_dict() for f in lint.check_text(text, path="long.md", config=config)]
    monkeypatch.setattr(engine, "PIECE_CHARS", 300)
    pieces = [f.to_dict() for f in lint.check_text(text, path="long.md", config=config)]
    page_level = ("seo.", "health.missing")  # page statistics differ per piece by design
    assert [f for f in pieces if not f["rule"].startswith(page_level)] == [
        f for f in whole if not f["rule"].startswith(page_level)
    ]
    assert sum(f["rule"] == "health.unsupported-claim" for f in pieces) >= 40
    assert sum(f["rule"] == "health.missing-disclaimer" for f in pieces) == 1
    suppressed = "<!-- seolint-disable-file health.unsupported-claim -->\n\n" + text
    remaining = lint.check_text(suppressed, path="long.md", config=config)
    assert not any(f.rule == "health.unsupported-claim" for f in remaining)
