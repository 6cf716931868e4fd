"""GitHub Actions workflow commands, which the runner turns into annotations.

``::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=RULE::MESSAGE``. GitHub
refuses columns on an annotation that spans several lines, so those get lines only.
"""

from __future__ import annotations

from lint.findings import Finding, Severity
from lint.formats import RenderContext

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    # "%" first, or the escapes themselves would be escaped again.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(f: Finding) -> str:
    props = {"file": f.path, "line": f.line}
    if f.end_line == f.line:
        props |= {"col": f.column, "endLine": f.end_line, "endColumn": f.end_column}
    else:
        props["endLine"] = f.end_line
    props["title"] = f.rule
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{_COMMANDS[f.severity]} {joined}::{escape_data(f.message)}\n"


def render(findings: list[Finding], context: RenderContext) -> str:
    return "".join(_command(f) for f in findings)
