"""Android string resources as aapt compiles them, through the whole engine: a Braze
setting in braze.xml that is a ``@string/…`` reference takes its value from the module's
other resource files (second phase), with the string as the finding's related location;
the host itself is judged once, where it is written."""

from __future__ import annotations

from pathlib import Path

from brazelint.analysis.project import resource_candidates, resource_module, wanted_modules
from brazelint.catalog import load_catalog
from brazelint.engine import ScanOptions, ScanResult, scan
from brazelint.facts import Span
from brazelint.frontends import android_xml
from brazelint.languages import Language

MAIN = "app/src/main/res/values"


def _xml(*strings: str) -> str:
    body = "".join(f"    {line}\n" for line in strings)
    return f'<?xml version="1.0" encoding="utf-8"?>\n<resources>\n{body}</resources>\n'


def _scan(root: Path, files: dict[str, str], cache: Path | None = None) -> ScanResult:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    options = ScanOptions(
        targets=(root,), enabled=frozenset(load_catalog()), root=root, cache_dir=cache
    )
    return scan(options)


def _found(result: ScanResult) -> list[tuple[str, int, str]]:
    return sorted((f.path, f.span.line, f.rule_id) for f in result.findings)


PROJECT = {
    f"{MAIN}/strings.xml": _xml(
        '<string name="braze_endpoint">"rest.fra-01.braze.eu"</string>',
        '<string name="braze_typo">sdk.fra-01.braze.com</string>',
    ),
    f"{MAIN}/braze.xml": _xml(
        '<string name="com_braze_custom_endpoint">@string/braze_endpoint</string>',
    ),
    "app/src/staging/res/values/braze.xml": _xml(
        '<string name="com_braze_custom_endpoint">@string/braze_typo</string>',
    ),
}


def test_a_reference_takes_the_value_of_another_file(tmp_path: Path) -> None:
    result = _scan(tmp_path, PROJECT)
    assert _found(result) == [
        (f"{MAIN}/braze.xml", 3, "BRZ202"),
        (f"{MAIN}/strings.xml", 4, "BRZ201"),
    ]
    [kind] = [f for f in result.findings if f.rule_id == "BRZ202"]
    # Quotes stripped: the value is the host, and the message names it.
    assert "`rest.fra-01.braze.eu` is a REST API host" in kind.message
    [related] = kind.related
    assert related.path == f"{MAIN}/strings.xml"
    assert related.span.line == 3
    assert "com_braze_custom_endpoint" in related.message
    # The unknown host is reported where it is written, not again at each reference.
    assert result.notifications == []


def test_the_cache_gives_the_same_answer(tmp_path: Path) -> None:
    root = tmp_path / "project"
    cache = tmp_path / "cache"
    first = _found(_scan(root, PROJECT, cache))
    assert _found(_scan(root, PROJECT, cache)) == first
    # A changed string is seen by the setting that refers to it.
    changed = dict(PROJECT)
    changed[f"{MAIN}/strings.xml"] = _xml(
        '<string name="braze_endpoint">sdk.fra-01.braze.eu</string>',
    )
    assert _found(_scan(root, changed, cache)) == []


def test_the_variant_and_the_default_folder_win(tmp_path: Path) -> None:
    files = {
        f"{MAIN}/strings.xml": _xml('<string name="ep">rest.iad-01.braze.com</string>'),
        "app/src/main/res/values-de/strings.xml": _xml(
            '<string name="ep">sdk.iad-01.braze.com</string>'
        ),
        "app/src/debug/res/values/strings.xml": _xml(
            '<string name="ep">sdk.iad-01.braze.com</string>'
        ),
        "app/src/debug/res/values/braze.xml": _xml(
            '<string name="com_braze_custom_endpoint">@string/ep</string>'
        ),
        f"{MAIN}/braze.xml": _xml('<string name="com_braze_custom_endpoint">@string/ep</string>'),
    }
    # main's braze.xml reads main's default folder (a REST host); debug reads its own.
    assert _found(_scan(tmp_path, files)) == [(f"{MAIN}/braze.xml", 3, "BRZ202")]


def test_unresolved_and_other_modules_stay_as_written(tmp_path: Path) -> None:
    files = {
        "lib/src/main/res/values/strings.xml": _xml(
            '<string name="ep">rest.iad-01.braze.com</string>'
        ),
        f"{MAIN}/braze.xml": _xml(
            '<string name="com_braze_custom_endpoint">@string/ep</string>',
            '<string name="com_braze_api_key">@string/nowhere</string>',
        ),
    }
    result = _scan(tmp_path, files)
    assert _found(result) == []
    assert result.notifications == []


def test_same_file_references_record_their_origin() -> None:
    text = _xml(
        '<string name="ep">  "sdk.iad-01.braze.com"  </string>',
        '<string name="com_braze_custom_endpoint">@string/ep</string>',
        '<string name="com_braze_api_key">\\@string/ep</string>',
    )
    facts = android_xml.parse(f"{MAIN}/braze.xml", text, Language.ANDROID_XML)
    by_key = {entry.key: entry for entry in facts.config}
    endpoint = by_key["com_braze_custom_endpoint"]
    assert endpoint.value == "sdk.iad-01.braze.com"
    assert endpoint.origin_path == f"{MAIN}/braze.xml"
    assert endpoint.origin_span == by_key["ep"].value_span
    assert isinstance(endpoint.origin_span, Span) and endpoint.origin_span.line == 3
    # An escaped `\@` is text, not a reference.
    assert by_key["com_braze_api_key"].origin_path is None
    assert by_key["ep"].origin_path is None


def test_what_a_resource_file_wants() -> None:
    wanting = android_xml.parse(
        f"{MAIN}/braze.xml",
        _xml('<string name="com_braze_api_key">@string/key</string>'),
        Language.ANDROID_XML,
    )
    assert wanted_modules(wanting) == ("@string",)
    own = android_xml.parse(
        f"{MAIN}/strings.xml",
        _xml('<string name="greeting">@string/app_name</string>'),
        Language.ANDROID_XML,
    )
    assert wanted_modules(own) == ()  # not a Braze setting


def test_resource_lookup_order() -> None:
    assert resource_module("app/src/debug/res/values/braze.xml") == ("app", "debug")
    assert resource_module("res/values-fr/strings.xml") == ("", "")
    assert resource_module("app/src/main/java/A.kt") is None
    paths = [
        "app/src/main/res/values-fr/strings.xml",
        "app/src/main/res/values/strings.xml",
        "app/src/debug/res/values/strings.xml",
        "app/src/release/res/values/keys.xml",
        "wear/src/main/res/values/strings.xml",
        "app/src/debug/res/values/braze.xml",
    ]
    assert resource_candidates("app/src/debug/res/values/braze.xml", paths) == [
        "app/src/debug/res/values/strings.xml",
        "app/src/main/res/values/strings.xml",
        "app/src/release/res/values/keys.xml",
        "app/src/main/res/values-fr/strings.xml",
    ]
