"""BRZ406 property-type-drift across files and platforms."""

from __future__ import annotations

from pathlib import Path

from brazelint.engine import ScanOptions, scan

WEB = 'import * as braze from "@braze/web-sdk";\n'


def drift(root: Path, *targets: Path) -> list:
    result = scan(ScanOptions(targets=targets or (root,), enabled=frozenset({"BRZ406"}), root=root))
    return [f for f in result.findings if f.rule_id == "BRZ406"]


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def test_a_string_price_on_ios_against_numbers_on_web_and_android(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/a.ts": WEB + 'braze.logCustomEvent("product_viewed", { price: 9.99 });\n',
            "android/T.kt": (
                "import com.braze.Braze\n"
                "import com.braze.models.outgoing.BrazeProperties\n"
                'fun f() { Braze.getInstance(c).logCustomEvent("product_viewed", '
                'BrazeProperties(mapOf("price" to 4.5))) }\n'
            ),
            "ios/T.swift": (
                "import BrazeKit\n"
                'func f() { braze.logCustomEvent(name: "product_viewed", '
                'properties: ["price": "9.99"]) }\n'
            ),
        },
    )
    found = drift(root)
    assert [(f.path, f.span.line) for f in found] == [("ios/T.swift", 2)]
    assert found[0].message.startswith(
        'property "price" of event "product_viewed" is a string here (ios) but a number in '
        "2 other places (android, web)"
    )
    assert [r.path for r in found[0].related] == ["android/T.kt", "web/a.ts"]


def test_custom_attribute_from_sdk_and_rest(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "web/a.ts": WEB + 'braze.getUser().setCustomUserAttribute("points", 10);\n',
            "rn/b.tsx": (
                'import Braze from "@braze/react-native-sdk";\n'
                'Braze.setCustomUserAttribute("points", 12);\n'
            ),
            "server/sync.py": (
                "import requests\n"
                'requests.post("https://rest.iad-01.braze.com/users/track", '
                'json={"attributes": [{"external_id": "u", "points": "10"}]})\n'
            ),
        },
    )
    found = drift(root)
    assert [(f.path, f.span.line) for f in found] == [("server/sync.py", 2)]
    assert 'custom attribute "points" is a string here (server)' in found[0].message


def test_unknown_types_never_count_and_different_events_are_apart(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB
            + 'braze.logCustomEvent("product_viewed", { price: 9.99 });\n'
            + 'braze.logCustomEvent("product_viewed", { price: product.price });\n'
            + 'braze.logCustomEvent("product_viewed", { price: flag ? 1 : "x" });\n'
            + 'braze.logCustomEvent("product_added", { price: "9.99" });\n',
            "b.ts": WEB + 'braze.getUser().setCustomUserAttribute("plan", maybeNumber);\n',
            "c.ts": WEB + 'braze.getUser().setCustomUserAttribute("plan", "pro");\n',
        },
    )
    assert drift(root) == []


def test_date_as_string_and_as_date(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB + 'braze.logCustomEvent("signed_up", { at: new Date() });\n',
            "b.ts": WEB + 'braze.logCustomEvent("signed_up", { at: new Date() });\n',
            "c.ts": WEB + 'braze.logCustomEvent("signed_up", { at: "2026-01-01" });\n',
        },
    )
    found = drift(root)
    assert [(f.path, f.span.line) for f in found] == [("c.ts", 2)]
    assert "is a string here (web) but a date in 2 other places" in found[0].message


def test_named_file_sees_the_rest_of_the_project(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB + 'braze.getUser().setCustomUserAttribute("vip", true);\n',
            "b.ts": WEB + 'braze.getUser().setCustomUserAttribute("vip", true);\n',
            "c.ts": WEB + 'braze.getUser().setCustomUserAttribute("vip", "yes");\n',
        },
    )
    assert [f.path for f in drift(root, root / "c.ts")] == ["c.ts"]
    assert drift(root, root / "a.ts") == []
