"""The command line: exit codes, stdin, formats, errors on stderr, never a traceback."""

from __future__ import annotations

import json
import os

import pytest

SEO = "extends: [seo]\n"
DIRTY = "# Title\n\nStill lorem ipsum here.\n"
CLEAN = "# Title\n\nA finished page about tea.\n"


@pytest.fixture
def run(cli):
    return cli(SEO)


def test_exit_codes_follow_fail_on(run, write):
    write("dirty.md", DIRTY)
    write("clean.md", CLEAN)
    assert run("check", "clean.md").exit_code == 0
    assert run("check", "dirty.md").exit_code == 1
    assert run("check", "dirty.md", "--fail-on", "never").exit_code == 0
    write("warn.yaml", "extends: [seo]\nrules:\n  seo.placeholder-text: warning\n")
    assert run("check", "dirty.md", "-c", "warn.yaml").exit_code == 0
    assert run("check", "dirty.md", "-c", "warn.yaml", "--fail-on", "warning").exit_code == 1


def test_json_contract(run, write):
    write("dirty.md", DIRTY)
    result = run("check", "dirty.md", "--format", "json")
    (finding,) = json.loads(result.stdout)
    assert {
        k: finding[k]
        for k in ("path", "line", "column", "end_line", "end_column", "rule", "severity")
    } == {
        "path": "dirty.md",
        "line": 3,
        "column": 7,
        "end_line": 3,
        "end_column": 18,
        "rule": "seo.placeholder-text",
        "severity": "error",
    }
    assert "lorem ipsum" in finding["message"]


def test_stdin_uses_stdin_filename_for_path_and_config(run, write):
    write("legal/.seolint.yaml", "extends: [seo]\nrules:\n  seo.placeholder-text: off\n")
    result = run("check", "-", "--stdin-filename", "blog/post.md", "--format", "line", input=DIRTY)
    assert result.exit_code == 1
    assert (
        result.stdout
        == 'blog/post.md:3:7: error: Placeholder text left in the page: "lorem ipsum" [seo.placeholder-text]\n'
    )
    assert run("check", "-", "--stdin-filename", "legal/terms.md", input=DIRTY).exit_code == 0


def test_stdin_crlf_positions_match_the_file(run, write):
    write("crlf.md", DIRTY.replace("\n", "\r\n"))
    from_file = json.loads(run("check", "crlf.md", "-f", "json").stdout)
    from_stdin = json.loads(
        run(
            "check",
            "-",
            "--stdin-filename",
            "crlf.md",
            "-f",
            "json",
            input=DIRTY.replace("\n", "\r\n"),
        ).stdout
    )
    assert from_file == from_stdin


def test_unreadable_and_binary_files_are_errors_but_others_are_linted(run, write, tmp_path):
    write("dirty.md", DIRTY)
    write("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    write("latin1.md", "caf\xe9".encode("latin-1"))
    secret = write("secret.md", DIRTY)
    secret.chmod(0)
    result = run("check", ".", "-f", "line")
    secret.chmod(0o644)
    assert result.exit_code == 2
    assert "dirty.md:3:7" in result.stdout
    assert "binary.md: binary file" in result.stderr
    assert "latin1.md: not valid UTF-8" in result.stderr
    if os.geteuid() != 0:  # root can read anything
        assert "secret.md: cannot read" in result.stderr


def test_missing_path_is_exit_2(run):
    result = run("check", "nope.md")
    assert result.exit_code == 2
    assert "nope.md: no such file or directory" in result.stderr


def test_bad_config_is_exit_2_with_file_and_line(run, write):
    write("bad.yaml", "rules:\n  seo.nope: off\n")
    write("a.md", CLEAN)
    result = run("check", "a.md", "-c", "bad.yaml")
    assert result.exit_code == 2
    assert "bad.yaml:2: unknown rule id 'seo.nope'" in result.stderr


def test_missing_trained_pipeline_says_how_to_install(run, write):
    write("model.yaml", "nlp:\n  model: en_core_web_nonexistent\n")
    write("a.md", CLEAN)
    result = run("check", "a.md", "-c", "model.yaml")
    assert result.exit_code == 2
    assert "python -m spacy download en_core_web_nonexistent" in result.stderr


def test_folders_skip_hidden_node_modules_and_other_suffixes(run, write):
    write("docs/a.md", DIRTY)
    write("docs/b.html", "<p>lorem ipsum</p>")
    write("docs/c.txt", "lorem ipsum\n")
    write("docs/d.rst", "lorem ipsum\n")
    write("docs/.hidden/e.md", DIRTY)
    write("docs/node_modules/pkg/f.md", DIRTY)
    write("docs/x.md/g.md", DIRTY)  # a folder named like a file is searched, not read
    result = run("check", "docs", "-f", "line")
    paths = sorted({line.split(":")[0] for line in result.stdout.splitlines()})
    assert paths == ["docs/a.md", "docs/b.html", "docs/c.txt", "docs/x.md/g.md"]


def test_output_file_and_select_ignore(run, write, tmp_path):
    write("a.md", DIRTY + "\nA miracle cure.\n")
    write("both.yaml", "extends: [seo, health]\n")
    run("check", "a.md", "-c", "both.yaml", "--select", "seo", "-f", "json", "-o", "out.json")
    assert [f["rule"] for f in json.loads((tmp_path / "out.json").read_text())] == [
        "seo.placeholder-text"
    ]
    result = run(
        "check", "a.md", "-c", "both.yaml", "--ignore", "seo,health.unsupported-claim", "-f", "json"
    )
    assert [f["rule"] for f in json.loads(result.stdout)] == ["health.red-flag-phrases"]


def test_every_format_reports_the_same_findings(run, write):
    write("a.md", DIRTY + "\nlorem ipsum again\n")
    counts = {}
    for fmt in ("text", "line", "json", "sarif", "github"):
        out = run("check", "a.md", "-f", fmt).stdout
        counts[fmt] = {
            "text": out.count("[seo.placeholder-text]"),
            "line": len(out.splitlines()),
            "json": len(json.loads(out) if fmt == "json" else []),
            "sarif": len(json.loads(out)["runs"][0]["results"]) if fmt == "sarif" else 0,
            "github": out.count("::error"),
        }[fmt]
    assert set(counts.values()) == {2}


def test_rules_lists_every_builtin_rule(run):
    out = run("rules").stdout
    for rule in (
        "seo.placeholder-text",
        "seolint.invalid-front-matter",
        "seolint.unused-suppression",
    ):
        assert rule in out


def test_rules_reads_the_configuration_of_this_folder(cli):
    run = cli("extends: [seo]\nrules:\n  seo.placeholder-text: off\n")
    assert "seo.placeholder-text" not in run("rules").stdout
    assert "seo.placeholder-text" in run("rules", "--all").stdout
    assert "health.unsupported-claim" not in run("rules", "--all").stdout  # seo only


def test_rules_explains_a_rule_with_its_options_in_use(cli):
    run = cli("extends: [seo]\nrules:\n  seo.keyword-stuffing:\n    word_share: 6\n")
    result = run("rules", "seo.keyword-stuffing", "seo.placeholder-text")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("seo.keyword-stuffing (stuffing, warning)\n")
    assert "Search engines treat a page" in out  # the rule's help
    lines = out.splitlines()
    share = next(line for line in lines if line.split()[:1] == ["word_share"])
    assert share.split() == ["word_share", "float", "6", "(default", "4)"]
    inferred = next(line for line in lines if line.split()[:1] == ["inferred_density"])
    assert inferred.split() == ["inferred_density", "float", "10"]  # the default: no note
    words = next(line for line in lines if line.split()[:1] == ["words"])
    assert "entries" in words  # a word list is shown by its size
    assert "\n\nseo.placeholder-text (phrases, error)\n" in out


def test_sarif_rule_metadata_of_a_folder_comes_from_its_configuration(run, write):
    write("docs/.seolint.yaml", "extends: [seo]\nrules:\n  seo.placeholder-text: warning\n")
    write("docs/page.md", DIRTY)
    sarif = json.loads(run("check", "docs", "--format", "sarif").stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["seo.placeholder-text"]["defaultConfiguration"]["level"] == "warning"
    assert sarif["runs"][0]["results"][0]["level"] == "warning"


def test_rules_with_an_unknown_id_exits_2_and_prints_nothing(run):
    result = run("rules", "seo.keyword-stuffing", "seo.no-such-rule")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown rule id 'seo.no-such-rule'" in result.stderr


def test_init_writes_a_valid_config_and_refuses_to_overwrite(run, tmp_path):
    (tmp_path / ".seolint.yaml").unlink()
    assert run("init").exit_code == 0
    from lint.config import load_config

    assert load_config(tmp_path / ".seolint.yaml").fail_on == "error"
    again = run("init")
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_version_and_help(run):
    assert run("--version").stdout.startswith("seolint, version ")
    assert "--stdin-filename" in run("check", "--help").stdout


def test_no_paths_is_a_usage_error(run):
    assert run("check").exit_code == 2


def test_a_crashing_rule_costs_only_its_file(run, write, monkeypatch):
    from lint.kinds.phrases import PhrasesKind

    original = PhrasesKind.check

    def explode(self, doc, sdoc):
        if "boom" in doc.prose:
            raise RuntimeError("kaboom")
        return original(self, doc, sdoc)

    monkeypatch.setattr(PhrasesKind, "check", explode)
    write("a.md", "boom\n")
    write("b.md", DIRTY)
    result = run("check", ".", "-f", "line")
    assert result.exit_code == 2
    assert "a.md: internal error, file not linted (RuntimeError: kaboom)" in result.stderr
    assert "b.md:3:7" in result.stdout


def test_the_seolint_command_exits_with_mains_code_and_skips_the_last_collection(monkeypatch):
    import gc
    import sys

    from lint.cli import run as command

    monkeypatch.setattr(sys, "argv", ["seolint", "--version"])
    try:
        with pytest.raises(SystemExit) as exit_:
            command()
        assert exit_.value.code == 0
        # What was alive at the end is frozen: the interpreter's final collection skips it.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
