"""``path:line:col: severity: message [rule]``, one finding a line, for editors' error parsers.

Matches vim's default ``errorformat`` (``%f:%l:%c: %m``) and Emacs compile-mode.
"""

from __future__ import annotations

from lint.findings import Finding
from lint.formats import RenderContext, line_text


def render(findings: list[Finding], context: RenderContext) -> str:
    return "".join(line_text(f) + "\n" for f in findings)
