from __future__ import annotations

import lint

CONFIG = {"extends": ["seo"]}
SELECT = ["seo.placeholder-text", "seolint"]


def rules(text):
    return [(f.rule, f.line) for f in lint.check_text(text, path="a.md", config=CONFIG, select=SELECT)]


def test_disable_enable_region():
    text = (
        "lorem ipsum one\n\n<!-- seolint-disable seo.placeholder-text -- quoting a template -->\n\n"
        "lorem ipsum two\n\n<!-- seolint-enable -->\n\nlorem ipsum three\n"
    )
    assert rules(text) == [("seo.placeholder-text", 1), ("seo.placeholder-text", 9)]


def test_disable_next_line_only_covers_the_next_line():
    text = "<!-- seolint-disable-next-line seo.placeholder-text -->\nlorem ipsum\n\nlorem ipsum\n"
    assert rules(text) == [("seo.placeholder-text", 4)]


def test_disable_file_and_pack_names():
    text = "lorem ipsum\n\n<!-- seolint-disable-file seo -->\n\nlorem ipsum\n"
    assert rules(text) == []


def test_disable_without_rules_covers_everything():
    assert rules("<!-- seolint-disable -->\n\nlorem ipsum\n") == []


def test_unused_and_unknown_suppressions_are_reported_as_info():
    text = "<!-- seolint-disable-next-line seo.placeholder-text -->\nclean line\n\n<!-- seolint-disable-file seo.no-such-rule -->\n"
    findings = lint.check_text(text, path="a.md", config=CONFIG, select=SELECT)
    assert [(f.rule, f.severity.value, f.line) for f in findings] == [
        ("seolint.unused-suppression", "info", 1),
        ("seolint.unused-suppression", "info", 4),
    ]
    assert "suppresses nothing" in findings[0].message
    assert "unknown rule seo.no-such-rule" in findings[1].message


def test_unused_suppression_rule_can_be_turned_off():
    config = {"extends": ["seo"], "rules": {"seolint.unused-suppression": "off"}}
    assert lint.check_text("<!-- seolint-disable -->\nclean\n", path="a.md", config=config) == []


def test_comment_inside_code_is_not_a_directive():
    text = "```\n<!-- seolint-disable-file -->\n```\n\nlorem ipsum\n"
    assert rules(text) == [("seo.placeholder-text", 5)]
