"""The analysis core on shapes real code has: value flow (fallbacks, branch assignments,
helper returns, constants of other files), wrappers called from other files, and SDK
identity by binding. Fixtures are our own; each shape comes from the real-code ledger."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from brazelint.analyzer import Analyzer, FilePlan, parse_source
from brazelint.cli import main
from brazelint.facts import ValueKind
from brazelint.languages import Language

WEB = 'import * as braze from "@braze/web-sdk";\n'


def _scan(tmp_path: Path, files: dict[str, str]) -> list[dict]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(tmp_path)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def _rules(findings: list[dict]) -> list[tuple[str, str, int]]:
    return sorted((f["path"], f["rule_id"], f["line"]) for f in findings)


def _facts(text: str, language: Language = Language.TYPESCRIPT, path: str = "a.ts"):
    facts = parse_source(path, language, text.encode(), [])
    assert facts is not None
    return facts


# --- value flow ----------------------------------------------------------------------------


def test_a_fallback_with_a_pii_arm_is_reported_and_one_without_is_not(tmp_path: Path) -> None:
    found = _scan(
        tmp_path,
        {
            "a.ts": WEB
            + "export function a(user) { braze.changeUser(user.id ?? user.email); }\n"
            + "export function b(user) { braze.changeUser(user.id || user.uid); }\n"
            + "export function c(user) { braze.changeUser(user.ok ? user.id : user.phone); }\n",
        },
    )
    assert [(f["rule_id"], f["line"]) for f in found] == [("BRZ301", 2), ("BRZ301", 4)]
    assert "which may be `user.email`" in found[0]["message"]


def test_a_reassignment_in_one_branch_reaches_the_call(tmp_path: Path) -> None:
    found = _scan(
        tmp_path,
        {
            "a.ts": WEB
            + "export function a(user, guest) {\n"
            + "  let id = user.id;\n"
            + "  if (guest) { id = user.email; }\n"
            + "  braze.changeUser(id);\n"
            + "}\n"
            + "export function b(user, guest) {\n"
            + "  let id = user.email;\n"
            + "  id = user.id;\n"
            + "  braze.changeUser(id);\n"
            + "}\n",
        },
    )
    assert [(f["rule_id"], f["line"]) for f in found] == [("BRZ301", 5)]


def test_arms_of_one_if_exclude_each_other() -> None:
    facts = _facts(
        WEB + "function f(c, user) {\n  let id = user.id;\n"
        "  if (c) { id = user.email; } else { braze.changeUser(id); }\n}\n"
    )
    (call,) = [c for c in facts.calls if c.name == "changeUser"]
    value = call.args[0].value
    assert value.kind is ValueKind.NAME and value.text == "user.id"


def test_a_helpers_return_value_is_what_the_call_passes(tmp_path: Path) -> None:
    found = _scan(
        tmp_path,
        {
            "a.ts": WEB
            + "function idOf(account) { return account.email; }\n"
            + "function safeId(account) { return account.id; }\n"
            + "export function go(me) {\n"
            + "  braze.changeUser(idOf(me)); braze.changeUser(safeId(me));\n}\n",
        },
    )
    assert [(f["rule_id"], f["line"]) for f in found] == [("BRZ301", 5)]


def test_a_constant_imported_from_another_file_is_resolved(tmp_path: Path) -> None:
    found = _scan(
        tmp_path,
        {
            "src/events.ts": 'export const EVENTS = { ORDER: "purchase", SEEN: "item_seen" };\n',
            "src/page.ts": WEB
            + 'import { EVENTS } from "./events";\n'
            + "braze.logCustomEvent(EVENTS.ORDER, { price: 9.99 });\n"
            + "braze.logCustomEvent(EVENTS.SEEN, { price: 9.99 });\n",
        },
    )
    assert _rules(found) == [("src/page.ts", "BRZ401", 3)]


# --- wrappers ------------------------------------------------------------------------------


def test_a_wrapper_called_from_another_file_reports_at_the_call_site(tmp_path: Path) -> None:
    found = _scan(
        tmp_path,
        {
            "src/analytics.ts": WEB
            + "export function track(name: string, props?: object) {\n"
            + "  braze.logCustomEvent(name, props);\n}\n",
            "src/checkout.ts": 'import { track } from "./analytics";\n'
            + 'export function done(o) { track("purchase", { price: o.total }); }\n'
            + 'export function seen() { track("page_seen"); }\n',
        },
    )
    assert _rules(found) == [("src/checkout.ts", "BRZ401", 2)]
    (related,) = found[0]["related"]
    assert related["path"] == "src/analytics.ts" and related["line"] == 3
    assert "track" in related["message"]


def test_a_wrapper_in_the_same_file_reports_at_the_call_site(tmp_path: Path) -> None:
    found = _scan(
        tmp_path,
        {
            "a.ts": WEB
            + "function identify(id) { braze.changeUser(id); }\n"
            + "export function login(user) { identify(user.email); }\n",
        },
    )
    assert [(f["rule_id"], f["line"]) for f in found] == [("BRZ301", 3)]


def test_a_function_with_a_braze_like_name_that_calls_segment_is_not_braze(
    tmp_path: Path,
) -> None:
    found = _scan(
        tmp_path,
        {
            "src/segment.ts": 'import analytics from "@segment/analytics-next";\n'
            + "export function track(name, props) { analytics.track(name, props); }\n",
            "src/checkout.ts": 'import { track } from "./segment";\n'
            + 'track("purchase", { price: 1 });\n',
        },
    )
    assert found == []


# --- SDK identity --------------------------------------------------------------------------


def test_an_alias_of_the_sdk_import_is_the_sdk() -> None:
    facts = _facts(
        'import * as b from "@braze/web-sdk";\nconst sdk = b;\nsdk.changeUser("u");\n'
        'b.logCustomEvent("x");\n'
    )
    calls = {c.chain: c for c in facts.calls}
    assert calls[("b", "logCustomEvent")].sdk is True


def test_a_test_double_called_appboy_is_not_the_sdk() -> None:
    facts = _facts(
        'import sinon from "sinon";\n'
        "const appboy = { changeUser: sinon.spy() };\n"
        'appboy.changeUser("u");\n'
        "const braze = sinon.stub();\n"
        'braze.logCustomEvent("x");\n'
        'appboy.changeUser.should.have.been.calledWith("u");\n',
        Language.JAVASCRIPT,
        "test/a.test.js",
    )
    by_name = {c.chain: c.sdk for c in facts.calls}
    assert by_name[("appboy", "changeUser")] is False
    assert by_name[("braze", "logCustomEvent")] is False
    assert by_name[("appboy", "changeUser", "should", "have", "been", "calledWith")] is False


def test_the_apps_own_com_appboy_package_is_not_the_sdk() -> None:
    facts = _facts(
        "package com.appboy.sample.ui\n"
        "import com.appboy.sample.util.BrazeHelper\n"
        "import com.braze.Braze\n"
        "fun f(ctx: Context) {\n"
        '  BrazeHelper.logCustomEvent("x")\n'
        '  Braze.getInstance(ctx).logCustomEvent("y")\n'
        "}\n",
        Language.KOTLIN,
        "app/src/main/java/A.kt",
    )
    by_root = {c.chain[0]: c.sdk for c in facts.calls if c.name == "logCustomEvent"}
    assert by_root == {"BrazeHelper": False, "Braze": True}


def test_a_class_the_file_defines_called_braze_is_not_the_sdk() -> None:
    facts = _facts(
        "class Braze { static changeUser(x) { return x; } }\nBraze.changeUser(user.email);\n",
        Language.JAVASCRIPT,
        "a.js",
    )
    (call,) = [c for c in facts.calls if c.name == "changeUser"]
    assert call.sdk is False


def test_wrappers_are_summarised_in_the_first_phase() -> None:
    analyzer = Analyzer(FilePlan(enabled=frozenset({"BRZ301"})))
    from brazelint.discover import SourceFile

    data = (WEB + "export function identify(id) { braze.changeUser(id); }\n").encode()
    outcome = analyzer.analyze(SourceFile("/x/a.ts", "a.ts", Language.TYPESCRIPT), data)
    (wrapper,) = outcome.wrappers
    assert (wrapper.name, wrapper.params, wrapper.call.name) == (
        "identify",
        ("id",),
        "changeUser",
    )


def test_an_instance_of_the_files_own_appboy_is_not_the_sdk() -> None:
    """A Segment-style integration names its own constructor Appboy."""
    facts = _facts(
        'var integration = require("analytics.js-integration");\n'
        'var Appboy = integration("Appboy");\n'
        "var appboy = new Appboy({});\n"
        "appboy.reset();\n",
        Language.JAVASCRIPT,
        "lib/index.js",
    )
    (call,) = [c for c in facts.calls if c.name == "reset"]
    assert call.sdk is False


def test_a_subpath_of_a_braze_package_is_the_sdk() -> None:
    facts = _facts('import * as braze from "@braze/web-sdk/core";\nbraze.changeUser("u");\n')
    (call,) = facts.calls
    assert call.sdk is True


def test_a_callee_with_no_name_next_to_a_wrapper_is_read(tmp_path: Path) -> None:
    """`(a || b)()` has no chain; it once ended the second phase with an IndexError."""
    found = _scan(
        tmp_path,
        {
            "w.ts": WEB
            + "export function track(n, p) { braze.logCustomEvent(n, p); }\n"
            + "const x = (a || b)();\nx.changeUser(\"u\");\n",
            "s.ts": 'import { track } from "./w";\nconst y = (c || d)();\n'
            + 'y.track("purchase", { price: 1 });\ntrack("purchase", { price: 2 });\n',
        },
    )
    assert _rules(found) == [("s.ts", "BRZ401", 4)]


def test_the_cache_rechecks_call_sites_when_a_wrapper_or_constant_changes(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    files = {
        "src/analytics.ts": WEB + "export function track(n, p) { braze.logCustomEvent(n, p); }\n",
        "src/events.ts": 'export const EVENTS = { ORDER: "purchase" };\n',
        "src/checkout.ts": 'import { track } from "./analytics";\n'
        + 'export function done(o) { track("purchase", { price: o.total }); }\n',
        "src/page.ts": WEB
        + 'import { EVENTS } from "./events";\n'
        + "braze.logCustomEvent(EVENTS.ORDER, { price: 1 });\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    cache = tmp_path / "cache"

    def scan() -> list[tuple[str, str, int]]:
        args = ["check", "--format", "json", "--cache-dir", str(cache), str(root)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 1), result.output
        return _rules(json.loads(result.output)["findings"])

    both = [("src/checkout.ts", "BRZ401", 2), ("src/page.ts", "BRZ401", 3)]
    assert scan() == both
    assert scan() == both  # served from the cache
    (root / "src/analytics.ts").write_text(
        'import analytics from "@segment/analytics-next";\n'
        "export function track(n, p) { analytics.track(n, p); }\n"
    )
    (root / "src/events.ts").write_text('export const EVENTS = { ORDER: "order_seen" };\n')
    assert scan() == []
