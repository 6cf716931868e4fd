"""The default human format: findings grouped by file, each with its source line underlined.

::

    docs/kratom.md
      3:8  error    Unsupported therapeutic claim.  [health.unsupported-claim]
        Kratom boosts dopamine.
               ^~~~~~~~~~~~~~~

    Found 1 problem (1 error, 0 warnings, 0 info) in 1 file.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter

from lint.findings import Finding, Severity
from lint.formats import RenderContext, one_line

TAB_SIZE = 4
# A paragraph is one source line: show at most this many cells of it around the span.
EXCERPT_CELLS = 100
CONTEXT_CELLS = 30  # of them, before the span when the line is cut
_INDENT = "    "
_SEVERITY_WIDTH = max(len(s.value) for s in Severity)
_SEVERITY_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "34"}
_DIM = "2"


def _style(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def _cells(line: str) -> tuple[list[str], list[int]]:
    """Each character as a terminal shows it (a tab expanded to spaces) and the display
    column of each character offset (one entry more than the line has characters).

    Wide East-Asian characters take two cells, combining marks none, so the underline
    stays under the characters it means whatever the line contains.
    """
    if line.isascii() and "\t" not in line:  # most lines: one cell per character
        return list(line), list(range(len(line) + 1))
    shown, columns, col = [], [0], 0
    for ch in line:
        if ch == "\t":
            width = TAB_SIZE - col % TAB_SIZE
            ch = " " * width
        elif unicodedata.combining(ch):
            width = 0
        else:
            width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        shown.append(ch)
        col += width
        columns.append(col)
    return shown, columns


def _excerpt(f: Finding, lines: list[str]) -> list[str]:
    """The finding's first line and a ``^~~~`` underline under its span (to the end of the
    line when the span goes on); a long line is cut to a window around the span, with
    ``…`` where text was left out."""
    if not 1 <= f.line <= len(lines):
        return []
    line = lines[f.line - 1]
    shown, columns = _cells(line)
    start = min(max(f.column - 1, 0), len(line))
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    end = min(max(end, start), len(line))
    left, right = 0, columns[-1]
    if right > EXCERPT_CELLS:
        left = max(0, min(columns[start] - CONTEXT_CELLS, right - EXCERPT_CELLS))
        right = left + EXCERPT_CELLS
    first = bisect_left(columns, left)  # the first character shown
    last = bisect_right(columns, right) - 1  # the end of the characters shown
    prefix = "…" if first > 0 else ""
    suffix = "…" if last < len(line) else ""
    text = prefix + "".join(shown[first:last]) + suffix
    caret = columns[start] - columns[first] + len(prefix)
    width = min(columns[end], columns[last]) - columns[start]
    underline = " " * caret + "^" + "~" * max(width - 1, 0)
    return [_INDENT + text, _INDENT + underline]


def _summary(findings: list[Finding], files_checked: int) -> str:
    files = max(files_checked, len({f.path for f in findings}))
    if not findings:
        return f"No problems found in {_plural(files, 'file')}."
    counts = Counter(f.severity for f in findings)
    parts = ", ".join(
        _plural(counts[severity], severity.value)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    return f"Found {_plural(len(findings), 'problem')} ({parts}) in {_plural(files, 'file')}."


def render(findings: list[Finding], context: RenderContext) -> str:
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)

    out: list[str] = []
    for path, group in by_path.items():
        out.append(path)
        source = context.sources.get(path)
        lines = source.split("\n") if source is not None else []
        position_width = max(len(f"{f.line}:{f.column}") for f in group)
        for f in group:
            position = f"{f.line}:{f.column}".ljust(position_width)
            severity = _style(f.severity.value, _SEVERITY_COLORS[f.severity], context.color)
            padding = " " * (_SEVERITY_WIDTH - len(f.severity.value))
            rule = _style(f"[{f.rule}]", _DIM, context.color)
            out.append(f"  {position}  {severity}{padding}  {one_line(f.message)}  {rule}")
            out.extend(_excerpt(f, lines))
        out.append("")
    out.append(_summary(findings, context.files_checked))
    return "\n".join(out) + "\n"
