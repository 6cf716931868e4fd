"""Per-file results cached in ``.seolint_cache/`` so an unchanged repository relints fast.

An entry is keyed by the file's path and bytes, a fingerprint of every rule that
applies to it (kind, severity, all options including word lists, the spaCy model),
``--select``/``--ignore`` and the seolint version. Entries are JSON in one SQLite file:
nothing in the cache is ever executed or unpickled, and an entry that does not
decode to the expected shape, or a database that is not one, is ignored and rebuilt.

A file's cross-file summaries are stored apart from its findings: they are read only
when the cross-file rules must run again. Those rules' findings are cached too, keyed by
the keys of all files of the run, so an unchanged corpus needs neither.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from pathlib import Path

from lint.findings import FileResult, Finding, Fix, Location, Severity
from lint.suppressions import Suppression

SCHEMA = 7  # 7: duplicate-content places as numbers (6: shingles unpacked; 5: keyphrase text)
DIR_NAME = ".seolint_cache"


def rules_fingerprint(rules, select, ignore, model: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("seolint")
    except PackageNotFoundError:
        own = "source"
    payload = json.dumps(
        [
            own,
            SCHEMA,
            model,
            sorted(select),
            sorted(ignore),
            [(r.id, r.kind, r.severity.value, r.enabled, r.options) for r in rules],
        ],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class Cache:
    def __init__(self, directory: Path):
        self.directory = directory
        self.hits = 0
        self._db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Created by seolint\n*\n")
            return self._connect()
        except (OSError, sqlite3.Error):
            path = self.directory / "cache.sqlite3"
            try:  # a foreign or corrupt file: start over
                path.unlink(missing_ok=True)
                return self._connect()
            except (OSError, sqlite3.Error):
                return None  # no cache, still a correct run

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.directory / "cache.sqlite3")
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:  # older layout
            db.executescript(
                "DROP TABLE IF EXISTS results; DROP TABLE IF EXISTS corpus;"
                f"PRAGMA user_version = {SCHEMA};"
            )
        db.execute(
            "CREATE TABLE IF NOT EXISTS results "
            "(key TEXT PRIMARY KEY, value TEXT NOT NULL, summaries TEXT NOT NULL)"
        )
        db.execute("CREATE TABLE IF NOT EXISTS corpus (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("PRAGMA journal_mode=WAL")
        return db

    @staticmethod
    def key(path: str, data: bytes, fingerprint: str) -> str:
        digest = hashlib.sha256(data)
        digest.update(
            b"\0" + path.encode("utf-8", "surrogateescape") + b"\0" + fingerprint.encode()
        )
        return digest.hexdigest()

    @staticmethod
    def corpus_key(keys: list[str]) -> str:
        """The key of a run's cross-file findings: the keys of all its files, in order."""
        return hashlib.sha256("\n".join(keys).encode()).hexdigest()

    def get(self, key: str) -> FileResult | None:
        """A file's findings and suppressions; its summaries come from ``summaries``."""
        data = self._load("SELECT value FROM results WHERE key = ?", key)
        try:
            result = _decode(data) if data is not None else None
        except (ValueError, KeyError, TypeError):
            return None
        if result is not None:
            self.hits += 1
        return result

    def summaries(self, key: str) -> dict | None:
        """A file's cross-file summaries (read only when those rules run again)."""
        summaries = self._load("SELECT summaries FROM results WHERE key = ?", key)
        return summaries if isinstance(summaries, dict) else None

    def get_corpus(self, key: str) -> list[Finding] | None:
        """The cross-file findings of a run whose files all had these keys."""
        rows = self._load("SELECT value FROM corpus WHERE key = ?", key)
        try:
            return [_decode_finding(row, None) for row in rows] if rows is not None else None
        except (ValueError, KeyError, TypeError):
            return None

    def _load(self, query: str, key: str):
        """The JSON in the first column of ``key``'s row; None if absent or unreadable."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(query, (key,)).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError, TypeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        try:
            value = json.dumps(_encode(result))
            summaries = json.dumps(result.summaries)
            # Summaries are cached only if JSON gives them back exactly; otherwise a
            # cached run could differ from a fresh one, so the file is not cached at all.
            if json.loads(summaries) != result.summaries:
                return
        except (TypeError, ValueError):
            return
        self._write("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", (key, value, summaries))

    def put_corpus(self, key: str, findings: list[Finding]) -> None:
        value = json.dumps([_finding_row(f, None) for f in findings])
        # Only the latest run's: every edit makes a new key, and old ones seldom return.
        self._write("DELETE FROM corpus WHERE key != ?", (key,))
        self._write("INSERT OR REPLACE INTO corpus VALUES (?, ?)", (key, value))

    def _write(self, query: str, row: tuple) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute(query, row)

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.commit()
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


def _encode(result: FileResult) -> dict:
    return {
        "path": result.path,
        "findings": [_finding_row(f, result.path) for f in result.findings],
        "directives": [{**d.__dict__, "rules": sorted(d.rules)} for d in result.directives],
    }


# A finding is a row, not a mapping, and a path equal to the file's is left out: a
# cached rerun reads every file's findings, and names would make up most of the bytes.
def _finding_row(f: Finding, path: str | None) -> list:
    related = [
        [None if r.path == path else r.path, r.line, r.column, r.end_line, r.end_column, r.message]
        for r in f.related
    ]
    fix = [f.fix.offset, f.fix.text] if f.fix else None
    return [
        None if f.path == path else f.path,
        *(f.line, f.column, f.end_line, f.end_column, f.start, f.end),
        *(f.rule, f.severity.value, f.message, f.text, related, fix),
    ]


def _decode(data: dict) -> FileResult:
    path = str(data["path"])
    findings = [_decode_finding(row, path) for row in data["findings"]]
    directives = [Suppression(**{**d, "rules": frozenset(d["rules"])}) for d in data["directives"]]
    return FileResult(path, findings, {}, directives)


def _decode_finding(row: list, path: str | None) -> Finding:
    own, line, column, end_line, end_column, start, end, rule, severity, message, text = row[:11]
    related, fix = row[11:]
    return Finding(
        path=str(own or path),
        line=int(line),
        column=int(column),
        end_line=int(end_line),
        end_column=int(end_column),
        rule=str(rule),
        severity=Severity(severity),
        message=str(message),
        start=int(start),
        end=int(end),
        text=str(text),
        related=tuple(Location(str(r[0] or path), *map(int, r[1:5]), str(r[5])) for r in related),
        fix=Fix(int(fix[0]), str(fix[1])) if fix else None,
    )
