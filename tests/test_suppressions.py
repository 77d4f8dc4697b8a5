"""Inline suppressions in every language's comment syntax, and the findings about them:
BRZ001 unused-suppression and BRZ002 malformed-suppression."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from brazelint.catalog import load_catalog
from brazelint.facts import Comment, Span
from brazelint.findings import Finding
from brazelint.suppressions import Scope, parse_comments

PURCHASE = ['import * as braze from "@braze/web-sdk";', 'braze.logCustomEvent("purchase");']
PLIST = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<plist version="1.0">',
    "<dict>",
    "    <key>Braze</key>",
    "    <dict>",
    "        <key>Endpoint</key>",
    "        <string>sdk.iad-09.braze.com</string>",
    "    </dict>",
    "</dict>",
    "</plist>",
]


@dataclass(frozen=True)
class Case:
    filename: str
    lines: tuple[str, ...]
    #: 0-based index of the line the rule reports on.
    bad: int
    rule: str
    #: The comment syntax, with {} where the directive goes.
    comment: str
    #: Where a file-wide directive goes (after an XML declaration, which must come first).
    top: int = 0

    def __str__(self) -> str:
        return f"{self.filename}:{self.comment}"


CASES = [
    Case(
        "app.py",
        (
            "import requests",
            'requests.post("https://rest.iad-09.braze.com/users/track", json={}, timeout=10)',
        ),
        1,
        "BRZ201",
        "# {}",
    ),
    Case("app.js", tuple(PURCHASE), 1, "BRZ401", "// {}"),
    Case("app.mjs", tuple(PURCHASE), 1, "BRZ401", "/* {} */"),
    Case("app.ts", tuple(PURCHASE), 1, "BRZ401", "// {}"),
    Case(
        "App.tsx",
        (
            'import * as braze from "@braze/web-sdk";',
            'export const A = () => { braze.logCustomEvent("purchase"); return <div/>; };',
        ),
        1,
        "BRZ401",
        "// {}",
    ),
    Case(
        "App.swift",
        (
            "import BrazeKit",
            "func track() {",
            '    AppDelegate.braze?.logCustomEvent(name: "purchase")',
            "}",
        ),
        2,
        "BRZ401",
        "// {}",
    ),
    Case(
        "Track.kt",
        (
            "import com.braze.Braze",
            "fun track(context: Context) {",
            '    Braze.getInstance(context).logCustomEvent("purchase")',
            "}",
        ),
        2,
        "BRZ401",
        "// {}",
    ),
    Case(
        "Track.java",
        (
            "import com.braze.Braze;",
            "class Track { void track(Context context) {",
            '    Braze.getInstance(context).logCustomEvent("purchase");',
            "} }",
        ),
        2,
        "BRZ401",
        "/* {} */",
    ),
    Case(
        "welcome.liquid",
        ("<h1>Welcome</h1>", "Hi {{ ${first_name} }}!"),
        1,
        "BRZ601",
        "{{% comment %}}{}{{% endcomment %}}",
    ),
    Case(
        "welcome.liquid",
        ("<h1>Welcome</h1>", "Hi {{ ${first_name} }}!"),
        1,
        "BRZ601",
        "{{% # {} %}}",
    ),
    Case(
        "email.html",
        ("<h1>Welcome</h1>", "<p>Hi {{ ${first_name} }}!</p>"),
        1,
        "BRZ601",
        "<!-- {} -->",
    ),
    Case(
        "res/values/braze.xml",
        (
            '<?xml version="1.0" encoding="utf-8"?>',
            "<resources>",
            '    <string name="com_braze_custom_endpoint">sdk.iad-09.braze.com</string>',
            "</resources>",
        ),
        2,
        "BRZ201",
        "<!-- {} -->",
        top=1,
    ),
    Case("ios/Info.plist", tuple(PLIST), 6, "BRZ201", "<!-- {} -->", top=1),
    Case(".env", ("APP_NAME=shop", "BRAZE_SDK_ENDPOINT=sdk.iad-09.braze.com"), 1, "BRZ201", "# {}"),
]


def _comment_syntax(case: Case, directive: str) -> str:
    # The Liquid cases hold literal braces, doubled for str.format.
    return case.comment.format(directive)


def _write_and_scan(scan_tree, case: Case, lines: list[str]) -> list[Finding]:
    return scan_tree({case.filename: "\n".join(lines) + "\n"}).findings


def _shown(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.suppressed_by is None]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_rule_fires_without_a_suppression(scan_tree, case: Case) -> None:
    findings = _write_and_scan(scan_tree, case, list(case.lines))
    assert [(f.rule_id, f.span.line) for f in findings] == [(case.rule, case.bad + 1)]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_ignore_on_the_line(scan_tree, case: Case) -> None:
    lines = list(case.lines)
    directive = f"brazelint: ignore[{case.rule}]"
    lines[case.bad] += " " + _comment_syntax(case, directive)
    [finding] = _write_and_scan(scan_tree, case, lines)
    assert finding.rule_id == case.rule
    assert finding.suppressed_by == directive


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bare_ignore_silences_every_rule_on_the_line(scan_tree, case: Case) -> None:
    lines = list(case.lines)
    lines[case.bad] += " " + _comment_syntax(case, "brazelint: ignore")
    [finding] = _write_and_scan(scan_tree, case, lines)
    assert finding.suppressed_by == "brazelint: ignore"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_ignore_next_line(scan_tree, case: Case) -> None:
    lines = list(case.lines)
    # No "--" before the reason: XML forbids it inside <!-- comments -->.
    directive = f"brazelint: ignore-next-line[{case.rule}] checked with the data team"
    indent = _indent(lines[case.bad])
    lines.insert(case.bad, indent + _comment_syntax(case, directive))
    [finding] = _write_and_scan(scan_tree, case, lines)
    assert finding.suppressed_by == (
        f"brazelint: ignore-next-line[{case.rule}] -- checked with the data team"
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_ignore_file(scan_tree, case: Case) -> None:
    lines = list(case.lines)
    lines.insert(case.top, _comment_syntax(case, f"brazelint: ignore-file[{case.rule}]"))
    [finding] = _write_and_scan(scan_tree, case, lines)
    assert finding.suppressed_by == f"brazelint: ignore-file[{case.rule}]"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_suppression_for_another_rule_is_reported_unused(scan_tree, case: Case) -> None:
    lines = list(case.lines)
    lines[case.bad] += " " + _comment_syntax(case, "brazelint: ignore[BRZ303]")
    findings = _write_and_scan(scan_tree, case, lines)
    assert [(f.rule_id, f.span.line, f.suppressed_by) for f in findings] == [
        (case.rule, case.bad + 1, None),
        ("BRZ001", case.bad + 1, None),
    ]
    assert findings[1].message == (
        "unused suppression `brazelint: ignore[BRZ303]`: BRZ303 silenced nothing on this line"
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_malformed_directive_is_reported_and_silences_nothing(scan_tree, case: Case) -> None:
    lines = list(case.lines)
    lines[case.bad] += " " + _comment_syntax(case, f"brazelint: ignore {case.rule}")
    findings = _write_and_scan(scan_tree, case, lines)
    assert [(f.rule_id, f.span.line, f.suppressed_by) for f in findings] == [
        (case.rule, case.bad + 1, None),
        ("BRZ002", case.bad + 1, None),
    ]
    assert findings[1].message == (
        f"`brazelint: ignore` must be followed by `[RULE, …]`, `-- reason` or nothing, not "
        f"{case.rule!r}; this comment silences nothing"
    )


# --- one language, exact behaviour ----------------------------------------------------------


def _js(scan_tree, *lines: str) -> list[tuple[str, int, str | None]]:
    result = scan_tree({"app.js": "\n".join(lines) + "\n"})
    return [(f.rule_id, f.span.line, f.suppressed_by) for f in result.findings]


IMPORT = PURCHASE[0]
BAD = PURCHASE[1]


@pytest.mark.parametrize(
    "selector", ["BRZ401", "brz401", "purchase-as-custom-event", "BRZ4", "ALL", "BRZ401, BRZ4"]
)
def test_rules_named_by_id_name_prefix_or_all(scan_tree, selector: str) -> None:
    assert _js(scan_tree, IMPORT, f"{BAD} // brazelint: ignore[{selector}]") == [
        ("BRZ401", 2, f"brazelint: ignore[{selector}]")
    ]


def test_reason_after_the_brackets_is_the_justification(scan_tree) -> None:
    assert _js(scan_tree, IMPORT, f"{BAD} // brazelint: ignore[BRZ401] legacy revenue report") == [
        ("BRZ401", 2, "brazelint: ignore[BRZ401] -- legacy revenue report")
    ]


def test_directive_text_in_a_string_is_not_a_directive(scan_tree) -> None:
    line = f'const note = "brazelint: ignore[BRZ401]"; {BAD}'
    assert _js(scan_tree, IMPORT, line) == [("BRZ401", 2, None)]


def test_ignore_next_line_covers_only_the_next_line(scan_tree) -> None:
    assert _js(scan_tree, IMPORT, "// brazelint: ignore-next-line[BRZ401]", "", BAD) == [
        ("BRZ001", 2, None),
        ("BRZ401", 4, None),
    ]


def test_unknown_rule_is_reported_and_the_known_ones_still_apply(scan_tree) -> None:
    result = scan_tree({"app.js": f"{IMPORT}\n{BAD} // brazelint: ignore[BRZ401, BRZ999]\n"})
    assert [(f.rule_id, f.suppressed_by) for f in result.findings] == [
        ("BRZ401", "brazelint: ignore[BRZ401, BRZ999]"),
        ("BRZ001", None),
    ]
    assert result.findings[1].message == (
        "unused suppression `brazelint: ignore[BRZ401, BRZ999]`: BRZ999 is not a brazelint rule"
    )
    assert result.findings[1].span == Span(2, 38, 2, 71)


def test_bare_ignore_with_nothing_to_silence(scan_tree) -> None:
    result = scan_tree({"app.js": f"{IMPORT} // brazelint: ignore\n"})
    [finding] = result.findings
    assert finding.rule_id == "BRZ001"
    assert finding.message == (
        "unused suppression `brazelint: ignore`: silenced nothing on this line"
    )


def test_redundant_directives_are_all_credited(scan_tree) -> None:
    assert _js(
        scan_tree, "// brazelint: ignore-file[BRZ401]", IMPORT, f"{BAD} // brazelint: ignore[BRZ4]"
    ) == [("BRZ401", 3, "brazelint: ignore[BRZ4]")]


def test_findings_about_suppressions_can_be_silenced_file_wide(scan_tree) -> None:
    assert _js(
        scan_tree, "// brazelint: ignore-file[BRZ001]", IMPORT, "// brazelint: ignore[BRZ999]"
    ) == [("BRZ001", 3, "brazelint: ignore-file[BRZ001]")]


def test_meta_rules_follow_selection(scan_tree) -> None:
    files = {"app.js": f"{IMPORT} // brazelint: ignore[BRZ999]\n// brazelint: nope\n"}
    assert scan_tree(files, select={"BRZ401"}).findings == []


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        (
            "// Brazelint: ignore[BRZ401]",
            "`Brazelint:` is not a directive: write `brazelint:` in lower case with no space "
            "before the colon; this comment silences nothing",
        ),
        (
            "// brazelint : ignore",
            "`brazelint :` is not a directive: write `brazelint:` in lower case with no space "
            "before the colon; this comment silences nothing",
        ),
        (
            "// brazelint: ignore: BRZ401",
            "`brazelint: ignore` must be followed by `[RULE, …]`, `-- reason` or nothing, not "
            "': BRZ401'; this comment silences nothing",
        ),
        (
            "// brazelint: ignore[]",
            "empty rule list in `ignore[]`: name the rules (or write `[ALL]` to silence every "
            "rule); this comment silences nothing",
        ),
        (
            "// brazelint: ignore[BRZ401",
            "`[` after `ignore` is not closed; this comment silences nothing",
        ),
        (
            "// brazelint: ignore[BRZ401;BRZ402]",
            "'BRZ401;BRZ402' is not a rule ID or name (separate rules with commas); this comment "
            "silences nothing",
        ),
        (
            "// brazelint: disable[BRZ401]",
            "unknown directive `brazelint: disable`; write `brazelint: ignore[RULE]`, "
            "`ignore-next-line[RULE]` or `ignore-file[RULE]`; this comment silences nothing",
        ),
        (
            "// brazelint:",
            "empty `brazelint:`; write `brazelint: ignore[RULE]`, `ignore-next-line[RULE]` or "
            "`ignore-file[RULE]`; this comment silences nothing",
        ),
        (
            "// brazelint: ignore-file[BRZ401]",
            "`brazelint: ignore-file` must be in a comment on a line of its own; this comment "
            "silences nothing",
        ),
        (
            "// brazelint: ignore-next-line",
            "`brazelint: ignore-next-line` must be in a comment on a line of its own; this "
            "comment silences nothing",
        ),
    ],
)
def test_malformed_directives_never_widen(scan_tree, comment: str, message: str) -> None:
    result = scan_tree({"app.js": f"{IMPORT}\n{BAD} {comment}\n{BAD}\n"})
    assert [(f.rule_id, f.span.line, f.suppressed_by) for f in result.findings] == [
        ("BRZ401", 2, None),
        ("BRZ002", 2, None),
        ("BRZ401", 3, None),
    ]
    assert result.findings[1].message == message


def test_parse_positions_and_scopes() -> None:
    lines = ("x = 1", "/* note", "   brazelint: ignore-next-line[BRZ401] */", "y()")
    comments = [Comment("/* note\n   brazelint: ignore-next-line[BRZ401] */", Span(2, 1, 3, 45))]
    parsed = parse_comments(comments, lines, load_catalog())
    [directive] = parsed.directives
    assert directive.scope is Scope.NEXT_LINE
    assert directive.target_line == 4
    assert directive.span == Span(3, 4, 3, 39)
    assert directive.rule_ids == frozenset({"BRZ401"})
    assert parsed.malformed == ()


def test_cli_shows_suppressed_findings_only_when_asked(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from brazelint.cli import main

    (tmp_path / "app.js").write_text(f"{IMPORT}\n{BAD} // brazelint: ignore[BRZ401] -- ok\n")
    hidden = CliRunner().invoke(main, [str(tmp_path), "--format", "json"])
    assert hidden.exit_code == 0
    assert json.loads(hidden.stdout)["findings"] == []
    assert json.loads(hidden.stdout)["summary"]["suppressed"] == 1
    shown = CliRunner().invoke(main, [str(tmp_path), "--format", "sarif", "--include-suppressed"])
    assert shown.exit_code == 0  # suppressed findings never fail the run
    [result] = json.loads(shown.stdout)["runs"][0]["results"]
    assert result["suppressions"] == [
        {"kind": "inSource", "justification": "brazelint: ignore[BRZ401] -- ok"}
    ]
