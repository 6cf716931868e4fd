"""The Yoast / Rank Math writing checks: the cases under ``more`` in their fixture files
(one rule each, the format of test_rule_fixtures.py), cross-file duplicates, and the
helpers behind title widths, syllables and the passive voice."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import lint
from lint.kinds import KINDS

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
SEO_KINDS = ("keyphrase", "metadata", "readability", "links", "site")


def _more_cases():
    for kind in SEO_KINDS:
        data = yaml.safe_load((FIXTURES / f"{kind}.yaml").read_text(encoding="utf-8"))
        for rule, cases in (data.get("more") or {}).items():
            for case in cases:
                yield pytest.param(rule, case, id=f"{kind}: {rule}: {case['name']}")


def _lint(rule: str, case: dict):
    config = {"extends": ["seo"]}
    if case.get("options"):
        config["rules"] = {rule: case["options"]}
    return lint.Linter(config, select=[rule]).check_text(case["text"], case.get("path", "case.md"))


@pytest.mark.parametrize(("rule", "case"), list(_more_cases()))
def test_rule_case(rule, case):
    got = [(f.severity.value, f.text) for f in _lint(rule, case)]
    expected = case["expect"]
    assert len(got) == len(expected), f"expected {expected}, got {got}"
    for (severity, text), want in zip(got, expected, strict=True):
        assert severity == want["severity"], (got, want)
        assert want["quote"].lower() in text.lower(), (got, want)


def test_every_writing_rule_has_three_passing_and_three_failing_cases():
    rules = lint.Linter({"extends": ["seo"]}).all_rules()
    cases: dict[str, list] = {}
    for kind in SEO_KINDS:
        data = yaml.safe_load((FIXTURES / f"{kind}.yaml").read_text(encoding="utf-8"))
        cases.setdefault(data["rule"], []).extend(data["cases"])
        for rule, more in (data.get("more") or {}).items():
            cases.setdefault(rule, []).extend(more)
    writing = [r for r, info in rules.items() if info.kind in SEO_KINDS]
    assert len(writing) == 21
    for rule in writing:
        assert rule in cases, f"{rule} has no fixture cases"
        passing = sum(1 for c in cases[rule] if not c["expect"])
        failing = sum(1 for c in cases[rule] if c["expect"])
        assert passing >= 3 and failing >= 3, (rule, passing, failing)


# -- across files -----------------------------------------------------------------------------
def _site(tmp_path, files: dict[str, str], rule: str):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    linter = lint.Linter({"extends": ["seo"]}, select=[rule])
    return linter.check_paths([str(tmp_path)]).findings


def test_duplicate_titles_across_pages(tmp_path):
    findings = _site(
        tmp_path,
        {
            "a.md": "---\ntitle: Getting started\n---\n\nText.\n",
            "b.md": "---\ntitle: getting  Started\n---\n\nText.\n",
            "c.md": "---\ntitle: Installing\n---\n\nText.\n",
        },
        "seo.duplicate-title",
    )
    assert [(Path(f.path).name, f.line, f.text) for f in findings] == [
        ("b.md", 2, "getting  Started")
    ]
    assert findings[0].severity.value == "warning"
    assert Path(findings[0].related[0].path).name == "a.md"
    assert "a.md" in findings[0].message


def test_same_page_in_version_folders_is_not_a_duplicate(tmp_path):
    page = "---\ntitle: CREATE TABLE\ndescription: Create a table in the current database.\n---\n\nText.\n"
    files = {
        "v23.1/create-table.md": page,
        "v24.1/create-table.md": page,
        "7.4/create-table.md": page,
    }
    assert _site(tmp_path, files, "seo.duplicate-title") == []
    assert _site(tmp_path, files, "seo.duplicate-description") == []


def test_duplicate_descriptions_across_pages(tmp_path):
    text = "---\ntitle: {t}\ndescription: Everything you need to know about tea.\n---\n\nText.\n"
    findings = _site(
        tmp_path,
        {"a.md": text.format(t="A"), "b.md": text.format(t="B"), "c.md": text.format(t="C")},
        "seo.duplicate-description",
    )
    assert [Path(f.path).name for f in findings] == ["b.md", "c.md"]
    assert all("3 pages share" in f.message for f in findings)


def test_site_summaries_survive_json():
    import json

    from lint import document, nlp

    kind = KINDS["site"]({**{k: o.default for k, o in KINDS["site"].options.items()}}, nlp.load())
    doc = document.from_text("---\ntitle: Tea\n---\n\nText.\n", "a.md")
    (sdoc,) = nlp.pipe(nlp.load(), [(doc.prose, [b.start for b in doc.blocks])])
    summary = kind.summarize(doc, sdoc)
    assert json.loads(json.dumps(summary)) == summary and summary["key"] == "tea"


# -- helpers ----------------------------------------------------------------------------------
def _kind(name: str, **options):
    from lint import nlp
    from lint.config import default_config

    spec = next(
        s
        for s in default_config().rules.values()
        if s.kind == name and s.options.get("check") == options.get("check")
    )
    return KINDS[name]({**spec.options, **options}, nlp.load())


def test_title_width_uses_the_arial_table():
    kind = _kind("metadata", check="title-length")
    assert kind.width("i") < kind.width("m")
    assert 280 < kind.width("What Does Kratom Do to Dopamine?") < 360
    # 60 average characters come to about 600 px, as Google's limit suggests.
    assert 500 < kind.width("Green Tea for Beginners: How to Brew It and What It Does Best") < 620


def test_syllables_and_passive_heuristics():
    from lint.kinds.readability import _syllables

    assert [_syllables(w) for w in ("tea", "brewing", "made", "dopamine", "catechin")] == [
        1, 2, 1, 3, 3,
    ]  # fmt: skip
    kind = _kind("readability", check="passive-voice")
    assert kind._is_passive("The tea is brewed for three minutes".split())
    assert kind._is_passive("The leaves were not always taken".split())
    assert not kind._is_passive("The tea is hot and red".split())
    assert not kind._is_passive("We brewed the tea".split())
