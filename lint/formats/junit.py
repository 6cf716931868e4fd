"""JUnit XML, which CI systems (GitLab, Jenkins, Azure Pipelines) show as test results.

One ``<testcase>`` per file with findings (``classname`` and ``name`` are its path) and,
when more files were checked, one passing ``<testcase name="other files">`` standing
for the clean ones. A failing file carries a single ``<failure>`` that lists every
finding: Jenkins, Azure Pipelines and many other readers show only the first
``<failure>`` of a test case, so one element per finding would hide all but one.
``type`` is the file's worst severity; the text has one ``line``-format row a finding.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from lint.findings import Finding
from lint.formats import RenderContext, line_text, one_line

SUITE_NAME = "seolint"
OTHER_FILES = "other files"

# Characters XML 1.0 cannot carry even escaped; ElementTree would write them as-is
# and produce a file no parser reads.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _failure(findings: list[Finding]) -> ET.Element:
    worst = max((f.severity for f in findings), key=lambda severity: severity.rank)
    message = "\n".join(f"{f.line}:{f.column} {f.rule}: {one_line(f.message)}" for f in findings)
    failure = ET.Element("failure", message=_xml_safe(message), type=worst.value)
    failure.text = _xml_safe("".join(line_text(f) + "\n" for f in findings))
    return failure


def render(findings: list[Finding], context: RenderContext) -> str:
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)

    cases = []
    for path, found in by_path.items():
        case = ET.Element("testcase", classname=_xml_safe(path), name=_xml_safe(path))
        case.set("file", _xml_safe(path))
        case.set("time", "0")
        case.append(_failure(found))
        cases.append(case)
    clean = context.files_checked - len(by_path)
    if clean > 0:
        case = ET.Element("testcase", classname=SUITE_NAME, name=OTHER_FILES, time="0")
        ET.SubElement(
            case, "system-out"
        ).text = f"{clean} file{'s' if clean != 1 else ''} without findings"
        cases.append(case)

    counts = {"tests": str(len(cases)), "failures": str(len(by_path)), "errors": "0"}
    suites = ET.Element("testsuites", name=SUITE_NAME, **counts)
    suite = ET.SubElement(suites, "testsuite", name=SUITE_NAME, **counts, skipped="0", time="0")
    suite.extend(cases)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
