"""The SARIF brazelint writes stays within what GitHub code scanning ingests, with the
fields it requires, even for a large scan with long messages.

Limits: docs.github.com …/sarif-support-for-code-scanning ("Limits" and "Supported SARIF
output file properties"); anchors.md §D1-D2.
"""

from __future__ import annotations

import gzip
import json

from brazelint.catalog import load_catalog
from brazelint.facts import Span
from brazelint.findings import Finding, RelatedLocation, Severity
from brazelint.report import Report, sarif

MAX_GZIP_BYTES = 10 * 1024 * 1024
MAX_RUNS = 20
MAX_RESULTS = 25_000
MAX_RULES = 25_000
MAX_LOCATIONS = 1_000
MAX_TAGS = 20
MAX_DESCRIPTION = 1_024
SEVERITIES = (Severity.NOTE, Severity.WARNING, Severity.ERROR)


def _big_report() -> Report:
    catalog = load_catalog()
    rule_ids = sorted(catalog)
    findings = []
    lines: dict[str, tuple[str, ...]] = {}
    for number in range(30_000):
        path = f"src/module_{number % 40:02d}/file.ts"
        line = number % 400 + 1
        literal = f"value-{number:05d}-" + "x" * 800
        findings.append(
            Finding(
                rule_id=rule_ids[number % len(rule_ids)],
                path=path,
                span=Span(line, 3, line, 40),
                message=f"finding {number}: {literal!r} is not what Braze expects here; "
                + "see the rule documentation for the reasons and the fix. " * 5,
                severity=SEVERITIES[number % 3],
                related=(
                    RelatedLocation("src/other.ts", Span(1, 1, 1, 5), "the other place"),
                ),
            )
        )
        lines.setdefault(path, tuple(f"const line{i} = {i};" for i in range(1, 401)))
    return Report(
        findings=tuple(findings),
        rules=catalog,
        files_scanned=500,
        root="/work/project",
        lines=lines,
    )


def test_large_scan_with_long_messages_is_within_githubs_limits() -> None:
    text = sarif.render(_big_report())
    assert len(gzip.compress(text.encode("utf-8"))) <= MAX_GZIP_BYTES
    document = json.loads(text)
    assert document["version"] == "2.1.0" and document["$schema"]
    assert 1 <= len(document["runs"]) <= MAX_RUNS
    for run in document["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] == "brazelint"
        rules = driver["rules"]
        assert len(rules) <= MAX_RULES
        assert len({rule["id"] for rule in rules}) == len(rules)
        for rule in rules:
            assert rule["id"]
            for field in ("shortDescription", "fullDescription"):
                assert 0 < len(rule[field]["text"]) <= MAX_DESCRIPTION
            assert rule["help"]["text"]
            assert len(rule["properties"]["tags"]) <= MAX_TAGS
            assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        results = run["results"]
        assert len(results) == MAX_RESULTS
        # The dropped 5,000 are the least severe: no error is lost.
        assert sum(r["level"] == "error" for r in results) == 10_000
        for result in results:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            assert result["message"]["text"]
            assert 1 <= len(result["locations"]) <= MAX_LOCATIONS
            location = result["locations"][0]["physicalLocation"]
            assert location["artifactLocation"]["uri"].startswith("src/")
            assert location["region"]["startLine"] >= 1
            assert location["region"]["startColumn"] >= 1
            assert result["partialFingerprints"]["brazelint/v1"]
            assert len(result.get("relatedLocations", ())) <= MAX_LOCATIONS
        notes = run["invocations"][0]["toolExecutionNotifications"]
        assert any("30,000 results exceed GitHub's limit" in n["message"]["text"] for n in notes)
