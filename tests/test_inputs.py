"""Hostile and odd inputs: a clear message or finding, the documented exit code, no traceback."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
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


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(TEXTS, min_size=1, max_size=6), suffix=st.sampled_from([".md", ".html"]))
def test_jobs_1_and_jobs_2_agree_on_any_files(tmp_path_factory, texts, suffix):
    # Enough files for worker processes (more than one batch); they differ per file.
    folder = tmp_path_factory.mktemp("site")
    for i in range(40):
        text = texts[i % len(texts)] + f"\n\nPage {i}.\n" * (i % 2)
        (folder / f"p{i:02}{suffix}").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "z.md").write_text("# Z\n\nThis page still says lorem ipsum.\n")
    serial = lint.Linter(CONFIG).check_paths([str(folder)], jobs=1)
    parallel = lint.Linter(CONFIG).check_paths([str(folder)], jobs=2)
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]
    assert serial.errors == parallel.errors and serial.files_checked == parallel.files_checked
    assert any(f.rule == "seo.placeholder-text" for f in serial.findings)


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


# -- long Markdown: parsed in chunks, checked in parts --------------------------------

BLOCKS = st.sampled_from(
    [
        "# Heading",
        "Setext heading",
        "===",
        "---",
        "title: x",
        "A paragraph with *emphasis*, `code` and a [link](https://a.example/x).",
        "- item",
        "  - nested item",
        "1. first",
        "+ plus item",
        "> quote",
        "> > deep quote",
        "```",
        "~~~",
        "    indented code",
        "<div>",
        "</div>",
        "<!-- note",
        "-->",
        "| a | b |",
        "|---|---|",
        "[ref]: https://defined.example",
        "Uses [ref] and [text][ref] and [missing].",
        "![alt words](i.png)",
        "lorem ipsum",
        "",
        "",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(BLOCKS, max_size=60), chunk=st.integers(1, 120))
@example(lines=["Intro.", "", "---", "title: x", "---", "", "After."], chunk=10)  # not front matter
@example(lines=["---", "", "# Heading", "---"], chunk=1)  # front matter closing past the window
@example(  # a link whose definition is chunks further down
    lines=["Uses [ref] and [text][ref] and [missing].", ""]
    + ["lorem ipsum", ""] * 10
    + ["[ref]: /x"],
    chunk=40,
)
@example(  # a definition inside front matter, read from a narrower window first
    lines=["---", "[ref]: https://defined.example", "---", "Uses [ref] and [text][ref]."],
    chunk=1,
)
def test_markdown_parsed_in_chunks_reads_as_the_whole_page(lines, chunk):
    from lint.markup import markdown

    source = "\n".join(lines) + "\n"
    whole = markdown.parse(source)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(markdown, "CHUNK_CHARS", chunk)
        assert markdown.parse(source) == whole


def test_markdown_chunks_are_cut_only_after_a_blank_line(monkeypatch):
    from lint.markup import markdown

    # A window ending inside the title must not start a chunk at its second line.
    source = "Intro.\n\n[ref]: /x\n'a title\non two lines'\n\nUses [ref].\n"
    whole = markdown.parse(source)
    assert whole.links[0].href == "/x"
    for chunk in range(1, len(source)):
        monkeypatch.setattr(markdown, "CHUNK_CHARS", chunk)
        assert markdown.parse(source) == whole


SECTION = """## Section {n}

Intro with a [link](https://example.com/{n}), a [reference][r{n}], `code` and **bold** text.

- a list item
- lorem ipsum in list item {n}

  still the item, after a blank line

```python
print("lorem ipsum is code here {n}")

x = 1
```

> A quote with lorem ipsum {n}
> on two lines.

| column | lorem ipsum {n} |
|---|---|
| cell | cell |

<!-- a comment
with a blank line

inside -->

Last paragraph of section {n}: lorem ipsum.

[r{n}]: https://example.com/ref/{n}
"""


def test_positions_in_later_chunks_and_parts_are_exact(monkeypatch):
    from lint import engine
    from lint.markup import markdown

    text = "---\ntitle: Long page\n---\n\n" + "".join(SECTION.format(n=n) for n in range(40))
    whole = lint.check_text(text, path="long.md", config=CONFIG, select=SELECT)
    monkeypatch.setattr(markdown, "CHUNK_CHARS", 500)
    monkeypatch.setattr(engine, "PIECE_CHARS", 400)
    assert len(list(markdown.parse_chunks(text))) > 10
    pieces = lint.check_text(text, path="long.md", config=CONFIG, select=SELECT)
    assert pieces == whole
    lines = text.split("\n")
    placeholders = [f for f in pieces if f.rule == "seo.placeholder-text"]
    assert len(placeholders) == 4 * 40  # not the one in the code block
    for f in placeholders:
        assert lines[f.line - 1][f.column - 1 :].startswith("lorem ipsum")
        assert f.text == "lorem ipsum"


WORDS = (
    "the a of to and in is for with on that this by from as be are can your it page server "
    "request cache index query table value option file user data node cluster version "
    "setting command output error report field list key configure install update check "
    "return create delete read write start stop quickly safely often usually first then "
    "next finally database’s users’ it’s don’t café naïve"
).split()


def _long_article(size: int) -> str:
    """A generated docs page of about ``size`` bytes: headings, paragraphs with links,
    inline code and emphasis, lists, tables and code blocks, about 60% prose (as in the
    docs pages of ../shared/bench). Every 1000th section and the last say "lorem ipsum
    text" in a paragraph; every section says "lorem ipsum" in a code block (not prose).
    No link reference definitions: they cost a long page a second, block-only parse."""
    rng = random.Random(7)

    def sentence() -> str:
        return " ".join(rng.choices(WORDS, k=rng.randint(6, 18))).capitalize() + "."

    def paragraph(n: int) -> str:
        parts = [sentence() for _ in range(rng.randint(3, 6))]
        parts.insert(1, f"See [the guide](https://example.com/docs/{n}) or <https://example.org>.")
        parts.insert(3, f"Set `option_{n}` to `true` and read **the notes** on *caching*.")
        return " ".join(parts)

    def code(n: int) -> str:
        lines = [f"$ tool {w} --section {n}" for w in rng.choices(WORDS, k=rng.randint(8, 14))]
        return "```bash\n" + "\n".join(lines) + "\n# lorem ipsum in code\n```"

    out = ["---\ntitle: A very long page\n---\n\n# A very long page\n\n"]
    total, n = len(out[0]), 0
    while total < size:
        last = total > size - 3_000
        blocks = [f"## Section {n}: {sentence()[:-1]}", paragraph(n), code(n)]
        blocks.append("\n".join(f"- {sentence()}" for _ in range(rng.randint(2, 5))))
        blocks.append(f"| option | value |\n|---|---|\n| `option_{n}` | {sentence()} |")
        blocks.append(paragraph(n) + (" Then lorem ipsum text." if n % 1000 == 0 or last else ""))
        blocks.append(code(n))
        section = "\n\n".join(blocks) + "\n\n"
        out.append(section)
        total += len(section.encode())
        n += 1
    return "".join(out)


def test_a_50_mb_article_is_linted_with_the_other_files(tmp_path):
    """A huge page is parsed in chunks and checked in parts: findings at exact positions,
    bounded memory, and the other files in the run still reported."""
    text = _long_article(50_000_000)
    (tmp_path / "big.md").write_text(text, encoding="utf-8")
    (tmp_path / "small.md").write_text("# Small\n\nlorem ipsum\n", encoding="utf-8")
    (tmp_path / ".seolint.yaml").write_text("extends: [seo]\n")
    expected, at = [], text.find("lorem ipsum text")
    while at >= 0:
        line = text.count("\n", 0, at) + 1
        expected.append((line, at - text.rfind("\n", 0, at)))
        at = text.find("lorem ipsum text", at + 1)
    del text
    args = ["check", ".", "--select", ",".join(SELECT), "-f", "json", "--jobs", "1", "--no-cache"]
    done = subprocess.run(
        [sys.executable, "-c", "from lint.cli import main; main()", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr[-2000:]
    findings = json.loads(done.stdout)
    big = [(f["line"], f["column"]) for f in findings if f["path"] == "big.md"]
    assert big == expected and len(expected) > 20
    assert [(f["path"], f["line"], f["column"]) for f in findings if f["path"] != "big.md"] == [
        ("small.md", 3, 1)
    ]
    if sys.platform == "linux":  # the peak of the largest child so far, in KiB
        import resource

        assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1_000_000
