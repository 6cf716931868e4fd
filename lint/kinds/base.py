"""What every rule kind declares: its name, description and typed options.

A kind is a pure detector: built once per rule configuration (compile matchers in
``__init__``), then ``check`` yields ``Hit``s for a document. It never sees rule ids,
severities from configuration, suppressions or output formats; the engine does that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from lint.findings import CorpusHit, Hit

if TYPE_CHECKING:  # spaCy is imported only when a file is linted, not for a cached run
    from spacy.language import Language
    from spacy.tokens import Doc

    from lint.document import Document

# Option types the configuration loader validates and converts:
#   bool, int, float, str    - scalars
#   strings                  - list of strings
#   words                    - list of strings, or a word-list file, or {file, add, remove}
#   patterns                 - regular expressions (RE2 syntax, linear time), given as
#                              for words: a list, a file, or {file, add, remove}
#   mapping                  - mapping of string to string
#   file                     - a data file relative to the configuration, or "off"
OPTION_TYPES = {"bool", "int", "float", "str", "strings", "words", "patterns", "mapping", "file"}


@dataclass(frozen=True)
class DataFile:
    """A ``file`` option's value: where the file is and a digest of its bytes (the cache
    key changes when a team retrains a file in place)."""

    path: str
    sha256: str

    def __str__(self) -> str:
        return f"{self.path} (sha256 {self.sha256})"


@dataclass(frozen=True)
class Option:
    type: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()  # for str options: the allowed values


class Kind:
    """Base class of rule kinds. Subclasses set ``name``, ``description``, ``options``."""

    name: ClassVar[str]
    description: ClassVar[str]
    options: ClassVar[dict[str, Option]] = {}

    # Rule ids whose hits this kind reads (``check(doc, sdoc, earlier)``); the engine
    # runs those rules first. Set from options in ``__init__`` when needed.
    after_rules: tuple[str, ...] = ()

    def __init__(self, options: dict[str, Any], nlp: Language | None):
        # ``options`` is complete (defaults filled in) and validated; word lists are
        # already read into lists of strings and patterns are compiled-checked strings.
        self.opts = options
        self.nlp = nlp

    def check(self, doc: Document, sdoc: Doc) -> Iterable[Hit]:
        """Hits for one document. Kinds with ``after_rules`` also get ``earlier``:
        rule id -> that rule's hits in this document."""
        raise NotImplementedError


class CorpusKind(Kind):
    """A kind that also compares files with each other (duplicates across pages).

    ``summarize`` runs per file and returns a small summary of plain JSON data (the
    engine may cache it or get it from a worker process); ``check_corpus`` runs once over
    all summaries and must scale roughly linearly (index, don't compare all pairs). The
    engine holds every file's summary until then, so memory grows with it: prefer a few
    compact strings (packed arrays as base64) to lists of numbers or of texts.
    ``check`` still reports what one file shows on its own. ``__init__`` must not need
    the pipeline: the cross-file pass builds the kind with ``nlp=None`` in a process
    that linted nothing itself (the parent of worker processes, a cached run).
    """

    def summarize(self, doc: Document, sdoc: Doc) -> Any:
        raise NotImplementedError

    def check_corpus(self, summaries: list[tuple[str, Any]]) -> Iterable[CorpusHit]:
        raise NotImplementedError
