"""Baselines: adopt seolint on a repository that already has findings.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` reports only
findings that are not in it. Entries are keyed by path, rule and the flagged text
(whitespace-normalised), not by line numbers, so edits elsewhere in a file don't
resurrect old findings; the same text flagged twice needs two entries. Entries that no
longer match anything are counted so the baseline can be pruned.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from lint.errors import SeolintError
from lint.findings import Finding

VERSION = 1


def _key(finding: Finding, root: Path) -> tuple[str, str, str]:
    path = Path(os.path.abspath(finding.path))
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    return rel, finding.rule, " ".join(finding.text.split())


def write(findings: list[Finding], path: Path) -> int:
    root = Path(os.path.abspath(path)).parent
    counts = Counter(_key(f, root) for f in findings)
    entries = [
        {"path": p, "rule": r, "text": t, "count": n} for (p, r, t), n in sorted(counts.items())
    ]
    data = {"seolint_baseline": VERSION, "findings": entries}
    try:
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise SeolintError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(findings)


def load(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("seolint_baseline") != VERSION:
            raise ValueError("not a seolint baseline (version 1)")
        return Counter(
            {(e["path"], e["rule"], e["text"]): int(e["count"]) for e in data["findings"]}
        )
    except OSError as exc:
        raise SeolintError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SeolintError(f"{path}: invalid baseline file ({exc})") from None


def filter_new(findings: list[Finding], path: Path) -> tuple[list[Finding], int]:
    """(findings not in the baseline, number of baseline entries that matched nothing)."""
    remaining = load(path)
    root = Path(os.path.abspath(path)).parent
    new = []
    for finding in findings:
        key = _key(finding, root)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new, sum(remaining.values())
