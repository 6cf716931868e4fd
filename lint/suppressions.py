"""Inline suppressions in HTML comments, and the check that each one is used.

    <!-- seolint-disable health.unsupported-claim -- quoted from the study -->
    ... lines where that rule is off ...
    <!-- seolint-enable -->
    <!-- seolint-disable-next-line seo.keyword-stuffing -->
    <!-- seolint-disable-file health.missing-disclaimer -- reason -->

Without rule ids a directive covers every rule. A rule id may also be a pack name
(``health``) to cover the whole pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lint.findings import Finding

_DIRECTIVE = re.compile(
    r"^\s*seolint-(disable-next-line|disable-file|disable|enable)(?=\s|$)(.*?)(?:\s--\s*(.*?))?\s*$",
    re.DOTALL,
)


@dataclass
class Suppression:
    action: str  # disable | enable | disable-next-line | disable-file
    rules: frozenset[str]  # empty: every rule
    start: int  # source span of the comment
    end: int
    first_line: int  # lines the suppression covers (inclusive)
    last_line: int
    reason: str = ""
    used: bool = field(default=False)

    def covers(self, finding: Finding) -> bool:
        if not self.first_line <= finding.line <= self.last_line:
            return False
        if not self.rules:
            return True
        return finding.rule in self.rules or finding.rule.split(".", 1)[0] in self.rules


def parse(comments, position, line_count: int) -> list[Suppression]:
    """Suppressions from a document's comments; ``position(offset) -> (line, col)``."""
    parsed = []
    for comment in comments:
        m = _DIRECTIVE.match(comment.text)
        if not m:
            continue
        action, rules_text, reason = m.group(1), m.group(2), (m.group(3) or "").strip()
        rules = frozenset(r for r in re.split(r"[\s,]+", rules_text.strip()) if r)
        line = position(comment.start)[0]
        end_line = position(comment.end)[0]
        if action == "disable-file":
            span = (1, line_count)
        elif action == "disable-next-line":
            span = (end_line + 1, end_line + 1)
        else:
            span = (line, line_count)
        parsed.append(Suppression(action, rules, comment.start, comment.end, *span, reason))
    _close_regions(parsed)
    return [s for s in parsed if s.action != "enable"]


def _close_regions(directives: list[Suppression]) -> None:
    """An ``enable`` ends the open ``disable`` regions it names (all, without names)."""
    open_regions: list[Suppression] = []
    for d in directives:
        if d.action == "disable":
            open_regions.append(d)
        elif d.action == "enable":
            for region in list(open_regions):
                if not d.rules or region.rules & d.rules or not region.rules:
                    region.last_line = d.first_line
                    open_regions.remove(region)


def apply(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings no suppression covers; marks the suppressions that were used."""
    if not suppressions:
        return findings
    kept = []
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding)]
        for s in covering:
            s.used = True
        if not covering:
            kept.append(finding)
    return kept
