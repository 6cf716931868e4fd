"""Every output format shows the same findings; each shape is checked on its own terms."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest

from lint.findings import Finding, Location, RuleInfo, Severity
from lint.formats import FORMAT_NAMES, RenderContext, get
from lint.formats.github import escape_data, escape_property

SCHEMA_PATH = Path(__file__).parents[1].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

ARTICLE = "docs/kratom article.md"  # a space, to be percent-encoded in SARIF
NOTES = "notes/plain.txt"
PAGE = "site/page.html"

SOURCES = {
    ARTICLE: (
        "# Kratom\n"
        "\tKratom 多巴胺 boosts dopamine.\n"
        "It relieves stress and\n"
        "anxiety for good.\n"
        "Ask your doctor.\n"
    ),
    NOTES: "kratom kratom kratom dopamine\n",
    PAGE: "<p>Kratom cures pain.</p>\n",
}

TRICKY_MESSAGE = "Claim: 100% cure, no source\nadd a citation"


def _finding(path, line, col, end_line, end_col, rule, severity, message, text="", **kw):
    return Finding(path, line, col, end_line, end_col, rule, severity, message, text=text, **kw)


FINDINGS = sorted(
    [
        # Tab and wide characters before and inside the span.
        _finding(ARTICLE, 2, 9, 2, 12, "health.unsupported-claim", Severity.ERROR,
                 TRICKY_MESSAGE, "多巴胺"),
        # A span over two lines.
        _finding(ARTICLE, 3, 4, 4, 8, "health.unsupported-claim", Severity.WARNING,
                 "Hedged claim.", "relieves stress and\nanxiety"),
        _finding(ARTICLE, 5, 1, 5, 4, "seo.repeated-phrase", Severity.INFO, "Repeated opener.",
                 "Ask"),
        # The same rule and text twice: fingerprints must still differ.
        _finding(NOTES, 1, 1, 1, 7, "seo.keyword-stuffing", Severity.WARNING, "Stuffed.",
                 "kratom"),
        _finding(NOTES, 1, 8, 1, 14, "seo.keyword-stuffing", Severity.WARNING, "Stuffed.",
                 "kratom"),
        _finding(PAGE, 1, 4, 1, 21, "seo.duplicate-content", Severity.ERROR,
                 "Duplicates an earlier page.", "Kratom cures pain.",
                 related=(Location(ARTICLE, 2, 2, 2, 8, "earlier copy"),
                          Location(PAGE, 1, 1, 1, 3, ""))),
    ]
)  # fmt: skip

RULES = {
    "health.unsupported-claim": RuleInfo(
        "health.unsupported-claim", "claim", Severity.ERROR, "Unsupported claim.", "Cite it."
    ),
    "health.missing-disclaimer": RuleInfo(
        "health.missing-disclaimer", "disclaimer", Severity.WARNING, "No disclaimer."
    ),
    "seo.keyword-stuffing": RuleInfo(
        "seo.keyword-stuffing", "density", Severity.WARNING, "Keyword stuffing."
    ),
    "seo.repeated-phrase": RuleInfo(
        "seo.repeated-phrase", "repetition", Severity.INFO, "Repeated phrase.", enabled=False
    ),
    "seo.duplicate-content": RuleInfo(
        "seo.duplicate-content", "duplicate", Severity.ERROR, "Duplicate.", enabled=False
    ),
}


def _context(**changes) -> RenderContext:
    base = RenderContext(rules=RULES, version="0.1.0", sources=SOURCES, files_checked=4)
    return replace(base, **changes)


def render(name: str, findings=FINDINGS, **changes) -> str:
    out = get(name)(list(findings), _context(**changes))
    return out if isinstance(out, str) else "".join(out)


# --- parsers that read each format back into (path, line, column) -------------------

LINE_RE = re.compile(r"^(.+):(\d+):(\d+): (error|warning|info): (.+) \[(.+)\]$")
TEXT_FINDING_RE = re.compile(r"^  (\d+):(\d+) +(error|warning|info) +(.+)  \[(.+)\]$")
GITHUB_RE = re.compile(r"^::(error|warning|notice) (.*?)::(.*)$")


def _unescape(value: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def parse_github(output: str) -> list[dict]:
    commands = []
    for row in output.splitlines():
        match = GITHUB_RE.match(row)
        assert match, row
        props = dict(pair.split("=", 1) for pair in match[2].split(","))
        props = {key: _unescape(value) for key, value in props.items()}
        commands.append({"command": match[1], "message": _unescape(match[3]), **props})
    return commands


def parse_text(output: str) -> list[tuple[str, int, int]]:
    positions, path = [], None
    for row in output.splitlines():
        if row and not row.startswith(" ") and not row.startswith(("Found ", "No problems")):
            path = row
        elif match := TEXT_FINDING_RE.match(row):
            positions.append((path, int(match[1]), int(match[2])))
    return positions


def positions(name: str, output: str) -> list[tuple[str, int, int | None]]:
    if name == "json":
        return [(d["path"], d["line"], d["column"]) for d in json.loads(output)]
    if name == "line":
        return [(m[1], int(m[2]), int(m[3])) for m in map(LINE_RE.match, output.splitlines())]
    if name == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        return [
            (
                unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            )
            for r in results
        ]
    if name == "github":
        return [
            (c["file"], int(c["line"]), int(c["col"]) if "col" in c else None)
            for c in parse_github(output)
        ]
    return parse_text(output)


# junit, gitlab and rdjson are read back in test_formats_ci.py.
@pytest.mark.parametrize("name", ("text", "line", "json", "sarif", "github"))
def test_every_format_shows_the_same_findings(name):
    expected = [(f.path, f.line, f.column) for f in FINDINGS]
    found = positions(name, render(name))
    if name == "github":
        # GitHub refuses columns on multi-line annotations: only those may lack one.
        for (_, _, col), f in zip(found, FINDINGS, strict=True):
            assert col is None if f.end_line != f.line else col == f.column
        found = [(p, ln, f.column) for (p, ln, _), f in zip(found, FINDINGS, strict=True)]
    assert found == expected


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_output_ends_with_a_newline(name):
    assert render(name).endswith("\n")


# --- json ---------------------------------------------------------------------------

CONTRACT_TYPES = {
    "path": str,
    "line": int,
    "column": int,
    "end_line": int,
    "end_column": int,
    "rule": str,
    "severity": str,
    "message": str,
    "text": str,
    "related": list,
    "fixable": bool,
}


def test_json_has_exactly_the_contract_fields():
    data = json.loads(render("json"))
    assert len(data) == len(FINDINGS)
    for item in data:
        assert set(item) == set(CONTRACT_TYPES)
        for key, kind in CONTRACT_TYPES.items():
            assert type(item[key]) is kind, key
        assert item["severity"] in {"error", "warning", "info"}
    assert data[0]["message"] == TRICKY_MESSAGE
    related = next(item["related"] for item in data if item["related"])
    assert related[0] == {
        "path": ARTICLE,
        "line": 2,
        "column": 2,
        "end_line": 2,
        "end_column": 8,
        "message": "earlier copy",
    }


def test_json_keeps_non_ascii_and_prints_empty_array():
    assert "多巴胺" in render("json")
    assert render("json", findings=[]) == "[]\n"


# --- line ---------------------------------------------------------------------------


def test_line_format_matches_editor_pattern_on_every_line():
    rows = render("line").splitlines()
    assert len(rows) == len(FINDINGS)
    for row, f in zip(rows, FINDINGS, strict=True):
        match = LINE_RE.match(row)
        assert match, row
        assert (match[4], match[6]) == (f.severity.value, f.rule)
    flattened = "Claim: 100% cure, no source add a citation"
    assert rows[0] == f"{ARTICLE}:2:9: error: {flattened} [health.unsupported-claim]"
    assert render("line", findings=[]) == ""


# --- github -------------------------------------------------------------------------


def test_github_escaping():
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    # Escaped once, not twice.
    assert escape_data("%0A") == "%250A"


def test_github_commands_round_trip():
    odd_path = "dir,with:odd%chars/a b.md"
    findings = [*FINDINGS, replace(FINDINGS[0], path=odd_path)]
    output = render("github", findings=findings)
    commands = parse_github(output)
    assert len(output.splitlines()) == len(commands) == len(findings)
    names = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for command, f in zip(commands, findings, strict=True):
        assert command["command"] == names[f.severity]
        assert command["message"] == f.message
        assert command["file"] == f.path
        assert command["title"] == f.rule
        assert int(command["endLine"]) == f.end_line
        if f.end_line == f.line:
            assert int(command["endColumn"]) == f.end_column
    assert commands[0]["message"] == TRICKY_MESSAGE
    assert commands[-1]["file"] == odd_path


def test_github_empty():
    assert render("github", findings=[]) == ""


# --- text ---------------------------------------------------------------------------


def _excerpt(output: str, finding_row_start: str) -> tuple[str, str]:
    rows = output.splitlines()
    index = next(i for i, row in enumerate(rows) if row.startswith(finding_row_start))
    return rows[index + 1], rows[index + 2]


def test_text_underline_counts_tabs_and_wide_characters():
    source, underline = _excerpt(render("text"), "  2:9 ")
    assert "\t" not in source
    assert underline.strip() == "^~~~~~"  # three wide characters, two cells each
    assert underline.index("^") == source.index("多")

    # After the wide characters the caret sits three cells further than the string index.
    after = replace(FINDINGS[0], column=13, end_column=19)
    source, underline = _excerpt(render("text", findings=[after]), "  2:13 ")
    assert underline.index("^") == source.index("boosts") + 3
    assert len(underline) == source.index("dopamine") - 1 + 3


def test_text_multiline_span_is_underlined_to_end_of_first_line():
    source, underline = _excerpt(render("text"), "  3:4 ")
    assert source.strip() == "It relieves stress and"
    assert underline.index("^") == source.index("relieves")
    assert len(underline) == len(source)
    assert "anxiety" not in render("text").split("3:4", 1)[1].split("5:1", 1)[0]


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_text_cuts_a_long_line_to_a_window_around_the_span(where):
    from lint.formats.text import EXCERPT_CELLS

    words = [f"w{i:03}" for i in range(120)]  # 599 characters on one line
    index = {"start": 0, "middle": 60, "end": 119}[where]
    line = " ".join(words).replace(words[index], "多巴胺 claim")  # two wide characters' worth
    column = line.index("多巴胺") + 1
    span = replace(
        FINDINGS[0], path="long.md", line=1, column=column, end_line=1, end_column=column + 9
    )
    source, underline = _excerpt(
        render("text", findings=[span], sources={"long.md": line + "\n"}), "  1:"
    )
    shown = source[4:]
    assert source.startswith("    ") and len(shown) < len(line)
    assert shown.startswith("…") == (where != "start")
    assert shown.endswith("…") == (where != "end")
    assert len(shown) + 3 <= EXCERPT_CELLS + 2  # three wide characters take six cells
    assert shown.strip("…") in line
    # The caret sits under the span's first character, counted in cells.
    before = shown[: shown.index("多巴胺")]
    assert underline.index("^") == 4 + len(before)
    assert underline.strip() == "^" + "~" * 11  # 多巴胺 (6 cells) + " claim" (6)


def test_text_groups_by_file_and_flattens_messages():
    output = render("text")
    rows = output.splitlines()
    for path in (ARTICLE, NOTES, PAGE):
        assert rows.count(path) == 1
    assert rows.index(ARTICLE) < rows.index(NOTES) < rows.index(PAGE)
    assert "Claim: 100% cure, no source add a citation  [health.unsupported-claim]" in output


def test_text_without_source_shows_no_excerpt():
    output = render("text", findings=FINDINGS[:1], sources={})
    assert "^" not in output
    assert len(output.splitlines()) == 4  # header, finding, blank, summary


def test_text_colour_only_when_asked():
    plain = render("text")
    assert "\x1b[" not in plain
    coloured = render("text", color=True)
    assert "\x1b[31merror\x1b[0m" in coloured
    assert "\x1b[33mwarning\x1b[0m" in coloured
    assert "\x1b[34minfo\x1b[0m" in coloured
    assert "\x1b[2m[seo.keyword-stuffing]\x1b[0m" in coloured
    assert re.sub(r"\x1b\[\d+m", "", coloured) == plain


def test_text_summary():
    assert render("text").splitlines()[-1] == (
        "Found 6 problems (2 errors, 3 warnings, 1 info) in 4 files."
    )
    assert render("text", findings=FINDINGS[:1], files_checked=1).splitlines()[-1] == (
        "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file."
    )
    assert render("text", findings=[]) == "No problems found in 4 files.\n"
    assert render("text", findings=[], files_checked=1) == "No problems found in 1 file.\n"


# --- sarif --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA_PATH}")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def sarif(findings=FINDINGS, **changes) -> dict:
    return json.loads(render("sarif", findings=findings, **changes))


def _uri(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]


def test_schema_check_is_honest(sarif_validator):
    assert not sarif_validator.is_valid({})


@pytest.mark.parametrize("root", ["", "/srv/content"])
def test_sarif_validates(sarif_validator, root):
    errors = [e.message for e in sarif_validator.iter_errors(sarif(root=root))]
    assert errors == []


def test_sarif_empty_is_valid_with_no_results(sarif_validator):
    log = sarif(findings=[])
    sarif_validator.validate(log)
    assert log["runs"][0]["results"] == []


def test_sarif_run_header():
    log = sarif()
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == (
        "seolint",
        "0.1.0",
        "0.1.0",
    )
    assert "originalUriBaseIds" not in run


def test_sarif_rules_are_enabled_or_used_and_sorted():
    rules = sarif()["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    # seo.repeated-phrase and seo.duplicate-content are disabled but have findings.
    assert ids == [
        "health.missing-disclaimer",
        "health.unsupported-claim",
        "seo.duplicate-content",
        "seo.keyword-stuffing",
        "seo.repeated-phrase",
    ]
    assert [r["id"] for r in sarif(findings=[])["runs"][0]["tool"]["driver"]["rules"]] == [
        "health.missing-disclaimer",
        "health.unsupported-claim",
        "seo.keyword-stuffing",
    ]
    claim = rules[1]
    assert claim["name"] == "HealthUnsupportedClaim"
    assert claim["shortDescription"]["text"] == "Unsupported claim."
    assert claim["help"]["text"] == "Cite it."
    assert rules[0]["help"]["text"] == "No disclaimer."  # falls back to the description
    assert claim["properties"]["tags"] == ["health"]
    assert rules[3]["properties"]["tags"] == ["seo"]
    levels = [r["defaultConfiguration"]["level"] for r in rules]
    assert levels == ["warning", "error", "error", "warning", "note"]


def test_sarif_results_point_at_their_rule():
    run = sarif()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(FINDINGS)
    for result, f in zip(run["results"], FINDINGS, strict=True):
        assert result["ruleId"] == f.rule
        assert rules[result["ruleIndex"]]["id"] == f.rule
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[f.severity.value]
        )
        assert result["message"]["text"] == f.message
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (
            region["startLine"],
            region["startColumn"],
            region["endLine"],
            region["endColumn"],
        ) == (f.line, f.column, f.end_line, f.end_column)
        assert region["snippet"]["text"] == f.text


def test_sarif_uris_are_relative_and_encoded():
    for root in ("", "/srv/content"):
        for result in sarif(root=root)["runs"][0]["results"]:
            artifact = _uri(result)
            assert "\\" not in artifact["uri"]
            assert not artifact["uri"].startswith(("/", "file:"))
            assert (artifact.get("uriBaseId") == "%SRCROOT%") == bool(root)
    uris = [_uri(r)["uri"] for r in sarif()["runs"][0]["results"]]
    assert uris[0] == "docs/kratom%20article.md"
    backslash = replace(FINDINGS[0], path="odd\\name.md")
    assert _uri(sarif(findings=[backslash])["runs"][0]["results"][0])["uri"] == "odd%5Cname.md"


def test_sarif_absolute_path_under_root_becomes_relative(tmp_path, sarif_validator):
    absolute = replace(FINDINGS[0], path=str(tmp_path / "sub dir" / "é.md"))
    log = sarif(findings=[absolute], root=str(tmp_path))
    sarif_validator.validate(log)
    run = log["runs"][0]
    assert _uri(run["results"][0]) == {"uri": "sub%20dir/%C3%A9.md", "uriBaseId": "%SRCROOT%"}
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///")
    assert base.endswith("/")
    assert base == tmp_path.as_uri() + "/"


def test_sarif_related_locations():
    result = sarif()["runs"][0]["results"][-1]
    related = result["relatedLocations"]
    assert [r["id"] for r in related] == [0, 1]
    assert related[0]["message"]["text"] == "earlier copy"
    assert "message" not in related[1]
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/kratom%20article.md"
    assert related[0]["physicalLocation"]["region"]["startColumn"] == 2
    assert "relatedLocations" not in sarif()["runs"][0]["results"][0]


def _fingerprints(findings) -> list[str]:
    return [r["partialFingerprints"]["seolint/v1"] for r in sarif(findings)["runs"][0]["results"]]


def test_sarif_fingerprints_survive_line_shifts_and_tell_repeats_apart():
    before = _fingerprints(FINDINGS)
    shifted = [replace(f, line=f.line + 3, end_line=f.end_line + 3) for f in FINDINGS]
    assert _fingerprints(shifted) == before
    assert all(re.fullmatch(r"[0-9a-f]{64}", fp) for fp in before)
    assert len(set(before)) == len(before)  # the two identical "kratom" hits differ
    changed = [replace(FINDINGS[0], text="something else"), *FINDINGS[1:]]
    assert _fingerprints(changed)[0] != before[0]
