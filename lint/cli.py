"""The ``seolint`` command: parse options, call the engine, pick a formatter."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import textwrap
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from lint import baseline, formats
from lint.cache import DIR_NAME, Cache
from lint.document import normalise_newlines
from lint.engine import Linter, Report, exit_code, stdin_text
from lint.errors import ExitCode, SeolintError
from lint.fixes import fixes_by_path, plan, unified_diff, write

try:
    __version__ = version("seolint")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

PROGRESS_MIN_FILES = 50

CHECK_EXAMPLES = """
\b
Examples:
  seolint check docs/                      lint every article under docs/
  seolint check post.md --format line      one line per finding, for editors
  seolint check . --format sarif -o seolint.sarif
  cat post.md | seolint check - --stdin-filename blog/post.md
  seolint check docs/ --select health --fail-on warning
\b
Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage, configuration
or input errors.
"""

STARTER_CONFIG = """\
# seolint configuration. Every key is optional; see `seolint rules` for rule ids.
# This file applies to every article at or below this folder.

# Rule packs: built-in names (health, seo) or paths to your team's packs.
extends: [health, seo]

# Files and folders not to lint (globs, relative to this file).
exclude:
  - "drafts/**"

# Lowest severity that makes `seolint check` exit 1: error, warning, info or never.
fail_on: error

# spaCy pipeline: "blank" (default, fast) or an installed trained pipeline.
# nlp:
#   model: en_core_web_sm

# Turn rules off, change their severity, or tune their options.
rules:
  # seo.placeholder-text: off
  # health.red-flag-phrases: error
  # health.red-flag-phrases:
  #   words: {add: ["wonder herb"]}

# Different settings for some files.
# overrides:
#   - files: ["legal/**"]
#     rules:
#       health.red-flag-phrases: off
"""


# spaCy's vocabulary, the word lists and the matchers live as long as the process, while
# linting makes short-lived objects by the million: with the collector's default (a pass
# every 700 allocations) 300 pages spent 0.72 s of about 6 s in 1,398 collections; with
# these, 0.06 s in 67. Workers forked by the engine inherit the setting.
GC_THRESHOLDS = (100_000, 50, 100)


class _Group(click.Group):
    def invoke(self, ctx):
        gc.set_threshold(*GC_THRESHOLDS)
        # Every error a user can cause ends as one line on stderr and exit code 2.
        try:
            return super().invoke(ctx)
        except SeolintError as exc:
            click.echo(f"seolint: error: {exc}", err=True)
            ctx.exit(ExitCode.ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="seolint")
def main() -> None:
    """Lint health and SEO articles (Markdown, HTML, plain text)."""


def run() -> None:
    """The ``seolint`` command: ``main`` as a process of its own."""
    try:
        main()
    finally:
        # The interpreter's last act is a full collection of every object still alive
        # (spaCy's vocabulary, the matchers, the results): 0.1 s of a one-file run, to
        # free memory the OS takes back anyway; frozen objects are skipped. Nothing is
        # lost: output, cache and fixes are written and closed by now.
        gc.freeze()


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


@main.command(epilog=CHECK_EXAMPLES)
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "-f",
    "--format",
    "format_name",
    type=click.Choice(formats.FORMAT_NAMES),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Use this configuration file for every path (no lookup).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    help="Lowest severity that makes the exit code 1 [default: error, or fail_on in config].",
)
@click.option(
    "--select", multiple=True, help="Only these rules or packs (comma-separated, repeatable)."
)
@click.option(
    "--ignore", multiple=True, help="Skip these rules or packs (comma-separated, repeatable)."
)
@click.option(
    "--stdin-filename", help="Path to report (and look up configuration for) when reading '-'."
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text format [default: on a terminal, unless NO_COLOR is set].",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="all cores",
    help="Worker processes; the output is the same for any number.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, exists=True),
    help="Report only findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record all current findings in this file (then exit 0).",
)
@click.option(
    "--changed-since",
    metavar="REF",
    help="Lint only files changed since this git ref, plus untracked files.",
)
@click.option("--no-cache", is_flag=True, help="Lint every file afresh and leave the cache alone.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    default=DIR_NAME,
    show_default=True,
    help="Where per-file results are cached.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply fixes (e.g. insert a missing disclaimer), then report what is left.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print what --fix would change as a unified diff and change nothing "
    "(exit 1 if there is a change).",
)
def check(
    paths,
    format_name,
    output,
    config_path,
    fail_on,
    select,
    ignore,
    stdin_filename,
    color,
    jobs,
    baseline_path,
    write_baseline,
    changed_since,
    no_cache,
    cache_dir,
    fix,
    diff,
):
    """Lint PATHS (files or folders; '-' reads standard input).

    Folders are searched for .md, .markdown, .html, .htm and .txt files, skipping
    hidden folders, node_modules and the configuration's `exclude` globs.
    """
    if not paths:
        raise click.UsageError("give at least one path to lint (or '-' for standard input)")
    linter = Linter(config_path, select=_split(select), ignore=_split(ignore))
    report = Report()
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        name = stdin_filename or "-"
        text = stdin_text()
        findings = linter.check_text(text, name)
        report.findings.extend(findings)
        report.files_checked += 1
        if findings:
            report.sources[name] = normalise_newlines(text)
    only = _changed_files(changed_since) if changed_since else None
    cache = None if no_cache or not file_paths else Cache(Path(cache_dir))
    with _progress(format_name, output) as progress:
        try:
            linter.check_paths(
                file_paths,
                report,
                jobs=jobs,
                cache=cache,
                only=only,
                progress=progress,
                sources=bool(fix or diff) or format_name in formats.SHOWS_LINES,
            )
        finally:
            if cache:
                cache.close()
    report.findings.sort()
    if write_baseline:
        count = baseline.write(report.findings, Path(write_baseline))
        click.echo(f"Wrote {count} findings to {write_baseline}", err=True)
        for error in report.errors:
            click.echo(f"seolint: error: {error}", err=True)
        sys.exit(ExitCode.ERROR if report.errors else ExitCode.OK)
    if baseline_path:
        report.findings, gone = baseline.filter_new(report.findings, Path(baseline_path))
        if gone:
            click.echo(
                f"seolint: {gone} baseline entr{'ies' if gone != 1 else 'y'} no longer "
                f"occur; prune with --write-baseline {baseline_path}",
                err=True,
            )
    if diff:
        sys.exit(_show_diff(report))
    if fix:
        if "-" in paths:
            raise click.UsageError("--fix changes files; for standard input use --diff")
        fixed = _apply_fixes(report)
        if fixed:  # report what is left in the files as they are now
            errors = report.errors
            report = linter.check_paths(file_paths, Report(), jobs=jobs)  # fixed: no cache
            report.errors = errors + [e for e in report.errors if e not in errors]
    rule_paths = file_paths + ([stdin_filename] if stdin_filename else [])
    context = formats.RenderContext(
        rules=linter.all_rules(rule_paths),
        version=__version__,
        color=_use_color(color, output, format_name),
        sources=report.sources,
        files_checked=report.files_checked,
        root=str(Path.cwd()),
    )
    rendered = formats.get(format_name)(report.findings, context)
    _write(rendered, output)
    for error in report.errors:
        click.echo(f"seolint: error: {error}", err=True)
    level = (
        fail_on
        or linter.config_for(file_paths[0] if file_paths else (stdin_filename or "-")).fail_on
    )
    sys.exit(exit_code(report, level))


@main.command()
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Configuration file to read (default: the one for this folder).",
)
@click.option("--all", "show_all", is_flag=True, help="Also list rules that are turned off.")
@click.argument("rule_ids", nargs=-1, metavar="[RULE_ID]...")
def rules(config_path, show_all, rule_ids):
    """List every rule: id, kind, default severity and what it checks. With RULE_IDs,
    explain each one and show its options with the values in use here."""
    linter = Linter(config_path)
    if rule_ids:
        # All ids are checked before anything is printed: a typo exits 2 with no output.
        details = [linter.rule(rule_id) for rule_id in rule_ids]
        click.echo("\n\n".join(_describe(info, options) for info, options in details))
        return
    infos = linter.all_rules()
    rows = [i for i in infos.values() if show_all or i.enabled]
    width = max((len(i.id) for i in rows), default=10)
    kind_width = max((len(i.kind) for i in rows), default=4)
    for info in rows:
        state = "" if info.enabled else "  (off)"
        columns = f"{info.id:<{width}}  {info.kind:<{kind_width}}  {info.severity.value:<7}"
        click.echo(f"{columns}  {info.description}{state}")


def _describe(info, options) -> str:
    """A rule's explanation and options, as ``seolint rules RULE_ID`` prints them."""
    state = "" if info.enabled else ", off"
    lines = [f"{info.id} ({info.kind}, {info.severity.value}{state})", f"  {info.description}"]
    if info.help:
        lines += ["", textwrap.fill(info.help, 88, initial_indent="  ", subsequent_indent="  ")]
    if options:
        lines += ["", "  options (value in use; the kind's default where it differs):"]
        width = max(len(o.name) for o in options)
        for o in options:
            value = _shown(o.value)
            if o.value != o.default:
                value += f" (default {_shown(o.default)})"
            lines.append(f"    {o.name:<{width}}  {o.type:<8}  {value}")
            lines.append(f"    {'':<{width}}  {o.help}")
    return "\n".join(lines)


def _shown(value) -> str:
    """An option value in a line: a long word list by its size."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return f"{len(value):,} entries"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(map(str, value)) if isinstance(value, (set, frozenset)) else value
        if len(items) <= 4 and all(len(str(x)) <= 24 for x in items):
            return "[" + ", ".join(f'"{x}"' for x in items) + "]"
        return f"{len(items):,} entries"
    return str(value)


@main.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .seolint.yaml.")
@click.argument("directory", default=".", type=click.Path(file_okay=False, exists=True))
def init(force, directory):
    """Write a commented starter .seolint.yaml in DIRECTORY (default: here)."""
    target = Path(directory) / ".seolint.yaml"
    if target.exists() and not force:
        raise SeolintError(f"{target} already exists (use --force to overwrite)")
    target.write_text(STARTER_CONFIG, encoding="utf-8")
    click.echo(f"Wrote {target}")


@main.group()
def claims():
    """The claim scorer: train it on labelled sentences."""


@claims.command("train")
@click.argument("corpus", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Weights file to write (JSON); point the claim rule's `scorer` at it.",
)
def claims_train(corpus, output):
    """Train the claim scorer on CORPUS (JSON Lines: text, label claim|not_claim).

    Deterministic: the same corpus gives the same file. The built-in claim rule's word
    lists find the candidate sentences; set `scorer:` on health.unsupported-claim in
    .seolint.yaml to use the result.
    """
    from lint import training  # spaCy work only for this command

    rows = training.read_corpus(Path(p) for p in corpus)
    weights = training.train_scorer(rows, training.claim_kind())
    training.write_weights(weights, Path(output))
    labels = sum(r["label"] == "claim" for r in rows)
    click.echo(
        f"Trained on {len(rows)} rows ({labels} claim, {len(rows) - labels} not_claim); "
        f"wrote {output}",
        err=True,
    )


def _apply_fixes(report: Report) -> int:
    """Write each file's fixes; returns how many files changed."""
    changed = 0
    for path, fixes in fixes_by_path(report.findings).items():
        try:
            data = Path(path).read_bytes()
            result = plan(path, data, report.sources[path], fixes)
            write(result, data)
        except (OSError, SeolintError) as exc:
            report.errors.append(str(exc) if isinstance(exc, SeolintError) else f"{path}: {exc}")
            continue
        changed += 1
        click.echo(
            f"Fixed {path} ({result.fixes} fix{'es' if result.fixes != 1 else ''})", err=True
        )
    return changed


def _show_diff(report: Report) -> int:
    changes = 0
    for path, fixes in fixes_by_path(report.findings).items():
        source = report.sources[path]
        data = Path(path).read_bytes() if path != "-" and os.path.isfile(path) else source.encode()
        result = plan(path, data, source, fixes)
        text = unified_diff(result)
        if text:
            changes += 1
            click.echo(text, nl=False)
    for error in report.errors:
        click.echo(f"seolint: error: {error}", err=True)
    if report.errors:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if changes else ExitCode.OK


def _changed_files(ref: str) -> set[str]:
    """Absolute paths of files changed since ``ref`` (committed or not) and untracked ones."""
    import subprocess

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args], capture_output=True, text=True, check=True, timeout=60
            )
        except FileNotFoundError:
            raise SeolintError("--changed-since needs git on PATH") from None
        except subprocess.CalledProcessError as exc:
            raise SeolintError(f"--changed-since {ref}: {exc.stderr.strip()}") from None
        return done.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    names = git("diff", "--name-only", "--diff-filter=d", ref, "--").splitlines()
    names += git("ls-files", "--others", "--exclude-standard", "--full-name").splitlines()
    return {str((top / name).resolve()) for name in names if name}


@contextlib.contextmanager
def _progress(format_name: str, output: str | None):
    """A progress bar on a terminal's stderr; nothing in CI logs or redirected output."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    bar = None

    def advance(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= PROGRESS_MIN_FILES:
            bar = click.progressbar(length=total, label="Linting", file=sys.stderr)
            bar.__enter__()
        if bar is not None:
            bar.update(done - bar.pos)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _use_color(flag: bool | None, output: str | None, format_name: str) -> bool:
    if format_name != "text" or output:
        return False
    if flag is not None:
        return flag
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _write(rendered: str | Iterable[str], output: str | None) -> None:
    pieces = [rendered] if isinstance(rendered, str) else rendered
    if output:
        try:
            with open(output, "w", encoding="utf-8") as out:
                out.writelines(pieces)
        except OSError as exc:
            raise SeolintError(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        for piece in pieces:
            if piece:
                click.echo(piece, nl=False)


@main.command()
def server():
    """Run the language server on stdin/stdout (LSP)."""
    try:
        from lint.server import serve
    except ImportError as exc:  # pygls comes with the optional extra "lsp"
        raise SeolintError(
            f"the language server needs pygls: pip install 'seolint[lsp]' ({exc})"
        ) from None
    serve()
