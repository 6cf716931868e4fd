"""Runs the enabled rules over documents and turns hits into findings.

files -> Document -> spaCy Doc -> rule kinds -> Findings -> suppressions -> sorted.
The spaCy pipeline is built once per process; documents go through ``nlp.pipe`` in
batches; each rule's kind is built (matchers compiled) once per configuration.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lint import document as documents
from lint import nlp as nlpmod
from lint import suppressions
from lint.cache import Cache, rules_fingerprint
from lint.config import (
    ENGINE_RULES,
    Config,
    OptionInfo,
    RuleSpec,
    default_config,
    find_config_file,
    from_mapping,
    load_config,
    option_infos,
)
from lint.errors import ConfigError, ExitCode, InputError, SeolintError
from lint.findings import CorpusHit, FileResult, Finding, Hit, Location, RuleInfo, Severity
from lint.globs import matches_any
from lint.kinds import KINDS, CorpusKind, Kind

SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", ".venv"}
FILES_PER_BATCH = 32
# Prose beyond this many characters is checked in parts cut between blocks, one part
# after another, so a huge article costs memory by the part (most articles are one).
PIECE_CHARS = 1_000_000
UNUSED_SUPPRESSION = "seolint.unused-suppression"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one message per unreadable input
    files_checked: int = 0
    sources: dict[str, str] = field(default_factory=dict)  # only for files with findings
    rules: dict[str, RuleInfo] = field(default_factory=dict)


def exit_code(report: Report, fail_on: str) -> ExitCode:
    if report.errors:
        return ExitCode.ERROR
    if fail_on == "never":
        return ExitCode.OK
    level = Severity(fail_on).rank
    if any(f.severity.rank >= level for f in report.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


class Linter:
    """Lints files and texts with the configuration that applies to each path.

    ``config``: None (discover ``.seolint.yaml`` / pyproject.toml by walking up from each
    file), a path to a configuration file, or a mapping with the same keys.
    ``select``/``ignore``: rule ids or pack names to keep or drop, on top of config.
    """

    def __init__(self, config=None, select: Iterable[str] = (), ignore: Iterable[str] = ()):
        self.explicit: Config | None = None
        if isinstance(config, dict):
            self.explicit = from_mapping(config, Path.cwd())
        elif config is not None:
            path = Path(config)
            if not path.is_file():
                raise ConfigError("configuration file not found", str(path))
            self.explicit = load_config(path)
        self.select = tuple(select)
        self.ignore = tuple(ignore)
        self._args = (config, self.select, self.ignore)  # to build the same Linter in workers
        self._kinds: dict[int, tuple[RuleSpec, Kind]] = {}
        # Cross-file rules: per rule id, the kind and each file's summary; and the
        # suppressions of files that have any, to apply to cross-file findings.
        self._corpus: dict[str, tuple[RuleSpec, CorpusKind, list]] = {}
        self._directives: dict[str, list[suppressions.Suppression]] = {}
        self._fingerprints: dict[tuple[int, ...], str] = {}
        self._config_files: dict[Path, Path | None] = {}
        self._real_folders: dict[str, Path] = {}
        self._rules_memo: dict[str, list[RuleSpec]] = {}
        self._configs_memo: dict[str, Config] = {}

    # -- configuration ---------------------------------------------------------------
    def config_for(self, path: str) -> Config:
        if self.explicit is not None:
            return self.explicit
        if path == "-":
            path = os.path.join(os.getcwd(), "stdin")
        # Read once per folder and run (a symlinked file: from its target's folder).
        folder = os.path.dirname(path)
        linked = os.path.islink(path)
        config = None if linked else self._configs_memo.get(folder)
        if config is None:
            # Config files are found once per folder and Linter; a new Linter sees new ones.
            found = find_config_file(self._real(path).parent, self._config_files)
            config = load_config(found) if found else default_config(Path.cwd())
            if not linked:
                self._configs_memo[folder] = config
        return config

    def rules_for(self, path: str) -> list[RuleSpec]:
        """The rules whose findings are reported for ``path``."""
        return self._selected(self._configured(path))

    def _configured(self, path: str) -> list[RuleSpec]:
        # Asked several times per file (fingerprint, rules, suppressions, cross-file);
        # looked up once per run.
        rules = self._rules_memo.get(path)
        if rules is None:
            config = self.config_for(path)
            real = self._real(path) if path and config.path_dependent else path
            rules = config.rules_for(real)
            self._rules_memo[path] = rules
        return rules

    def _new_run(self) -> None:
        """Forget per-run lookups (a long-lived Linter, as in the server, sees edits)."""
        self._rules_memo.clear()
        self._configs_memo.clear()
        self._real_folders.clear()
        self._changed_files = False  # a file changed on disk while this run read it

    def _real(self, path: str) -> Path:
        """``Path(path).resolve()``, with each folder resolved once per Linter: resolving
        every file anew costs a system call per path component, per file."""
        folder, name = os.path.split(path)
        real = self._real_folders.get(folder)
        if real is None:
            real = self._real_folders[folder] = Path(folder).resolve()
        if not name or name in (".", "..") or os.path.islink(path):
            return Path(path).resolve()
        return real / name

    def _selected(self, rules: list[RuleSpec]) -> list[RuleSpec]:
        if self.select:
            rules = [r for r in rules if _named(r.id, self.select)]
        if self.ignore:
            rules = [r for r in rules if not _named(r.id, self.ignore)]
        return rules

    def all_rules(self, paths: Iterable[str] = ()) -> dict[str, RuleInfo]:
        """Every rule of the configurations in use, for listings and SARIF."""
        configs = {id(c): c for c in [self._config_at(p) for p in paths] or [self._config_at(".")]}
        infos = {rule_id: info for rule_id, info in ENGINE_RULES.items()}
        for config in configs.values():
            infos.update({rid: spec.info() for rid, spec in config.rules.items()})
        return dict(sorted(infos.items()))

    def _config_at(self, path: str) -> Config:
        """The configuration for a file, or for the files in a folder."""
        if path != "-" and os.path.isdir(path):
            path = os.path.join(path, "_")  # a file in it: the lookup starts in the folder
        return self.config_for(path)

    def rule(self, rule_id: str, path: str = ".") -> tuple[RuleInfo, list[OptionInfo]]:
        """A rule as the configuration for ``path`` has it, with its options."""
        spec = self._config_at(path).rules.get(rule_id)
        if spec is not None:
            return spec.info(), option_infos(spec)
        if rule_id in ENGINE_RULES:
            return ENGINE_RULES[rule_id], []
        raise SeolintError(f"unknown rule id {rule_id!r} (`seolint rules` lists them)")

    def _kind(self, spec: RuleSpec, model: str) -> Kind:
        entry = self._kinds.get(id(spec))
        if entry is None:
            entry = (spec, KINDS[spec.kind](spec.options, nlpmod.load(model)))
            self._kinds[id(spec)] = entry
        return entry[1]

    # -- linting ----------------------------------------------------------------------
    def check_text(self, text: str, path: str = "-") -> list[Finding]:
        self._new_run()
        parts = documents.parts_from_text(text, path, max_chars=PIECE_CHARS)
        (result,) = self._check_documents([parts])
        if result.error:
            raise SeolintError(result.error)
        return result.findings

    def check_paths(
        self,
        paths: Iterable[str],
        report: Report | None = None,
        jobs: int = 1,
        cache: Cache | None = None,
        only: set[str] | None = None,
        progress: Callable[[int, int], None] | None = None,
        sources: bool = True,
    ) -> Report:
        """Lint files and folders; ``jobs`` > 1 lints in that many worker processes.

        The result is the same for any ``jobs`` and with or without ``cache``: workers
        and the cache give per-file results, and the cross-file rules run here once
        over every file's summary. ``only``: absolute paths to keep (changed files);
        ``progress(done, total)`` is called as files finish; ``sources``: keep the text
        of files with findings in ``report.sources`` (for formats that show lines, fixes).
        """
        report = report or Report()
        self._new_run()
        files = list(self.discover(paths, report.errors))
        if only is not None:
            files = [f for f in files if os.path.abspath(f) in only]
        keys, cached, pending = [], [], []
        for path in files:
            if cache is None and not sources:
                pending.append((path, None, None))  # read when it is linted
                continue
            try:
                data = _read(path)
            except InputError as exc:
                report.errors.append(str(exc))
                continue
            key = cache.key(path, data, self._fingerprint(path)) if cache else None
            keys.append(key)
            result = cache.get(key) if cache else None
            if result is None:
                # The bytes are kept only to show lines (and fix them) from exactly the text
                # that was linted; otherwise the file is read again when it is linted, so
                # that neither this process nor the workers it forks hold every file.
                pending.append((path, data if sources else None, key))
            else:  # the text is kept only to show the lines of findings
                source = _source(data, path) if result.findings and sources else None
                cached.append((path, key, result, source))
        # Cross-file findings of an unchanged set of files come from the cache; only
        # otherwise are the cached files' summaries read.
        corpus = cache.get_corpus(cache.corpus_key(keys)) if cache else None
        done = 0
        for path, key, result, source in cached:
            if corpus is None:
                result.summaries = cache.summaries(key)
                if result.summaries is None:  # unreadable entry: lint the file again
                    try:
                        pending.append((path, _read(path), key))
                    except InputError as exc:
                        report.errors.append(str(exc))
                    continue
            self._merge(result, report, source, corpus is None)
            done += 1
        del cached
        batches = self._batches(pending, cache)
        if jobs > 1 and len(pending) > FILES_PER_BATCH:
            results = self._results_from_workers(batches, jobs, len(pending))
        else:
            results = self._results(batches)
        for i, result in enumerate(results):
            path, data, key = pending[i]
            pending[i] = None  # the file's bytes are not needed any more
            source = _source(data, path) if result.findings and sources else None
            self._merge(result, report, source, corpus is None)
            if key and not result.error:
                cache.put(key, result)
            done += 1
            if progress:
                progress(done, len(files))
        if corpus is None:
            corpus = self._corpus_findings()
            if cache and not self._changed_files:
                cache.put_corpus(cache.corpus_key(keys), corpus)
        report.findings.extend(corpus)
        report.findings.sort()
        return report

    def _merge(
        self, result: FileResult, report: Report, source: str | None, summaries: bool
    ) -> None:
        if result.error:
            report.errors.append(result.error)
            return
        report.files_checked += 1
        report.findings.extend(result.findings)
        if source is not None:
            report.sources[result.path] = source
        if result.directives:
            self._directives[result.path] = result.directives
        if summaries:
            for rule_id, summary in result.summaries.items():
                self._corpus_entry(rule_id, result.path)[2].append((result.path, summary))

    def _batches(self, pending: list, cache: Cache | None) -> Iterator[list[tuple]]:
        """``pending`` in batches of (path, bytes, key), files not held read now; a file
        that cannot be read has its InputError for bytes. A file that changed since its
        cache key was made is linted as it is now, and nothing of it is cached."""
        for start in range(0, len(pending), FILES_PER_BATCH):
            batch = []
            for i in range(start, min(start + FILES_PER_BATCH, len(pending))):
                path, data, key = pending[i]
                if data is None:
                    try:
                        data = _read(path)
                    except InputError as exc:
                        data = exc
                    else:
                        if key and cache.key(path, data, self._fingerprint(path)) != key:
                            pending[i] = (path, None, None)
                            self._changed_files = True
                batch.append((path, data, key))
            yield batch

    def _results(self, batches: Iterable[list[tuple]]) -> Iterator[FileResult]:
        """Per-file results, in order; documents go through spaCy a batch at a time."""
        for batch in batches:
            pages, results = [], {}
            for path, data, _ in batch:
                try:
                    if isinstance(data, InputError):  # the file could not be read
                        results[path] = FileResult(path, error=str(data))
                    else:
                        pages.append(documents.parts_from_bytes(data, path, PIECE_CHARS))
                except InputError as exc:
                    results[path] = FileResult(path, error=str(exc))
            checked = {r.path: r for r in self._check_documents(pages)}
            for path, _, _ in batch:
                yield results.get(path) or checked[path]

    def _results_from_workers(
        self, batches: Iterator[list[tuple]], jobs: int, files: int
    ) -> Iterator[FileResult]:
        """Per-file results from ``jobs`` worker processes, in order (``files``: how many
        files the batches hold)."""
        import multiprocessing

        # Batches are read as the pool sends them, so the files are never all in memory
        # here; workers forked now copy nothing of them.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        workers = min(jobs, -(-files // FILES_PER_BATCH))
        with context.Pool(workers, _start_worker, self._args) as pool:
            for results in pool.imap(_lint_chunk, batches):
                yield from results

    def _fingerprint(self, path: str) -> str:
        """What besides the file's bytes decides its findings: rules, options, model."""
        configured = self._configured(path)
        key = tuple(id(r) for r in configured)
        fingerprint = self._fingerprints.get(key)
        if fingerprint is None:
            fingerprint = rules_fingerprint(
                configured, self.select, self.ignore, self.config_for(path).nlp_model
            )
            self._fingerprints[key] = fingerprint
        return fingerprint

    def _corpus_entry(self, rule_id: str, path: str):
        """This process's (spec, kind, summaries) for a cross-file rule."""
        if rule_id not in self._corpus:
            spec = next(r for r in self._configured(path) if r.id == rule_id)
            built = self._kinds.get(id(spec))
            # Comparing summaries needs no pipeline: the parent of worker processes, or a
            # run served from the cache, never loads spaCy for it.
            kind = built[1] if built else KINDS[spec.kind](spec.options, None)
            self._corpus[rule_id] = (spec, kind, [])
        return self._corpus[rule_id]

    def _corpus_findings(self) -> list[Finding]:
        findings = []
        for spec, kind, summaries in self._corpus.values():
            for hit in kind.check_corpus(summaries):
                finding = _corpus_finding(spec, hit)
                if suppressions.apply([finding], self._directives.get(hit.path, [])):
                    findings.append(finding)
        self._corpus.clear()
        self._directives.clear()
        return findings

    def _check_documents(self, pages: list[list[documents.Document]]) -> list[FileResult]:
        """Results for pages, each given as its parts (see ``documents.parts_from_text``).

        Parts go through spaCy one after another and leave ``pages`` as they do; the rules
        run on groups of parts as big as spaCy's batches (``_run_rules``), and each group
        and its spaCy Docs are dropped once they ran. The page's suppressions then apply
        to the findings of all its parts.
        """
        firsts = [parts[0] for parts in pages]  # they carry the page's comments
        results = [FileResult(doc.path) for doc in firsts]
        by_model: dict[str, list[int]] = {}
        for i, doc in enumerate(firsts):
            by_model.setdefault(self.config_for(doc.path).nlp_model, []).append(i)
        for model, indices in by_model.items():
            queue: deque[tuple[int, documents.Document]] = deque()
            sdocs = nlpmod.pipe(nlpmod.load(model), _prose(pages, indices, queue))
            parsed = ((*queue.popleft(), sdoc) for sdoc in sdocs)  # (i, part, sdoc)
            for group in rule_groups(parsed, lambda item: item[1]):
                self._run_rules(group, model, results)
        for doc, result in zip(firsts, results, strict=True):
            if not result.error:
                self._suppress(doc, result)
        return results

    def _run_rules(self, group: list[tuple], model: str, results: list[FileResult]) -> None:
        """Add the findings (and cross-file summaries) of documents or pieces ``(i, doc,
        sdoc)`` to ``results[i]``. Each rule runs over the whole group before the next:
        its code and data stay in the processor's caches (the three SEO rules took 4-13%
        less time than with every rule run on one page after the other)."""
        # Per rule (of one spec), the members of the group it runs on; rules that read
        # other rules' hits run after all the others.
        runs: dict[tuple[bool, int], tuple[RuleSpec, Kind, list[int]]] = {}
        reported: list[set[str]] = []
        for n, (_, doc, _) in enumerate(group):
            configured = self._configured(doc.path)
            rules = self._selected(configured)
            reported.append({spec.id for spec in rules})
            kinds = [(spec, self._kind(spec, model)) for spec in rules if spec.kind in KINDS]
            # A reported rule may read the hits of rules that are not reported (a
            # disclaimer required by claims under --select): run those too, silently.
            needed = {rule_id for _, kind in kinds for rule_id in kind.after_rules}
            needed -= reported[n]
            kinds += [
                (s, self._kind(s, model)) for s in configured if s.id in needed and s.kind in KINDS
            ]
            for spec, kind in kinds:
                runs.setdefault((bool(kind.after_rules), id(spec)), (spec, kind, []))[2].append(n)
        earlier: list[dict[str, list[Hit]]] = [{} for _ in group]
        for key in sorted(runs, key=lambda k: k[0]):
            spec, kind, members = runs[key]
            for n in members:
                i, doc, sdoc = group[n]
                result = results[i]
                if result.error:
                    continue
                try:
                    hits = list(
                        kind.check(doc, sdoc, earlier[n])
                        if kind.after_rules
                        else kind.check(doc, sdoc)
                    )
                    earlier[n][spec.id] = hits
                    if spec.id in reported[n]:
                        result.findings.extend(_finding(doc, spec, hit) for hit in hits)
                        if isinstance(kind, CorpusKind) and spec.id not in result.summaries:
                            result.summaries[spec.id] = kind.summarize(doc, sdoc)
                except Exception as exc:  # a bug must not cost the other files their report
                    results[i] = FileResult(
                        doc.path,
                        error=f"{doc.path}: internal error, file not linted "
                        f"({exc.__class__.__name__}: {exc}); please report this",
                    )

    def _suppress(self, doc: documents.Document, result: FileResult) -> None:
        """Apply the page's inline suppressions and report the unused ones."""
        directives = suppressions.parse(doc.comments, doc.position, doc.source.count("\n") + 1)
        findings = suppressions.apply(result.findings, directives)
        rules = self._selected(self._configured(doc.path))
        unused = next((r for r in rules if r.id == UNUSED_SUPPRESSION), None)
        if unused:
            known = set(self.config_for(doc.path).rules)
            packs = {r.split(".", 1)[0] for r in known}
            for d in directives:
                if not d.used:
                    findings.append(_unused(doc, d, unused, known | packs))
        result.findings = sorted(findings)
        result.directives = directives

    # -- files ------------------------------------------------------------------------
    def discover(self, paths: Iterable[str], errors: list[str]) -> Iterator[str]:
        """Files to lint: named files as given; folders searched for known suffixes."""
        seen: set[str] = set()
        for path in paths:
            if os.path.isdir(path):
                yield from self._walk(path, seen)
            elif os.path.isfile(path):
                if path not in seen:
                    seen.add(path)
                    yield path
            elif os.path.lexists(path):
                errors.append(f"{path}: not a regular file, not linted")
            else:
                errors.append(f"{path}: no such file or directory")

    def _excluded(self, config: Config, path: str) -> bool:
        return bool(config.exclude) and matches_any(
            config.relative(self._real(path)), config.exclude
        )

    def _walk(self, top: str, seen: set[str]) -> Iterator[str]:
        """Files below ``top`` in sorted order, each folder's files before its
        subfolders; symlinked folders are not followed. Read from directory entries,
        without a system call per file."""
        folders = [top]
        while folders:
            folder = folders.pop()
            config = self.config_for(os.path.join(folder, "_"))
            try:
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda e: e.name)
            except OSError:
                continue  # unreadable folder: skipped, as os.walk does
            subfolders = []
            for entry in entries:
                name, path = entry.name, os.path.normpath(os.path.join(folder, entry.name))
                if entry.is_dir(follow_symlinks=False):
                    if not (
                        name.startswith(".") or name in SKIPPED_DIRS or self._excluded(config, path)
                    ):
                        subfolders.append(path)
                    continue
                suffix = os.path.splitext(name)[1].lower()
                if name.startswith(".") or suffix not in documents.SUFFIXES or path in seen:
                    continue
                # A linked file takes the configuration of its target's folder.
                if self._excluded(self.config_for(path) if entry.is_symlink() else config, path):
                    continue
                if not entry.is_file():  # dangling symlink, socket, linked folder
                    continue
                seen.add(path)
                yield path
            folders.extend(reversed(subfolders))


def rule_groups(items: Iterable, doc_of: Callable, size: int = nlpmod.BATCH_SIZE) -> Iterator[list]:
    """``items`` (each with a Document, ``doc_of(item)``) in groups the rules run over
    one rule at a time: up to ``size`` documents or a spaCy batch's characters."""
    group, chars = [], 0
    for item in items:
        group.append(item)
        chars += len(doc_of(item).prose)
        if len(group) >= size or chars >= nlpmod.BATCH_CHARS:
            yield group
            group, chars = [], 0
    if group:
        yield group


def _prose(pages: list[list[documents.Document]], indices: list[int], queue: deque):
    """(prose, block starts) of the pages' parts for spaCy, in order; each part moves
    from its page to ``queue`` as spaCy takes it."""
    for i in indices:
        parts = pages[i]
        while parts:
            part = parts.pop(0)
            queue.append((i, part))
            yield part.prose, [b.start for b in part.blocks]


_worker: Linter | None = None  # the Linter of a worker process, built once


def _start_worker(config, select, ignore) -> None:
    global _worker
    _worker = Linter(config, select=select, ignore=ignore)


def _lint_chunk(batch: list[tuple]) -> list[FileResult]:
    """Lint a batch of files (already read) in a worker; results go back to the parent."""
    return list(_worker._results([batch]))


def _source(data: bytes, path: str) -> str:
    """The text that findings' lines and columns count in."""
    return documents.normalise_newlines(documents.decode(data, path)[0])


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise InputError(f"{path}: file disappeared before it could be read") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _named(rule_id: str, names: tuple[str, ...]) -> bool:
    return rule_id in names or rule_id.split(".", 1)[0] in names


def _span(doc: documents.Document, start: int, end: int, in_source: bool) -> tuple[int, int]:
    if in_source:
        return start, max(start, end)
    return doc.source_span(start, end)


def _location(doc, start: int, end: int, in_source: bool, path: str, message: str = "") -> Location:
    s, e = _span(doc, start, end, in_source)
    (line, col), (end_line, end_col) = doc.position(s), doc.position(e)
    return Location(path, line, col, end_line, end_col, message)


def _finding(doc: documents.Document, spec: RuleSpec, hit: Hit) -> Finding:
    s, e = _span(doc, hit.start, hit.end, hit.in_source)
    (line, col), (end_line, end_col) = doc.position(s), doc.position(e)
    related = tuple(
        _location(doc, r.start, r.end, r.in_source, doc.path, r.message) for r in hit.related
    )
    return Finding(
        path=doc.path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        rule=spec.id,
        severity=hit.severity or spec.severity,
        message=hit.message,
        start=s,
        end=e,
        text=doc.source[s:e],
        related=related,
        fix=hit.fix,
    )


def _corpus_finding(spec: RuleSpec, hit: CorpusHit) -> Finding:
    return Finding(
        path=hit.path,
        line=hit.line,
        column=hit.column,
        end_line=hit.end_line,
        end_column=hit.end_column,
        rule=spec.id,
        severity=hit.severity or spec.severity,
        message=hit.message,
        text=hit.text,
        related=hit.related,
    )


def _unused(doc, directive: suppressions.Suppression, spec: RuleSpec, known: set[str]) -> Finding:
    unknown = sorted(r for r in directive.rules if r not in known)
    if unknown:
        message = f"seolint-{directive.action} names unknown rule {', '.join(unknown)}"
    else:
        names = ", ".join(sorted(directive.rules)) or "all rules"
        message = f"seolint-{directive.action} ({names}) suppresses nothing; remove it"
    hit = Hit(directive.start, directive.end, message, in_source=True)
    return _finding(doc, spec, hit)


def stdin_text() -> str:
    data = sys.stdin.buffer.read()
    text, _, _ = documents.decode(data, "<stdin>")
    return text
