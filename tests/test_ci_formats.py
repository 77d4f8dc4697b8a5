"""The GitLab Code Quality and JUnit formats, checked as their consumers read them: the
GitLab report against a schema written from GitLab's documented field table, JUnit with a
real JUnit XML parser."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from junitparser import Failure, JUnitXml

from brazelint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
GITLAB_SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "gitlab-codequality.schema.json").read_text("utf-8")
)
KEY = "deadbeef-cafe-4bab-8e5e-feedfacef00d"


def _run(*args: str) -> str:
    outcome = CliRunner().invoke(main, [*args, "--no-cache"], catch_exceptions=False)
    assert outcome.exit_code in (0, 1), outcome.output
    return outcome.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ci")
    (root / "app.js").write_text(
        'import * as braze from "@braze/web-sdk";\nbraze.logCustomEvent("purchase");\n'
        f'fetch("https://rest.iad-01.braze.com/users/track", {{ headers: {{ Authorization: '
        f'"Bearer {KEY}" }} }});\n',
        encoding="utf-8",
    )
    return root


def test_gitlab_report_follows_the_documented_fields(project: Path) -> None:
    issues = json.loads(_run(str(project), "--format", "gitlab"))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    by_rule = {issue["check_name"].split()[0]: issue for issue in issues}
    assert by_rule["BRZ401"]["severity"] == "minor"  # a warning
    assert by_rule["BRZ101"]["severity"] == "critical"  # a security rule's error
    assert by_rule["BRZ401"]["location"] == {"path": "app.js", "lines": {"begin": 2}}
    assert KEY not in json.dumps(issues)


def test_gitlab_fingerprint_is_the_sarif_one(project: Path) -> None:
    issues = json.loads(_run(str(project), "--format", "gitlab"))
    sarif = json.loads(_run(str(project), "--format", "sarif"))
    sarif_prints = [
        result["partialFingerprints"]["brazelint/v1"] for result in sarif["runs"][0]["results"]
    ]
    assert [issue["fingerprint"] for issue in issues] == sarif_prints


def test_junit_has_a_suite_per_rule_and_a_failure_per_finding(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.xml"
    _run(str(project), "--format", "junit", "-o", str(out), "--select", "BRZ1,BRZ401,BRZ601")
    xml = JUnitXml.fromfile(str(out))
    suites = {suite.name.split()[0]: suite for suite in xml}
    assert set(suites) == {"BRZ101", "BRZ102", "BRZ103", "BRZ401", "BRZ601"}
    (case,) = list(suites["BRZ401"])
    assert case.name == "app.js:2:22"
    assert isinstance(case.result[0], Failure)
    assert "purchase" in case.result[0].message
    # A rule that found nothing is one passing case, so the run shows it ran.
    (clean,) = list(suites["BRZ601"])
    assert clean.is_passed
    assert KEY not in out.read_text(encoding="utf-8")


def test_clean_run_is_valid_in_both_formats(tmp_path: Path) -> None:
    (tmp_path / "ok.js").write_text("const a = 1;\n", encoding="utf-8")
    assert json.loads(_run(str(tmp_path), "--format", "gitlab")) == []
    out = tmp_path / "report.xml"
    _run(str(tmp_path), "--format", "junit", "-o", str(out))
    xml = JUnitXml.fromfile(str(out))
    assert all(case.is_passed for suite in xml for case in suite)
