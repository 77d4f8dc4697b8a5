"""The dependency-manifest frontend: one ConfigEntry per declared dependency, with the
version as written (or resolved from a Gradle variable / a version catalog's [versions])."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from brazelint.frontends import manifest
from brazelint.languages import Language, language_for


def _deps(path: str, text: str) -> list[tuple[str, str, int]]:
    facts = manifest.parse(path, text, Language.MANIFEST)
    assert facts.problems == ()
    return [(e.key, e.value, e.span.line) for e in facts.config]


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("package.json", Language.MANIFEST),
        ("ios/Podfile", Language.MANIFEST),
        ("app/build.gradle", Language.MANIFEST),
        ("src/android/build-extras.gradle", Language.MANIFEST),
        ("gradle/libs.versions.toml", Language.MANIFEST),
        ("pubspec.yaml", Language.MANIFEST),
        ("app/build.gradle.kts", Language.KOTLIN),
        ("package-lock.json", None),
        ("Podfile.lock", None),
        ("podfile", None),
    ],
)
def test_manifest_files(path: str, language: Language | None) -> None:
    assert language_for(PurePosixPath(path)) is language


def test_package_json_sections() -> None:
    text = (
        '{\n  "name": "shop",\n  "dependencies": {\n    "appboy-web-sdk": "^1.6.12"\n  },\n'
        '  "devDependencies": { "@braze/web-sdk": "3.5.1" },\n  "scripts": { "a": "b" }\n}\n'
    )
    assert _deps("package.json", text) == [
        ("npm:appboy-web-sdk", "^1.6.12", 4),
        ("npm:@braze/web-sdk", "3.5.1", 6),
    ]


def test_podfile_pods_with_and_without_version() -> None:
    text = "target 'A' do\n  pod 'Appboy-iOS-SDK/Core', '~> 4.5'\n  pod \"BrazeKit\"\nend\n"
    assert _deps("Podfile", text) == [
        ("pod:Appboy-iOS-SDK/Core", "~> 4.5", 2),
        ("pod:BrazeKit", "", 3),
    ]


def test_gradle_coordinates_maps_and_variables() -> None:
    text = (
        "ext.brazeVersion = '23.0.1'\n"
        "dependencies {\n"
        '  implementation "com.appboy:android-sdk-ui:${brazeVersion}"\n'
        "  implementation group: 'com.appboy', name: 'android-sdk-base', version: '22.0.0'\n"
        "  implementation 'com.google.firebase:firebase-messaging:23.0.0@aar'\n"
        "}\n"
    )
    assert _deps("build.gradle", text) == [
        ("maven:com.appboy:android-sdk-ui", "23.0.1", 3),
        ("maven:com.appboy:android-sdk-base", "22.0.0", 4),
        ("maven:com.google.firebase:firebase-messaging", "23.0.0", 5),
    ]


def test_version_catalog_libraries() -> None:
    text = (
        '[versions]\nbraze = "41.1.1"\n\n[libraries]\n'
        'braze-ui = { module = "com.braze:android-sdk-ui", version.ref = "braze" }\n'
        'old = { group = "com.appboy", name = "android-sdk-base", version = "21.0.0" }\n'
        'short = "com.appboy:android-sdk-ui:20.0.0"\n'
    )
    assert _deps("libs.versions.toml", text) == [
        ("maven:com.braze:android-sdk-ui", "41.1.1", 5),
        ("maven:com.appboy:android-sdk-base", "21.0.0", 6),
        ("maven:com.appboy:android-sdk-ui", "20.0.0", 7),
    ]


def test_pubspec_dependencies() -> None:
    text = (
        "name: shop\ndependencies:\n  flutter:\n    sdk: flutter\n  braze_plugin: ^2.6.1\n"
        "  hosted_one:\n    hosted: https://pub.example.com\n    version: 1.2.0\n"
        "dev_dependencies:\n  test: any  # comment\nflutter:\n  uses-material-design: true\n"
    )
    assert _deps("pubspec.yaml", text) == [
        ("pub:flutter", "", 3),
        ("pub:braze_plugin", "^2.6.1", 5),
        ("pub:hosted_one", "1.2.0", 6),
        ("pub:test", "any", 10),
    ]


def test_comments_for_suppressions() -> None:
    facts = manifest.parse(
        "build.gradle",
        "// top\nimplementation 'a:b:1' // brazelint: ignore[BRZ703]\nurl 'https://x'\n",
        Language.MANIFEST,
    )
    assert [(c.text, c.span.line) for c in facts.comments] == [
        ("// top", 1),
        ("// brazelint: ignore[BRZ703]", 2),
    ]


def test_bad_input_is_one_problem_and_nothing_else_lost() -> None:
    facts = manifest.parse(
        "package.json", '{"dependencies": {"appboy-web-sdk": "1.0.0"},', Language.MANIFEST
    )
    assert [p.message.split(" (")[0] for p in facts.problems] == [
        "package.json is not valid JSON"
    ]
    assert [(e.key, e.value) for e in facts.config] == [("npm:appboy-web-sdk", "1.0.0")]
    facts = manifest.parse("libs.versions.toml", "[libraries\nx = 1\n", Language.MANIFEST)
    assert len(facts.problems) == 1
    assert facts.problems[0].message.startswith("version catalog is not valid TOML")
    assert facts.config == ()
