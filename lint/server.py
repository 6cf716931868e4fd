"""The language server: ``seolint server`` speaks LSP on stdin/stdout (pygls).

Diagnostics on open and save, and on change after a pause in typing (only the
latest version is linted); quick fixes that apply a finding's fix (insert a missing
disclaimer); hover over a diagnostic shows the rule's description and help.

Each document is linted with the configuration the CLI would use for its path (the
path comes from the document's URI). Linting runs in one worker thread, so the
event loop keeps answering and one ``Linter`` (with its compiled rules and the
cached spaCy pipeline) serves every document. Saving a configuration or rule pack
file (YAML or TOML) in the editor drops the cached configurations and lints the open
documents again.

Positions: findings have 1-based lines and code-point columns, fixes offsets into the
LF-normalised text; LSP wants 0-based lines and columns in the negotiated code units
(UTF-16 unless the client offers another). Both count a CRLF as one line break, so
lines agree; columns are converted with the text of the line as the client has it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from bisect import bisect_right
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from lint import config as configmod
from lint.document import SUFFIXES
from lint.engine import Linter
from lint.errors import ConfigError, SeolintError
from lint.findings import Finding, RuleInfo, Severity

try:
    __version__ = version("seolint")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

SOURCE = "seolint"
CONFIG_ERROR = "seolint.config-error"  # the code of the diagnostic a broken config gives
DEBOUNCE = 0.3  # seconds without changes before a changed document is linted
LANGUAGES = {"markdown": ".md", "html": ".html", "plaintext": ".txt"}
CONFIG_SUFFIXES = {".yaml", ".yml", ".toml"}
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.seolint"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line breaks; our lines count the same ones

log = logging.getLogger("seolint.server")


class Positions:
    """Our positions in one text as the client's: 0-based lines, client code units.

    ``units`` counts a string's code units in the negotiated position encoding.
    """

    def __init__(self, text: str, units: Callable[[str], int]):
        self.units = units
        # The linted text has no BOM; the client counts one as a character of line 0.
        self.bom = text.startswith("\ufeff")
        self.lines = _BREAK.split(text[1:] if self.bom else text)
        self.starts = [0]  # offset of each line in the LF-normalised text
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        found = _BREAK.search(text)
        self.newline = found.group() if found else "\n"

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a 1-based line and code-point column."""
        index = line - 1
        if index >= len(self.lines):
            index, column = len(self.lines) - 1, len(self.lines[-1]) + 1
        index = max(index, 0)
        text = self.lines[index]
        prefix = text[: min(max(column - 1, 0), len(text))]
        if self.bom and index == 0:
            prefix = "\ufeff" + prefix
        return types.Position(line=index, character=self.units(prefix))

    def at_offset(self, offset: int) -> types.Position:
        """The LSP position of an offset into the LF-normalised text."""
        index = max(bisect_right(self.starts, offset) - 1, 0)
        return self.position(index + 1, offset - self.starts[index] + 1)

    def range(self, finding: Finding) -> types.Range:
        return types.Range(
            start=self.position(finding.line, finding.column),
            end=self.position(finding.end_line, finding.end_column),
        )


@dataclass
class Entry:
    """One published diagnostic, the finding behind it, and its fix as an edit."""

    diagnostic: types.Diagnostic
    finding: Finding | None
    edit: types.TextEdit | None = None


@dataclass
class Linted:
    """The last published result for a document."""

    version: int | None
    entries: list[Entry] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)


class SeolintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "seolint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.linter = Linter()
        # One thread: the Linter is not thread-safe, and a queued lint of a version
        # that is already outdated is cancelled before it starts.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seolint-lint")
        self.open: dict[str, str] = {}  # uri (as the client wrote it) -> language id
        self.pending: dict[str, asyncio.Task] = {}
        self.results: dict[str, Linted] = {}

    # -- scheduling ---------------------------------------------------------------------
    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Lint ``uri`` after ``delay`` seconds, replacing any lint still to come."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        if uri in self.open and self._lintable(uri):
            self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            document = self.workspace.get_text_document(uri)
            text, doc_version = document.source, document.version
            units = document.position_codec.client_num_units
            loop = asyncio.get_running_loop()
            linted = await loop.run_in_executor(
                self.executor, self._lint, text, self._path(uri), doc_version, units
            )
        except asyncio.CancelledError:
            return
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]
        # Publish only for the document's current version (a newer one has its own lint).
        if uri not in self.open or self.workspace.get_text_document(uri).version != doc_version:
            return
        self.results[uri] = linted
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=doc_version,
                diagnostics=[e.diagnostic for e in linted.entries],
            )
        )

    async def reload_configuration(self) -> None:
        """Forget cached configurations (a config file changed) and lint again."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.executor, self._reset)
        for uri in list(self.open):
            self.schedule(uri)

    def _reset(self) -> None:  # in the lint thread, between two lints
        # A configuration file is re-read when it changes, but a rule pack it extends
        # is not: drop every cached configuration, and the rules compiled for them.
        configmod.clear_caches()
        self.linter = Linter()

    # -- linting (in the lint thread) ---------------------------------------------------
    def _lint(self, text: str, path: str, doc_version, units) -> Linted:
        positions = Positions(text, units)
        try:
            findings = self.linter.check_text(text, path)
            rules = self.linter.all_rules([path])
        except SeolintError as exc:
            return Linted(doc_version, [_error_entry(exc, positions)])
        except Exception as exc:  # a bug must not take the server down
            log.exception("linting %s failed", path)
            error = SeolintError(f"{path}: internal error, file not linted ({exc}); please report")
            return Linted(doc_version, [_error_entry(error, positions)])
        entries = []
        for finding in findings:
            edit = None
            if finding.fix is not None:
                at = positions.at_offset(finding.fix.offset)
                edit = types.TextEdit(
                    range=types.Range(start=at, end=at),
                    new_text=finding.fix.text.replace("\n", positions.newline),
                )
            entries.append(Entry(_diagnostic(finding, positions), finding, edit))
        return Linted(doc_version, entries, rules)

    # -- documents ------------------------------------------------------------------------
    def _path(self, uri: str) -> str:
        """The path whose configuration applies; untitled documents count as in cwd."""
        path = to_fs_path(uri)
        if path is None:
            suffix = LANGUAGES.get(self.open.get(uri, ""), ".txt")
            path = os.path.join(os.getcwd(), "untitled" + suffix)
        return path

    def _lintable(self, uri: str) -> bool:
        suffix = Path(self._path(uri)).suffix.lower()
        return suffix in SUFFIXES or self.open.get(uri) in LANGUAGES

    def forget(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.open.pop(uri, None)
        self.results.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def current(self, uri: str) -> Linted | None:
        """The published result, if it is for the document's current version."""
        linted = self.results.get(uri)
        if linted is None or uri not in self.open:
            return None
        if self.workspace.get_text_document(uri).version != linted.version:
            return None
        return linted


def _diagnostic(finding: Finding, positions: Positions) -> types.Diagnostic:
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=from_fs_path(os.path.abspath(loc.path)) or loc.path,
                range=types.Range(
                    start=positions.position(loc.line, loc.column),
                    end=positions.position(loc.end_line, loc.end_column),
                ),
            ),
            message=loc.message,
        )
        for loc in finding.related
        if os.path.abspath(loc.path) == os.path.abspath(finding.path)
    ]
    return types.Diagnostic(
        range=positions.range(finding),
        severity=SEVERITIES[finding.severity],
        source=SOURCE,
        code=finding.rule,
        message=finding.message,
        related_information=related or None,
    )


def _error_entry(exc: SeolintError, positions: Positions) -> Entry:
    """A configuration (or other) error: one diagnostic on the first line."""
    related = None
    if isinstance(exc, ConfigError) and exc.path:
        line = max((exc.line or 1) - 1, 0)
        where = types.Position(line=line, character=0)
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=from_fs_path(os.path.abspath(exc.path)) or exc.path,
                    range=types.Range(start=where, end=where),
                ),
                message="configuration error",
            )
        ]
    diagnostic = types.Diagnostic(
        range=types.Range(
            start=types.Position(line=0, character=0),
            end=positions.position(1, len(positions.lines[0]) + 1),
        ),
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
        code=CONFIG_ERROR if isinstance(exc, ConfigError) else "seolint.error",
        message=f"seolint could not lint this file: {exc}",
        related_information=related,
    )
    return Entry(diagnostic, None)


def _before(a: types.Position, b: types.Position) -> bool:
    return (a.line, a.character) < (b.line, b.character)


def _covers(r: types.Range, p: types.Position) -> bool:
    """Whether the character at ``p`` is in ``r`` (or ``p`` is on an empty range)."""
    if r.start == r.end:
        return p == r.start
    return not _before(p, r.start) and _before(p, r.end)


def _overlap(a: types.Range, b: types.Range) -> bool:
    return not _before(a.end, b.start) and not _before(b.end, a.start)


def _wanted(kind: str, only: list[str] | None) -> bool:
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _preview(text: str, width: int = 50) -> str:
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


server = SeolintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SeolintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.open[params.text_document.uri] = params.text_document.language_id
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SeolintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
async def did_save(ls: SeolintServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if Path(ls._path(uri)).suffix.lower() in CONFIG_SUFFIXES:
        await ls.reload_configuration()
    else:
        ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SeolintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: SeolintServer, params: types.HoverParams) -> types.Hover | None:
    linted = ls.results.get(params.text_document.uri)
    if linted is None:
        return None
    hits = [e for e in linted.entries if e.finding and _covers(e.diagnostic.range, params.position)]
    sections, seen = [], set()
    for entry in hits:
        rule = entry.finding.rule
        if rule in seen:
            continue
        seen.add(rule)
        info = linted.rules.get(rule)
        text = f"**{rule}** ({SOURCE})"
        if info is not None:
            text += f": {info.description}" if info.description else ""
            text += f"\n\n{info.help}" if info.help else ""
        sections.append(text)
    if not sections:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)
        ),
        range=hits[0].diagnostic.range,
    )


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
)
def code_action(ls: SeolintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    linted = ls.current(uri)  # fixes of an older version would land in the wrong place
    if linted is None:
        return []
    only = params.context.only
    actions = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        for entry in linted.entries:
            if entry.edit is None or not _overlap(entry.diagnostic.range, params.range):
                continue
            actions.append(
                types.CodeAction(
                    title=f"Insert “{_preview(entry.finding.fix.text)}” ({entry.finding.rule})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[entry.diagnostic],
                    is_preferred=True,
                    edit=types.WorkspaceEdit(changes={uri: [entry.edit]}),
                )
            )
    edits, fixes = [], set()
    for entry in linted.entries:
        if entry.edit is not None and entry.finding.fix not in fixes:
            fixes.add(entry.finding.fix)
            edits.append(entry.edit)
    if edits and _wanted(FIX_ALL, only):
        actions.append(
            types.CodeAction(
                title="Apply all seolint fixes",
                kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


@server.feature(types.SHUTDOWN)
def shutdown(ls: SeolintServer, *args) -> None:
    for task in ls.pending.values():
        task.cancel()
    ls.executor.shutdown(wait=False, cancel_futures=True)


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="seolint: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    server.start_io(stdin, stdout)


if __name__ == "__main__":
    serve()
