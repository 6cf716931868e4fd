"""A JSON array of ``Finding.to_dict()``: the machine-readable contract in GUIDE.md.

One finding per line: easy to read and diff, and encoded by json's C encoder (an
indented dump goes through its pure-Python one, ten times slower on big reports).
Lines are handed out one by one, so a report of many findings is never one string.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from lint.findings import Finding
from lint.formats import RenderContext


def render(findings: list[Finding], context: RenderContext) -> Iterator[str]:
    if not findings:
        yield "[]\n"
        return
    for i, f in enumerate(findings):
        yield ("[\n  " if i == 0 else ",\n  ") + json.dumps(f.to_dict(), ensure_ascii=False)
    yield "\n]\n"
