"""Output formats: one module per format, each with ``render(findings, context) -> str``.

Formats differ in shape only: they all receive the same sorted findings. ``FORMATS``
maps the ``--format`` name to the module's ``render`` function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lint.findings import Finding, RuleInfo


@dataclass(frozen=True)
class RenderContext:
    rules: dict[str, RuleInfo]  # every rule that may appear, by id
    version: str
    color: bool = False  # only the text format uses it, and only on a terminal
    # Source text per path (LF-normalised), for formats that show the flagged line.
    sources: dict[str, str] = field(default_factory=dict)
    files_checked: int = 0
    # Directory SARIF uses as %SRCROOT% for relative URIs (an absolute path or "").
    root: str = ""


_LINE_BREAKS = re.compile(r"\s*[\r\n]\s*")


def one_line(message: str) -> str:
    """``message`` with its line breaks (and the blanks around them) turned into one space."""
    return _LINE_BREAKS.sub(" ", message).strip()


Renderer = Callable[[list[Finding], RenderContext], str]


def _registry() -> dict[str, Renderer]:
    from lint.formats import github, json, line, sarif, text

    return {
        "text": text.render,
        "line": line.render,
        "json": json.render,
        "sarif": sarif.render,
        "github": github.render,
    }


FORMAT_NAMES = ("text", "line", "json", "sarif", "github")


def get(name: str) -> Renderer:
    return _registry()[name]
