"""Broken mobile sources and config through the whole engine: each problem is one
notification naming the file, the scan goes on, and nothing else is lost (neither the
intact parts of the broken file nor other files' findings)."""

from __future__ import annotations

from pathlib import Path

from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.facts import Span
from brazelint.findings import Notification, NotificationLevel

#: A good file whose findings must survive next to every broken one.
HEALTHY = {
    "android/app/src/main/res/values/braze.xml": (
        '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n'
        '    <string name="com_braze_custom_endpoint">rest.iad-01.braze.com</string>\n'
        "</resources>\n"
    ),
    "ios/App/Session.swift": (
        "import BrazeKit\n\n"
        "func didLogIn(_ user: Account) {\n"
        "  AppDelegate.braze?.changeUser(userId: user.email)\n"
        "}\n"
    ),
}
HEALTHY_FINDINGS = [
    ("android/app/src/main/res/values/braze.xml", 3, "BRZ202"),
    ("ios/App/Session.swift", 4, "BRZ301"),
]


def _scan(root: Path, files: dict[str, str | bytes]) -> ScanResult:
    for relative, content in {**HEALTHY, **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return scan(ScanOptions(targets=(root,), enabled=frozenset(load_catalog()), root=root))


def _found(result: ScanResult) -> list[tuple[str, int, str]]:
    return [(f.path, f.span.line, f.rule_id) for f in result.findings]


def _healthy_findings(result: ScanResult) -> list[tuple[str, int, str]]:
    return [found for found in _found(result) if found[0] in HEALTHY]


def test_swift_syntax_error_keeps_the_intact_parts(tmp_path: Path) -> None:
    swift = (
        "import BrazeKit\n"
        "\n"
        "func login(user: Account) {\n"
        "  AppDelegate.braze?.changeUser(userId: user.email)\n"
        "}\n"
        "\n"
        "func broken( {\n"
        "  let x = = 3\n"
        "}\n"
        "\n"
        "func logOut() {\n"
        '  AppDelegate.braze?.changeUser(userId: "")\n'
        "}\n"
    )
    result = _scan(tmp_path, {"ios/App/Broken.swift": swift})
    assert result.notifications == [
        # Two syntax errors, one line: the first, and how many more there are.
        Notification(
            "ios/App/Broken.swift",
            "syntax error (and 1 other place); the rest was read",
            span=Span(7, 13, 7, 14),
        ),
    ]
    assert [f for f in _found(result) if f[0] == "ios/App/Broken.swift"] == [
        ("ios/App/Broken.swift", 4, "BRZ301"),
        ("ios/App/Broken.swift", 12, "BRZ303"),
    ]
    assert _healthy_findings(result) == HEALTHY_FINDINGS


def test_kotlin_syntax_error_keeps_the_intact_parts(tmp_path: Path) -> None:
    kotlin = (
        "import com.braze.Braze\n"
        "\n"
        "fun login(context: Context, user: Account) {\n"
        "    Braze.getInstance(context).changeUser(user.email)\n"
        "}\n"
        "\n"
        "fun broken() {\n"
        "    val x = = 3\n"
        "}\n"
        "\n"
        "fun track(context: Context) {\n"
        '    Braze.getInstance(context)?.logCustomEvent("purchase")\n'
        "}\n"
    )
    result = _scan(tmp_path, {"android/app/src/main/java/Broken.kt": kotlin})
    assert result.notifications == [
        Notification(
            "android/app/src/main/java/Broken.kt", "syntax error", span=Span(8, 11, 8, 12)
        ),
    ]
    assert [f for f in _found(result) if f[0].endswith("Broken.kt")] == [
        ("android/app/src/main/java/Broken.kt", 4, "BRZ301"),
        ("android/app/src/main/java/Broken.kt", 12, "BRZ401"),
    ]
    assert _healthy_findings(result) == HEALTHY_FINDINGS


def test_corrupt_binary_plist_is_a_notification(tmp_path: Path) -> None:
    corrupt = b"bplist00\x01\x02\x03 sdk.iad-09.braze.com \xff\xff\x00"
    result = _scan(tmp_path, {"ios/App/Info.plist": corrupt})
    assert result.notifications == [
        Notification("ios/App/Info.plist", "corrupt binary plist", span=Span(1, 1, 1, 2)),
    ]
    assert _found(result) == HEALTHY_FINDINGS


def test_malformed_resource_xml_keeps_what_came_before_the_error(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<resources>\n"
        '    <string name="com_braze_custom_endpoint">http://sdk.iad-01.braze.com</string>\n'
        '    <string name="unclosed">oops\n'
        "</resources>\n"
    )
    path = "android/app/src/main/res/values/broken.xml"
    result = _scan(tmp_path, {path: xml})
    assert result.notifications == [
        Notification(path, "malformed XML: mismatched tag", span=Span(5, 3, 5, 4)),
    ]
    assert _found(result) == [
        HEALTHY_FINDINGS[0],
        (path, 3, "BRZ204"),
        HEALTHY_FINDINGS[1],
    ]


def test_resource_xml_with_entity_declarations_is_not_read(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!DOCTYPE resources [\n"
        '  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
        '  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        "]>\n"
        "<resources>\n"
        '    <string name="com_braze_custom_endpoint">&b;http://rest.iad-09.braze.com</string>\n'
        "</resources>\n"
    )
    path = "android/app/src/main/res/values/entities.xml"
    result = _scan(tmp_path, {path: xml})
    assert result.notifications == [
        Notification(
            path,
            "entity declarations are not allowed; file not read",
            NotificationLevel.WARNING,
            span=Span(2, 1, 2, 10),
        ),
    ]
    assert _found(result) == HEALTHY_FINDINGS


def test_every_broken_file_at_once(tmp_path: Path) -> None:
    """All of the above in one project: one notification each, the rest intact, and the
    project rule still sees the healthy files."""
    result = _scan(
        tmp_path,
        {
            # Each mentions Braze, so the prefilter lets it through to its parser.
            "ios/App/Info.plist": b"bplist00\xff\xfe sdk.iad-01.braze.com",
            "android/app/src/main/res/values/broken.xml": (
                '<resources><string name="com_braze_custom_endpoint">sdk.iad-01.braze.com'
                "</string><string>"
            ),
            "android/app/src/main/res/values/entities.xml": (
                '<!DOCTYPE r [<!ENTITY e "x">]><resources><string name="e">'
                "sdk.iad-03.braze.com</string></resources>"
            ),
            "ios/App/Broken.swift": (
                'import BrazeKit\nfunc ( {\n  AppDelegate.braze?.changeUser(userId: "")\n'
            ),
            "web/braze.ts": 'export const baseUrl = "sdk.iad-03.braze.com";\n',
        },
    )
    assert sorted(n.path or "" for n in result.notifications) == [
        "android/app/src/main/res/values/broken.xml",
        "android/app/src/main/res/values/entities.xml",
        "ios/App/Broken.swift",
        "ios/App/Info.plist",
    ]
    assert all(n.level is NotificationLevel.WARNING for n in result.notifications)
    assert not result.internal_error
    assert _found(result) == [
        HEALTHY_FINDINGS[0],
        ("ios/App/Broken.swift", 3, "BRZ303"),
        HEALTHY_FINDINGS[1],
        # iad-01 in two files (one of them the broken XML, read up to its error) against
        # iad-03 in one; the entity file was not read, so its iad-03 does not count.
        ("web/braze.ts", 1, "BRZ203"),
    ]
