"""GitLab Code Quality report: the JSON array of issues ``artifacts:reports:codequality`` reads.

GitLab takes a subset of the Code Climate issue spec: ``description``, ``check_name``,
``fingerprint``, ``severity`` and ``location.path`` with either ``location.lines.begin``
or ``location.positions.begin.line``. We give ``positions`` (begin and end, line and
column, the columns counting code points as ``Finding`` columns do, end exclusive).
Paths are relative to ``context.root`` with forward slashes, as GitLab matches them
against the repository. The fingerprint leaves line numbers out, so an issue keeps its
identity when edits above it move it; GitLab shows only one issue per fingerprint.
"""

from __future__ import annotations

import json
from pathlib import PurePath

from lint.findings import Finding, Severity
from lint.formats import RenderContext, fingerprint, occurrences, relative_path

# Our three levels on GitLab's five (info, minor, major, critical, blocker): a content
# problem is not a broken build, so critical and blocker stay unused.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _issue(f: Finding, root: str, occurrence: int) -> dict:
    # No relative form (another drive on Windows): the absolute path is the best we have.
    path = relative_path(f.path, root) or PurePath(f.path).as_posix()
    return {
        "description": f.message,
        "check_name": f.rule,
        "fingerprint": fingerprint(f, path, occurrence),
        "severity": SEVERITIES[f.severity],
        "location": {
            "path": path,
            "positions": {
                "begin": {"line": f.line, "column": f.column},
                "end": {"line": f.end_line, "column": f.end_column},
            },
        },
    }


def render(findings: list[Finding], context: RenderContext) -> str:
    issues = [
        _issue(f, context.root, occurrence)
        for f, occurrence in zip(findings, occurrences(findings), strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
