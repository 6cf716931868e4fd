"""reviewdog Diagnostic Format as one JSON document (``reviewdog -f=rdjson``).

A ``DiagnosticResult``: ``source`` names seolint, each diagnostic carries message,
location, upper-case severity, the rule id as ``code.value`` and the ``line``-format
row as ``original_output``. Paths are passed through as given; reviewdog accepts
relative and absolute ones.

Columns: reviewdog's ``Position.column`` is 1-based and counts UTF-8 bytes
(proto/rdf/reviewdog.proto: "Column number, starting at 1 (byte count in UTF-8)"; in
``a𐐀b`` the column of ``b`` is 6), while ``Finding`` columns count code points. We
convert with the file's text from ``context.sources``; without it, the code-point
column is the best we have and is passed through (right for ASCII lines). Ends stay
exclusive, as in both.
"""

from __future__ import annotations

import json

from lint.findings import Finding, Severity
from lint.formats import INFORMATION_URI, RenderContext, line_text

SOURCE = {"name": "seolint", "url": INFORMATION_URI}
SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def byte_column(lines: list[str] | None, line: int, column: int) -> int:
    """The UTF-8 byte column of code-point ``column`` on 1-based ``line`` of ``lines``."""
    if lines is None or not 1 <= line <= len(lines):
        return column
    text = lines[line - 1]
    before = text[: column - 1]
    # A column past the line's end (an end at the line break) counts one byte a step.
    return len(before.encode("utf-8")) + (column - 1 - len(before)) + 1


def _position(lines: list[str] | None, line: int, column: int) -> dict:
    return {"line": line, "column": byte_column(lines, line, column)}


def _diagnostic(f: Finding, lines: list[str] | None) -> dict:
    return {
        "message": f.message,
        "location": {
            "path": f.path,
            "range": {
                "start": _position(lines, f.line, f.column),
                "end": _position(lines, f.end_line, f.end_column),
            },
        },
        "severity": SEVERITIES[f.severity],
        "code": {"value": f.rule},
        "original_output": line_text(f),
    }


def render(findings: list[Finding], context: RenderContext) -> str:
    # Sources are LF-normalised and Finding columns do not count "\r" either.
    lines = {
        path: context.sources[path].split("\n")
        for path in {f.path for f in findings}
        if path in context.sources
    }
    diagnostics = [_diagnostic(f, lines.get(f.path)) for f in findings]
    result = {"source": SOURCE, "diagnostics": diagnostics}
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
