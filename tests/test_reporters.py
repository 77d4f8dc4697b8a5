"""Reporters: text, JSON, SARIF and GitHub output, and the fingerprints they carry."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brazelint import __version__
from brazelint.catalog import CatalogEntry, Example, RuleDocs
from brazelint.facts import Span
from brazelint.findings import (
    Applicability,
    Edit,
    Finding,
    Fix,
    Notification,
    NotificationLevel,
    RelatedLocation,
    Severity,
)
from brazelint.languages import Language
from brazelint.report import REPORTERS, Report, get_reporter, github, json_, sarif, text
from brazelint.report.fingerprints import FINGERPRINT_KEY, file_text, line_hashes

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
ROOT = "/work/project"


def entry(
    rule_id: str = "BRZ401",
    name: str = "purchase-as-custom-event",
    severity: Severity = Severity.ERROR,
    *,
    security_severity: str | None = None,
    tags: tuple[str, ...] = ("braze", "data-model"),
    full: str = "Finds purchases logged with logCustomEvent.",
) -> CatalogEntry:
    return CatalogEntry(
        id=rule_id,
        name=name,
        severity=severity,
        precision="high",
        languages=(Language.JAVASCRIPT,),
        short=f"Short description of {name}.",
        tags=tags,
        security_severity=security_severity,
        known_docs=RuleDocs(
            full=full,
            why="Revenue reports miss it.",
            fix="Use logPurchase.",
            references=("https://www.braze.com/docs/",),
            examples=(
                Example(
                    Language.JAVASCRIPT,
                    'braze.logCustomEvent("purchase");',
                    'braze.logPurchase("sku", 1, "USD");',
                    "example.js",
                ),
            ),
        ),
    )


RULES = {
    "BRZ101": entry("BRZ101", "rest-key-hardcoded", security_severity="8.5", tags=("security",)),
    "BRZ401": entry(),
    "BRZ601": entry("BRZ601", "liquid-missing-default", Severity.WARNING),
    "BRZ701": entry("BRZ701", "sdk-logging-enabled", Severity.NOTE),
}

APP_LINES = (
    "import braze from '@braze/web-sdk';",
    "",
    'braze.logCustomEvent("purchase");',
    "const key = 'abcd1234abcd1234abcd1234abcd1234';",
    "",
)


APP_SPAN = Span(3, 1, 3, 33)


def finding(
    rule_id: str = "BRZ401",
    path: str = "src/app.js",
    span: Span = APP_SPAN,
    message: str = "Purchase logged as a custom event; use logPurchase",
    severity: Severity = Severity.ERROR,
    **kwargs,
) -> Finding:
    return Finding(rule_id, path, span, message, severity, **kwargs)


def report(findings=(), notifications=(), **kwargs) -> Report:
    defaults = {
        "rules": RULES,
        "files_scanned": 3,
        "root": ROOT,
        "lines": {"src/app.js": APP_LINES},
    }
    defaults.update(kwargs)
    return Report(tuple(findings), tuple(notifications), **defaults)


def sarif_doc(rep: Report) -> dict:
    return json.loads(sarif.render(rep))


def assert_valid_sarif(doc: dict) -> None:
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(doc), key=str)
    assert errors == [], [e.message for e in errors[:5]]


# --- registry ----------------------------------------------------------------------------


def test_registry_has_every_format():
    assert sorted(REPORTERS) == ["github", "gitlab", "json", "junit", "sarif", "text"]
    assert get_reporter("sarif") is sarif.render
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        get_reporter("xml")


# --- primaryLocationLineHash ---------------------------------------------------------------

# github/codeql-action src/fingerprints.test.ts
HASH_VECTORS = [
    ("", ["c129715d7a2bc9a3:1"]),
    (
        " a\nb\n  \t\tc\n d",
        ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"],
    ),
    (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        [
            "8b7cf3e952e7aeb2:1",
            "b1ae1287ec4718d9:1",
            "bff680108adb0fcc:1",
            "c6805c5e1288b612:1",
            "b86d3392aea1be30:1",
            "e6ceba753e1a442:1",
        ],
    ),
]
_WITH_FINAL_NEWLINE = [
    "e9496ae3ebfced30:1",
    "fb7c023a8b9ccb3f:1",
    "ce8ba1a563dcdaca:1",
    "e20e36e16fcb0cc8:1",
    "b3edc88f2938467e:1",
    "c8e28b0b4002a3a0:1",
    "c129715d7a2bc9a3:1",
]
HASH_VECTORS += [
    (source, _WITH_FINAL_NEWLINE)
    for source in (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
        " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
        " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
        " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
    )
]
HASH_VECTORS.append(
    (
        "Lorem ipsum dolor sit amet.\n" * 10,
        ["a7f2ff13bc495cf2:" + str(n) for n in range(1, 7)]
        + [
            "a7f2ff1481e87703:1",
            "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1",
            "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ],
    )
)


@pytest.mark.parametrize(("source", "expected"), HASH_VECTORS)
def test_line_hashes_match_codeql_action(source, expected):
    assert line_hashes(source) == expected


def test_file_text_from_lines_with_or_without_endings_hashes_the_same():
    source = "a\r\nb\n\nc\n"
    assert file_text(source.split("\n")) == "a\r\nb\n\nc\n"
    assert line_hashes(file_text(source.splitlines(keepends=True))) == line_hashes(source)
    assert line_hashes(file_text(source.split("\n"))) == line_hashes(source)
    assert line_hashes(file_text("a\rb\r".splitlines(keepends=True))) == line_hashes("a\rb\r")


def test_line_hash_counts_astral_characters_as_two_utf16_units():
    # 60 emoji = 120 UTF-16 units: line 2 falls outside line 1's 100-unit window.
    assert line_hashes("😀" * 60 + "\nx")[0] == line_hashes("😀" * 60 + "\ny")[0]
    assert line_hashes("é" * 60 + "\nx")[0] != line_hashes("é" * 60 + "\ny")[0]


# --- text --------------------------------------------------------------------------------


def test_text_full_output():
    rep = report(
        [
            finding(),
            finding(
                "BRZ601",
                "templates/a.liquid",
                Span(1, 5, 1, 9),
                "Liquid without a default",
                Severity.WARNING,
            ),
        ]
    )
    assert text.render(rep) == (
        "src/app.js:3:1: BRZ401 [purchase-as-custom-event] "
        "Purchase logged as a custom event; use logPurchase\n"
        "  |\n"
        '3 | braze.logCustomEvent("purchase");\n'
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  |\n"
        "\n"
        "templates/a.liquid:1:5: BRZ601 [liquid-missing-default] Liquid without a default\n"
        "\n"
        "Found 2 findings (1 error, 1 warning, 0 notes) in 3 files.\n"
        "  1  BRZ401  purchase-as-custom-event\n"
        "  1  BRZ601  liquid-missing-default\n"
    )


def test_text_groups_by_file_and_counts_per_rule_most_frequent_first():
    findings = [
        finding("BRZ701", "b.js", Span(2, 1, 2, 2), "n", Severity.NOTE),
        finding("BRZ401", "b.js", Span(1, 1, 1, 2), "e", Severity.ERROR),
        finding("BRZ701", "a.js", Span(9, 1, 9, 2), "n", Severity.NOTE),
    ]
    out = text.render(report(findings, files_scanned=1))
    headers = [line for line in out.splitlines() if ": BRZ" in line]
    assert headers == [
        "a.js:9:1: BRZ701 [sdk-logging-enabled] n",
        "b.js:1:1: BRZ401 [purchase-as-custom-event] e",
        "b.js:2:1: BRZ701 [sdk-logging-enabled] n",
    ]
    assert out.endswith(
        "Found 3 findings (1 error, 0 warnings, 2 notes) in 1 file.\n"
        "  2  BRZ701  sdk-logging-enabled\n"
        "  1  BRZ401  purchase-as-custom-event\n"
    )


def test_text_summary_without_findings():
    assert text.render(report([], files_scanned=7)) == "No findings in 7 files.\n"
    assert text.render(report([], files_scanned=1)) == "No findings in 1 file.\n"
    assert text.render(report([], files_scanned=0)) == "Nothing to scan.\n"


def test_text_related_locations_and_unknown_rule():
    rep = report(
        [
            finding(
                "BRZ999",
                "x.js",
                Span(1, 1, 1, 2),
                "m",
                related=(RelatedLocation("y.js", Span(4, 2, 4, 3), "other cluster here"),),
            )
        ],
        rules={},
    )
    assert text.render(rep).splitlines()[:2] == [
        "x.js:1:1: BRZ999 m",
        "  = related: y.js:4:2: other cluster here",
    ]


def test_text_notifications_go_to_their_own_string():
    rep = report(
        [],
        [
            Notification("lib/bad.py", "could not parse: invalid syntax"),
            Notification(None, "no config found", NotificationLevel.NOTE),
            Notification("x.js", "too deep", NotificationLevel.ERROR, Span(3, 4, 3, 5)),
        ],
    )
    assert "could not parse" not in text.render(rep)
    assert text.render_notifications(rep) == (
        "brazelint: warning: lib/bad.py: could not parse: invalid syntax\n"
        "brazelint: note: no config found\n"
        "brazelint: error: x.js:3:4: too deep\n"
    )
    assert text.render_notifications(report([])) == ""


def test_text_colour_only_when_asked():
    rep = report([finding()], [Notification("a", "b")])
    assert "\x1b" not in text.render(rep)
    assert "\x1b" not in text.render_notifications(rep)
    coloured = text.render(rep, color=True)
    assert "\x1b[31m\x1b[1mBRZ401 [purchase-as-custom-event]\x1b[0m" in coloured
    assert "\x1b[33mwarning\x1b[0m" in text.render_notifications(rep, color=True)


def test_text_redacts_source_line_when_asked():
    rep = report(
        [
            finding(
                "BRZ101",
                span=Span(4, 14, 4, 46),
                message="Braze REST API key abcd…1234 in source",
                extra={"redact_snippet": "1"},
            )
        ]
    )
    out = text.render(rep)
    assert "abcd1234abcd1234" not in out
    assert "4 | <source line hidden: it may contain a secret>\n" in out
    assert "^" not in out


def test_text_caret_aligns_after_wide_characters_and_tabs():
    shown, carets = text.snippet('\tx = "😀"; braze.x()', 10, 15)
    assert shown == '    x = "😀"; braze.x()'
    assert carets == " " * 14 + "^^^^^"
    assert carets.index("^") == shown.index("braze") + 1  # the emoji takes two cells


def test_text_caret_for_empty_span_and_span_past_end():
    assert text.snippet("abc", 1, 1) == ("abc", " ^")
    assert text.snippet("abc", 5, 9) == ("abc", "   ^")


def test_text_long_line_is_cut_around_the_span():
    line = "a" * 1000 + "braze" + "b" * 1000
    shown, carets = text.snippet(line, 1000, 1005)
    assert len(shown) == text.MAX_SNIPPET_CHARS + 2
    assert shown.startswith("…" + "a" * 40 + "braze")
    assert shown.endswith("b…")
    assert carets == " " * 41 + "^^^^^"


def test_text_escapes_terminal_control_characters():
    rep = report(
        [finding(path="evil\x1b[2J.js", message="name \x1b]0;pwn\x07 \u202egnp.exe")],
        lines={"evil\x1b[2J.js": ("", "", "x\x1b[31m = 1")},
    )
    out = text.render(rep)
    assert "\x1b" not in out and "\u202e" not in out
    assert "evil\\x1b[2J.js:3:1:" in out
    assert "name \\x1b]0;pwn\\x07 \\u202egnp.exe" in out
    assert "3 | x\ufffd[31m = 1\n" in out


def test_text_hides_suppressed_findings_by_default():
    rep = report([finding(suppressed_by="inline")])
    assert text.render(rep) == "No findings in 3 files.\n"
    shown = text.render(report([finding(suppressed_by="inline")], include_suppressed=True))
    assert "use logPurchase (suppressed: inline)\n" in shown


# --- JSON --------------------------------------------------------------------------------


def test_json_document_shape():
    rep = report(
        [
            finding(related=(RelatedLocation("b.js", Span(2, 3, 2, 8), "first here"),)),
            finding("BRZ601", "a.liquid", Span(1, 5, 1, 9), "no default", Severity.WARNING),
            finding(suppressed_by="baseline"),
        ],
        [Notification("bad.py", "could not parse", span=Span(2, 1, 2, 2))],
    )
    doc = json.loads(json_.render(rep))
    fingerprint = doc["findings"][1]["fingerprint"]
    assert doc == {
        "version": __version__,
        "format_version": 1,
        "findings": [
            {
                "rule_id": "BRZ601",
                "rule_name": "liquid-missing-default",
                "severity": "warning",
                "path": "a.liquid",
                "line": 1,
                "column": 5,
                "end_line": 1,
                "end_column": 9,
                "message": "no default",
                "fingerprint": doc["findings"][0]["fingerprint"],
                "related": [],
                "suppressed_by": None,
                "fix": None,
            },
            {
                "rule_id": "BRZ401",
                "rule_name": "purchase-as-custom-event",
                "severity": "error",
                "path": "src/app.js",
                "line": 3,
                "column": 1,
                "end_line": 3,
                "end_column": 33,
                "message": "Purchase logged as a custom event; use logPurchase",
                "fingerprint": fingerprint,
                "related": [
                    {
                        "path": "b.js",
                        "line": 2,
                        "column": 3,
                        "end_line": 2,
                        "end_column": 8,
                        "message": "first here",
                    }
                ],
                "suppressed_by": None,
                "fix": None,
            },
        ],
        "notifications": [
            {
                "level": "warning",
                "path": "bad.py",
                "line": 2,
                "column": 1,
                "message": "could not parse",
            }
        ],
        "summary": {
            "files_scanned": 3,
            "findings": 2,
            "errors": 1,
            "warnings": 1,
            "notes": 0,
            "suppressed": 1,
            "hidden": {"baseline": 1, "diff_base": 0, "inline": 0},
            "by_rule": {"BRZ401": 1, "BRZ601": 1},
        },
    }
    assert len(fingerprint.split(":")[0]) == 32 and fingerprint.endswith(":1")


def test_json_is_deterministic_whatever_the_input_order():
    findings = [
        finding("BRZ701", "b.js", Span(1, 1, 1, 2), "x", Severity.NOTE),
        finding("BRZ401", "a.js", Span(2, 1, 2, 2), "y"),
        finding("BRZ101", "a.js", Span(2, 1, 2, 2), "z"),
        finding("BRZ401", "a.js", Span(1, 9, 1, 10), "w"),
    ]
    first = json_.render(report(findings))
    assert first == json_.render(report(list(reversed(findings))))
    order = [
        (f["path"], f["line"], f["column"], f["rule_id"]) for f in json.loads(first)["findings"]
    ]
    assert order == [
        ("a.js", 1, 9, "BRZ401"),
        ("a.js", 2, 1, "BRZ101"),
        ("a.js", 2, 1, "BRZ401"),
        ("b.js", 1, 1, "BRZ701"),
    ]


# --- SARIF -------------------------------------------------------------------------------


def full_report(**kwargs) -> Report:
    return report(
        [
            finding(),
            finding(
                "BRZ101",
                span=Span(4, 14, 4, 46),
                message="Braze REST API key abcd…1234 in client code",
                extra={"redact_snippet": "1"},
                fingerprint_key="sha256:deadbeef",
            ),
            finding(
                "BRZ601",
                "templates/welcome email.liquid",
                Span(2, 7, 2, 20),
                "Liquid output without a default",
                Severity.WARNING,
                related=(
                    RelatedLocation("src/app.js", Span(1, 1, 1, 6), "used here"),
                    RelatedLocation("src/ios/App.swift", Span(7, 3, 8, 4), "and here"),
                ),
            ),
        ],
        [
            Notification(
                "lib/broken.py", "could not parse: unexpected indent", span=Span(5, 1, 5, 2)
            ),
            Notification("big.min.js", "file over 10 MB skipped"),
            Notification(
                None, "git not found; scanning without .gitignore", NotificationLevel.NOTE
            ),
        ],
        **kwargs,
    )


def test_sarif_validates_against_the_oasis_schema():
    doc = sarif_doc(full_report())
    assert_valid_sarif(doc)
    assert doc["$schema"] == sarif.SCHEMA_URI
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1


def test_sarif_validates_when_empty_and_when_suppressed_are_included():
    assert_valid_sarif(sarif_doc(report([], rules={})))
    rep = report(
        [finding(suppressed_by="inline: known"), finding("BRZ601", suppressed_by="baseline")],
        include_suppressed=True,
    )
    doc = sarif_doc(rep)
    assert_valid_sarif(doc)
    assert [r["suppressions"] for r in doc["runs"][0]["results"]] == [
        [{"kind": "inSource", "justification": "inline: known"}],
        [{"kind": "external", "justification": "baseline"}],
    ]


def test_sarif_run_metadata():
    run = sarif_doc(full_report())["runs"][0]
    assert run["tool"]["driver"]["name"] == "brazelint"
    assert run["tool"]["driver"]["version"] == __version__
    assert run["tool"]["driver"]["semanticVersion"] == __version__
    assert run["tool"]["driver"]["informationUri"] == "https://github.com/brazelint/brazelint"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///work/project/"}}
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["automationDetails"] == {"id": "brazelint/"}
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_lists_every_enabled_rule_exactly_once():
    run = sarif_doc(full_report())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["BRZ101", "BRZ401", "BRZ601", "BRZ701"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    brz101, brz401 = rules[0], rules[1]
    assert brz401 == {
        "id": "BRZ401",
        "name": "purchase-as-custom-event",
        "shortDescription": {"text": "Short description of purchase-as-custom-event."},
        "fullDescription": {"text": "Finds purchases logged with logCustomEvent."},
        "help": {
            "text": "Finds purchases logged with logCustomEvent.\n\n"
            "Why is this bad? Revenue reports miss it.\n\n"
            "How to fix: Use logPurchase.\n\n"
            "References: https://www.braze.com/docs/",
            "markdown": RULES["BRZ401"].markdown(),
        },
        "helpUri": RULES["BRZ401"].help_uri,
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["braze", "data-model"],
            "precision": "high",
            "problem.severity": "error",
        },
    }
    assert brz101["properties"]["security-severity"] == "8.5"
    assert rules[3]["properties"]["problem.severity"] == "recommendation"
    assert rules[3]["defaultConfiguration"] == {"level": "note"}


def test_sarif_rule_for_a_finding_outside_the_enabled_rules_is_added():
    doc = sarif_doc(report([finding("BRZ999")], rules={"BRZ401": RULES["BRZ401"]}))
    assert_valid_sarif(doc)
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["BRZ401", "BRZ999"]
    assert run["results"][0]["ruleIndex"] == 1


def test_sarif_rule_metadata_limits():
    noisy = entry(
        "BRZ402",
        "invalid-purchase",
        tags=(*[f"t{n}" for n in range(15)], "t1"),
        security_severity="high",
        full="word " * 100 + "😀" * 600,
    )
    descriptor = sarif.rule_descriptor(noisy)
    assert descriptor["properties"]["tags"] == [f"t{n}" for n in range(10)]
    assert "security-severity" not in descriptor["properties"]
    full = descriptor["fullDescription"]["text"]
    assert len(full.encode("utf-16-le")) // 2 <= 1024
    assert full.endswith("😀…")
    assert "\ud83d" not in full  # never half a surrogate pair


def test_truncate():
    assert sarif.truncate("short", 10) == "short"
    assert sarif.truncate("alpha beta gamma delta", 15) == "alpha beta…"
    assert sarif.truncate("e\u0301" * 10, 6) == "e\u0301e\u0301…"
    assert sarif.truncate("😀😀😀", 4) == "😀…"


def test_sarif_results():
    run = sarif_doc(full_report())["runs"][0]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["BRZ401", "BRZ101", "BRZ601"]
    first = results[0]
    assert first["level"] == "error"
    assert first["message"] == {"text": "Purchase logged as a custom event; use logPurchase"}
    assert first["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "src/app.js", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 34 - 1},
            }
        }
    ]
    assert (
        first["partialFingerprints"]["primaryLocationLineHash"]
        == line_hashes("\n".join(APP_LINES))[2]
    )
    assert "relatedLocations" not in first
    liquid = results[2]
    assert liquid["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "templates/welcome%20email.liquid"
    )
    # No lines known for that file: upload-sarif computes the line hash itself.
    assert list(liquid["partialFingerprints"]) == [FINGERPRINT_KEY]
    assert liquid["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "src/app.js", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 6},
            },
            "message": {"text": "used here"},
        },
        {
            "id": 2,
            "physicalLocation": {
                "artifactLocation": {"uri": "src/ios/App.swift", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 7, "startColumn": 3, "endLine": 8, "endColumn": 4},
            },
            "message": {"text": "and here"},
        },
    ]


def _all_uris(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "uri":
                yield item
            else:
                yield from _all_uris(item)
    elif isinstance(value, list):
        for item in value:
            yield from _all_uris(item)


def test_sarif_result_uris_are_relative():
    run = sarif_doc(full_report())["runs"][0]
    uris = list(_all_uris(run["results"])) + list(
        _all_uris(run["invocations"][0]["toolExecutionNotifications"])
    )
    assert len(uris) == 7
    assert not [u for u in uris if u.startswith(("/", "file:"))]
    assert "originalUriBaseIds" in run


def test_sarif_absolute_path_inside_root_is_made_relative():
    assert sarif.artifact_location(ROOT + "/src/a b.js", ROOT) == {
        "uri": "src/a%20b.js",
        "uriBaseId": "%SRCROOT%",
    }
    assert sarif.artifact_location("./src/../lib/c:d.js", ROOT) == {
        "uri": "lib/c%3Ad.js",
        "uriBaseId": "%SRCROOT%",
    }
    assert sarif.artifact_location("/elsewhere/x.js", ROOT) == {"uri": "file:///elsewhere/x.js"}


def test_sarif_notifications():
    notifications = sarif_doc(full_report())["runs"][0]["invocations"][0][
        "toolExecutionNotifications"
    ]
    assert notifications == [
        {
            "level": "warning",
            "message": {"text": "could not parse: unexpected indent"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "lib/broken.py", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 2},
                    }
                }
            ],
        },
        {
            "level": "warning",
            "message": {"text": "file over 10 MB skipped"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "big.min.js", "uriBaseId": "%SRCROOT%"}
                    }
                }
            ],
        },
        {"level": "note", "message": {"text": "git not found; scanning without .gitignore"}},
    ]


def test_sarif_never_carries_source_text():
    out = sarif.render(full_report())
    assert "snippet" not in out
    assert "abcd1234abcd1234" not in out
    secret = json.loads(out)["runs"][0]["results"][1]
    assert secret["ruleId"] == "BRZ101"
    # The line hash could be solved for the secret; upload-sarif adds it on GitHub instead.
    assert list(secret["partialFingerprints"]) == [FINGERPRINT_KEY]


def test_sarif_omits_suppressed_findings_by_default():
    doc = sarif_doc(report([finding(), finding("BRZ601", suppressed_by="inline")]))
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["BRZ401"]


def test_sarif_region_is_clamped_to_valid_values():
    assert sarif.region(Span(0, 0, 0, 0)) == {
        "startLine": 1,
        "startColumn": 1,
        "endLine": 1,
        "endColumn": 1,
    }
    assert sarif.region(Span(5, 9, 5, 3))["endColumn"] == 9


# --- brazelint/v1 fingerprint --------------------------------------------------------------


def _v1(doc: dict) -> list[str]:
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in doc["runs"][0]["results"]]


def test_brazelint_fingerprint_survives_moving_code_down():
    code = ("x = 1", 'braze.logCustomEvent("purchase")')
    moved = ("", "", "", *code)
    before = report([finding(span=Span(2, 1, 2, 33))], lines={"src/app.js": code})
    after = report([finding(span=Span(5, 1, 5, 33))], lines={"src/app.js": moved})
    assert _v1(sarif_doc(before)) == _v1(sarif_doc(after))
    # Re-indenting does not change it either.
    indented = report(
        [finding(span=Span(5, 5, 5, 37))],
        lines={"src/app.js": ("", "", "", "x = 1", '    braze.logCustomEvent("purchase")')},
    )
    assert _v1(sarif_doc(indented)) == _v1(sarif_doc(before))


def test_identical_findings_on_one_line_get_distinct_fingerprints():
    line = 'braze.logCustomEvent("purchase"); braze.logCustomEvent("purchase")'
    rep = report(
        [finding(span=Span(1, 35, 1, 67)), finding(span=Span(1, 1, 1, 33))],
        lines={"src/app.js": (line,)},
    )
    values = _v1(sarif_doc(rep))
    assert values[0] != values[1]
    assert values[0].split(":")[0] == values[1].split(":")[0]
    assert [v.split(":")[1] for v in values] == ["1", "2"]


def test_fingerprint_depends_on_rule_path_and_key():
    def v1(**kwargs):
        return _v1(sarif_doc(report([finding(**kwargs)])))[0]

    base = v1()
    assert v1(rule_id="BRZ601") != base
    assert v1(path="src/other.js") != base
    assert v1(fingerprint_key="k1") != v1(fingerprint_key="k2")
    assert v1(fingerprint_key="k1", span=Span(4, 1, 4, 5)) == v1(fingerprint_key="k1")


def test_emoji_before_the_match_gives_a_code_point_column():
    line = 'const label = "🛒 cart"; braze.logCustomEvent("purchase");'
    col = line.index("braze") + 1
    utf16_col = len(line[: col - 1].encode("utf-16-le")) // 2 + 1
    assert utf16_col == col + 1  # the emoji is one code point but two UTF-16 units
    span = Span(1, col, 1, col + len('braze.logCustomEvent("purchase")'))
    rep = report([finding(span=span)], lines={"src/app.js": (line,)})
    run = sarif_doc(rep)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == col
    out = text.render(rep)
    assert f"src/app.js:1:{col}:" in out
    source_line, caret_line = out.splitlines()[2:4]
    # The cart emoji is two terminal cells wide, so the caret moves one further right.
    assert caret_line.index("^") == source_line.index("braze") + 1


# --- GitHub ------------------------------------------------------------------------------


def test_github_annotations():
    rep = report(
        [
            finding(),
            finding(
                "BRZ601", "a,b:c.liquid", Span(2, 3, 2, 9), "100% bad\r\nreally", Severity.WARNING
            ),
            finding("BRZ701", "n.js", Span(1, 1, 1, 2), "note", Severity.NOTE),
        ],
        [Notification("bad.py", "could not parse: x"), Notification(None, "no git")],
    )
    assert github.render(rep) == (
        "::warning file=a%2Cb%3Ac.liquid,line=2,col=3,endLine=2,endColumn=9,"
        "title=BRZ601 liquid-missing-default::100%25 bad%0D%0Areally\n"
        "::notice file=n.js,line=1,col=1,endLine=1,endColumn=2,"
        "title=BRZ701 sdk-logging-enabled::note\n"
        "::error file=src/app.js,line=3,col=1,endLine=3,endColumn=33,"
        "title=BRZ401 purchase-as-custom-event::"
        "Purchase logged as a custom event; use logPurchase\n"
        "::warning file=bad.py,title=brazelint::could not parse: x\n"
        "::warning title=brazelint::no git\n"
    )


def test_github_escaping():
    assert github.escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert github.escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"
    # A message cannot start a workflow command of its own.
    out = github.render(report([finding(message="x\n::add-mask::y")]))
    assert out.count("\n") == 1


# --- GitHub's result limit ----------------------------------------------------------------


def test_sarif_keeps_the_25000_most_severe_results():
    findings = [
        finding(
            "BRZ601", f"f{n % 50}.js", Span(n // 50 + 1, 1, n // 50 + 1, 2), "w", Severity.WARNING
        )
        for n in range(24_995)
    ]
    findings += [finding("BRZ401", "z.js", Span(n + 1, 1, n + 1, 2), "e") for n in range(5)]
    findings += [
        finding("BRZ701", "a.js", Span(n + 1, 1, n + 1, 2), "n", Severity.NOTE) for n in range(10)
    ]
    run = sarif.document(report(findings, lines={}))["runs"][0]
    results = run["results"]
    assert len(results) == 25_000 == sarif.MAX_RESULTS
    assert {r["level"] for r in results} == {"error", "warning"}
    assert sum(r["level"] == "error" for r in results) == 5
    assert run["invocations"][0]["toolExecutionNotifications"] == [
        {
            "level": "warning",
            "message": {
                "text": "25,010 results exceed GitHub's limit of 25,000 per run; "
                "the 10 least severe were left out."
            },
        }
    ]


# --- any input -----------------------------------------------------------------------------

_spans = st.builds(
    Span,
    st.integers(-1, 8),
    st.integers(-1, 80),
    st.integers(-1, 8),
    st.integers(-1, 80),
)
_findings = st.builds(
    Finding,
    st.sampled_from(["BRZ101", "BRZ401", "BRZ601", "BRZ999"]),
    st.sampled_from(["src/app.js", "a b/ü.py", "/work/project/x.js", "c:d,e%.js"]),
    _spans,
    st.text(max_size=30),
    st.sampled_from(list(Severity)),
    related=st.lists(
        st.builds(RelatedLocation, st.just("r.js"), _spans, st.text(max_size=10)), max_size=2
    ).map(tuple),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_findings, max_size=6), st.lists(st.text(max_size=40), max_size=8))
def test_every_reporter_handles_any_finding(findings, lines):
    rep = report(findings, lines={"src/app.js": tuple(lines), "a b/ü.py": tuple(lines)})
    assert_valid_sarif(sarif_doc(rep))
    for name in REPORTERS:
        assert isinstance(get_reporter(name)(rep), str)
    shown = text.render(rep)
    assert "\x1b" not in shown
    # The Actions runner splits its log on CR and LF only.
    github_lines = github.render(rep).split("\n")[:-1]
    assert len(github_lines) == len(findings)
    assert not any("\r" in line for line in github_lines)
    assert all(line.startswith("::") for line in github_lines)


# --- fixes ---------------------------------------------------------------------------------


def _with_fix(applicability: Applicability) -> Finding:
    edit = Edit(Span(3, 5, 3, 12), "https://", "http://")
    return finding(fix=Fix("Replace `http://` with `https://`", (edit,), applicability))


def test_json_carries_a_findings_fix():
    doc = json.loads(json_.render(report([_with_fix(Applicability.UNSAFE)])))
    assert doc["findings"][0]["fix"] == {
        "message": "Replace `http://` with `https://`",
        "applicability": "unsafe",
        "edits": [
            {"line": 3, "column": 5, "end_line": 3, "end_column": 12, "replacement": "https://"}
        ],
    }


def test_sarif_fixes_are_schema_valid_and_leave_out_display_only():
    doc = sarif_doc(report([_with_fix(Applicability.SAFE)]))
    assert_valid_sarif(doc)
    (fix,) = doc["runs"][0]["results"][0]["fixes"]
    assert fix["description"] == {"text": "Replace `http://` with `https://`"}
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "src/app.js"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 12},
            "insertedContent": {"text": "https://"},
        }
    ]
    shown_only = sarif_doc(report([_with_fix(Applicability.DISPLAY_ONLY)]))
    assert "fixes" not in shown_only["runs"][0]["results"][0]
