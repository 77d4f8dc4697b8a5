"""JUnit XML, which most CI systems display as test results: one test suite per enabled
rule, one failing test case per finding, and one passing case for a rule that found
nothing (so a clean run shows every check that ran)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from brazelint.findings import Finding
from brazelint.report.model import Report


def _case_name(finding: Finding) -> str:
    return f"{finding.path}:{finding.span.line}:{finding.span.col}"


def render(report: Report, *, color: bool = False) -> str:
    # ``color`` is accepted for a uniform reporter signature; XML is never coloured.
    by_rule: dict[str, list[Finding]] = {rule_id: [] for rule_id in sorted(report.rules)}
    for finding in report.shown:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    root = ET.Element(
        "testsuites",
        name="brazelint",
        tests=str(sum(max(1, len(found)) for found in by_rule.values())),
        failures=str(len(report.shown)),
    )
    for rule_id, found in by_rule.items():
        entry = report.entry(rule_id)
        suite_name = f"{rule_id} {entry.name}" if entry is not None else rule_id
        suite = ET.SubElement(
            root,
            "testsuite",
            name=suite_name,
            tests=str(max(1, len(found))),
            failures=str(len(found)),
            errors="0",
            skipped="0",
        )
        if not found:
            ET.SubElement(suite, "testcase", name="no findings", classname=rule_id)
            continue
        for finding in found:
            case = ET.SubElement(suite, "testcase", name=_case_name(finding), classname=rule_id)
            failure = ET.SubElement(
                case, "failure", message=finding.message, type=finding.severity.value
            )
            failure.text = f"{_case_name(finding)}: {finding.message}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
