"""Unit tests for issue 5's rules (BRZ501–504, BRZ702, BRZ703) and the facts they added:
COMPREHENSION / SLICE / ARITHMETIC values, ``Loop`` and ``NumberLiteral`` facts. The
annotated fixtures (tests/fixtures/rest-*, push-*, legacy-*) cover the rules end to end;
these pin down the pieces and the settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from brazelint.engine import ScanOptions, scan
from brazelint.facts import FileFacts, Span, Value, ValueKind
from brazelint.frontends import javascript
from brazelint.languages import Language
from brazelint.resolve import finish
from brazelint.rule import RuleSettings
from brazelint.rules.brz504_invalid_track_time import is_iso8601, time_problem
from brazelint.syntax import python


def _python(text: str) -> FileFacts:
    return finish(python.parse("job.py", text, Language.PYTHON), text)


def _js(text: str) -> FileFacts:
    return finish(javascript.parse("job.mjs", text, Language.JAVASCRIPT), text)


# --- facts ----------------------------------------------------------------------------------


def test_python_comprehension_slice_and_arithmetic() -> None:
    facts = _python("B = 100\nx = [{'id': u.id} for u in users[i:i + B]]\n")
    value = facts.assignments[1].value
    assert value.kind is ValueKind.COMPREHENSION
    element, collection = value.items
    assert element.kind is ValueKind.DICT and element.get("id") == Value(
        ValueKind.NAME, "u.id", Span(2, 13, 2, 17)
    )
    assert collection.kind is ValueKind.SLICE
    sliced, start, stop = collection.items
    assert (sliced.text, start.text) == ("users", "i")
    assert stop.kind is ValueKind.ARITHMETIC and stop.operator == "+"
    # The constant is substituted inside the arithmetic, like any other value.
    assert stop.items[1].number == 100 and stop.items[1].resolved_from == "B"


def test_python_slice_without_a_bound_and_with_a_step() -> None:
    facts = _python("a = xs[:80]\nb = xs[::2]\nc = [x for a in y for x in a]\n")
    first = facts.assignments[0].value
    assert first.kind is ValueKind.SLICE
    assert [(v.kind, v.text) for v in first.items] == [
        (ValueKind.NAME, "xs"),
        (ValueKind.NULL, "None"),
        (ValueKind.NUMBER, "80"),
    ]
    assert facts.assignments[1].value.kind is ValueKind.UNKNOWN
    # Nested fors: the element is not one per element of the first collection.
    assert facts.assignments[2].value.kind is ValueKind.UNKNOWN


def test_python_calls_in_a_comprehension_keep_its_loop() -> None:
    facts = _python("def f(us):\n    x = [g(u) for u in us]\n")
    (call,) = [c for c in facts.calls if c.name == "g"]
    assert call.flow.loops == ("loop@2",)


def test_python_loops_and_numbers() -> None:
    facts = _python(
        "def f(users):\n"
        "    for i, batch in enumerate(chunks(users, 50)):\n"
        "        if r.status_code == 429:\n"
        "            continue\n"
    )
    (loop,) = facts.loops
    assert (loop.label, loop.targets, loop.span.line) == ("loop@2", ("i", "batch"), 2)
    assert loop.iterable.kind is ValueKind.CALL and loop.iterable.text == "enumerate"
    assert loop.flow.scope == "f@1"
    assert [(n.text, n.number, n.span.line) for n in facts.numbers] == [
        ("50", 50.0, 2),
        ("429", 429.0, 3),
    ]
    assert facts.numbers[1].flow.loops == ("loop@2",)


def test_js_map_is_a_comprehension_and_its_calls_keep_the_callback_scope() -> None:
    facts = _js(
        "function f(users) {\n"
        "  const body = { attributes: users.slice(0, 75).map((u) => ({ id: norm(u.id) })) };\n"
        "}\n"
    )
    value = facts.assignments[0].value.get("attributes")
    assert value is not None and value.kind is ValueKind.COMPREHENSION
    element, collection = value.items
    assert element.kind is ValueKind.DICT and element.get("id") is not None
    assert collection.kind is ValueKind.CALL and collection.text == "users.slice"
    (norm,) = [c for c in facts.calls if c.name == "norm"]
    assert norm.flow.scope.startswith("<lambda>@2:")
    assert norm.flow.loops == ("iter:map@2",)


def test_js_block_callback_with_one_return_is_a_comprehension() -> None:
    facts = _js("const a = xs.map(function (x) { return { id: x }; });\n")
    assert facts.assignments[0].value.kind is ValueKind.COMPREHENSION
    facts = _js("const a = xs.map((x) => { log(x); return { id: x }; });\n")
    assert facts.assignments[0].value.kind is ValueKind.CALL


def test_js_for_of_loop_spread_and_numbers() -> None:
    facts = _js("for (const batch of _.chunk(users, 100)) { send({ ...base, n: 1 }); }\n")
    (loop,) = facts.loops
    assert (loop.label, loop.targets) == ("loop@1", ("batch",))
    assert loop.iterable.kind is ValueKind.CALL and loop.iterable.text == "_.chunk"
    body = next(c for c in facts.calls if c.name == "send").args[0].value
    assert [key for key, _ in body.entries] == [None, "n"]
    assert [n.text for n in facts.numbers] == ["100", "1"]


# --- BRZ501 settings ------------------------------------------------------------------------

_BATCH = """\
import requests
from tenacity import retry

@retry
def send(body):
    requests.post("https://rest.iad-01.braze.com/users/track", json=body, timeout=10)

def sync(users):
    send({"attributes": [{"external_id": u.id} for u in users[:100]]})
"""


@pytest.mark.parametrize(("limit", "lines"), [(75, [9]), (100, []), (225, []), (99, [9])])
def test_batch_limit_is_configurable(tmp_path: Path, limit: int, lines: list[int]) -> None:
    (tmp_path / "job.py").write_text(_BATCH, encoding="utf-8")
    result = scan(
        ScanOptions(
            targets=(tmp_path,),
            enabled=frozenset({"BRZ501"}),
            root=tmp_path,
            settings=RuleSettings(track_batch_limit=limit),
        )
    )
    assert [f.span.line for f in result.findings] == lines
    if lines:
        assert f"at most {limit} objects" in result.findings[0].message


# --- BRZ504 time values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("2026-05-17T10:00:00Z", True),
        ("2026-05-17T10:00:00.123456+02:00", True),
        ("2026-05-17T10:00:00:000Z", True),  # Braze's own yyyy-MM-dd'T'HH:mm:ss:SSSZ
        ("2026-05-17 10:00", True),
        ("2026-05-17", True),
        ("17/05/2026", False),
        ("2026-5-17", False),
        ("2026-05-17T25:00:00Z", False),
        ("1747476000", False),
        ("", False),
    ],
)
def test_iso8601(text: str, valid: bool) -> None:
    assert is_iso8601(text) is valid


def test_time_problem_trusts_what_it_cannot_see() -> None:
    span = Span(1, 1, 1, 2)
    assert time_problem(Value(ValueKind.NAME, "event.at", span)) is None
    assert time_problem(Value(ValueKind.TEMPLATE, "{d}T00:00:00Z", span)) is None
    assert time_problem(Value(ValueKind.NUMBER, "0", span, number=0)) == (
        "the number 0 (an epoch timestamp?)"
    )


# --- BRZ702 named files ---------------------------------------------------------------------

_APP_DELEGATE = """\
import BrazeKit
import UIKit

class AppDelegate: UIResponder, UIApplicationDelegate {
  func start(_ application: UIApplication) {
    application.registerForRemoteNotifications()
  }
}
"""
_PUSH_DELEGATE = """\
import UIKit

extension AppDelegate {
  func application(
    _ application: UIApplication,
    didRegisterForRemoteNotificationsWithDeviceToken deviceToken: Data
  ) {
    Backend.upload(deviceToken)
  }
}
"""


def test_push_rule_reads_the_whole_repository_but_reports_on_named_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "AppDelegate.swift").write_text(_APP_DELEGATE, encoding="utf-8")
    (tmp_path / "PushDelegate.swift").write_text(_PUSH_DELEGATE, encoding="utf-8")

    def found(*names: str) -> list[tuple[str, int]]:
        result = scan(
            ScanOptions(
                targets=tuple(tmp_path / name for name in names),
                enabled=frozenset({"BRZ702"}),
                root=tmp_path,
            )
        )
        return [(f.path, f.span.line) for f in result.findings]

    assert found("PushDelegate.swift") == [("PushDelegate.swift", 4)]
    assert found("AppDelegate.swift") == []
    assert found("AppDelegate.swift", "PushDelegate.swift") == [("PushDelegate.swift", 4)]


def test_push_rule_needs_braze_on_the_platform(tmp_path: Path) -> None:
    # The same app without BrazeKit uses another push provider: nothing to say.
    (tmp_path / "AppDelegate.swift").write_text(
        _APP_DELEGATE.replace("import BrazeKit\n", ""), encoding="utf-8"
    )
    (tmp_path / "PushDelegate.swift").write_text(_PUSH_DELEGATE, encoding="utf-8")
    result = scan(ScanOptions(targets=(tmp_path,), enabled=frozenset({"BRZ702"}), root=tmp_path))
    assert result.findings == []


# --- BRZ703 messages ------------------------------------------------------------------------


def test_legacy_messages_name_the_replacement(tmp_path: Path) -> None:
    (tmp_path / "App.kt").write_text(
        'import com.appboy.Appboy\nfun f(c: Context) { Appboy.getInstance(c).changeUser("u-1") }\n',
        encoding="utf-8",
    )
    (tmp_path / "page.js").write_text(
        'import * as appboy from "@braze/web-sdk";\nappboy.openSession();\n'
        "window.appboy.display.automaticallyShowNewInAppMessages();\n",
        encoding="utf-8",
    )
    result = scan(ScanOptions(targets=(tmp_path,), enabled=frozenset({"BRZ703"}), root=tmp_path))
    assert [(f.path, f.span.line, f.message) for f in result.findings] == [
        (
            "App.kt",
            1,
            "import com.appboy.Appboy is the Appboy-era SDK API, deprecated or removed in "
            "current Braze SDKs; use com.braze.Braze",
        ),
        (
            "App.kt",
            2,
            "Appboy.getInstance is the Appboy-era SDK API, deprecated or removed in current "
            "Braze SDKs; use Braze.getInstance (com.braze.Braze)",
        ),
        # A local `appboy` bound to the current SDK (line 2) is not legacy.
        (
            "page.js",
            3,
            "appboy.display.automaticallyShowNewInAppMessages() is the Appboy-era SDK API, "
            "deprecated or removed in current Braze SDKs; use "
            "braze.automaticallyShowInAppMessages()",
        ),
    ]


def _legacy(tmp_path: Path, name: str, text: str) -> list[tuple[int, str]]:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    result = scan(ScanOptions(targets=(tmp_path,), enabled=frozenset({"BRZ703"}), root=tmp_path))
    return [(f.span.line, f.message) for f in result.findings]


def test_legacy_chained_call_is_one_finding(tmp_path: Path) -> None:
    found = _legacy(tmp_path, "a.js", "window.appboy.getUser().setEmail(e);\n")
    assert [line for line, _ in found] == [1]
    assert found[0][1].startswith("appboy.getUser().setEmail() is the Appboy-era SDK API")
    assert found[0][1].endswith("use braze.getUser().setEmail() from @braze/web-sdk")


def test_legacy_import_statement_is_one_finding(tmp_path: Path) -> None:
    found = _legacy(
        tmp_path, "a.js", 'import appboy, { display, ab } from "appboy-web-sdk";\nexport {};\n'
    )
    assert found == [
        (
            1,
            'the package "appboy-web-sdk" is the Appboy-era SDK API, deprecated or removed in '
            'current Braze SDKs; use "@braze/web-sdk"',
        )
    ]


def test_legacy_loader_stub_and_test_doubles_are_not_calls(tmp_path: Path) -> None:
    text = (
        "appboy.getUser = function () { return new appboy.ab.User };\n"
        "sinon.assert(appboy.ab.WindowUtils.openUri.withArgs(u).calledOnce);\n"
        "appboy.getUser.returns(fakeUser);\n"
        "appboy.openSession();\n"
    )
    assert [line for line, _ in _legacy(tmp_path, "a.js", text)] == [4]


def test_legacy_ab_namespace_replacement_is_the_real_name(tmp_path: Path) -> None:
    found = _legacy(tmp_path, "a.js", "new appboy.ab.InAppMessage.Button('OK');\n")
    assert len(found) == 1
    assert "use braze.InAppMessageButton()" in found[0][1]
    found = _legacy(tmp_path, "b.js", "new appboy.ab.ModalMessage('Hi');\n")
    assert any("use braze.ModalMessage()" in message for _, message in found)


_APPBOY_PLIST = """<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>Appboy</key>
  <dict>
    <key>Endpoint</key>
    <string>sdk.iad-01.braze.com</string>
    <key>LogLevel</key>
    <integer>7</integer>
  </dict>
</dict>
</plist>
"""


def test_legacy_plist_dictionary_is_one_finding_and_test_bundles_none(tmp_path: Path) -> None:
    (tmp_path / "AppTests").mkdir()
    (tmp_path / "AppTests" / "Info.plist").write_text(_APPBOY_PLIST, encoding="utf-8")
    found = _legacy(tmp_path, "App/Info.plist", _APPBOY_PLIST)
    assert found == [
        (
            7,
            "the Info.plist `Appboy` dictionary (`Endpoint`, `LogLevel`) is the Appboy-era SDK "
            "API, deprecated or removed in current Braze SDKs; use the `Braze` dictionary with "
            "the same keys",
        )
    ]


def test_legacy_manifest_dependencies(tmp_path: Path) -> None:
    found = _legacy(
        tmp_path,
        "web/package.json",
        '{\n  "dependencies": {\n    "appboy-web-sdk": "^1.6.12",\n'
        '    "@braze/web-sdk": "^3.5.0",\n    "@braze/react-native-sdk": "1.41.0",\n'
        '    "react": "18.2.0"\n  }\n}\n',
    )
    assert [line for line, _ in found] == [3, 4, 5]
    assert found[0][1] == (
        "the project depends on the Appboy-era SDK `appboy-web-sdk` ^1.6.12 (npm); its API is "
        "deprecated or removed in current Braze SDKs and every call written for it has to "
        'change when it is replaced: move to "@braze/web-sdk"'
    )
    assert "where the `appboy` namespace became `braze`" in found[1][1]
    assert "whose iOS side is the unsupported Appboy iOS SDK (AppboyKit)" in found[2][1]


def test_current_sdk_versions_in_manifests_are_not_reported(tmp_path: Path) -> None:
    assert (
        _legacy(
            tmp_path,
            "package.json",
            '{"dependencies": {"@braze/web-sdk": "^5.0.0", "@braze/react-native-sdk": "latest"}}',
        )
        == []
    )
    assert _legacy(tmp_path, "pubspec.yaml", "dependencies:\n  braze_plugin: ^17.1.0\n") == []
