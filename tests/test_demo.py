"""The bundled demo app shows a newcomer every mistake brazelint knows."""

from __future__ import annotations

from brazelint.catalog import load_catalog
from tests.conftest import REPO, run_scan

DEMO = REPO / "examples" / "demo-app"

#: Rules about the scan or the suppressions themselves, not about Braze code.
_META_RULES = {"BRZ001", "BRZ002"}


def test_demo_app_contains_every_implemented_mistake() -> None:
    result = run_scan(DEMO, root=REPO)
    fired = {finding.rule_id for finding in result.findings}
    missing = set(load_catalog()) - _META_RULES - fired
    assert not missing, f"the demo app shows no example of {sorted(missing)}"


def test_demo_app_scans_without_notifications() -> None:
    result = run_scan(DEMO, root=REPO)
    assert result.notifications == []
