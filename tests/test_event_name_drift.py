"""BRZ405 event-name-drift across files and platforms (the inventory fixture project and
small trees of its own)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brazelint.engine import ScanOptions, scan
from brazelint.rules.brz405_event_name_drift import event_words, singular

FIXTURE = Path(__file__).resolve().parent / "fixtures-inventory"


def drift(root: Path, *targets: Path) -> list:
    result = scan(ScanOptions(targets=targets or (root,), enabled=frozenset({"BRZ405"}), root=root))
    return [f for f in result.findings if f.rule_id == "BRZ405"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drift") / "shop"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_odd_spellings_across_platforms_are_reported_with_the_main_one_related(
    project: Path,
) -> None:
    found = drift(project)
    assert [(f.path, f.span.line) for f in found] == [
        ("ios/App/Tracking.swift", 14),  # products_viewed (a same-file constant)
        ("rn/src/Checkout.tsx", 7),  # productViewed
        ("web/src/app.ts", 13),  # Product Viewed, through the `track` wrapper
    ]
    ios = found[0]
    assert ios.message.startswith(
        'event "products_viewed" (ios) is spelled "product_viewed" in 2 other places (android, web)'
    )
    # The main spelling's places: the shared constant's use on web and Android's literal.
    assert [(r.path, r.span.line) for r in ios.related] == [
        ("android/app/src/main/java/com/example/shop/Tracking.kt", 10),
        ("web/src/app.ts", 12),
    ]
    web = found[2]
    assert web.message.startswith('event "Product Viewed" (web)')
    # Through a wrapper: the wrapper's own Braze call is a related location too.
    assert any(r.path == "web/src/analytics.ts" for r in web.related)


def test_named_files_see_the_whole_project_and_report_only_on_themselves(project: Path) -> None:
    found = drift(project, project / "rn" / "src" / "Checkout.tsx")
    assert [(f.path, f.span.line) for f in found] == [("rn/src/Checkout.tsx", 7)]
    assert found[0].related  # the main spelling, in files that were not named


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


WEB = 'import * as braze from "@braze/web-sdk";\n'


def test_edit_distance_alone_never_groups_names(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB + 'braze.logCustomEvent("cart_viewed");\n',
            "b.ts": WEB + 'braze.logCustomEvent("card_viewed");\n',
            "c.ts": WEB + 'braze.logCustomEvent("product_view");\n',
            "d.ts": WEB + 'braze.logCustomEvent("product_viewed");\n',
            "e.ts": WEB + 'braze.logCustomEvent("new_item");\nbraze.logCustomEvent("news_item");\n',
        },
    )
    assert drift(root) == []


def test_unknown_names_never_count_and_one_spelling_is_clean(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB + "braze.logCustomEvent(productViewed);\n",
            "b.ts": WEB + 'braze.logCustomEvent("product_viewed");\n',
            "c.swift": 'import BrazeKit\nbraze.logCustomEvent(name: "product_viewed")\n',
        },
    )
    assert drift(root) == []


def test_main_spelling_is_the_one_most_files_use(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a.ts": WEB + 'braze.logCustomEvent("SignedUp");\nbraze.logCustomEvent("SignedUp");\n',
            "b.kt": (
                "import com.braze.Braze\n"
                'fun f() { Braze.getInstance(c).logCustomEvent("signed_up") }\n'
            ),
            "c.swift": 'import BrazeKit\nfunc f() { braze.logCustomEvent(name: "signed_up") }\n',
        },
    )
    found = drift(root)
    assert [(f.path, f.span.line) for f in found] == [("a.ts", 2), ("a.ts", 3)]
    assert '"SignedUp" (web) is spelled "signed_up" in 2 other places (android, ios)' in (
        found[0].message
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("product_viewed", ("product", "viewed")),
        ("productViewed", ("product", "viewed")),
        ("Product Viewed", ("product", "viewed")),
        ("products_viewed", ("product", "viewed")),
        ("Product-Viewed", ("product", "viewed")),
        ("categories.browsed", ("category", "browsed")),
        ("status_changed", ("status", "changed")),
        ("address_added", ("address", "added")),
        ("boxes_packed", ("box", "packed")),
    ],
)
def test_event_words(name: str, expected: tuple[str, ...]) -> None:
    assert event_words(name) == expected


def test_other_characters_must_match() -> None:
    assert event_words("$opened_store") != event_words("opened_store")
    assert event_words("screen:home") == event_words("Screen:Home")
    assert event_words("screen:home") != event_words("screen_home")


def test_singular_keeps_short_and_non_plural_words() -> None:
    assert [singular(w) for w in ("is", "us", "bus", "class", "items")] == [
        "is",
        "us",
        "bus",
        "class",
        "item",
    ]
