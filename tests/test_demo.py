"""The bundled demo app shows a newcomer every mistake brazelint knows."""

from __future__ import annotations

from brazelint.catalog import load_catalog
from brazelint.config import load_file
from brazelint.rule import RuleSettings
from tests.conftest import REPO, run_scan

DEMO = REPO / "examples" / "demo-app"
#: The demo's own configuration names its tracking plan (for BRZ407), as a run of
#: `brazelint examples/demo-app` finds it.
SETTINGS = RuleSettings(
    tracking_plan=load_file(DEMO / ".brazelint.toml", load_catalog()).tracking_plan
)

#: Rules about the scan or the suppressions themselves, not about Braze code.
_META_RULES = {"BRZ001", "BRZ002"}


def test_demo_app_contains_every_implemented_mistake() -> None:
    result = run_scan(DEMO, root=REPO, settings=SETTINGS)
    fired = {finding.rule_id for finding in result.findings}
    missing = set(load_catalog()) - _META_RULES - fired
    assert not missing, f"the demo app shows no example of {sorted(missing)}"


def test_demo_app_scans_without_notifications() -> None:
    result = run_scan(DEMO, root=REPO, settings=SETTINGS)
    assert result.notifications == []
