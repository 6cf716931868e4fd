"""The one record every rule kind, the engine and every formatter share."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    """How serious a finding is; ordered so that ``rank`` compares levels."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def __str__(self) -> str:
        return self.value


_RANKS = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True, slots=True)
class Fix:
    """Insert ``text`` at ``offset`` of the LF-normalised source (``--fix``).

    ``text`` uses LF line breaks; the fixer writes the file's own line ending.
    """

    offset: int
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule kind reports: a span of the document's prose and a message.

    ``start``/``end`` are offsets into ``Document.prose`` (end exclusive). The engine
    stamps rule id and severity, maps the span back to the source file, and applies
    suppressions. ``severity`` overrides the rule's configured severity for hits
    that differ by nature (a hedged claim is a warning where an assertive one is an
    error). ``related`` points at other places the message talks about.
    """

    start: int
    end: int
    message: str
    severity: Severity | None = None
    related: tuple[Related, ...] = ()
    # Offsets are into the source text instead of the prose (front matter errors,
    # positions computed from markup rather than from prose).
    in_source: bool = False
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Related:
    """Another place in the same file a finding refers to (an earlier copy, ...).

    Places in other files come from cross-file kinds as resolved ``Location``s.
    """

    message: str
    start: int
    end: int
    in_source: bool = False


@dataclass(frozen=True, slots=True)
class CorpusHit:
    """What a cross-file kind reports once every file has been seen.

    Positions are already resolved (the documents are gone by then): 1-based lines
    and columns as in ``Finding``; ``related`` holds resolved ``Location``s.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    text: str = ""
    severity: Severity | None = None
    related: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved place in a file: 1-based lines and columns, end column exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str = ""


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One problem found in one file, as every output format shows it.

    Lines and columns are 1-based and count Unicode characters of the file as
    written (CRLF counts as one line break); ``end_column`` is exclusive.
    ``start``/``end`` are the same span as character offsets into the
    line-ending-normalised text, for tools that slice it.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    text: str = field(default="", compare=False)  # the flagged source text
    related: tuple[Location, ...] = field(default=(), compare=False)
    fix: Fix | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        """The JSON contract (GUIDE: path, line, column, end_line, end_column, ...)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "text": self.text,
            "related": [
                {
                    "path": loc.path,
                    "line": loc.line,
                    "column": loc.column,
                    "end_line": loc.end_line,
                    "end_column": loc.end_column,
                    "message": loc.message,
                }
                for loc in self.related
            ],
            "fixable": self.fix is not None,
        }


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What formatters and ``seolint rules`` show about a rule."""

    id: str
    kind: str
    severity: Severity
    description: str  # one line
    help: str = ""  # longer explanation: why it matters, how to fix
    enabled: bool = True


@dataclass
class FileResult:
    """Everything one file contributes to a run: what workers return, the cache keeps."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    summaries: dict[str, object] = field(default_factory=dict)  # cross-file rule id -> summary
    directives: list = field(default_factory=list)  # its inline suppressions
    error: str | None = None
