"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

Artifact URIs are relative (to ``%SRCROOT%`` when ``context.root`` is set), percent-encoded,
with forward slashes. Columns count code points, as ``Finding`` columns do. Each result
carries a fingerprint built from rule, file and flagged text, so an alert keeps its
identity when edits above it move it to another line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote

from lint.findings import Finding, Location, RuleInfo, Severity
from lint.formats import RenderContext

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/seolint/seolint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "seolint/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_name(rule_id: str) -> str:
    """``health.unsupported-claim`` -> ``HealthUnsupportedClaim``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", rule_id))


def _descriptor(rule_id: str, info: RuleInfo | None) -> dict:
    descriptor: dict = {"id": rule_id, "name": _rule_name(rule_id)}
    if info is not None:
        description = info.description or rule_id
        descriptor |= {
            "shortDescription": {"text": description},
            "fullDescription": {"text": info.help or description},
            "help": {"text": info.help or description},
            "defaultConfiguration": {"level": _LEVELS[info.severity]},
        }
    descriptor["properties"] = {"tags": [rule_id.split(".", 1)[0]]}
    return descriptor


def _artifact(path: str, root: str) -> dict:
    """An artifactLocation for ``path``: never an absolute URI, even for absolute paths."""
    native = PurePath(path)
    if native.is_absolute():
        try:
            native = PurePath(os.path.relpath(native, root or os.curdir))
        except ValueError:  # another drive on Windows: no relative form exists
            return {"uri": Path(native).as_uri()}
    artifact = {"uri": quote(native.as_posix(), safe="/")}
    if root:
        artifact["uriBaseId"] = SRCROOT
    return artifact


def _physical(loc: Finding | Location, root: str, snippet: str = "") -> dict:
    region: dict = {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
    }
    if snippet:
        region["snippet"] = {"text": snippet}
    return {"artifactLocation": _artifact(loc.path, root), "region": region}


def _fingerprint(f: Finding, uri: str, occurrence: int) -> str:
    # Line numbers stay out so the alert survives edits above it; the occurrence count
    # keeps repeated texts (every place a keyword is stuffed) apart.
    key = "\0".join((f.rule, uri, f.text, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _result(f: Finding, rule_index: int, root: str, occurrence: int) -> dict:
    physical = _physical(f, root, f.text)
    result: dict = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {
            FINGERPRINT_KEY: _fingerprint(f, physical["artifactLocation"]["uri"], occurrence)
        },
    }
    related = []
    for number, loc in enumerate(f.related):
        entry: dict = {"id": number, "physicalLocation": _physical(loc, root)}
        if loc.message:
            entry["message"] = {"text": loc.message}
        related.append(entry)
    if related:
        result["relatedLocations"] = related
    return result


def render(findings: list[Finding], context: RenderContext) -> str:
    rule_ids = sorted(
        {rule_id for rule_id, info in context.rules.items() if info.enabled}
        | {f.rule for f in findings}
    )
    rule_index = {rule_id: number for number, rule_id in enumerate(rule_ids)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for f in findings:
        occurrence = seen[f.rule, f.path, f.text]
        seen[f.rule, f.path, f.text] += 1
        results.append(_result(f, rule_index[f.rule], context.root, occurrence))

    run: dict = {
        "tool": {
            "driver": {
                "name": "seolint",
                "informationUri": INFORMATION_URI,
                "version": context.version,
                "semanticVersion": context.version,
                "rules": [_descriptor(r, context.rules.get(r)) for r in rule_ids],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if context.root:
        root_uri = Path(os.path.abspath(context.root)).as_uri()
        root_uri += "" if root_uri.endswith("/") else "/"  # else the last segment is dropped
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root_uri}}
    sarif = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
