"""Configuration: discovery, merging, overrides, and strict validation (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

import lint
from lint.config import config_for, find_config_file, load_config
from lint.errors import ConfigError
from lint.globs import matches_any

BODY = "# Title\n\nThis page still says lorem ipsum and is a miracle cure.\n"


def rules_found(path, **kw):
    return sorted({f.rule for f in lint.check_paths([str(path)], **kw).findings})


def config_error(tmp_path, text: str, name: str = ".seolint.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    return str(exc.value)


def test_config_is_found_by_walking_up(write, tmp_path):
    write(".seolint.yaml", "extends: [seo]\n")
    article = write("blog/2024/post.md", BODY)
    assert find_config_file(article.parent) == tmp_path / ".seolint.yaml"
    assert rules_found(article) == ["seo.placeholder-text"]


def test_pyproject_table_is_a_configuration(write, tmp_path):
    write("pyproject.toml", '[project]\nname = "x"\n\n[tool.seolint]\nextends = ["seo"]\n')
    article = write("post.md", BODY)
    assert rules_found(article) == ["seo.placeholder-text"]


def test_rule_off_severity_and_options(write):
    write(
        ".seolint.yaml",
        "rules:\n  seo.placeholder-text: off\n  health.red-flag-phrases:\n    severity: error\n"
        "    words: {add: [still says]}\n",
    )
    article = write("post.md", BODY)
    findings = [
        f
        for f in lint.check_paths([str(article)]).findings
        if f.rule.startswith(("seo.", "health.red"))
    ]
    assert {(f.rule, f.text, f.severity.value) for f in findings} == {
        ("health.red-flag-phrases", "still says", "error"),
        ("health.red-flag-phrases", "miracle cure", "error"),
    }


def test_overrides_apply_per_glob(write):
    write(
        ".seolint.yaml",
        "extends: [seo]\noverrides:\n  - files: ['legal/**']\n    rules:\n      seo.placeholder-text: off\n",
    )
    assert rules_found(write("legal/terms.md", BODY)) == []
    assert rules_found(write("blog/post.md", BODY)) == ["seo.placeholder-text"]


def test_rule_ignore_globs_and_exclude(write, tmp_path):
    write(
        ".seolint.yaml",
        "extends: [seo]\nexclude: ['drafts/**']\nrules:\n  seo.placeholder-text:\n    ignore: ['*.txt']\n",
    )
    write("drafts/wip.md", BODY)
    write("notes.txt", "lorem ipsum\n")
    kept = write("post.md", BODY)
    report = lint.check_paths([str(tmp_path)])
    assert report.files_checked == 2
    assert {f.path for f in report.findings} == {str(kept)}


def test_team_pack_adds_rules(write):
    write(
        "style/team.yaml",
        "pack: team\nrules:\n  banned:\n    kind: phrases\n    severity: warning\n"
        "    description: Words the team does not use.\n    words: banned.txt\n",
    )
    write("style/banned.txt", "# team words\nstill says\n")
    write(".seolint.yaml", "extends: [style/team.yaml]\n")
    article = write("post.md", BODY)
    findings = lint.check_paths([str(article)]).findings
    assert [(f.rule, f.text, f.severity.value) for f in findings] == [
        ("team.banned", "still says", "warning")
    ]


def test_cli_config_beats_discovered_file(write, tmp_path):
    write(".seolint.yaml", "extends: [seo]\n")
    other = write("other.yaml", "extends: []\n")
    article = write("post.md", BODY)
    assert rules_found(article, config=str(other)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extends: [seo]\nrulez: {}\n", ".seolint.yaml:2: unknown key 'rulez'"),
        (
            "rules:\n  seo.placeholder-txt: off\n",
            ".seolint.yaml:2: unknown rule id 'seo.placeholder-txt'; did you mean 'seo.placeholder-text'?",
        ),
        (
            "rules:\n  seo.placeholder-text:\n    severity: fatal\n",
            ".seolint.yaml:3: seo.placeholder-text: severity must be",
        ),
        (
            "rules:\n  seo.placeholder-text:\n    wordz: [a]\n",
            ".seolint.yaml:3: seo.placeholder-text: unknown key 'wordz'",
        ),
        (
            "rules:\n  seo.placeholder-text:\n    ignore_case: maybe\n",
            ".seolint.yaml:3: `seo.placeholder-text.ignore_case` must be true or false",
        ),
        ("rules:\n  seo.placeholder-text:\n    patterns: ['(a)\\1']\n", "invalid pattern"),
        (
            "rules:\n  seo.placeholder-text:\n    words: missing.txt\n",
            ".seolint.yaml:3: `seo.placeholder-text.words`: cannot read word list",
        ),
        ("extends: [nope]\n", "unknown built-in pack 'nope'"),
        ("fail_on: sometimes\n", ".seolint.yaml:1: `fail_on` must be one of"),
        (
            "rules: [1, 2\n",
            ".seolint.yaml:2:1: invalid YAML: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence at line 1, column 8)",
        ),
        (
            "x: !!python/object/apply:os.system ['echo pwned']\n",
            "could not determine a constructor",
        ),
        ("nlp:\n  modle: x\n", ".seolint.yaml:2: nlp: unknown key 'modle'"),
    ],
)
def test_invalid_configuration_names_file_line_and_key(tmp_path, text, expected):
    message = config_error(tmp_path, text)
    assert expected in message
    assert str(tmp_path) in message


def test_lookarounds_rejected_but_linear_patterns_allowed(tmp_path):
    assert "invalid pattern" in config_error(
        tmp_path, "rules:\n  seo.placeholder-text:\n    patterns: ['a(?=b)']\n"
    )
    (tmp_path / "ok.yaml").write_text("rules:\n  seo.placeholder-text:\n    patterns: ['(a+)+$']\n")
    load_config(tmp_path / "ok.yaml")  # RE2 runs this in linear time: accepted


def test_pack_errors_name_the_pack_file(tmp_path):
    (tmp_path / "p.yaml").write_text("pack: p\nrules:\n  r:\n    kind: nosuchkind\n")
    message = config_error(tmp_path, "extends: [p.yaml]\n")
    assert f"{tmp_path / 'p.yaml'}:4: rule 'r': unknown kind 'nosuchkind'" in message


def test_defaults_without_any_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = config_for(tmp_path / "a.md")
    assert config.path is None
    assert {"seo.placeholder-text", "health.unsupported-claim"} <= set(config.rules)


@pytest.mark.parametrize(
    ("path", "globs", "expected"),
    [
        ("drafts/a.md", ["drafts/**"], True),
        ("blog/drafts/a.md", ["drafts/**"], False),
        ("blog/drafts/a.md", ["**/drafts/**"], True),
        ("a/b/c.html", ["*.html"], True),
        ("a/b/c.md", ["*.html"], False),
        ("legal/x/y.md", ["legal"], True),
        ("legalese/y.md", ["legal"], False),
    ],
)
def test_globs(path, globs, expected):
    assert matches_any(path, globs) is expected


def test_relative_paths_resolve_against_config_dir(write, tmp_path, monkeypatch):
    write(
        ".seolint.yaml",
        "extends: [seo]\noverrides:\n  - files: [legal/**]\n    rules: {seo.placeholder-text: off}\n",
    )
    write("legal/t.md", BODY)
    monkeypatch.chdir(tmp_path / "legal")
    assert lint.check_paths(["t.md"]).findings == []
    assert Path("t.md").exists()
