"""The CI formats (junit, gitlab, rdjson) show the same findings as json, each in its shape."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import PurePath

import pytest
from test_formats import ARTICLE, FINDINGS, LINE_RE, NOTES, PAGE, SOURCES, render

from lint.findings import Severity
from lint.formats import FORMAT_NAMES, line_text, one_line
from lint.formats.rdjson import byte_column

CI_FORMATS = ("junit", "gitlab", "rdjson")


def test_every_format_is_checked_for_the_same_findings():
    # test_formats.py reads back the first five; this file the rest.
    assert set(FORMAT_NAMES) == {"text", "line", "json", "sarif", "github", *CI_FORMATS}


# --- parsers that read each format back -------------------------------------------------


def junit_rows(output: str) -> list[tuple[str, int, int, str, str]]:
    """(path, line, column, severity, rule) from every failure's line-format rows."""
    rows = []
    for failure in ET.fromstring(output).iter("failure"):
        for row in failure.text.splitlines():
            match = LINE_RE.match(row)
            assert match, row
            rows.append((match[1], int(match[2]), int(match[3]), match[4], match[6]))
    return rows


def positions(name: str, output: str) -> list[tuple[str, int, int, int, int]]:
    """(path, line, column, end line, end column) in code points, whatever the format."""
    if name == "json":
        return [
            (d["path"], d["line"], d["column"], d["end_line"], d["end_column"])
            for d in json.loads(output)
        ]
    if name == "gitlab":
        found = []
        for issue in json.loads(output):
            path, span = issue["location"]["path"], issue["location"]["positions"]
            begin, end = span["begin"], span["end"]
            found.append((path, begin["line"], begin["column"], end["line"], end["column"]))
        return found
    if name == "rdjson":
        found = []
        for d in json.loads(output)["diagnostics"]:
            path, span = d["location"]["path"], d["location"]["range"]
            start, end = span["start"], span["end"]
            found.append(
                (
                    path,
                    start["line"],
                    _code_points(path, start),
                    end["line"],
                    _code_points(path, end),
                )
            )
        return found
    # junit has no end positions: compare the starts only.
    return [(path, line, col, 0, 0) for path, line, col, _, _ in junit_rows(output)]


def _code_points(path: str, position: dict) -> int:
    """Undo rdjson's UTF-8 byte column with the fixture source."""
    text = SOURCES[path].split("\n")[position["line"] - 1].encode("utf-8")
    before = text[: position["column"] - 1]
    return len(before.decode("utf-8")) + max(0, position["column"] - 1 - len(text)) + 1


@pytest.mark.parametrize("name", CI_FORMATS)
def test_ci_formats_show_the_same_findings_as_json(name):
    expected = positions("json", render("json"))
    found = positions(name, render(name))
    assert len(found) == len(FINDINGS) == 6
    if name == "junit":
        expected = [(path, line, col, 0, 0) for path, line, col, _, _ in expected]
    assert found == expected


@pytest.mark.parametrize("name", CI_FORMATS)
def test_ci_formats_with_no_findings(name):
    output = render(name, findings=[])
    assert output.endswith("\n")
    assert positions(name, output) == []


# --- junit ----------------------------------------------------------------------------


def junit(findings=FINDINGS, **changes) -> ET.Element:
    return ET.fromstring(render("junit", findings=findings, **changes))


def test_junit_counts_one_test_per_file():
    output = render("junit")
    assert output.startswith("<?xml version='1.0' encoding='utf-8'?>\n<testsuites")
    root = ET.fromstring(output)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "seolint"
    cases = suite.findall("testcase")
    # Three files with findings and one case standing for the fourth, clean file.
    assert [case.get("name") for case in cases] == [ARTICLE, NOTES, PAGE, "other files"]
    for element in (root, suite):
        assert element.get("tests") == "4"
        assert element.get("failures") == "3"
        assert element.get("errors") == "0"
    assert len(suite.findall("testcase/failure")) == 3
    other = cases[-1]
    assert other.find("failure") is None
    assert other.findtext("system-out") == "1 file without findings"


def test_junit_other_files_only_when_some_are_clean():
    assert "other files" not in render("junit", files_checked=3)
    assert "other files" not in render("junit", files_checked=0)
    suite = junit(files_checked=10).find("testsuite")
    assert suite.get("tests") == "4"
    assert suite.findall("testcase")[-1].findtext("system-out") == "7 files without findings"
    clean = junit(findings=[], files_checked=2).find("testsuite")
    assert (clean.get("tests"), clean.get("failures")) == ("1", "0")
    assert clean.find("testcase").get("name") == "other files"


def test_junit_one_failure_per_file_lists_every_finding():
    cases = junit().find("testsuite").findall("testcase")
    for case, path in zip(cases, (ARTICLE, NOTES, PAGE), strict=False):
        found = [f for f in FINDINGS if f.path == path]
        assert case.get("classname") == case.get("name") == case.get("file") == path
        (failure,) = case.findall("failure")
        assert failure.text.splitlines() == [line_text(f) for f in found]
        assert failure.get("message").splitlines() == [
            f"{f.line}:{f.column} {f.rule}: {one_line(f.message)}" for f in found
        ]
    # The worst severity in the file names the failure's type.
    assert [case.find("failure").get("type") for case in cases[:3]] == ["error", "warning", "error"]


def test_junit_special_characters_survive_a_round_trip():
    path = "dir & co/<a> \"b\" 'c' größe.md"
    message = "Use <b> & \"quotes\" 'here' — 多巴胺\nsecond line"
    odd = replace(FINDINGS[0], path=path, message=message)
    case = junit(findings=[odd], files_checked=1).find("testsuite/testcase")
    assert case.get("name") == case.get("classname") == path
    failure = case.find("failure")
    flat = "Use <b> & \"quotes\" 'here' — 多巴胺 second line"
    assert failure.text == f"{path}:2:9: error: {flat} [health.unsupported-claim]\n"
    assert failure.get("message") == f"2:9 health.unsupported-claim: {flat}"


def test_junit_control_characters_do_not_break_the_xml():
    odd = replace(FINDINGS[0], message="form\x0cfeed and \x00 nul", path="a\x1b.md")
    case = junit(findings=[odd]).find("testsuite/testcase")  # parses at all
    assert case.get("name") == "a\ufffd.md"
    assert "form\ufffdfeed and \ufffd nul" in case.find("failure").text


# --- gitlab ---------------------------------------------------------------------------


def gitlab(findings=FINDINGS, **changes) -> list[dict]:
    return json.loads(render("gitlab", findings=findings, **changes))


def test_gitlab_issue_shape_and_severities():
    issues = gitlab()
    severities = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
    assert len(issues) == len(FINDINGS)
    for issue, f in zip(issues, FINDINGS, strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert set(issue["location"]) == {"path", "positions"}
        assert issue["description"] == f.message
        assert issue["check_name"] == f.rule
        assert issue["severity"] == severities[f.severity]
    assert {issue["severity"] for issue in issues} == {"major", "minor", "info"}


def _gitlab_fingerprints(findings) -> list[str]:
    return [issue["fingerprint"] for issue in gitlab(findings)]


def test_gitlab_fingerprints_are_unique_and_survive_line_shifts():
    before = _gitlab_fingerprints(FINDINGS)
    assert all(re.fullmatch(r"[0-9a-f]{64}", fp) for fp in before)
    assert len(set(before)) == len(before)  # the two identical "kratom" hits differ
    shifted = [replace(f, line=f.line + 3, end_line=f.end_line + 3) for f in FINDINGS]
    assert _gitlab_fingerprints(shifted) == before
    changed = [replace(FINDINGS[0], text="something else"), *FINDINGS[1:]]
    assert _gitlab_fingerprints(changed)[0] != before[0]
    moved = [replace(FINDINGS[0], path="elsewhere.md"), *FINDINGS[1:]]
    assert _gitlab_fingerprints(moved)[0] != before[0]


def test_gitlab_paths_are_relative_with_forward_slashes(tmp_path, monkeypatch):
    assert [issue["location"]["path"] for issue in gitlab()] == [f.path for f in FINDINGS]
    absolute = replace(FINDINGS[0], path=str(tmp_path / "sub dir" / "é.md"))
    (issue,) = gitlab(findings=[absolute], root=str(tmp_path))
    assert issue["location"]["path"] == "sub dir/é.md"
    monkeypatch.chdir(tmp_path / "..")  # no root: relative to the working directory
    (issue,) = gitlab(findings=[absolute])
    assert issue["location"]["path"] == f"{tmp_path.name}/sub dir/é.md"
    # The same finding keeps its fingerprint whether named absolutely or relatively.
    relative = replace(absolute, path="sub dir/é.md")
    assert gitlab([absolute], root=str(tmp_path)) == gitlab([relative], root=str(tmp_path))


# --- rdjson ---------------------------------------------------------------------------


def rdjson(findings=FINDINGS, **changes) -> dict:
    return json.loads(render("rdjson", findings=findings, **changes))


def test_rdjson_result_shape():
    result = rdjson()
    assert set(result) == {"source", "diagnostics"}  # no overall severity
    assert result["source"]["name"] == "seolint"
    assert result["source"]["url"].startswith("https://")
    diagnostics = result["diagnostics"]
    assert len(diagnostics) == len(FINDINGS)
    line_rows = render("line").splitlines()
    for d, f, row in zip(diagnostics, FINDINGS, line_rows, strict=True):
        assert d["severity"] == f.severity.value.upper()
        assert d["code"] == {"value": f.rule}
        assert d["message"] == f.message
        assert d["location"]["path"] == f.path
        assert d["original_output"] == row
    assert {d["severity"] for d in diagnostics} == {"ERROR", "WARNING", "INFO"}


def test_rdjson_columns_count_utf8_bytes():
    # "\tKratom 多巴胺 boosts": each of 多巴胺 is three bytes in UTF-8.
    first = rdjson()["diagnostics"][0]["location"]["range"]
    assert first["start"] == {"line": 2, "column": 9}  # only ASCII before the span
    assert first["end"] == {"line": 2, "column": 18}  # 9 + 3 characters of 3 bytes
    boosts = replace(FINDINGS[0], column=13, end_column=19)
    span = rdjson(findings=[boosts])["diagnostics"][0]["location"]["range"]
    assert span["start"]["column"] == 19
    assert span["end"]["column"] == 25
    # Lines other than the span's keep their own counts (line 4 of a two-line span).
    multiline = rdjson()["diagnostics"][1]["location"]["range"]
    assert (multiline["start"], multiline["end"]) == (
        {"line": 3, "column": 4},
        {"line": 4, "column": 8},
    )


def test_rdjson_byte_column_follows_the_spec_example():
    # reviewdog.proto: in "a𐐀b" the column of b is 6, since 𐐀 is 4 bytes in UTF-8.
    assert [byte_column(["a𐐀b"], 1, column) for column in (1, 2, 3, 4)] == [1, 2, 6, 7]
    assert byte_column(["ab"], 1, 4) == 4  # past the line's end, one byte a step
    assert byte_column(None, 1, 3) == 3  # no source: code points as they are
    assert byte_column(["ab"], 5, 3) == 3  # no such line


def test_rdjson_without_source_keeps_code_point_columns():
    span = rdjson(sources={})["diagnostics"][0]["location"]["range"]
    assert (span["start"]["column"], span["end"]["column"]) == (9, 12)


# --- through the command line -------------------------------------------------------


@pytest.fixture
def run(cli):
    return cli("extends: [seo]\n")


def test_cli_ci_formats_match_json(run, tmp_path):
    (tmp_path / "dirty.md").write_text(
        "# Größe\n\nÜber 多巴胺 lorem ipsum here.\n", encoding="utf-8"
    )
    (tmp_path / "clean.md").write_text("# Title\n\nA finished page about tea.\n")
    (tmp_path / "other.md").write_text("# Another title\n\nAnother page about tea.\n")
    findings = json.loads(run("check", ".", "-f", "json").stdout)
    assert findings, "the placeholder rule should flag lorem ipsum"
    expected = [(f["path"], f["line"], f["column"]) for f in findings]

    junit_out = run("check", ".", "-f", "junit")
    assert junit_out.exit_code == run("check", ".", "-f", "json").exit_code
    assert [row[:3] for row in junit_rows(junit_out.stdout)] == expected
    suite = ET.fromstring(junit_out.stdout).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    assert suite.findall("testcase")[-1].findtext("system-out") == "2 files without findings"

    issues = json.loads(run("check", ".", "-f", "gitlab").stdout)
    assert [
        (
            i["location"]["path"],
            i["location"]["positions"]["begin"]["line"],
            i["location"]["positions"]["begin"]["column"],
        )
        for i in issues
    ] == [(PurePath(p).as_posix(), ln, col) for p, ln, col in expected]  # "./dirty.md" too

    diagnostics = json.loads(run("check", ".", "-f", "rdjson").stdout)["diagnostics"]
    lines = (tmp_path / "dirty.md").read_text(encoding="utf-8").split("\n")
    assert [
        (
            d["location"]["path"],
            d["location"]["range"]["start"]["line"],
            d["location"]["range"]["start"]["column"],
        )
        for d in diagnostics
    ] == [(p, ln, len(lines[ln - 1][: col - 1].encode("utf-8")) + 1) for p, ln, col in expected]
    # "Über 多巴胺 " is 6 characters but 13 bytes: the byte column really differs.
    assert diagnostics[0]["location"]["range"]["start"]["column"] != expected[0][2]
