"""A JSON array of ``Finding.to_dict()``: the machine-readable contract in GUIDE.md."""

from __future__ import annotations

import json

from lint.findings import Finding
from lint.formats import RenderContext


def render(findings: list[Finding], context: RenderContext) -> str:
    return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
