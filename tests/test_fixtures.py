"""Annotated fixtures: every finding in tests/fixtures must be announced by an
``expect: BRZnnn`` comment, and every announcement must be met.

An annotation in a comment that stands alone on its line applies to the next line that is
not itself an annotation; one that trails code applies to its own line. Each immediate
sub-folder of tests/fixtures is scanned as one project (so project rules see it whole).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import implemented_rules, run_scan

FIXTURES = Path(__file__).parent / "fixtures"
_ANNOTATION = re.compile(r"expect:\s*(BRZ\d{3}(?:\s*,\s*BRZ\d{3})*)")
_COMMENT_ONLY = re.compile(r"^\s*(#|//|/\*|\*|<!--|\{%-?\s*comment|--)")


def expected_findings(path: Path, display: str) -> Counter[tuple[str, int, str]]:
    expected: Counter[tuple[str, int, str]] = Counter()
    pending: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (UnicodeDecodeError, OSError):
        return expected
    for number, line in enumerate(lines, start=1):
        match = _ANNOTATION.search(line)
        ids = re.findall(r"BRZ\d{3}", match.group(1)) if match else []
        if match and _COMMENT_ONLY.match(line):
            pending.extend(ids)
            continue
        for rule_id in pending + ids:
            expected[(display, number, rule_id)] += 1
        pending = []
    return expected


def projects() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("project", projects(), ids=lambda p: p.name)
def test_fixture_project(project: Path) -> None:
    implemented = implemented_rules()
    result = run_scan(project, root=project)
    actual = Counter((f.path, f.span.line, f.rule_id) for f in result.findings)
    expected: Counter[tuple[str, int, str]] = Counter()
    for path in sorted(project.rglob("*")):
        if path.is_file():
            display = path.relative_to(project).as_posix()
            expected += expected_findings(path, display)
    expected = Counter({key: n for key, n in expected.items() if key[2] in implemented})
    missed = expected - actual
    extra = actual - expected
    messages = {(f.path, f.span.line, f.rule_id): f.message for f in result.findings}
    report = [f"missed: {key}" for key in sorted(missed)]
    report += [f"unexpected: {key}: {messages[key]}" for key in sorted(extra)]
    assert not report, "\n".join(report)
    assert result.files_parsed > 0
