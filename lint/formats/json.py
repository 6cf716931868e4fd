"""A JSON array of ``Finding.to_dict()``: the machine-readable contract in GUIDE.md.

One finding per line: easy to read and diff, and encoded by json's C encoder (an
indented dump goes through its pure-Python one, ten times slower on big reports).
"""

from __future__ import annotations

import json

from lint.findings import Finding
from lint.formats import RenderContext


def render(findings: list[Finding], context: RenderContext) -> str:
    if not findings:
        return "[]\n"
    lines = (json.dumps(f.to_dict(), ensure_ascii=False) for f in findings)
    return "[\n  " + ",\n  ".join(lines) + "\n]\n"
