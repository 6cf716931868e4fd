"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

Artifact URIs are relative (to ``%SRCROOT%`` when ``context.root`` is set), percent-encoded,
with forward slashes. Columns count code points, as ``Finding`` columns do. Each result
carries a fingerprint built from rule, file and flagged text, so an alert keeps its
identity when edits above it move it to another line.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from lint.findings import Finding, Location, RuleInfo, Severity
from lint.formats import (
    INFORMATION_URI,
    RenderContext,
    fingerprint,
    occurrences,
    relative_path,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
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
    relative = relative_path(path, root)
    if relative is None:  # another drive on Windows: no relative form exists
        return {"uri": Path(path).as_uri()}
    artifact = {"uri": quote(relative, safe="/")}
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


def _result(f: Finding, rule_index: int, root: str, occurrence: int) -> dict:
    physical = _physical(f, root, f.text)
    result: dict = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {
            FINGERPRINT_KEY: fingerprint(f, physical["artifactLocation"]["uri"], occurrence)
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
    results = [
        _result(f, rule_index[f.rule], context.root, occurrence)
        for f, occurrence in zip(findings, occurrences(findings), strict=True)
    ]

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
