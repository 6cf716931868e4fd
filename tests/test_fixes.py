"""--fix inserts disclaimers atomically and changes no other byte; --diff changes nothing."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from lint.cli import main
from lint.errors import InputError
from lint.findings import Fix
from lint.fixes import plan

MEDICAL = "This article is for informational purposes only and is not medical advice."
DSHEA = "These statements have not been evaluated by the Food and Drug Administration."
ARTICLE = "---\ntitle: Turmeric\n---\n\n# Turmeric for joints\n\nOur turmeric capsules relieve joint pain.\n"


@pytest.fixture
def run(cli):
    return cli("extends: [health]\n")


def inserted(old: bytes, new: bytes) -> bytes:
    """What was added, given that ``new`` is ``old`` with insertions only."""
    matcher = __import__("difflib").SequenceMatcher(None, old, new, autojunk=False)
    added = b""
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        assert op in ("equal", "insert"), f"bytes of the original changed: {op} {old[i1:i2]!r}"
        if op == "insert":
            added += new[j1:j2]
    return added


def test_fix_markdown_with_front_matter(run, write):
    path = write("post.md", ARTICLE)
    before = path.read_bytes()
    result = run("check", "post.md", "--fix", "-f", "line")
    after = path.read_bytes()
    added = inserted(before, after).decode()
    assert MEDICAL in added and DSHEA in added
    text = after.decode()
    # Medical disclaimer right under the H1; DSHEA text at the end.
    assert text.index("# Turmeric for joints") < text.index(MEDICAL) < text.index("Our turmeric")
    assert text.rstrip().endswith("prevent any disease.")
    assert (
        "missing-disclaimer" not in result.stdout and "missing-fda-disclaimer" not in result.stdout
    )
    assert "health.unsupported-claim" in result.stdout  # other findings are still reported
    assert "Fixed post.md (2 fixes)" in result.stderr


def test_fix_is_idempotent_and_diff_is_empty_afterwards(run, write):
    path = write("post.md", ARTICLE)
    run("check", "post.md", "--fix")
    once = path.read_bytes()
    run("check", "post.md", "--fix")
    assert path.read_bytes() == once
    assert run("check", "post.md", "--diff").stdout == ""


def test_fix_keeps_crlf_bom_and_mode(run, write):
    path = write("post.md", b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    path.chmod(0o640)
    before = path.read_bytes()
    run("check", "post.md", "--fix")
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    added = inserted(before, after)
    assert b"\n" not in added.replace(b"\r\n", b"")  # every inserted line break is CRLF
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_fix_utf16_file(run, write):
    path = write("post.md", b"\xff\xfe" + ARTICLE.encode("utf-16-le"))
    run("check", "post.md", "--fix")
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe")
    assert MEDICAL in data[2:].decode("utf-16-le")


def test_fix_html_inserts_a_paragraph_after_the_h1(run, write):
    page = "<html><body>\n<h1>Turmeric</h1>\n<p>Our turmeric capsules relieve joint pain.</p>\n</body></html>\n"
    path = write("page.html", page)
    run("check", "page.html", "--fix")
    text = path.read_text()
    assert (
        text.index("</h1>")
        < text.index(f'<p class="disclaimer">{MEDICAL}')
        < text.index("Our turmeric")
    )
    assert text.index(DSHEA) < text.index("</body>")
    assert run("check", "page.html", "--diff").stdout == ""


def test_diff_changes_nothing_and_exits_1(run, write):
    path = write("post.md", ARTICLE)
    before = path.read_bytes()
    result = run("check", "post.md", "--diff")
    assert result.exit_code == 1
    assert "+This article is for informational purposes only" in result.stdout
    assert path.read_bytes() == before


def test_non_health_page_is_left_alone(run, write):
    path = write("recipe.md", "# Soup\n\nSimmer the onions for ten minutes.\n")
    before = path.read_bytes()
    assert run("check", "recipe.md", "--fix").exit_code == 0
    assert path.read_bytes() == before


def test_a_file_changed_since_linting_is_not_fixed():
    with pytest.raises(InputError, match="changed on disk"):
        plan("a.md", b"# New text\n", "# Old text\n", [Fix(0, "x")])


def test_fix_offsets_map_through_crlf_and_cr():
    for newline in ("\r\n", "\r", "\n"):
        text = f"one{newline}two{newline}three{newline}"
        result = plan("a.md", text.encode(), "one\ntwo\nthree\n", [Fix(8, "NEW\n")])
        assert result.new == f"one{newline}two{newline}NEW{newline}three{newline}"


def test_stdin_cannot_be_fixed(run):
    result = CliRunner().invoke(main, ["check", "-", "--fix"], input=ARTICLE)
    assert result.exit_code == 2
    assert "--diff" in result.output


def test_fixing_the_kratom_example_removes_only_the_disclaimer_findings(run, tmp_path):
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "kratom-dopamine.md"
    (tmp_path / ".seolint.yaml").write_text("extends: [health, seo]\n")
    path = tmp_path / "kratom.md"
    path.write_bytes(example.read_bytes())

    def findings():
        import json

        out = run("check", "kratom.md", "-f", "json", "--no-cache").stdout
        return [(f["rule"], f["text"]) for f in json.loads(out)]

    before = findings()
    assert any(rule == "health.missing-disclaimer" for rule, _ in before)
    run("check", "kratom.md", "--fix", "--no-cache")
    after = findings()
    assert not any("disclaimer" in rule for rule, _ in after)
    assert after == [(r, m) for r, m in before if "disclaimer" not in r]


def test_a_fix_killed_mid_write_leaves_the_original_intact(tmp_path):
    """Kill the fixer while it writes the temporary file: the article is untouched."""
    import signal
    import subprocess
    import sys

    article = tmp_path / "post.md"
    article.write_text(ARTICLE)
    original = article.read_bytes()
    script = f"""
import os, sys, time
from lint import fixes
from lint.findings import Fix
data = open({str(article)!r}, "rb").read()
result = fixes.plan({str(article)!r}, data, data.decode(), [Fix(0, "x" * 50_000_000)])
real_fsync = os.fsync
def stall(fd):
    print("writing", flush=True)  # the temporary file is written but not yet renamed
    time.sleep(60)
os.fsync = stall
fixes.write(result, data)
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert article.read_bytes() == original
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".seolint-")]
    assert all(p.stat().st_size > 0 for p in leftovers)  # never renamed over the article
