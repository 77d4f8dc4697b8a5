"""Android resource XML, plist and .env frontends: exact entries, spans and problems."""

from __future__ import annotations

import plistlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brazelint.facts import Comment, ConfigEntry, ParseProblem, Span
from brazelint.frontends import android_xml, dotenv, plist
from brazelint.languages import Language

XML = Language.ANDROID_XML
PLIST = Language.PLIST
ENV = Language.DOTENV
ENTITY_MESSAGE = "entity declarations are not allowed; file not read"


def entry(key: str, value: str, span: tuple[int, ...], value_span: tuple[int, ...]) -> ConfigEntry:
    return ConfigEntry(key, value, Span(*span), Span(*value_span))


# --- Android resource XML -----------------------------------------------------------------

BRAZE_XML = """\
<?xml version="1.0" encoding="utf-8"?>
<resources>
    <!-- Braze configuration -->
    <string translatable="false" name="com_braze_api_key">11111111-2222-3333-4444-555555555555</string>
    <string translatable="false" name="com_braze_custom_endpoint">
        sdk.fra-02.braze.eu
    </string>
    <bool translatable="false" name="com_braze_firebase_cloud_messaging_registration_enabled">true</bool>
    <integer name="com_braze_session_timeout">30</integer>
    <string-array name="com_braze_sdk_metadata" translatable="false">
        <item>FLUTTER</item>
        <item> UNITY </item>
    </string-array>
    <color name="colorPrimary">#FF0000</color>
    <string name="empty"/>
    <string>no name, no entry</string>
</resources>
"""  # noqa: E501 (a real braze.xml has lines this long)


def test_braze_xml_entries_and_spans() -> None:
    facts = android_xml.parse("app/src/main/res/values/braze.xml", BRAZE_XML, XML)
    assert facts.problems == ()
    assert facts.config == (
        entry(
            "com_braze_api_key",
            "11111111-2222-3333-4444-555555555555",
            (4, 5, 4, 104),
            (4, 59, 4, 95),
        ),
        entry("com_braze_custom_endpoint", "sdk.fra-02.braze.eu", (5, 5, 7, 14), (6, 9, 6, 28)),
        entry(
            "com_braze_firebase_cloud_messaging_registration_enabled",
            "true",
            (8, 5, 8, 106),
            (8, 95, 8, 99),
        ),
        entry("com_braze_session_timeout", "30", (9, 5, 9, 59), (9, 47, 9, 49)),
        entry("com_braze_sdk_metadata", "FLUTTER,UNITY", (10, 5, 13, 20), (11, 9, 12, 29)),
        entry("empty", "", (15, 5, 15, 27), (15, 25, 15, 25)),
    )
    assert facts.comments == (Comment("<!-- Braze configuration -->", Span(3, 5, 3, 33)),)


def test_legacy_appboy_xml() -> None:
    text = (
        "<resources>\n"
        '  <string name="com_appboy_api_key">legacy-key</string>\n'
        '  <string name="com_appboy_custom_endpoint">sdk.iad-01.braze.com</string>\n'
        '  <bool name="com_appboy_firebase_cloud_messaging_registration_enabled">false</bool>\n'
        "</resources>\n"
    )
    facts = android_xml.parse("res/values/appboy.xml", text, XML)
    assert facts.problems == ()
    assert facts.config == (
        entry("com_appboy_api_key", "legacy-key", (2, 3, 2, 56), (2, 37, 2, 47)),
        entry("com_appboy_custom_endpoint", "sdk.iad-01.braze.com", (3, 3, 3, 74), (3, 45, 3, 65)),
        entry(
            "com_appboy_firebase_cloud_messaging_registration_enabled",
            "false",
            (4, 3, 4, 85),
            (4, 73, 4, 78),
        ),
    )


def test_non_ascii_before_value_counts_code_points() -> None:
    # "ü" is two UTF-8 bytes and "😀" four; columns are code points, not bytes.
    text = (
        "<resources>\n"
        '<string name="t_ü">Grüße 😀 </string><string name="k">v</string>\n'
        "</resources>\n"
    )
    facts = android_xml.parse("res/values-de/strings.xml", text, XML)
    assert facts.config == (
        entry("t_ü", "Grüße 😀", (2, 1, 2, 37), (2, 20, 2, 27)),
        entry("k", "v", (2, 37, 2, 64), (2, 54, 2, 55)),
    )


def test_entities_nested_markup_and_cdata_in_values() -> None:
    text = (
        "<resources>\n"
        '<string name="a">Tom &amp; <xliff:g id="n">%s</xliff:g></string>\n'
        '<string name="b"><![CDATA[<b>x</b>]]></string>\n'
        '<string name="c">x</string ><string name="d" a="1>2">y</string>\n'
        "</resources>"
    )
    facts = android_xml.parse("res/values/strings.xml", text, XML)
    assert facts.problems == ()
    assert [(e.key, e.value) for e in facts.config] == [
        ("a", "Tom & %s"),
        ("b", "<b>x</b>"),
        ("c", "x"),
        ("d", "y"),
    ]
    assert facts.config[0].value_span == Span(2, 18, 2, 56)
    assert facts.config[1].value_span == Span(3, 18, 3, 38)
    # "</string >" ends after its ">"; a ">" inside an attribute value does not end a tag.
    assert facts.config[2].span == Span(4, 1, 4, 29)
    assert facts.config[3].value_span == Span(4, 54, 4, 55)


def test_only_direct_children_of_the_root_are_resources() -> None:
    text = (
        '<resources><string name="outer">a</string>'
        '<declare-styleable name="s"><string name="inner">b</string></declare-styleable>'
        '<item name="i" type="bool">true</item><item name="x" type="id"/></resources>'
    )
    facts = android_xml.parse("res/values/x.xml", text, XML)
    assert [(e.key, e.value) for e in facts.config] == [("outer", "a"), ("i", "true")]


def test_billion_laughs_is_rejected_in_linear_time() -> None:
    lol = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(
            f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
            for i in range(1, 10)
        )
        + ']>\n<resources><string name="com_braze_api_key">&lol9;</string></resources>\n'
    )
    started = time.perf_counter()
    facts = android_xml.parse("res/values/braze.xml", lol, XML)
    assert time.perf_counter() - started < 0.5
    assert facts.config == ()
    assert facts.comments == ()
    assert facts.problems == (ParseProblem(ENTITY_MESSAGE, Span(2, 1, 2, 10)),)


def test_external_entity_and_any_doctype_are_rejected() -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://example.com/x.dtd">\n'
        '<resources><string name="a">x</string></resources>'
    )
    facts = android_xml.parse("res/values/a.xml", text, XML)
    assert facts.config == ()
    assert facts.problems == (ParseProblem(ENTITY_MESSAGE, Span(2, 1, 2, 10)),)


def test_malformed_xml_keeps_entries_read_before_the_error() -> None:
    text = (
        "<resources>\n"
        '  <string name="com_braze_api_key">k</string>\n'
        '  <string name="com_braze_custom_endpoint">e</strin>\n'
        '  <string name="late">never</string>\n'
        "</resources>\n"
    )
    facts = android_xml.parse("res/values/braze.xml", text, XML)
    assert facts.config == (entry("com_braze_api_key", "k", (2, 3, 2, 46), (2, 36, 2, 37)),)
    assert facts.problems == (ParseProblem("malformed XML: mismatched tag", Span(3, 47, 3, 48)),)


def test_truncated_and_empty_xml() -> None:
    truncated = android_xml.parse("res/values/a.xml", '<resources><string name="a">', XML)
    assert truncated.config == ()
    assert truncated.problems == (
        ParseProblem("malformed XML: no element found", Span(1, 29, 1, 30)),
    )
    empty = android_xml.parse("res/values/a.xml", "", XML)
    assert empty.problems == (ParseProblem("malformed XML: no element found", Span(1, 1, 1, 2)),)


def test_undefined_entity_is_a_problem_not_an_expansion() -> None:
    text = '<resources><string name="a">x</string><string name="b">&secret;</string></resources>'
    facts = android_xml.parse("res/values/a.xml", text, XML)
    assert facts.config == (entry("a", "x", (1, 12, 1, 39), (1, 29, 1, 30)),)
    assert [p.message for p in facts.problems] == ["malformed XML: undefined entity"]


def test_crlf_and_lone_surrogate_do_not_break_positions() -> None:
    text = (
        '<resources>\r\n<string name="a">\udcff</string>\r\n<string name="b">v</string></resources>'
    )
    facts = android_xml.parse("res/values/a.xml", text, XML)
    assert facts.problems == ()
    assert facts.config[0] == entry("a", "?", (2, 1, 2, 28), (2, 18, 2, 19))
    assert facts.config[1] == entry("b", "v", (3, 1, 3, 28), (3, 18, 3, 19))


# --- plist --------------------------------------------------------------------------------

INFO_PLIST = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>CFBundleDisplayName</key>
\t<string>Café</string>
\t<key>Braze</key>
\t<dict>
\t\t<key>ApiKey</key>
\t\t<string>11111111-2222-3333-4444-555555555555</string>
\t\t<key>Endpoint</key>
\t\t<string>sdk.iad-05.braze.com</string>
\t\t<key>Logger</key>
\t\t<dict>
\t\t\t<key>Level</key>
\t\t\t<integer>0</integer>
\t\t</dict>
\t\t<key>EnableGeofences</key>
\t\t<true/>
\t\t<key>SessionTimeout</key>
\t\t<real>10.5</real>
\t</dict>
\t<key>Appboy</key>
\t<dict>
\t\t<key>Endpoint</key>
\t\t<string>sdk.iad-01.braze.com</string>
\t</dict>
\t<key>UIBackgroundModes</key>
\t<array>
\t\t<string>remote-notification</string>
\t\t<data>AAEC</data>
\t</array>
</dict>
</plist>
"""

INFO_PLIST_ENTRIES = (
    entry("CFBundleDisplayName", "Café", (6, 2, 6, 23), (6, 10, 6, 14)),
    entry(
        "Braze.ApiKey", "11111111-2222-3333-4444-555555555555", (10, 3, 10, 56), (10, 11, 10, 47)
    ),
    entry("Braze.Endpoint", "sdk.iad-05.braze.com", (12, 3, 12, 40), (12, 11, 12, 31)),
    entry("Braze.Logger.Level", "0", (16, 4, 16, 24), (16, 13, 16, 14)),
    entry("Braze.EnableGeofences", "true", (19, 3, 19, 10), (19, 3, 19, 10)),
    entry("Braze.SessionTimeout", "10.5", (21, 3, 21, 20), (21, 9, 21, 13)),
    entry("Appboy.Endpoint", "sdk.iad-01.braze.com", (26, 3, 26, 40), (26, 11, 26, 31)),
    entry("UIBackgroundModes.0", "remote-notification", (30, 3, 30, 39), (30, 11, 30, 30)),
)


def test_info_plist_xml_with_apple_doctype() -> None:
    facts = plist.parse("ios/App/Info.plist", INFO_PLIST, PLIST)
    assert facts.problems == ()
    assert facts.config == INFO_PLIST_ENTRIES


def test_parse_bytes_reads_xml_plists_too() -> None:
    facts = plist.parse_bytes("Info.plist", INFO_PLIST.encode("utf-8"), PLIST)
    assert facts.config == INFO_PLIST_ENTRIES
    with_bom = plist.parse_bytes("Info.plist", b"\xef\xbb\xbf" + INFO_PLIST.encode(), PLIST)
    assert with_bom.config == INFO_PLIST_ENTRIES
    utf16 = plist.parse_bytes("Info.plist", INFO_PLIST.encode("utf-16"), PLIST)
    assert utf16.config == INFO_PLIST_ENTRIES


def test_older_apple_computer_doctype_and_no_doctype_are_accepted() -> None:
    body = (
        "<plist><dict><key>Braze</key><dict><key>Endpoint</key><string>e</string></dict>"
        "</dict></plist>"
    )
    old = (
        '<!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" '
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' + body
    )
    for text, line in ((old, 2), (body, 1)):
        facts = plist.parse("Info.plist", text, PLIST)
        assert facts.problems == ()
        assert facts.config == (
            entry("Braze.Endpoint", "e", (line, 55, line, 73), (line, 63, line, 64)),
        )


def test_binary_plist() -> None:
    data = plistlib.dumps(
        {
            "Braze": {
                "Endpoint": "sdk.iad-05.braze.com",
                "ApiKey": "k",
                "Logger": {"Level": 0},
                "EnableGeofences": True,
                "SessionTimeout": 10.5,
            },
            "UIBackgroundModes": ["remote-notification", b"\x00"],
        },
        fmt=plistlib.FMT_BINARY,
        sort_keys=False,
    )
    assert data.startswith(b"bplist00")
    facts = plist.parse_bytes("Info.plist", data, PLIST)
    one = (1, 1, 1, 2)
    assert facts.problems == ()
    assert facts.config == (
        entry("Braze.Endpoint", "sdk.iad-05.braze.com", one, one),
        entry("Braze.ApiKey", "k", one, one),
        entry("Braze.Logger.Level", "0", one, one),
        entry("Braze.EnableGeofences", "true", one, one),
        entry("Braze.SessionTimeout", "10.5", one, one),
        entry("UIBackgroundModes.0", "remote-notification", one, one),
    )


def test_corrupt_binary_plist() -> None:
    data = plistlib.dumps({"Braze": {"Endpoint": "e"}}, fmt=plistlib.FMT_BINARY)
    for corrupt in (data[:-10], data[:8], b"bplist00" + b"\xff" * 40):
        facts = plist.parse_bytes("Info.plist", corrupt, PLIST)
        assert facts.config == ()
        assert facts.problems == (ParseProblem("corrupt binary plist", Span(1, 1, 1, 2)),)


def test_binary_plist_with_cycles_and_shared_containers_is_bounded() -> None:
    cyclic: list[object] = []
    cyclic.append(cyclic)
    facts = plist.parse_bytes("a.plist", plistlib.dumps(cyclic, fmt=plistlib.FMT_BINARY), PLIST)
    assert facts.config == ()
    assert facts.problems == ()
    # 2**40 paths through one shared array: each container is expanded once.
    laughs: list[object] = ["lol"]
    for _ in range(40):
        laughs = [laughs, laughs]
    started = time.perf_counter()
    facts = plist.parse_bytes("b.plist", plistlib.dumps(laughs, fmt=plistlib.FMT_BINARY), PLIST)
    assert time.perf_counter() - started < 0.5
    assert [e.key for e in facts.config] == [".".join(["0"] * 41)]


def test_xml_plist_with_entity_is_rejected() -> None:
    text = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd" [\n'
        '  <!ENTITY e "sdk.iad-05.braze.com">\n]>\n'
        "<plist><dict><key>Braze</key><dict><key>Endpoint</key><string>&e;</string></dict>"
        "</dict></plist>"
    )
    facts = plist.parse("Info.plist", text, PLIST)
    assert facts.config == ()
    # The internal subset makes the DOCTYPE itself not the allowed form.
    assert facts.problems == (ParseProblem(ENTITY_MESSAGE, Span(2, 1, 2, 10)),)
    bare_entity = '<plist><!ENTITY e "x"><dict/></plist>'
    assert plist.parse("Info.plist", bare_entity, PLIST).problems == (
        ParseProblem(ENTITY_MESSAGE, Span(1, 8, 1, 16)),
    )
    other_doctype = '<!DOCTYPE plist SYSTEM "file:///etc/passwd"><plist><dict/></plist>'
    assert plist.parse("Info.plist", other_doctype, PLIST).config == ()
    assert plist.parse("Info.plist", other_doctype, PLIST).problems[0].message == ENTITY_MESSAGE


def test_malformed_xml_plist_and_keyless_values() -> None:
    text = (
        "<plist><dict>\n"
        "<key>A</key><string>a</string>\n"
        "<string>no key</string><key>B</key><integer> 7 </integer>\n"
        "<key>C</key><string>c</dict>\n"
    )
    facts = plist.parse("Info.plist", text, PLIST)
    assert facts.config == (
        entry("A", "a", (2, 13, 2, 31), (2, 21, 2, 22)),
        entry("B", "7", (3, 36, 3, 58), (3, 46, 3, 47)),
    )
    assert facts.problems == (ParseProblem("malformed XML: mismatched tag", Span(4, 24, 4, 25)),)


def test_plist_parse_never_raises_on_garbage() -> None:
    for data in (b"", b"\x00\x01", b"bplist", b"{ a = b; }", b"\xff\xfe\x00"):
        facts = plist.parse_bytes("x.plist", data, PLIST)
        assert facts.config == ()
        assert len(facts.problems) == 1


# --- .env ---------------------------------------------------------------------------------


def test_dotenv_forms() -> None:
    text = (
        "# Braze settings\n"
        "BRAZE_REST_API_KEY=abc-123\n"
        "export BRAZE_REST_ENDPOINT = https://rest.iad-01.braze.com   # US-01\n"
        'QUOTED="a # not a comment \\"x\\" \\n" # trailing\n'
        "SINGLE='it # kept'\n"
        "URL=https://x.test/?a=b&c=d\n"
        "COLOR=#fff\n"
        "EMPTY=\n"
        "NOTE= # only a comment\n"
        "\n"
        "   # indented comment\n"
        "KEY: value\n"
        "=orphan\n"
        "not an assignment\n"
        "export\n"
    )
    facts = dotenv.parse(".env", text, ENV)
    assert facts.problems == ()
    assert facts.config == (
        entry("BRAZE_REST_API_KEY", "abc-123", (2, 1, 2, 27), (2, 20, 2, 27)),
        entry(
            "BRAZE_REST_ENDPOINT",
            "https://rest.iad-01.braze.com",
            (3, 1, 3, 59),
            (3, 30, 3, 59),
        ),
        entry("QUOTED", 'a # not a comment "x" \n', (4, 1, 4, 36), (4, 9, 4, 35)),
        entry("SINGLE", "it # kept", (5, 1, 5, 19), (5, 9, 5, 18)),
        entry("URL", "https://x.test/?a=b&c=d", (6, 1, 6, 28), (6, 5, 6, 28)),
        entry("COLOR", "#fff", (7, 1, 7, 11), (7, 7, 7, 11)),
        entry("EMPTY", "", (8, 1, 8, 7), (8, 7, 8, 7)),
        entry("NOTE", "", (9, 1, 9, 6), (9, 6, 9, 6)),
    )
    assert facts.comments == (
        Comment("# Braze settings", Span(1, 1, 1, 17)),
        Comment("# US-01", Span(3, 62, 3, 69)),
        Comment("# trailing", Span(4, 37, 4, 47)),
        Comment("# only a comment", Span(9, 7, 9, 23)),
        Comment("# indented comment", Span(11, 4, 11, 22)),
    )


def test_dotenv_crlf_and_multiline_quotes() -> None:
    text = (
        "A=1\r\n"
        "B='two words'   \r\n"
        "# c\r\n"
        'PEM="-----BEGIN-----\r\nabc\r\n-----END-----"\r\n'
        "C=3 # note\r\n"
        'BROKEN="never closed\r\n'
        "D=4"
    )
    facts = dotenv.parse("config/.env.production", text, ENV)
    assert facts.config == (
        entry("A", "1", (1, 1, 1, 4), (1, 3, 1, 4)),
        entry("B", "two words", (2, 1, 2, 14), (2, 4, 2, 13)),
        entry("PEM", "-----BEGIN-----\nabc\n-----END-----", (4, 1, 6, 15), (4, 6, 6, 14)),
        entry("C", "3", (7, 1, 7, 4), (7, 3, 7, 4)),
        entry("D", "4", (9, 1, 9, 4), (9, 3, 9, 4)),
    )
    assert facts.comments == (
        Comment("# c", Span(3, 1, 3, 4)),
        Comment("# note", Span(7, 5, 7, 11)),
    )


def test_dotenv_equals_in_values_and_non_ascii() -> None:
    text = "Ä=x\nNAME=ünïcode=é # c\nB64=YWJj==\n"
    facts = dotenv.parse(".env", text, ENV)
    # "Ä" is not a key character: the line is skipped.
    assert facts.config == (
        entry("NAME", "ünïcode=é", (2, 1, 2, 15), (2, 6, 2, 15)),
        entry("B64", "YWJj==", (3, 1, 3, 11), (3, 5, 3, 11)),
    )


def test_dotenv_escapes_in_double_quotes_only() -> None:
    text = 'D="a\\\\b\\tc\\qd"\nS=\'a\\nb\'\nE="\\\\"\n'
    facts = dotenv.parse(".env", text, ENV)
    assert [(e.key, e.value) for e in facts.config] == [
        ("D", "a\\b\tc\\qd"),
        ("S", "a\\nb"),
        ("E", "\\"),
    ]


def test_deep_plist_nesting_is_cut_off_with_one_problem() -> None:
    depth = 10_000
    text = (
        "<plist><dict><key>top</key><string>t</string>\n"
        + "<key>k</key><dict>" * depth
        + "<key>leaf</key><string>v</string>"
        + "</dict>" * depth
        + "<key>after</key><true/></dict></plist>"
    )
    facts = plist.parse("Info.plist", text, PLIST)
    assert [(e.key, e.value) for e in facts.config] == [("top", "t"), ("after", "true")]
    # The 100th nested <dict> (the root dict is the first level) is where reading stops.
    column = 1 + len("<key>k</key><dict>") * 99 + len("<key>k</key>")
    assert facts.problems == (
        ParseProblem(plist.DEPTH_MESSAGE, Span(2, column, 2, column + len("<dict>"))),
    )
    nested: object = "v"
    for _ in range(150):
        nested = {"k": nested}
    binary = plist.parse_bytes("b.plist", plistlib.dumps(nested, fmt=plistlib.FMT_BINARY), PLIST)
    assert binary.config == ()
    assert binary.problems == (ParseProblem(plist.DEPTH_MESSAGE, Span(1, 1, 1, 2)),)


_FUZZ_ALPHABET = "<>/=\"'#!-[]&;: \t\r\nabkeyxmlDOCTYPEstringé😀\udcff"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_FUZZ_ALPHABET)), max_size=200))
def test_frontends_never_raise(text: str) -> None:
    for facts in (
        android_xml.parse("res/values/a.xml", text, XML),
        plist.parse("Info.plist", text, PLIST),
        plist.parse_bytes("Info.plist", text.encode("utf-8", "surrogatepass"), PLIST),
        dotenv.parse(".env", text, ENV),
    ):
        for item in (*facts.config, *facts.comments):
            assert item.span.line >= 1 and item.span.col >= 1


def _slice(text: str, span: Span) -> str:
    lines = text.split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.col - 1 : span.end_col - 1]
    parts = [lines[span.line - 1][span.col - 1 :]]
    parts += lines[span.line : span.end_line - 1]
    parts.append(lines[span.end_line - 1][: span.end_col - 1])
    return "\n".join(parts)


_VALUE_CHARS = st.sampled_from(list("abc-_.:/ é😀ü\t"))
_BLANK = st.sampled_from(["", " ", "\n", "\n  ", "\t"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["string", "bool", "integer"]),
            st.text(_VALUE_CHARS, max_size=12),
            _BLANK,
            _BLANK,
            _BLANK,
        ),
        max_size=6,
    )
)
def test_android_value_spans_point_at_the_values(
    resources: list[tuple[str, str, str, str, str]],
) -> None:
    text = "<resources>"
    for index, (tag, value, before, inside, after) in enumerate(resources):
        text += f'{before}<{tag} name="k{index}">{inside}{value}{inside}</{tag}>{after}'
    text += "</resources>"
    facts = android_xml.parse("res/values/a.xml", text, XML)
    assert facts.problems == ()
    assert [e.key for e in facts.config] == [f"k{i}" for i in range(len(resources))]
    for entry_, (tag, value, *_) in zip(facts.config, resources, strict=True):
        written = value.strip(" \t\r\n")
        # Strings are what aapt compiles (whitespace collapsed, quotes and escapes decoded);
        # the span still covers the content as written.
        assert entry_.value == (android_xml.aapt_string(value) if tag == "string" else written)
        assert _slice(text, entry_.value_span) == written
        assert _slice(text, entry_.span).startswith(f"<{tag} ")
        assert _slice(text, entry_.span).endswith(f"</{tag}>")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "export "]),
            st.text(st.sampled_from(list("abc-_.:/ é😀#=")), max_size=12),
            st.sampled_from(["", '"', "'"]),
            st.sampled_from(["\n", "\r\n"]),
        ),
        max_size=6,
    )
)
def test_dotenv_value_spans_point_at_the_values(
    lines: list[tuple[str, str, str, str]],
) -> None:
    text = ""
    expected = []
    for index, (export, value, quote, newline) in enumerate(lines):
        text += f"{export}K{index}={quote}{value}{quote}{newline}"
        if not quote:
            # Unquoted: a blank followed by "#" starts a comment; blanks around are dropped.
            cut = min((i for i in range(len(value)) if value[i : i + 2] == " #"), default=None)
            value = value[:cut] if cut is not None else value
            value = value.strip(" \t")
        expected.append((f"K{index}", value))
    facts = dotenv.parse(".env", text, ENV)
    assert [(e.key, e.value) for e in facts.config] == expected
    for entry_ in facts.config:
        assert _slice(text.replace("\r\n", "\n"), entry_.value_span) == entry_.value


@pytest.mark.parametrize(
    ("raw", "compiled"),
    [
        ('  "sdk.iad-01.braze.com"  ', "sdk.iad-01.braze.com"),
        ("  many   spaces\n here ", "many spaces here"),
        ('"  kept  "', "  kept  "),
        (r"It\'s \"quoted\"", "It's \"quoted\""),
        (r"line\nbreak\ttab", "line\nbreak\ttab"),
        (r"\u0041\u00e9", "Aé"),
        (r"back\\slash \@at \?q", "back\\slash @at ?q"),
    ],
)
def test_android_strings_are_what_aapt_compiles(raw: str, compiled: str) -> None:
    assert android_xml.aapt_string(raw) == compiled


def test_android_string_references_resolve_within_the_file() -> None:
    text = (
        "<resources>\n"
        '  <string name="com_braze_custom_endpoint">@string/host</string>\n'
        '  <string name="host">@string/real_host</string>\n'
        '  <string name="real_host">"sdk.fra-01.braze.eu"</string>\n'
        '  <string name="loop">@string/loop</string>\n'
        '  <string name="elsewhere">@string/in_another_file</string>\n'
        '  <string name="escaped">\\@string/host</string>\n'
        "</resources>\n"
    )
    facts = android_xml.parse("res/values/braze.xml", text, XML)
    assert [(e.key, e.value) for e in facts.config] == [
        ("com_braze_custom_endpoint", "sdk.fra-01.braze.eu"),
        ("host", "sdk.fra-01.braze.eu"),
        ("real_host", "sdk.fra-01.braze.eu"),
        ("loop", "@string/loop"),
        ("elsewhere", "@string/in_another_file"),
        ("escaped", "@string/host"),
    ]
    # The span still points at what is written.
    assert _slice(text, facts.config[0].value_span) == "@string/host"
