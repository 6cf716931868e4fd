"""Output formats: one module per format, each with ``render(findings, context)``
returning the output as a string or, for big outputs, as an iterable of pieces.

Formats differ in shape only: they all receive the same sorted findings. ``FORMATS``
maps the ``--format`` name to the module's ``render`` function.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from lint.findings import Finding, RuleInfo

INFORMATION_URI = "https://github.com/seolint/seolint"


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


def line_text(f: Finding) -> str:
    """``path:line:col: severity: message [rule]``: the ``line`` format's row, no newline."""
    return f"{f.path}:{f.line}:{f.column}: {f.severity.value}: {one_line(f.message)} [{f.rule}]"


def relative_path(path: str, root: str = "") -> str | None:
    """``path`` with forward slashes, relative to ``root`` (else the working directory)
    when absolute; None when no relative form exists (another drive on Windows)."""
    native = PurePath(path)
    if native.is_absolute():
        try:
            native = PurePath(os.path.relpath(native, root or os.curdir))
        except ValueError:
            return None
    return native.as_posix()


def occurrences(findings: list[Finding]) -> list[int]:
    """For each finding, how many earlier ones share its rule, path and flagged text."""
    seen: Counter[tuple[str, str, str]] = Counter()
    counts = []
    for f in findings:
        counts.append(seen[f.rule, f.path, f.text])
        seen[f.rule, f.path, f.text] += 1
    return counts


def fingerprint(f: Finding, path: str, occurrence: int) -> str:
    """A sha256 hex digest that identifies ``f`` across runs (SARIF, GitLab)."""
    # Line numbers stay out so the alert survives edits above it; the occurrence count
    # keeps repeated texts (every place a keyword is stuffed) apart.
    key = "\0".join((f.rule, path, f.text, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


Renderer = Callable[[list[Finding], RenderContext], str | Iterable[str]]


# Formats that show the flagged line, so they need the files' text.
SHOWS_LINES = {"text", "rdjson"}

FORMAT_NAMES = ("text", "line", "json", "sarif", "github", "junit", "gitlab", "rdjson")


def get(name: str) -> Renderer:
    """The renderer of a format, one module per format, imported only when used."""
    if name not in FORMAT_NAMES:
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}").render
