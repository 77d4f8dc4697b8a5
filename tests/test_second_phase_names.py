"""The second phase finds the files calling another file's wrapper by one search for the
wrappers' rarest needles: a wrapper whose name or module holds another's (``trackEvent``
beside ``track``) must still be found, and many wrappers must not make each file cost more."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from brazelint.cli import main

WEB = 'import * as braze from "@braze/web-sdk";\n'


def _scan(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(tmp_path)])
    assert result.exit_code in (0, 1), result.output
    return sorted(
        (f["path"], f["rule_id"], f["line"]) for f in json.loads(result.output)["findings"]
    )


def test_a_wrapper_whose_name_holds_another_wrappers_name_is_found(tmp_path: Path) -> None:
    found = _scan(
        tmp_path,
        {
            "src/analytics.ts": WEB
            + "export function track(n: string) { braze.logCustomEvent(n); }\n",
            "src/events.ts": WEB
            + "export function trackEvent(n: string, p?: object) {\n"
            + "  braze.logCustomEvent(n, p);\n}\n",
            "src/checkout.ts": 'import { trackEvent } from "./events";\n'
            + 'export function done(o) { trackEvent("purchase", { price: o.total }); }\n',
        },
    )
    assert found == [("src/checkout.ts", "BRZ401", 2)]


def test_many_wrappers_of_one_name_each_reach_their_own_callers(tmp_path: Path) -> None:
    files = {}
    for index in range(30):
        files[f"src/w{index}/tracker{index}.ts"] = (
            WEB + "export function track(n: string, p?: object) { braze.logCustomEvent(n, p); }\n"
        )
    files["src/a.ts"] = 'import { track } from "./w7/tracker7";\ntrack("purchase", { price: 1 });\n'
    files["src/b.ts"] = 'import { track } from "./elsewhere";\ntrack("purchase", { price: 2 });\n'
    assert _scan(tmp_path, files) == [("src/a.ts", "BRZ401", 2)]
